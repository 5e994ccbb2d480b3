"""What a message says: build(message) -> OutgoingEmail | OutgoingSms | Stale, called by the delivery job
just before sending, so the content is always made from the current state of the database.

Meeting messages (invite, update, cancel, reminder) are built by portal.meetings.messages. A notice is
a short "there is something for you in Soffa" to a user, built here. No case content is ever written
into a mail or an SMS: who, when, where, and a link; the rest stays behind sign-in.

Builders run in a worker with an app context and no request: they set the language with
flask_babel.force_locale(...) and make links with public_url(...), never url_for(...).
"""

from __future__ import annotations

import importlib
from email.message import EmailMessage
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from portal.extensions import db
from portal.orgs.models import User
from portal.outbox.envelopes import OutgoingEmail, OutgoingSms, Stale
from portal.outbox.models import Channel, MessageKind, OutboxMessage

# Who writes each kind of message: a module with build(message), imported on first use, so the web
# process loads a builder only when it runs a job itself. A notice is built here (build_notice).
BUILDERS = {
    MessageKind.INVITE: "portal.meetings.messages",
    MessageKind.UPDATE: "portal.meetings.messages",
    MessageKind.CANCEL: "portal.meetings.messages",
    MessageKind.REMINDER: "portal.meetings.messages",
    MessageKind.SIGN_IN: "portal.youth.messages",
    MessageKind.ACTIVATION: "portal.auth.messages",
    MessageKind.PASSWORD_RESET: "portal.auth.messages",
}


def build(message: OutboxMessage) -> OutgoingEmail | OutgoingSms | Stale:
    if message.kind == MessageKind.NOTICE:
        return build_notice(message)
    module = BUILDERS.get(message.kind)
    if module is None:
        # Not Stale: a message nobody can build yet is kept and retried (and shows its error), not dropped.
        raise LookupError(f"no content builder for {message.kind} messages (portal.outbox.content.BUILDERS)")
    return importlib.import_module(module).build(message)


def build_notice(message: OutboxMessage) -> OutgoingEmail | OutgoingSms | Stale:
    """A short notice to a user: that there is something for them in Soffa, and where to sign in."""
    user = db.session.get(User, message.user_id) if message.user_id else None
    if user is None or not user.active:
        return Stale("the recipient has no active account")
    link = public_url("web.home")
    with force_locale(recipient_locale(user.locale)):
        if message.channel == Channel.SMS:
            if not user.phone:
                return Stale("the recipient has no phone number")
            return OutgoingSms(
                to=user.phone, text=_("Soffa: there is something new for you. Sign in: %(link)s", link=link)
            )
        mail = EmailMessage()
        mail["Subject"] = _("Something new for you in Soffa")
        mail["To"] = user.email
        mail.set_content(
            _("Hello %(name)s,", name=user.name)
            + "\n\n"
            + _("There is something new for you in Soffa. Sign in to see it:")
            + f"\n{link}\n\n"
            + _("This message was sent automatically. Please do not reply to it.")
            + "\n"
        )
        return OutgoingEmail(to=user.email, message=mail)


def recipient_locale(locale: str | None) -> str:
    languages = current_app.config["LANGUAGES"]
    return locale if locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def public_url(endpoint: str, **values) -> str:
    """An absolute link to a page of the portal, made without a request (SOFFA_BASE_URL is the base)."""
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)
