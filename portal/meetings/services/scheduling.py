"""Calling, moving and cancelling a meeting. Each change writes its outbox rows in the same transaction
(so an invite is sent exactly when the meeting it describes was saved), in a constant number of
statements whatever the number of participants."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import uuid4

import sqlalchemy as sa
from flask_babel import gettext as _

from portal.audit.events import record_change
from portal.db import now_utc
from portal.extensions import db
from portal.meetings import queries
from portal.meetings.models import Meeting, MeetingStatus, Participant, PartStat
from portal.meetings.services.outbox_rows import send_cancellations, send_invites
from portal.meetings.services.participants import participant_rows
from portal.meetings.services.state import on_timeline, still_open
from portal.meetings.services.timing import checked_schedule, local_label, zone_named
from portal.outbox.models import MessageKind
from portal.policy import Actor, CaseAccess


@dataclass(frozen=True)
class Saved:
    meeting: Meeting
    changed: bool = True
    time_note: str | None = None  # what was chosen for a local time that did not exist or existed twice


def create_meeting(actor: Actor, access: CaseAccess, data: dict, zone_name: str | None) -> Saved:
    zone = zone_named(zone_name)
    starts_at, ends_at, note = checked_schedule(data, zone)
    rows = participant_rows(access, data.get("participants"))
    meeting = Meeting(
        case_id=access.case.id,
        uid=f"{uuid4()}@soffa",
        sequence=0,
        status=MeetingStatus.SCHEDULED.value,
        title=data["title"],
        starts_at=starts_at,
        ends_at=ends_at,
        timezone=zone.key,
        place=data.get("place"),
        video_url=data.get("video_url"),
        agenda=data.get("agenda"),
        organizer_id=actor.user_id,  # the hub or the deputy standing in: the iCalendar ORGANIZER
    )
    db.session.add(meeting)
    db.session.flush()
    # One INSERT ... RETURNING for everyone (the unit of work would write them one by one on SQLite);
    # the rows come back in no particular order, as loaded objects with their ids.
    insert = sa.insert(Participant).returning(Participant)
    values = [{**row, "meeting_id": meeting.id} for row in rows]
    # render_nulls: NULL sent, not left out, so a contact's row and a colleague's row stay one batch.
    written = db.session.scalars(insert, values, execution_options={"render_nulls": True})
    participants = sorted(written, key=lambda participant: participant.id)
    send_invites(meeting, participants, MessageKind.INVITE)
    record_change(
        actor,
        "meeting.create",
        "meeting",
        meeting.id,
        case_id=meeting.case_id,
        starts_at=starts_at.isoformat(),
        participants=[p.id for p in participants],
    )
    on_timeline(
        actor,
        meeting,
        _("Meeting called: %(title)s, %(date)s", title=meeting.title, date=local_label(meeting)),
    )
    return Saved(meeting, time_note=note)


def move_meeting(actor: Actor, access: CaseAccess, meeting: Meeting, data: dict) -> Saved:
    """A new time or place: SEQUENCE + 1, every answer asked again, an update to everyone invited, new
    reminders."""
    still_open(meeting)
    starts_at, ends_at, note = checked_schedule(data, zone_named(meeting.timezone))
    after = {
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": data.get("place"),
        "video_url": data.get("video_url"),
    }
    changed = {key: value for key, value in after.items() if getattr(meeting, key) != value}
    if not changed:
        return Saved(meeting, changed=False, time_note=note)
    before = {key: _plain(getattr(meeting, key)) for key in changed}
    for key, value in changed.items():
        setattr(meeting, key, value)
    meeting.sequence += 1
    participants = queries.active_participants(meeting)
    reset = _reset_answers(participants)
    send_invites(meeting, participants, MessageKind.UPDATE)
    record_change(
        actor,
        "meeting.move",
        "meeting",
        meeting.id,
        case_id=meeting.case_id,
        sequence=meeting.sequence,
        before=before,
        after={key: _plain(value) for key, value in changed.items()},
        answers_reset={str(pid): partstat for pid, partstat in reset.items()},  # JSON keys are text
    )
    values = {"title": meeting.title, "date": local_label(meeting)}
    if reset:
        body = _("Meeting moved: %(title)s, %(date)s (answers reset: everyone is asked again)", **values)
    else:
        body = _("Meeting moved: %(title)s, %(date)s", **values)
    on_timeline(actor, meeting, body)
    return Saved(meeting, time_note=note)


def _reset_answers(participants: list[Participant]) -> dict[int, str]:
    """RFC 5546: a new time or place is a significant change, so an answer given to the old one no longer
    stands (its RSVP link is refused as superseded, and the update asks again). Returns the answers reset,
    by participant id, for the audit trail. One UPDATE whatever the number of people."""
    answered = {p.id: p.partstat for p in participants if p.partstat != PartStat.NEEDS_ACTION.value}
    if answered:
        db.session.execute(
            sa.update(Participant)
            .where(Participant.id.in_(list(answered)))
            .values(partstat=PartStat.NEEDS_ACTION.value, responded_at=None),
            execution_options={"synchronize_session": "evaluate"},  # the rows loaded above follow
        )
    return answered


def cancel_meeting(actor: Actor, access: CaseAccess, meeting: Meeting) -> None:
    still_open(meeting)
    meeting.status = MeetingStatus.CANCELLED.value
    meeting.cancelled_at = now_utc()
    meeting.sequence += 1  # RFC 5546: the CANCEL carries a SEQUENCE above every request sent before
    send_cancellations(meeting, queries.active_participants(meeting))
    record_change(
        actor, "meeting.cancel", "meeting", meeting.id, case_id=meeting.case_id, sequence=meeting.sequence
    )
    on_timeline(
        actor,
        meeting,
        _("Meeting cancelled: %(title)s, %(date)s", title=meeting.title, date=local_label(meeting)),
    )


def _plain(value):
    return value.isoformat() if isinstance(value, datetime) else value
