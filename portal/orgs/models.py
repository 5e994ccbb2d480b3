"""Organisations and the people who sign in to Soffa."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import UTCDateTime, now_utc
from portal.extensions import db


class OrgKind(StrEnum):
    SCHOOL = "school"
    SOCIAL_SERVICES = "social_services"
    YOUTH_NGO = "youth_ngo"
    JOB_CENTRE = "job_centre"
    HEALTH = "health"
    MUNICIPALITY = "municipality"
    OTHER = "other"


class Role(StrEnum):
    ADMIN = "admin"
    CASE_MANAGER = "case_manager"
    STAFF = "staff"
    VOLUNTEER = "volunteer"
    YOUNG_PERSON = "young_person"


def enum_values(enum_cls) -> list[str]:
    return [member.value for member in enum_cls]


class Organisation(db.Model):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(30))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    __table_args__ = (sa.CheckConstraint(sa.column("kind").in_(enum_values(OrgKind)), name="kind"),)


class User(db.Model):
    __tablename__ = "user_account"  # "user" is reserved in PostgreSQL

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)  # stored lower-cased
    name: Mapped[str] = mapped_column(sa.String(200))
    phone: Mapped[str | None] = mapped_column(sa.String(32))
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    role: Mapped[str] = mapped_column(sa.String(20))
    locale: Mapped[str | None] = mapped_column(sa.String(5))
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Europe/Stockholm")
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_last_step: Mapped[int | None]  # the last accepted TOTP time step: a code is never accepted twice
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    organisation: Mapped[Organisation | None] = relationship(lazy="joined", innerjoin=False)

    __table_args__ = (
        sa.CheckConstraint(sa.column("role").in_(enum_values(Role)), name="role"),
        # Everyone but a young person belongs to an organisation: access follows the organisation's consent.
        sa.CheckConstraint("role = 'young_person' OR organisation_id IS NOT NULL", name="staff_have_org"),
    )

    # Flask-Login protocol; the real authentication is the server-side session row (portal/auth/sessions.py).
    is_anonymous = False

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return str(self.id)


class UserIdentity(db.Model):
    """An account at an OpenID provider, identified by (issuer, subject), never by email alone."""

    __tablename__ = "user_identity"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    issuer: Mapped[str] = mapped_column(sa.String(500))
    subject: Mapped[str] = mapped_column(sa.String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    __table_args__ = (sa.UniqueConstraint("issuer", "subject"),)
