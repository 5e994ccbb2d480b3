"""A forgotten password: a link by mail to choose a new one, asked for on the sign-in page or sent by an
administrator from the user's page.

The link is a `password_reset` link of portal/auth/password_links.py (256 bits, only a hash stored, works
once, a new one withdraws the earlier ones), for PASSWORD_RESET_MINUTES. Changing the password on My
account withdraws it too (portal/auth/account.py).

Who gets one: only an active account that has a password and is not a young person's. Everyone else gets
nothing, and the person asking sees the same answer whatever the address (no account discovery):
- no account, or a deactivated one: nothing to sign in to;
- no password (signs in through the organisation's OpenID provider, or not activated yet): a reset would
  make a local password beside the organisation's own way in, outliving its rules and its switch-off
  (see portal/auth/views/account.py); an invitation from an administrator is the way to a first password;
- a young person: signs in with a one-time link or code and needs no password at all.

Setting the new password ends every session of the account (whoever knew the old one may hold one), and
signs nobody in: the person signs in again with the new password, and with the code from their
authenticator app where their role needs it. A mailbox alone never gets past the second factor.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app

from portal.audit.events import record_change
from portal.auth.password_links import PasswordLink
from portal.auth.queries import user_by_email
from portal.auth.sessions import end_all_sessions
from portal.auth.tokens import PASSWORD_RESET, Refused
from portal.orgs.models import Role, User
from portal.outbox.models import MessageKind
from portal.policy.actors import Actor


def may_reset(user: User) -> bool:
    return user.active and user.password_hash is not None and user.role != Role.YOUNG_PERSON


LINK = PasswordLink(
    purpose=PASSWORD_RESET,
    kind=MessageKind.PASSWORD_RESET,
    lifetime=lambda: timedelta(minutes=current_app.config["PASSWORD_RESET_MINUTES"]),
    is_for=may_reset,
    not_for="the account has no password to reset, or is a young person's",
)


def request_by_email(email: str) -> None:
    """Someone not signed in asks for a link to this address: mailed if the account may have one.

    Audited whenever the address belongs to an account (whether mailed or not, so an administrator sees
    attempts on an account that signs in elsewhere); never for an unknown address, which is nobody's data.
    """
    user = user_by_email(email)
    if user is None:
        return
    action, asker = "user.password_reset_request", Actor.anonymous()
    if may_reset(user):
        LINK.send(asker, user, action, mailed=True)
    else:
        record_change(asker, action, "user", user.id, mailed=False)


def send(actor: Actor, user: User) -> bool:
    """An administrator sends the link (the same mail) to a user who has a password. False when not sensible."""
    if not may_reset(user):
        return False
    LINK.send(actor, user, "user.password_reset_send")
    return True


def reset(secret: str, password: str) -> User:
    """Set the new password through the link and sign the account out everywhere."""
    user = LINK.set_password(secret, password)
    ended = end_all_sessions(user.id, "password_reset")
    # Never the password or its hash in the audit trail.
    record_change(Actor.of(user), "user.password_reset", "user", user.id, sessions_ended=ended)
    return user


__all__ = ["LINK", "Refused", "may_reset", "request_by_email", "reset", "send"]
