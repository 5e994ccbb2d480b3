"""Where a meeting stands (open, over, cancelled, recorded), and the timeline line a change leaves."""

from __future__ import annotations

from flask_babel import gettext as _

from portal.db import now_utc
from portal.meetings.models import Meeting, MeetingStatus
from portal.policy import Actor
from portal.timeline.models import EntryKind, Visibility
from portal.timeline.services import record_entry
from portal.validation import InvalidInput


def is_open(meeting: Meeting) -> bool:
    """Still to come (or going on) and not cancelled: it can be moved, cancelled and invited to."""
    return meeting.status == MeetingStatus.SCHEDULED.value and meeting.ends_at > now_utc()


def may_record(meeting: Meeting) -> bool:
    """The record is written once, after the meeting has started, unless it was cancelled."""
    return (
        meeting.status == MeetingStatus.SCHEDULED.value
        and meeting.starts_at <= now_utc()
        and meeting.record_entry_id is None
    )


def still_open(meeting: Meeting) -> None:
    """Refuse a change to a meeting that is cancelled or over."""
    if meeting.status == MeetingStatus.CANCELLED.value:
        raise InvalidInput(None, _("This meeting was cancelled."))
    if not is_open(meeting):
        raise InvalidInput(None, _("This meeting is over."))


def on_timeline(actor: Actor, meeting: Meeting, body: str) -> None:
    # Who meets when is team information; the agenda never goes on the timeline.
    record_entry(actor, meeting.case_id, kind=EntryKind.SYSTEM, body=body, visibility=Visibility.TEAM)
