"""Which messages a change of a meeting sends: who gets mail, who gets SMS, which reminders, and the
dedupe key of each. Keys carry the meeting's SEQUENCE: a moved meeting gets new updates and new
reminders, and the old reminders find a newer SEQUENCE when they run and are dropped as stale
(portal.meetings.messages). Each change hands all its messages to emit_many() at once, so calling a
meeting costs the same few statements for two participants as for twelve."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from portal.db import now_utc
from portal.meetings.models import Meeting, Participant
from portal.outbox.models import Channel, MessageKind
from portal.outbox.services import MessageSpec, emit_many

# Reminders: 24 h before by mail to everyone with an address, 2 h before by SMS where SMS is used.
REMINDERS = ((Channel.EMAIL, timedelta(hours=24)), (Channel.SMS, timedelta(hours=2)))


def channels(participant: Participant) -> list[Channel]:
    """Mail to everyone with an address; SMS to the young person, and to anyone a phone is the only way to."""
    found = [Channel.EMAIL] if participant.email else []
    if participant.phone and (participant.is_young_person or not participant.email):
        found.append(Channel.SMS)
    return found


def dedupe_key(meeting: Meeting, participant: Participant, kind: MessageKind, channel: Channel) -> str:
    return f"meeting:{meeting.id}:seq:{meeting.sequence}:participant:{participant.id}:{kind}:{channel}"


def send_invites(meeting: Meeting, participants: Iterable[Participant], kind: MessageKind) -> list[int]:
    """The invite (or update) now, and the reminders of this version of the meeting at their hour."""
    now = now_utc()
    specs = []
    for participant in participants:
        specs += _messages(meeting, participant, kind)
        for channel, ahead in REMINDERS:
            at = meeting.starts_at - ahead
            if at > now:  # a meeting sooner than that gets no reminder: the invite itself is one
                specs += _messages(meeting, participant, MessageKind.REMINDER, not_before=at, only=channel)
    return emit_many(specs)


def send_cancellations(meeting: Meeting, participants: Iterable[Participant]) -> list[int]:
    return emit_many(spec for p in participants for spec in _messages(meeting, p, MessageKind.CANCEL))


def _messages(
    meeting: Meeting,
    participant: Participant,
    kind: MessageKind,
    not_before: datetime | None = None,
    only: Channel | None = None,
) -> list[MessageSpec]:
    return [
        MessageSpec(
            kind,
            channel,
            dedupe_key(meeting, participant, kind, channel),
            case_id=meeting.case_id,
            meeting_id=meeting.id,
            participant_id=participant.id,
            user_id=participant.user_id,
            meeting_sequence=meeting.sequence,
            not_before=not_before,
        )
        for channel in channels(participant)
        if only is None or channel is only
    ]
