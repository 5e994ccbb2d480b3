"""The young person's own things: the week plan and to-do list they share with their mentor or case manager."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import UTCDateTime, now_utc
from portal.extensions import db


class WeekTask(db.Model):
    """One item of the week plan (with a day) or of the to-do list (without one)."""

    __tablename__ = "week_task"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case_file.id"))
    day: Mapped[date | None]  # None: on the to-do list, not tied to a day
    text: Mapped[str] = mapped_column(sa.String(200))
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (sa.Index("ix_week_task_case_day", "case_id", "day"),)
