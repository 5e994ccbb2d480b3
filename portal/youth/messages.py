"""build(message): the sign-in link (mail) or code (SMS) for one outbox message, or Stale when the token
was used or has expired before the message could leave (a late link would only disappoint).

Runs in the delivery job (an app context, no request): the secret is rebuilt from the token row
(portal.auth.tokens.secret_for), in the recipient's language. No case content: a greeting, the link or
code, how long it works, and what to do if they did not ask for it.
"""

from __future__ import annotations

from email.message import EmailMessage

from flask_babel import force_locale
from flask_babel import gettext as _

from portal.auth.models import SignInToken
from portal.auth.tokens import CODE, LINK, secret_for
from portal.db import now_utc
from portal.extensions import db
from portal.orgs.models import User
from portal.outbox.content import public_url, recipient_locale
from portal.outbox.envelopes import OutgoingEmail, OutgoingSms, Stale
from portal.outbox.models import Channel, MessageKind, OutboxMessage

LINK_ENDPOINT = "youth.open_link"


def build(message: OutboxMessage) -> OutgoingEmail | OutgoingSms | Stale:
    if message.kind != MessageKind.SIGN_IN.value:
        raise ValueError(f"outbox message {message.id} ({message.kind}) is not a sign-in message")
    token = db.session.get(SignInToken, message.sign_in_token_id) if message.sign_in_token_id else None
    user = db.session.get(User, token.user_id) if token else None
    if token is None or user is None or not user.active:
        return Stale("the sign-in token or its account no longer exists")
    if token.used_at is not None or token.expires_at <= now_utc():
        return Stale("the sign-in token was used or has expired")
    minutes = max(1, int((token.expires_at - now_utc()).total_seconds() // 60))
    with force_locale(recipient_locale(user.locale)):
        if message.channel == Channel.SMS.value:
            if token.purpose != CODE or not user.phone:
                return Stale("no code to send by SMS")
            text = _(
                "Your Soffa code: %(code)s. It works for %(minutes)s minutes. Did you not ask for it? "
                "Ignore this message.",
                code=secret_for(token),
                minutes=minutes,
            )
            return OutgoingSms(to=user.phone, text=text)
        if token.purpose != LINK:
            return Stale("no link to send by mail")
        return OutgoingEmail(
            to=user.email, message=_mail(user, public_url(LINK_ENDPOINT, secret=secret_for(token)), minutes)
        )


def _mail(user: User, link: str, minutes: int) -> EmailMessage:
    mail = EmailMessage()
    mail["Subject"] = _("Your sign-in link for Soffa")
    mail["To"] = user.email
    mail.set_content(
        _("Hello %(name)s,", name=user.name)
        + "\n\n"
        + _("Open this link to sign in to Soffa. It works once, for %(minutes)s minutes:", minutes=minutes)
        + f"\n{link}\n\n"
        + _("Did you not ask for this? Then you can ignore this mail. Nobody can sign in without the link.")
        + "\n\n"
        + _("This message was sent automatically. Please do not reply to it.")
        + "\n"
    )
    return mail
