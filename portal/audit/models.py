"""Append-only logs: who read which case section (access log) and who changed what (audit events).

Rows are never updated or deleted (PostgreSQL refuses it by trigger, see the migration). Tamper evidence
comes from LogSeal: a periodic job hashes new rows into blocks chained by hash, so requests never wait
on a global lock to extend a chain.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import UTCDateTime, now_utc
from portal.extensions import db

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # SQLite autoincrements INTEGER keys only


class AccessLogEntry(db.Model):
    __tablename__ = "access_log_entry"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"))
    role: Mapped[str] = mapped_column(sa.String(20))
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case_file.id"))
    young_person_id: Mapped[int] = mapped_column(sa.ForeignKey("young_person.id"))
    section: Mapped[str] = mapped_column(sa.String(100))  # comma-separated sections shown
    grounds: Mapped[str] = mapped_column(sa.String(120))  # e.g. "relation:hub,consent:contacts"
    consent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("consent.id"))
    ip: Mapped[str | None] = mapped_column(sa.String(45))

    __table_args__ = (
        sa.Index("ix_access_log_case_at", "case_id", "at"),
        # The administrators' review pages by id, newest first, by reader or by organisation.
        sa.Index("ix_access_log_user_id", "user_id", "id"),
        sa.Index("ix_access_log_org_id", "organisation_id", "id"),
    )


class AuditEvent(db.Model):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))  # None: the system
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"))
    action: Mapped[str] = mapped_column(sa.String(60))
    target_type: Mapped[str] = mapped_column(sa.String(40))
    target_id: Mapped[int | None] = mapped_column(BigId)
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case_file.id"), index=True)
    details: Mapped[dict] = mapped_column(sa.JSON, default=dict)


class LogSeal(db.Model):
    """One sealed block: the hash of its rows chained to the previous block of the same log."""

    __tablename__ = "log_seal"

    id: Mapped[int] = mapped_column(primary_key=True)
    log: Mapped[str] = mapped_column(sa.String(20))  # "access" | "audit"
    first_entry_id: Mapped[int] = mapped_column(BigId)
    last_entry_id: Mapped[int] = mapped_column(BigId)
    entry_count: Mapped[int]
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))
    sealed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    __table_args__ = (sa.UniqueConstraint("log", "last_entry_id"),)
