"""emit(): write an outbox row in the caller's transaction. Delivery starts only after that commits."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import g

from portal.extensions import db
from portal.outbox.models import Channel, MessageKind, OutboxMessage


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
    exists = db.session.execute(
        sa.select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
    ).scalar_one_or_none()
    if exists is not None:
        return None
    message = OutboxMessage(
        kind=kind.value,
        channel=channel.value,
        dedupe_key=dedupe_key,
        case_id=case_id,
        meeting_id=meeting_id,
        participant_id=participant_id,
        user_id=user_id,
        meeting_sequence=meeting_sequence,
        **({"not_before": not_before} if not_before else {}),
    )
    db.session.add(message)
    db.session.flush()
    g.setdefault("outbox_emitted", []).append(message.id)  # dispatched after the request commits
    return message
