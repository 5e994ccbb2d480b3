"""build(message): the invitation mail of an `activation` outbox message, or Stale when the link was used,
withdrawn or has expired, or the account was deactivated or has a password already, before it could leave.

Runs in the delivery job (an app context, no request): the link's secret is rebuilt from the token row
(portal.auth.tokens.secret_for), the text is in the recipient's language. No case content: who the
account is for, the link, how long it works, and whom to ask.
"""

from __future__ import annotations

import math
from email.message import EmailMessage

from flask_babel import force_locale
from flask_babel import gettext as _

from portal.auth.models import SignInToken
from portal.auth.tokens import ACTIVATION, secret_for
from portal.db import now_utc
from portal.extensions import db
from portal.orgs.models import User
from portal.outbox.content import public_url, recipient_locale
from portal.outbox.envelopes import OutgoingEmail, Stale
from portal.outbox.models import Channel, MessageKind, OutboxMessage

LINK_ENDPOINT = "auth.open_activation"


def build(message: OutboxMessage) -> OutgoingEmail | Stale:
    if message.kind != MessageKind.ACTIVATION.value or message.channel != Channel.EMAIL.value:
        raise ValueError(f"outbox message {message.id} ({message.kind}) is not an activation mail")
    token = db.session.get(SignInToken, message.sign_in_token_id) if message.sign_in_token_id else None
    user = db.session.get(User, token.user_id) if token else None
    if token is None or token.purpose != ACTIVATION or user is None or not user.active:
        return Stale("the invitation or its account no longer exists")
    if token.used_at is not None or token.expires_at <= now_utc():
        return Stale("the invitation was used, replaced or has expired")
    if user.password_hash is not None:
        return Stale("the account has a password already")
    hours = max(1, math.ceil((token.expires_at - now_utc()).total_seconds() / 3600))  # 72, not 71.99
    link = public_url(LINK_ENDPOINT, secret=secret_for(token))
    with force_locale(recipient_locale(user.locale)):
        return OutgoingEmail(to=user.email, message=_mail(user, link, hours))


def _mail(user: User, link: str, hours: int) -> EmailMessage:
    mail = EmailMessage()
    mail["Subject"] = _("Your Soffa account is ready")
    mail["To"] = user.email
    mail.set_content(
        _("Hello %(name)s,", name=user.name)
        + "\n\n"
        + _(
            "An administrator has made a Soffa account for you, with the address %(email)s.", email=user.email
        )
        + "\n\n"
        + _("Open this link to choose your password. It works once, for %(hours)s hours:", hours=hours)
        + f"\n{link}\n\n"
        + _("Has the link stopped working? Ask your Soffa administrator to send a new invitation.")
        + "\n\n"
        + _("This message was sent automatically. Please do not reply to it.")
        + "\n"
    )
    return mail
