"""Audit events: one row per change, written in the same transaction as the change itself."""

from __future__ import annotations

import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.db import row_time
from portal.extensions import db

# A Core INSERT, built once: the row is written at once, without the unit of work's bookkeeping for an
# object nobody reads back (adding a note wrote two objects through it: a sixth of the request).
_INSERT = sa.insert(AuditEvent.__table__)


def record_change(
    actor, action: str, target_type: str, target_id: int | None, *, case_id: int | None = None, **details
) -> None:
    # What the change itself left pending goes first, as the unit of work would order it (the event's
    # case may be new in this transaction).
    db.session.flush()
    db.session.execute(
        _INSERT,
        {
            "at": row_time(),
            "user_id": actor.user_id,
            "organisation_id": actor.organisation_id,
            "action": action,
            "target_type": target_type,
            "target_id": target_id,
            "case_id": case_id,
            "details": details,
        },
    )
