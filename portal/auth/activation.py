"""Invitations: an administrator creates an account and Soffa mails the person a link to choose a password.

The link is an `activation` SignInToken (portal/auth/tokens.py: 256 bits, only a hash stored, works once)
that expires after ACTIVATION_HOURS. A new invitation withdraws the earlier ones, and setting the password
withdraws any other still open, so at most one link ever works. The mail is built when it leaves
(portal/auth/messages.py) and is skipped if the link was used or withdrawn before it could be sent.

Young people are not invited: they sign in without a password (a link by mail or a code by SMS,
portal/youth/sign_in.py), which works as soon as the account exists and proves the address each time.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app

from portal.audit.events import record_change
from portal.auth.models import SignInToken
from portal.auth.password_rules import check_new_password
from portal.auth.passwords import hash_password
from portal.auth.tokens import ACTIVATION, Refused, find_link, new_token, use_up, withdraw_unused
from portal.db import now_utc
from portal.extensions import db
from portal.orgs.models import Role, User
from portal.outbox.models import Channel, MessageKind
from portal.outbox.services import emit
from portal.policy.actors import Actor


def may_invite(user: User) -> bool:
    """An invitation makes sense for an active account with no password yet, that is not a young person's."""
    return user.active and user.password_hash is None and user.role != Role.YOUNG_PERSON


def invite(actor: Actor, user: User) -> SignInToken | None:
    """Queue an activation mail for the user (replacing any earlier invitation). None when not sensible."""
    if not may_invite(user):
        return None
    withdraw_unused(user.id, ACTIVATION)
    lifetime = timedelta(hours=current_app.config["ACTIVATION_HOURS"])
    token = new_token(user, ACTIVATION, lifetime, created_by_id=actor.user_id)
    message = emit(MessageKind.ACTIVATION, Channel.EMAIL, f"activation:{token.id}", user_id=user.id)
    if message is not None:
        message.sign_in_token_id = token.id  # emit() has no argument for it; the row is in the session
    record_change(actor, "user.invite", "user", user.id, expires_at=token.expires_at.isoformat())
    return token


def check(secret: str) -> User:
    """The person a usable activation link belongs to (nothing is changed); Refused otherwise."""
    token = find_link(secret, ACTIVATION)
    user = db.session.get(User, token.user_id)
    if user is None or not user.active:
        raise Refused("unknown")
    if user.password_hash is not None:
        raise Refused("used")  # activated already (every other link was withdrawn then)
    return user


def activate(secret: str, password: str) -> User:
    """Set the first password through an activation link, which is then used up.

    The rules are checked before the link is used: a refused password leaves the link working, to try again.
    """
    user = check(secret)
    check_new_password(password, email=user.email, field="new_password")
    use_up(find_link(secret, ACTIVATION))
    user.password_hash = hash_password(password)
    user.password_changed_at = now_utc()
    withdraw_unused(user.id, ACTIVATION)
    record_change(Actor.of(user), "user.activate", "user", user.id)
    return user


__all__ = ["Refused", "activate", "check", "invite", "may_invite"]
