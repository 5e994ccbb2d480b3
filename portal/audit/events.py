"""Audit events: one row per change, written in the same transaction as the change itself."""

from __future__ import annotations

from portal.audit.models import AuditEvent
from portal.extensions import db


def record_change(
    actor, action: str, target_type: str, target_id: int | None, *, case_id: int | None = None, **details
) -> AuditEvent:
    event = AuditEvent(
        user_id=actor.user_id,
        organisation_id=actor.organisation_id,
        action=action,
        target_type=target_type,
        target_id=target_id,
        case_id=case_id,
        details=details,
    )
    db.session.add(event)
    return event
