"""Rows for the append-only logs, written straight to the database (committed to the test's savepoint)."""

from __future__ import annotations

from datetime import datetime, timedelta

from portal.audit.models import AccessLogEntry, AuditEvent
from portal.db import now_utc
from portal.extensions import db

OLD = timedelta(hours=1)  # well past SEAL_SAFETY_LAG


def add_access_rows(app, case, reader, n: int = 3, at: datetime | None = None) -> list[int]:
    with app.app_context():
        rows = [
            AccessLogEntry(
                at=at or now_utc() - OLD,
                user_id=reader.id,
                organisation_id=reader.organisation_id,
                role=reader.role,
                case_id=case.id,
                young_person_id=case.young_person_id,
                section="basic",
                grounds="relation:hub",
                ip="192.0.2.1",
            )
            for _ in range(n)
        ]
        db.session.add_all(rows)
        db.session.commit()
        return [row.id for row in rows]


def add_audit_rows(app, case, actor, n: int = 3, at: datetime | None = None) -> list[int]:
    with app.app_context():
        rows = [
            AuditEvent(
                at=at or now_utc() - OLD,
                user_id=actor.id,
                organisation_id=actor.organisation_id,
                action="case.edit",
                target_type="case_file",
                target_id=case.id,
                case_id=case.id,
                details={"field": "status", "to": "active", "n": i},
            )
            for i in range(n)
        ]
        db.session.add_all(rows)
        db.session.commit()
        return [row.id for row in rows]
