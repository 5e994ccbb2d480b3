"""Invitations: an administrator creates an account and Soffa mails the person a link to choose a password.

The link is an `activation` link of portal/auth/password_links.py (256 bits, only a hash stored, works
once, at most one open at a time) that expires after ACTIVATION_HOURS. The mail is built when it leaves
(portal/auth/messages.py) and is skipped if the link was used or withdrawn before it could be sent.

Young people are not invited: they sign in without a password (a link by mail or a code by SMS,
portal/youth/sign_in.py), which works as soon as the account exists and proves the address each time.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app

from portal.audit.events import record_change
from portal.auth.models import SignInToken
from portal.auth.password_links import PasswordLink
from portal.auth.tokens import ACTIVATION, Refused
from portal.orgs.models import Role, User
from portal.outbox.models import MessageKind
from portal.policy.actors import Actor


def may_invite(user: User) -> bool:
    """An invitation makes sense for an active account with no password yet, that is not a young person's."""
    return user.active and user.password_hash is None and user.role != Role.YOUNG_PERSON


LINK = PasswordLink(
    purpose=ACTIVATION,
    kind=MessageKind.ACTIVATION,
    lifetime=lambda: timedelta(hours=current_app.config["ACTIVATION_HOURS"]),
    is_for=may_invite,
    not_for="the account has a password already",
)


def invite(actor: Actor, user: User) -> SignInToken | None:
    """Queue an activation mail for the user (replacing any earlier invitation). None when not sensible."""
    return LINK.send(actor, user, "user.invite") if may_invite(user) else None


def activate(secret: str, password: str) -> User:
    """Set the first password through an activation link, which is then used up."""
    user = LINK.set_password(secret, password)
    record_change(Actor.of(user), "user.activate", "user", user.id)
    return user


__all__ = ["LINK", "Refused", "activate", "invite", "may_invite"]
