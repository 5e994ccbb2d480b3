"""A case with a meeting and its participants, outbox rows for it, and helpers to parse what is built."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from portal.extensions import db
from portal.meetings.models import Meeting, Participant
from portal.orgs.models import User
from portal.outbox.models import OutboxMessage

AGENDA = "Discuss absence from maths and the family situation"  # case content: must never leave Soffa


@dataclass
class World:
    manager: User
    meeting: Meeting
    mentor: Participant  # a team user, English, email only
    young: Participant  # the young person: Swedish, email and phone
    contact: Participant  # an external contact without email: SMS only
    case_id: int


@pytest.fixture
def world(make) -> World:
    manager = make.user("case_manager", name="Maria Lind", email="maria.lind@kommun.example")
    case = make.case(manager=manager)
    meeting = make.meeting(
        case,
        manager,
        starts_at=datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=5),
        title="Follow-up meeting",
        place="Room 4, Town Hall",
        video_url="https://video.example/r/abc",
        agenda=AGENDA,
    )
    mentor_user = make.user("staff", name="Ali Mentor", locale="en")
    mentor = make.participant(meeting, user=mentor_user, partstat="accepted")
    young = make.participant(
        meeting,
        name="Sara Ek",
        email="sara@example.org",
        phone="+46701234567",
        locale="sv",
        is_young_person=True,
    )
    contact = make.participant(meeting, name="Per Psykolog", email=None, phone="+46709876543", locale="sv")
    return World(manager, meeting, mentor, young, contact, case.id)


def outbox(app, kind: str, channel: str, meeting: Meeting, participant: Participant, sequence=None):
    """An outbox row as the meetings services write it (emit() needs a request's `g`; the row is the same)."""
    with app.app_context():
        message = OutboxMessage(
            kind=kind,
            channel=channel,
            dedupe_key=f"test:{meeting.id}:{participant.id}:{kind}:{channel}:{sequence}:{datetime.now(UTC)}",
            case_id=meeting.case_id,
            meeting_id=meeting.id,
            participant_id=participant.id,
            meeting_sequence=meeting.sequence if sequence is None else sequence,
        )
        db.session.add(message)
        db.session.commit()
        db.session.refresh(message)
        db.session.expunge(message)
    return message


def update_rows(app, model, row_id: int, **values) -> None:
    with app.app_context():
        db.session.execute(sa.update(model).where(model.id == row_id).values(**values))
        db.session.commit()


def reload(app, model, row_id: int):
    with app.app_context():
        row = db.session.get(model, row_id)
        db.session.expunge(row)
    return row


def build(app, message):
    from portal.meetings import messages

    with app.app_context():
        return messages.build(message)


def parse_ics(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def only_event(calendar: Calendar):
    events = calendar.walk("VEVENT")
    assert len(events) == 1, f"{len(events)} VEVENTs"
    return events[0]


def attendees(event) -> dict[str, dict]:
    """ATTENDEE values (mailto: addresses) -> their parameters."""
    found = event.get("ATTENDEE", [])
    found = found if isinstance(found, list) else [found]
    return {str(address): dict(address.params) for address in found}
