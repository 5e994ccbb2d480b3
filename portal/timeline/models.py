"""One timeline per case: notes, contact attempts, plan and consent changes, meeting records, system events.

Entries are never edited in place. A correction is a new entry pointing at the one it corrects; a redaction
is a row of its own that hides the content from everyone while the fact and the reason stay visible.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.audit.models import BigId
from portal.db import UTCDateTime, now_utc
from portal.extensions import db
from portal.orgs.models import Organisation, User, enum_values


class EntryKind(StrEnum):
    NOTE = "note"
    CONTACT_ATTEMPT = "contact_attempt"
    PLAN_CHANGE = "plan_change"
    CONSENT_CHANGE = "consent_change"
    MEETING_RECORD = "meeting_record"
    SYSTEM = "system"


class ContactChannel(StrEnum):
    PHONE = "phone"
    SMS = "sms"
    LETTER = "letter"
    VISIT = "visit"


class Visibility(StrEnum):
    TEAM = "team"  # every team member whose organisation holds consent for the timeline
    AGENCY = "agency"  # the author's own organisation (and the hub when it is theirs)
    CASE_MANAGER = "case_manager"  # the hub and deputy only (and the author)


class TimelineEntry(db.Model):
    __tablename__ = "timeline_entry"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case_file.id"))
    kind: Mapped[str] = mapped_column(sa.String(20))
    channel: Mapped[str | None] = mapped_column(sa.String(10))  # contact attempts only
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))  # None: the system
    author_organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"))
    visibility: Mapped[str] = mapped_column(sa.String(20))
    shared_with_young_person: Mapped[bool] = mapped_column(default=False)
    body: Mapped[str] = mapped_column(sa.Text)
    corrects_id: Mapped[int | None] = mapped_column(sa.ForeignKey("timeline_entry.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    author: Mapped[User | None] = relationship(lazy="joined")
    author_organisation: Mapped[Organisation | None] = relationship(lazy="joined")
    redaction: Mapped[EntryRedaction | None] = relationship(lazy="joined", uselist=False)

    __table_args__ = (
        # Newest first, in pages by (created_at, id): the keyset the timeline walks (scanned backwards).
        sa.Index("ix_timeline_case_created", "case_id", "created_at", "id"),
        # The organisation filter and its list of organisations stay within the case's entries by author org
        # (and, for readers who see only their own entries, by author).
        sa.Index("ix_timeline_case_author_org", "case_id", "author_organisation_id", "author_id"),
        sa.CheckConstraint(sa.column("kind").in_(enum_values(EntryKind)), name="kind"),
        sa.CheckConstraint(sa.column("visibility").in_(enum_values(Visibility)), name="visibility"),
        sa.CheckConstraint(
            sa.or_(sa.column("channel").is_(None), sa.column("channel").in_(enum_values(ContactChannel))),
            name="channel",
        ),
    )


class EntryRedaction(db.Model):
    __tablename__ = "timeline_redaction"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(BigId, sa.ForeignKey("timeline_entry.id"), unique=True)
    reason: Mapped[str] = mapped_column(sa.String(500))
    redacted_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    redacted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
