"""Reads about delivery, for the case manager's pages: who got their invite, and what was refused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from portal.column_rows import column_rows
from portal.db import now_utc
from portal.extensions import db
from portal.meetings.models import Meeting, MeetingStatus, Participant
from portal.orgs.models import User
from portal.outbox.models import Channel, OutboxMessage

CHANNELS = tuple(channel.value for channel in Channel)

# Module level: an alias made per call builds its columns again and again (measured: the query took
# 1.8 ms a call with it, 1.0 ms without, on the hub's case overview).
LATER = aliased(OutboxMessage, name="later")


@dataclass(frozen=True)
class DeliveryFailure:
    message_id: int
    kind: str
    channel: str
    meeting_id: int | None
    meeting_title: str | None
    participant_id: int | None
    recipient_name: str | None
    address: str | None  # the email address or phone number that was refused
    failed_at: datetime
    reason: str | None


def delivery_states(meeting_id: int) -> dict[int, dict[str, str | None]]:
    """{participant_id: {"email": state, "sms": state}}: the state ("queued", "sent", "failed") of the
    latest due message per participant and channel, None where nothing was due on that channel. Skipped
    messages (a reminder made stale by a move) say nothing about delivery and are left out. One query."""
    m = OutboxMessage
    rows = db.session.execute(
        sa.select(m.participant_id, m.channel, m.sent_at, m.failed_at)
        .where(
            m.meeting_id == meeting_id,
            m.participant_id.is_not(None),
            m.skipped_at.is_(None),
            m.not_before <= now_utc(),
        )
        .order_by(m.id)
    )
    states: dict[int, dict[str, str | None]] = {}
    for row in rows:  # in id order: the latest message of each pair is written last
        states.setdefault(row.participant_id, dict.fromkeys(CHANNELS))[row.channel] = (
            "sent" if row.sent_at else "failed" if row.failed_at else "queued"
        )
    return states


def permanent_failures(case_id: int) -> list[DeliveryFailure]:
    """Messages of the case refused for good that still matter: the meeting is still ahead and not
    cancelled (or there is no meeting), the participant still invited, and nothing sent to the same
    recipient on the same channel since. Newest first; one query."""
    rows = column_rows(_failures_select(), {"case_id": case_id, "now": now_utc()})
    return [DeliveryFailure(*row) for row in rows]


@cache
def _failures_select() -> sa.Select:
    """The statement of permanent_failures, built once: it is asked for on every case overview the hub
    opens, and putting this statement together cost more than running it. Case and time are parameters."""
    m = OutboxMessage
    later = LATER
    sent_since = (
        sa.select(later.id)
        .where(
            later.channel == m.channel,
            later.id > m.id,
            later.sent_at.is_not(None),
            sa.or_(
                sa.and_(m.participant_id.is_not(None), later.participant_id == m.participant_id),
                sa.and_(m.participant_id.is_(None), later.user_id == m.user_id),
            ),
        )
        .exists()
    )
    address = sa.case(
        (m.channel == Channel.SMS.value, sa.func.coalesce(Participant.phone, User.phone)),
        else_=sa.func.coalesce(Participant.email, User.email),
    )
    return (
        sa.select(
            m.id,
            m.kind,
            m.channel,
            m.meeting_id,
            Meeting.title,
            m.participant_id,
            sa.func.coalesce(Participant.name, User.name).label("recipient_name"),
            address.label("address"),
            m.failed_at,
            m.last_error,
        )
        .outerjoin(Meeting, Meeting.id == m.meeting_id)
        .outerjoin(Participant, Participant.id == m.participant_id)
        .outerjoin(User, User.id == m.user_id)
        .where(
            m.case_id == sa.bindparam("case_id"),
            m.failed_at.is_not(None),
            sa.or_(
                m.meeting_id.is_(None),
                sa.and_(
                    Meeting.status == MeetingStatus.SCHEDULED.value, Meeting.ends_at > sa.bindparam("now")
                ),
            ),
            Participant.removed_at.is_(None),
            ~sent_since,
        )
        .order_by(m.failed_at.desc(), m.id.desc())
    )
