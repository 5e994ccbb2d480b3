"""Sign-in without a password for young people: a one-time link by mail or a code by SMS.

The tokens are portal/auth/tokens.py's (only a hash stored, the secret rebuilt from SECRET_KEY). A link
carries 256 bits; a code 8 digits, guarded by an attempts counter and the rate limit on the forms. Both work
once and for SIGN_IN_TOKEN_MINUTES. Asking for one answers the same whether or not the address belongs to anyone.
"""

from __future__ import annotations

import hmac
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from portal.audit.events import record_change
from portal.auth.models import SignInToken
from portal.auth.services import sign_in
from portal.auth.tokens import CODE, LINK, Refused, check_usable, find_link, hash_secret, new_token, use_up
from portal.extensions import db
from portal.orgs.models import Role, User
from portal.outbox.models import Channel, MessageKind
from portal.outbox.services import emit
from portal.phone import normalise_phone
from portal.policy.actors import Actor

__all__ = ["CODE", "LINK", "Refused", "check_link", "send_code", "send_link", "use_code", "use_link"]


def _young_person_by_email(email: str) -> User | None:
    query = sa.select(User).where(User.email == email.strip().lower(), User.role == Role.YOUNG_PERSON)
    user = db.session.execute(query).scalar_one_or_none()
    return user if user is not None and user.active else None


def _young_person_by_phone(raw: str) -> User | None:
    phone = normalise_phone(raw)
    if phone is None:
        return None
    query = sa.select(User).where(User.phone == phone, User.role == Role.YOUNG_PERSON, User.active.is_(True))
    return db.session.execute(query.order_by(User.id).limit(1)).scalar_one_or_none()


def _new_token(user: User, purpose: str) -> SignInToken:
    return new_token(user, purpose, timedelta(minutes=current_app.config["SIGN_IN_TOKEN_MINUTES"]))


def send_link(email: str) -> None:
    """Mail a sign-in link to a young person with this address; nothing (and no sign of it) otherwise."""
    user = _young_person_by_email(email)
    if user is None:
        return
    _queue(_new_token(user, LINK), Channel.EMAIL)


def send_code(phone: str) -> int | None:
    """Text a code to a young person with this number. Returns the token id to remember in the session
    (None when nobody has that number: the caller shows the same page either way)."""
    user = _young_person_by_phone(phone)
    if user is None:
        return None
    token = _new_token(user, CODE)
    _queue(token, Channel.SMS)
    return token.id


def _queue(token: SignInToken, channel: Channel) -> None:
    message = emit(MessageKind.SIGN_IN, channel, f"sign_in:{token.id}", user_id=token.user_id)
    if message is not None:
        message.sign_in_token_id = token.id  # emit() has no argument for it; the row is in the session
    # Asked for by someone not signed in: recorded as the system, naming the account it was sent to.
    record_change(
        Actor.anonymous(),
        "auth.sign_in_requested",
        "sign_in_token",
        token.id,
        user_id=token.user_id,
        channel=channel.value,
    )


def check_link(secret: str) -> SignInToken:
    """The unused, unexpired link token with this secret (nothing is changed)."""
    return find_link(secret, LINK)


def use_link(secret: str) -> User:
    token = check_link(secret)
    return _use(token, "link")


def use_code(token_id: int | None, code: str) -> User:
    """Sign in with a code sent to the token remembered in this browser's session."""
    token = db.session.get(SignInToken, token_id) if token_id else None
    if token is None or token.purpose != CODE:
        raise Refused("wrong")  # as a wrong code: an unknown number must look like a known one
    check_usable(token)
    if token.attempts >= current_app.config["SIGN_IN_CODE_ATTEMPTS"]:
        raise Refused("too_many")
    given = "".join(ch for ch in code if ch.isdigit())
    if not hmac.compare_digest(hash_secret(token, given), token.token_hash):
        token.attempts += 1  # saved even though the answer is an error (see views: 200 with the message)
        raise Refused("wrong")
    return _use(token, "code")


def _use(token: SignInToken, method: str) -> User:
    user = use_up(token)
    sign_in(user, method=f"one_time_{method}")
    return user
