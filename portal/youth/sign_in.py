"""Sign-in without a password for young people: a one-time link by mail or a code by SMS.

The secret is never stored: it is HMAC(SECRET_KEY, "purpose:id:salt"), so the delivery job can rebuild it
for the message, while the database alone (a backup, a leak) holds only its SHA-256. A link carries 256
bits; a code 8 digits, guarded by an attempts counter and the rate limit on the forms. Both work once and
for SIGN_IN_TOKEN_MINUTES. Asking for one answers the same whether or not the address belongs to anyone.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from portal.audit.events import record_change
from portal.auth.models import SignInToken
from portal.auth.services import sign_in
from portal.db import now_utc
from portal.extensions import db
from portal.orgs.models import Role, User
from portal.outbox.models import Channel, MessageKind
from portal.outbox.services import emit
from portal.phone import normalise_phone
from portal.policy.actors import Actor

LINK, CODE = "sign_in_link", "sign_in_code"
CODE_DIGITS = 8


class Refused(Exception):
    """A link or code that cannot be used. reason: unknown | used | expired | too_many."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def secret_for(token: SignInToken) -> str:
    """The link token, or the code, of this row: rebuilt from SECRET_KEY, its id and its salt."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"{token.purpose}:{token.id}:{token.salt}".encode(), hashlib.sha256).digest()
    if token.purpose == CODE:
        return str(int.from_bytes(digest, "big") % 10**CODE_DIGITS).zfill(CODE_DIGITS)
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _hash(token: SignInToken, secret: str) -> str:
    # A code is short: hashed with its row's id, so two live codes never collide in the unique column.
    material = f"{token.id}:{secret}" if token.purpose == CODE else secret
    return hashlib.sha256(material.encode()).hexdigest()


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
    minutes = current_app.config["SIGN_IN_TOKEN_MINUTES"]
    token = SignInToken(
        user_id=user.id,
        purpose=purpose,
        token_hash=secrets.token_hex(32),  # a placeholder until the id (part of the secret) is known
        salt=secrets.token_hex(16),
        expires_at=now_utc() + timedelta(minutes=minutes),
    )
    db.session.add(token)
    db.session.flush()
    token.token_hash = _hash(token, secret_for(token))
    return token


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
    digest = hashlib.sha256(secret.encode()).hexdigest()
    token = db.session.execute(
        sa.select(SignInToken).where(SignInToken.token_hash == digest, SignInToken.purpose == LINK)
    ).scalar_one_or_none()
    if token is None:
        raise Refused("unknown")
    _check_usable(token)
    return token


def use_link(secret: str) -> User:
    token = check_link(secret)
    return _use(token, "link")


def use_code(token_id: int | None, code: str) -> User:
    """Sign in with a code sent to the token remembered in this browser's session."""
    token = db.session.get(SignInToken, token_id) if token_id else None
    if token is None or token.purpose != CODE:
        raise Refused("wrong")  # as a wrong code: an unknown number must look like a known one
    _check_usable(token)
    if token.attempts >= current_app.config["SIGN_IN_CODE_ATTEMPTS"]:
        raise Refused("too_many")
    given = "".join(ch for ch in code if ch.isdigit())
    if not hmac.compare_digest(_hash(token, given), token.token_hash):
        token.attempts += 1  # saved even though the answer is an error (see views: 200 with the message)
        raise Refused("wrong")
    return _use(token, "code")


def _check_usable(token: SignInToken) -> None:
    if token.used_at is not None:
        raise Refused("used")
    if token.expires_at <= now_utc():
        raise Refused("expired")


def _use(token: SignInToken, method: str) -> User:
    # Single use even against two tabs at once: only the UPDATE that still finds it unused wins.
    result = db.session.execute(
        sa.update(SignInToken)
        .where(SignInToken.id == token.id, SignInToken.used_at.is_(None))
        .values(used_at=now_utc())
    )
    if result.rowcount != 1:
        raise Refused("used")
    user = db.session.get(User, token.user_id)
    if user is None or not user.active:
        raise Refused("unknown")
    sign_in(user, method=f"one_time_{method}")
    return user
