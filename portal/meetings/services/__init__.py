"""Writes on meetings: call, move, invite, remove, cancel, answer, and the record afterwards.

Every change writes its outbox rows in the same transaction as the change (outbox_rows.py), so an invite
is sent exactly when the meeting it describes was saved; the request commits once.

    timing.py        wall-clock times to UTC, and the checks a schedule passes
    state.py         open, over, recordable; the timeline line of a change
    outbox_rows.py   which messages a change sends, and their dedupe keys
    participants.py  choosing people, inviting one more, removing one
    scheduling.py    calling, moving and cancelling a meeting
    answers.py       an RSVP
    record.py        the meeting record and the agreed plan actions
"""

from portal.meetings.services.answers import answer
from portal.meetings.services.outbox_rows import REMINDERS, channels, dedupe_key
from portal.meetings.services.participants import invite, remove_participant
from portal.meetings.services.record import InvalidRow, write_record
from portal.meetings.services.scheduling import Saved, cancel_meeting, create_meeting, move_meeting
from portal.meetings.services.state import is_open, may_record
from portal.meetings.services.timing import (
    DEFAULT_ZONE,
    MAX_MINUTES,
    MIN_MINUTES,
    is_https_link,
    is_one_line,
    local_label,
    local_to_utc,
    zone_named,
)

__all__ = [
    "DEFAULT_ZONE",
    "MAX_MINUTES",
    "MIN_MINUTES",
    "REMINDERS",
    "InvalidRow",
    "Saved",
    "answer",
    "cancel_meeting",
    "channels",
    "create_meeting",
    "dedupe_key",
    "invite",
    "is_https_link",
    "is_one_line",
    "is_open",
    "local_label",
    "local_to_utc",
    "may_record",
    "move_meeting",
    "remove_participant",
    "write_record",
    "zone_named",
]
