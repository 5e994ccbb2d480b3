"""Demo meetings: written as rows, never sent.

Calling a meeting through portal.meetings.services.create_meeting writes outbox rows for the invitations
and reminders, and after the commit the relay (or, without Redis, the in-process sweep of `make run`)
delivers them: to the demo's addresses, or through an SMTP server a developer has configured. Meetings
in the past cannot be called at all. So the demo writes the meeting and its participants directly, with
the same participant rows (participant_rows: the addresses an invitation would use), the same audit
event and the same timeline line as calling it would, and no outbox row: nothing about a demo meeting is
ever delivered. Answers and the record go through the services, which send nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING
from uuid import uuid4

import sqlalchemy as sa
from flask_babel import gettext as _

from portal.audit.events import record_change
from portal.demo.work.steps import GUARDIAN, YOUNG, ZONE, Answer, CallMeeting, Record
from portal.extensions import db
from portal.meetings import services as meeting_services
from portal.meetings.models import Meeting, MeetingStatus, Participant
from portal.meetings.queries import YOUNG_PERSON_KEY
from portal.meetings.services.participants import participant_rows
from portal.meetings.services.state import on_timeline
from portal.meetings.services.timing import local_label
from portal.plans.models import PlanAction

if TYPE_CHECKING:
    from portal.demo.workspace import Workspace


@dataclass
class Called:
    meeting: Meeting
    participants: dict[str, Participant]  # by invitee (StaffSpec key, YOUNG or GUARDIAN)


def call(ws: Workspace, step: CallMeeting) -> None:
    actor, access = ws.actor(step.by), ws.access(step.by, step)
    rows = participant_rows(access, [_invitee_key(ws, who) for who in step.invitees])
    meeting = Meeting(
        case_id=ws.case.id,
        uid=f"{uuid4()}@soffa",
        sequence=0,
        status=MeetingStatus.SCHEDULED.value,
        title=step.title,
        starts_at=step.starts_at,
        ends_at=step.starts_at + timedelta(minutes=step.minutes),
        timezone=ZONE.key,
        place=step.place,
        agenda=step.agenda,
        organizer_id=actor.user_id,
    )
    db.session.add(meeting)
    db.session.flush()
    participants = {
        who: Participant(meeting_id=meeting.id, **row) for who, row in zip(step.invitees, rows, strict=True)
    }
    db.session.add_all(participants.values())
    db.session.flush()
    record_change(
        actor,
        "meeting.create",
        "meeting",
        meeting.id,
        case_id=ws.case.id,
        starts_at=meeting.starts_at.isoformat(),
        participants=[p.id for p in participants.values()],
    )
    on_timeline(
        actor,
        meeting,
        _("Meeting called: %(title)s, %(date)s", title=meeting.title, date=local_label(meeting)),
    )
    ws.meetings[step.key] = Called(meeting, participants)


def answer(ws: Workspace, step: Answer) -> None:
    called = ws.meetings[step.meeting]
    participant = called.participants[step.who]
    meeting_services.answer(participant, called.meeting, step.answer)
    participant.responded_at = step.at


def record(ws: Workspace, step: Record) -> None:
    called = ws.meetings[step.meeting]
    rows = [
        {
            "goal_id": ws.goals[agreed.goal].id,
            "text": agreed.text,
            "owner_id": ws.user(agreed.owner).id,
            "due_on": agreed.due_on,
        }
        for agreed in step.actions
    ]
    data = {"body": step.body, "visibility": step.visibility, "actions": rows}
    meeting_services.write_record(ws.actor(step.by), ws.access(step.by, step), called.meeting, data)
    texts = {agreed.text: agreed.key for agreed in step.actions}
    if texts:
        query = sa.select(PlanAction).where(
            PlanAction.case_id == ws.case.id, PlanAction.text.in_(list(texts))
        )
        for action in db.session.execute(query).unique().scalars():
            ws.actions[texts[action.text]] = action


def _invitee_key(ws: Workspace, who: str) -> str:
    """The key the meeting form would send for this person (portal.meetings.queries.invitees)."""
    if who == YOUNG:
        return YOUNG_PERSON_KEY
    if who == GUARDIAN:
        return f"contact-{ws.guardian().id}"
    return f"user-{ws.user(who).id}"
