"""The young person, their case, the team around them, external contacts and consent."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import UTCDateTime, now_utc
from portal.extensions import db
from portal.orgs.models import Organisation, User, enum_values


class Track(StrEnum):
    IN_SCHOOL_AT_RISK = "in_school_at_risk"
    LEFT_SCHOOL = "left_school"


class CaseStatus(StrEnum):
    REFERRED = "referred"
    ACTIVE = "active"
    PAUSED = "paused"
    CLOSED = "closed"


class Outcome(StrEnum):
    COMPLETED_EDUCATION = "completed_education"
    CONTINUING_EDUCATION = "continuing_education"
    WORK = "work"
    MOVED = "moved"
    DECLINED = "declined"
    OTHER = "other"


class Scope(StrEnum):
    """The sections of a case that a consent can open to an organisation."""

    PLAN = "plan"
    TIMELINE = "timeline"
    CONTACTS = "contacts"
    MEETINGS = "meetings"


class YoungPerson(db.Model):
    __tablename__ = "young_person"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    birth_date: Mapped[date | None]
    national_id: Mapped[str | None] = mapped_column(sa.String(20))  # never in URLs, masked in lists
    phone: Mapped[str | None] = mapped_column(sa.String(32))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    language: Mapped[str] = mapped_column(sa.String(5), default="sv")
    guardian_name: Mapped[str | None] = mapped_column(sa.String(200))
    guardian_phone: Mapped[str | None] = mapped_column(sa.String(32))
    guardian_email: Mapped[str | None] = mapped_column(sa.String(254))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    @property
    def masked_national_id(self) -> str | None:
        if not self.national_id:
            return None
        return self.national_id[:6] + "-****" if len(self.national_id) >= 6 else "****"


class Case(db.Model):
    __tablename__ = "case_file"  # "case" is an SQL keyword

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(sa.ForeignKey("young_person.id"), index=True)
    track: Mapped[str] = mapped_column(sa.String(30))
    status: Mapped[str] = mapped_column(sa.String(20), default=CaseStatus.REFERRED.value)
    case_manager_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    deputy_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    opened_on: Mapped[date]
    closed_on: Mapped[date | None]
    outcome: Mapped[str | None] = mapped_column(sa.String(30))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    young_person: Mapped[YoungPerson] = relationship(lazy="joined", innerjoin=True)
    case_manager: Mapped[User] = relationship(foreign_keys=[case_manager_id], lazy="joined", innerjoin=True)
    deputy: Mapped[User | None] = relationship(foreign_keys=[deputy_id], lazy="joined")

    __table_args__ = (
        sa.CheckConstraint(sa.column("track").in_(enum_values(Track)), name="track"),
        sa.CheckConstraint(sa.column("status").in_(enum_values(CaseStatus)), name="status"),
        sa.CheckConstraint(
            sa.or_(sa.column("outcome").is_(None), sa.column("outcome").in_(enum_values(Outcome))),
            name="outcome",
        ),
    )


class TeamMember(db.Model):
    __tablename__ = "team_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case_file.id"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    case_role: Mapped[str] = mapped_column(sa.String(40))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined", innerjoin=True)

    __table_args__ = (
        # One active membership per person and case; history rows keep removed_at.
        sa.Index(
            "uq_team_member_active",
            "case_id",
            "user_id",
            unique=True,
            postgresql_where=sa.text("removed_at IS NULL"),
            sqlite_where=sa.text("removed_at IS NULL"),
        ),
    )


class ExternalContact(db.Model):
    """Someone around the young person without an account: guardian, psychologist, housing support."""

    __tablename__ = "external_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case_file.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    relation: Mapped[str] = mapped_column(sa.String(60))
    organisation_name: Mapped[str | None] = mapped_column(sa.String(200))
    phone: Mapped[str | None] = mapped_column(sa.String(32))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Consent(db.Model):
    """Consent for one recipient organisation, specific to sections and purpose (OSL 12:2), never blanket."""

    __tablename__ = "consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case_file.id"))
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"))
    scope_plan: Mapped[bool] = mapped_column(default=False)
    scope_timeline: Mapped[bool] = mapped_column(default=False)
    scope_contacts: Mapped[bool] = mapped_column(default=False)
    scope_meetings: Mapped[bool] = mapped_column(default=False)
    purpose: Mapped[str] = mapped_column(sa.String(500))
    form: Mapped[str] = mapped_column(sa.String(10))  # written | oral
    evidence: Mapped[str | None] = mapped_column(sa.String(300))  # where the signed form or the note is
    given_by: Mapped[str] = mapped_column(sa.String(20))  # young_person | guardian
    given_on: Mapped[date]
    expires_on: Mapped[date | None]
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    organisation: Mapped[Organisation] = relationship(lazy="joined", innerjoin=True)

    __table_args__ = (
        sa.Index("ix_consent_case_org", "case_id", "organisation_id"),
        sa.CheckConstraint("form IN ('written', 'oral')", name="form"),
        sa.CheckConstraint("given_by IN ('young_person', 'guardian')", name="given_by"),
    )

    @property
    def scopes(self) -> frozenset[Scope]:
        return frozenset(scope for scope in Scope if getattr(self, f"scope_{scope.value}"))

    def is_valid_on(self, day: date) -> bool:
        return (
            self.withdrawn_at is None
            and self.given_on <= day
            and (self.expires_on is None or self.expires_on >= day)
        )
