"""One-time tokens (SignInToken rows): a young person's sign-in link or code, an account activation link and a
password reset link.

The secret is never stored: it is HMAC(SECRET_KEY, "purpose:id:salt"), so the delivery job can rebuild it
for the message, while the database alone (a backup, a leak) holds only its SHA-256. A link carries 256
bits; a code 8 digits (guarded by an attempts counter and rate limits). Each works once, until it expires.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from portal.auth.models import SignInToken
from portal.db import now_utc
from portal.extensions import db
from portal.orgs.models import User

LINK, CODE, ACTIVATION, PASSWORD_RESET = "sign_in_link", "sign_in_code", "activation", "password_reset"
CODE_DIGITS = 8


class Refused(Exception):
    """A link or code that cannot be used. reason: unknown | used | expired | too_many | wrong."""

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


def hash_secret(token: SignInToken, secret: str) -> str:
    # A code is short: hashed with its row's id, so two live codes never collide in the unique column.
    material = f"{token.id}:{secret}" if token.purpose == CODE else secret
    return hashlib.sha256(material.encode()).hexdigest()


def new_token(user: User, purpose: str, lifetime: timedelta, created_by_id: int | None = None) -> SignInToken:
    token = SignInToken(
        user_id=user.id,
        purpose=purpose,
        token_hash=secrets.token_hex(32),  # a placeholder until the id (part of the secret) is known
        salt=secrets.token_hex(16),
        expires_at=now_utc() + lifetime,
        created_by_id=created_by_id,
    )
    db.session.add(token)
    db.session.flush()
    token.token_hash = hash_secret(token, secret_for(token))
    return token


def find_link(secret: str, purpose: str) -> SignInToken:
    """The unused, unexpired link token of this purpose with this secret (nothing is changed)."""
    digest = hashlib.sha256(secret.encode()).hexdigest()
    token = db.session.execute(
        sa.select(SignInToken).where(SignInToken.token_hash == digest, SignInToken.purpose == purpose)
    ).scalar_one_or_none()
    if token is None:
        raise Refused("unknown")
    check_usable(token)
    return token


def check_usable(token: SignInToken) -> None:
    if token.used_at is not None:
        raise Refused("used")
    if token.expires_at <= now_utc():
        raise Refused("expired")


def use_up(token: SignInToken) -> User:
    """Mark the token used and return its (active) user. Single use even against two tabs at once: only the
    UPDATE that still finds it unused wins."""
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
    return user


def withdraw_unused(user_id: int, purpose: str) -> None:
    """Earlier unused tokens of this purpose stop working (a new link replaces the old one)."""
    db.session.execute(
        sa.update(SignInToken)
        .where(SignInToken.user_id == user_id, SignInToken.purpose == purpose, SignInToken.used_at.is_(None))
        .values(used_at=now_utc())
    )
