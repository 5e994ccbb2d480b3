"""Server-side sessions: the cookie holds a random id, this row decides whether it still signs anyone in."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import UTCDateTime, now_utc
from portal.extensions import db
from portal.orgs.models import User


class UserSession(db.Model):
    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    # sha256 of the cookie's token: a leaked database does not hand out live sessions.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_reason: Mapped[str | None] = mapped_column(sa.String(30))
    # Password accepted, second factor not yet: such a session signs nobody in (portal/auth/sessions.py).
    second_factor_pending: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    ip: Mapped[str | None] = mapped_column(sa.String(45))
    user_agent: Mapped[str | None] = mapped_column(sa.String(300))

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)


class SignInToken(db.Model):
    """A one-time way in: a sign-in link by mail, a code by SMS, an account activation link or a password
    reset link.

    Only a hash of the secret is stored (see salt).
    """

    __tablename__ = "sign_in_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    # sign_in_link | sign_in_code | activation | password_reset
    purpose: Mapped[str] = mapped_column(sa.String(20))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # The secret is HMAC(SECRET_KEY, id + salt): the delivery job can rebuild it for the message, while the
    # database alone (a backup, a leak) holds nothing that signs anyone in.
    salt: Mapped[str] = mapped_column(sa.String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0)  # wrong guesses of an SMS code
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))  # an inviting admin

    __table_args__ = (
        sa.CheckConstraint(
            "purpose IN ('sign_in_link', 'sign_in_code', 'activation', 'password_reset')", name="purpose"
        ),
    )


class RecoveryCode(db.Model):
    """A single-use second factor for when the authenticator app is lost; stored hashed."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
