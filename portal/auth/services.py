"""Sign-in with email and password; every outcome is logged, failures without saying which part was wrong."""

from __future__ import annotations

import logging

from flask import session

from portal.audit.events import record_change
from portal.auth.passwords import hash_password, needs_rehash, verify_password
from portal.auth.queries import user_by_email
from portal.auth.sessions import start_session
from portal.extensions import db
from portal.orgs.models import User
from portal.policy.actors import Actor

log = logging.getLogger("soffa.auth")


def authenticate(email: str, password: str) -> User | None:
    user = user_by_email(email)
    if not verify_password(user.password_hash if user else None, password) or user is None:
        log.info("sign-in refused for %s", "a known account" if user else "an unknown address")
        return None
    if not user.active:
        log.info("sign-in refused: user %s is deactivated", user.id)
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def sign_in(user: User, method: str = "password") -> None:
    row = start_session(user)
    db.session.flush()
    record_change(Actor.of(user), "auth.sign_in", "user_session", row.id, method=method)


SECOND_FACTOR_USER = "second_factor_user"  # session key: the email whose rate-limit counter a code counts on


def start_second_factor(user: User) -> None:
    """Password right, a code still due: a session that signs nobody in until the code is given."""
    start_session(user, pending=True)
    session[SECOND_FACTOR_USER] = user.email
    log.info("password accepted for user %s; second factor due", user.id)
