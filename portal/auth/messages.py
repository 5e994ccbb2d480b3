"""build(message): the mail of an `activation` (an invitation) or `password_reset` outbox message, or Stale
when the link was used, withdrawn or has expired, or the account can no longer use it (deactivated, or it
has a password already for an invitation), before it could leave.

Runs in the delivery job (an app context, no request): the link's secret is rebuilt from the token row
(portal.auth.tokens.secret_for), the text is in the recipient's language. No case content: whose account
it is, the link, how long it works, and what to do next.
"""

from __future__ import annotations

import math
from email.message import EmailMessage

from flask_babel import force_locale
from flask_babel import gettext as _

from portal.auth import activation, password_reset
from portal.auth.models import SignInToken
from portal.auth.tokens import secret_for
from portal.db import now_utc
from portal.extensions import db
from portal.orgs.models import User
from portal.outbox.content import public_url, recipient_locale
from portal.outbox.envelopes import OutgoingEmail, Stale
from portal.outbox.models import Channel, OutboxMessage

# Per kind: the link it carries, and the endpoint that opens it.
LINKS = {
    activation.LINK.kind.value: (activation.LINK, "auth.open_activation"),
    password_reset.LINK.kind.value: (password_reset.LINK, "auth.open_password_reset"),
}


def build(message: OutboxMessage) -> OutgoingEmail | Stale:
    if message.kind not in LINKS or message.channel != Channel.EMAIL.value:
        raise ValueError(f"outbox message {message.id} ({message.kind}) is not a mail with a password link")
    link, endpoint = LINKS[message.kind]
    token = db.session.get(SignInToken, message.sign_in_token_id) if message.sign_in_token_id else None
    user = db.session.get(User, token.user_id) if token else None
    if token is None or token.purpose != link.purpose or user is None or not user.active:
        return Stale("the link or its account no longer exists")
    if token.used_at is not None or token.expires_at <= now_utc():
        return Stale("the link was used, replaced or has expired")
    if not link.is_for(user):
        return Stale(link.not_for)
    minutes = max(1, math.ceil((token.expires_at - now_utc()).total_seconds() / 60))  # 60, not 59.99
    url = public_url(endpoint, secret=secret_for(token))
    with force_locale(recipient_locale(user.locale)):
        write = _invitation if link is activation.LINK else _reset
        mail = EmailMessage()
        mail["To"] = user.email
        mail["Subject"], body = write(user, url, minutes)
        mail.set_content(
            _("Hello %(name)s,", name=user.name)
            + "\n\n"
            + body
            + "\n\n"
            + _("This message was sent automatically. Please do not reply to it.")
            + "\n"
        )
        return OutgoingEmail(to=user.email, message=mail)


def _invitation(user: User, url: str, minutes: int) -> tuple[str, str]:
    hours = math.ceil(minutes / 60)
    return _("Your Soffa account is ready"), (
        _("An administrator has made a Soffa account for you, with the address %(email)s.", email=user.email)
        + "\n\n"
        + _("Open this link to choose your password. It works once, for %(hours)s hours:", hours=hours)
        + f"\n{url}\n\n"
        + _("Has the link stopped working? Ask your Soffa administrator to send a new invitation.")
    )


def _reset(user: User, url: str, minutes: int) -> tuple[str, str]:
    return _("Choose a new password for Soffa"), (
        _(
            "We were asked for a link to choose a new password for your Soffa account %(email)s.",
            email=user.email,
        )
        + "\n\n"
        + _("Open this link to choose it. It works once, for %(minutes)s minutes:", minutes=minutes)
        + f"\n{url}\n\n"
        + _(
            "Did you not ask for this? Then ignore this mail: your password stays as it is. "
            "If such mails keep coming, tell your Soffa administrator."
        )
    )
