"""Meetings the case manager calls, and who is invited. A meeting is one iCalendar event: a stable UID and
a SEQUENCE raised on every change of time or place (RFC 5545/5546)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import UTCDateTime, now_utc
from portal.extensions import db
from portal.orgs.models import User, enum_values


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class PartStat(StrEnum):
    """A participant's answer, named as in iCalendar's PARTSTAT."""

    NEEDS_ACTION = "needs_action"
    ACCEPTED = "accepted"
    TENTATIVE = "tentative"
    DECLINED = "declined"


class Meeting(db.Model):
    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case_file.id"))
    uid: Mapped[str] = mapped_column(sa.String(100), unique=True)
    sequence: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(sa.String(20), default=MeetingStatus.SCHEDULED.value)
    title: Mapped[str] = mapped_column(sa.String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    timezone: Mapped[str] = mapped_column(
        sa.String(64)
    )  # the organiser's zone, for VTIMEZONE and local times
    place: Mapped[str | None] = mapped_column(sa.String(300))
    video_url: Mapped[str | None] = mapped_column(sa.String(500))
    agenda: Mapped[str | None] = mapped_column(sa.Text)  # case content: shown behind login, never mailed
    organizer_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    record_entry_id: Mapped[int | None] = mapped_column(sa.ForeignKey("timeline_entry.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organizer: Mapped[User] = relationship(lazy="joined", innerjoin=True)

    __table_args__ = (
        sa.Index("ix_meeting_case_starts", "case_id", "starts_at"),
        sa.CheckConstraint(sa.column("status").in_(enum_values(MeetingStatus)), name="status"),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )


class Participant(db.Model):
    """Someone invited: a team user, the young person, or an external contact. Name, address and language
    are copied at invitation, so an invite can be sent (and re-sent) from this row alone."""

    __tablename__ = "meeting_participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    external_contact_id: Mapped[int | None] = mapped_column(sa.ForeignKey("external_contact.id"))
    is_young_person: Mapped[bool] = mapped_column(default=False)
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    phone: Mapped[str | None] = mapped_column(sa.String(32))
    locale: Mapped[str] = mapped_column(sa.String(5), default="sv")
    partstat: Mapped[str] = mapped_column(sa.String(20), default=PartStat.NEEDS_ACTION.value)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    __table_args__ = (
        sa.CheckConstraint(sa.column("partstat").in_(enum_values(PartStat)), name="partstat"),
        sa.CheckConstraint("email IS NOT NULL OR phone IS NOT NULL", name="reachable"),
    )
