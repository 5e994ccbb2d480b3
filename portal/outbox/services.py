"""Write outbox rows in the caller's transaction. Delivery starts only after that commits.

emit() writes one message; emit_many() writes a whole change's messages (every participant's invite and
reminders) in two statements whatever their number: one read of the dedupe keys already used, one INSERT
with RETURNING (SQLAlchemy's insertmanyvalues, on SQLite and PostgreSQL alike).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import g

from portal.db import now_utc
from portal.extensions import db
from portal.outbox.models import Channel, MessageKind, OutboxMessage


@dataclass(frozen=True)
class MessageSpec:
    """One message to queue: the arguments of emit(), as a value."""

    kind: MessageKind
    channel: Channel
    dedupe_key: str
    case_id: int | None = None
    meeting_id: int | None = None
    participant_id: int | None = None
    user_id: int | None = None
    meeting_sequence: int | None = None
    not_before: datetime | None = None  # None: due now

    def row(self, now: datetime) -> dict:
        # Every row has every key: the ORM sends rows with the same keys as one INSERT, and rows with
        # different keys (a reminder's not_before next to an invite's default) as one INSERT per kind.
        return {
            "kind": MessageKind(self.kind).value,
            "channel": Channel(self.channel).value,
            "dedupe_key": self.dedupe_key,
            "case_id": self.case_id,
            "meeting_id": self.meeting_id,
            "participant_id": self.participant_id,
            "user_id": self.user_id,
            "meeting_sequence": self.meeting_sequence,
            "not_before": self.not_before or now,
            "created_at": now,
        }


def emit(
    kind: MessageKind,
    channel: Channel,
    dedupe_key: str,
    *,
    case_id: int | None = None,
    meeting_id: int | None = None,
    participant_id: int | None = None,
    user_id: int | None = None,
    meeting_sequence: int | None = None,
    not_before: datetime | None = None,
) -> OutboxMessage | None:
    """Queue one message; a dedupe_key already used makes this a no-op (returns None)."""
    spec = MessageSpec(
        kind,
        channel,
        dedupe_key,
        case_id=case_id,
        meeting_id=meeting_id,
        participant_id=participant_id,
        user_id=user_id,
        meeting_sequence=meeting_sequence,
        not_before=not_before,
    )
    written = _write([spec])
    return written[0] if written else None


def emit_many(specs: Iterable[MessageSpec]) -> list[int]:
    """Queue every message whose dedupe_key is not used yet (a key given twice counts once); returns the
    ids of the rows written, ascending. Two statements, or one when every key is used already."""
    return sorted(message.id for message in _write(specs))


def _write(specs: Iterable[MessageSpec]) -> list[OutboxMessage]:
    wanted: dict[str, MessageSpec] = {}
    for spec in specs:
        wanted.setdefault(spec.dedupe_key, spec)  # the first of a repeated key, as emit() one by one
    if not wanted:
        return []
    used = db.session.execute(
        sa.select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(list(wanted)))
    ).scalars()
    for key in used:
        del wanted[key]
    if not wanted:
        return []
    now = now_utc()
    # RETURNING the rows themselves: emit() hands its caller the message. Not sort_by_parameter_order:
    # SQLite does not promise the order of RETURNING rows, and SQLAlchemy would then insert row by row.
    insert = sa.insert(OutboxMessage).returning(OutboxMessage)
    rows = [spec.row(now) for spec in wanted.values()]
    # render_nulls: a None is sent as NULL, not left out, so rows with and without a user stay one batch.
    written = list(db.session.scalars(insert, rows, execution_options={"render_nulls": True}))
    g.setdefault("outbox_emitted", []).extend(m.id for m in written)  # dispatched after the commit
    return written
