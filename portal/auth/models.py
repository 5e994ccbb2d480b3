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
    ip: Mapped[str | None] = mapped_column(sa.String(45))
    user_agent: Mapped[str | None] = mapped_column(sa.String(300))

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)
