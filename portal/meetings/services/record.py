"""The record afterwards: the meeting record on the timeline and the agreed actions in the plan, written
together or not at all."""

from __future__ import annotations

from flask_babel import gettext as _

from portal.audit.events import record_change
from portal.db import now_utc
from portal.meetings import queries
from portal.meetings.models import Meeting, MeetingStatus
from portal.meetings.services.timing import local_label
from portal.plans import queries as plan_queries
from portal.plans import services as plan_services
from portal.policy import Actor, CaseAccess
from portal.policy.visibility import allowed_visibilities
from portal.timeline.models import EntryKind, TimelineEntry, Visibility
from portal.timeline.services import record_entry
from portal.validation import InvalidInput


class InvalidRow(InvalidInput):
    """A refusal about one row of the record's agreed actions: shown next to that row's field."""

    def __init__(self, index: int, field: str, message: str):
        super().__init__(field, message)
        self.index = index

    def attach_to(self, form) -> None:
        target = form.actions.entries[self.index].form[self.field]
        target.errors = [*target.errors, self.message]


def write_record(actor: Actor, access: CaseAccess, meeting: Meeting, data: dict) -> TimelineEntry:
    """The meeting record on the timeline and the agreed actions in the plan, in one transaction."""
    if meeting.status == MeetingStatus.CANCELLED.value:
        raise InvalidInput(None, _("This meeting was cancelled: there is nothing to record."))
    if meeting.starts_at > now_utc():
        raise InvalidInput(None, _("The meeting has not started yet. Write the record afterwards."))
    if meeting.record_entry_id is not None:
        raise InvalidInput(None, _("The record of this meeting is already written. Add to it with a note."))
    allowed = [v.value for v in allowed_visibilities(access)]
    visibility = data.get("visibility") or allowed[0]
    if visibility not in allowed:
        raise InvalidInput("visibility", _("You cannot choose this visibility on this case."))
    rows = _agreed_actions(access, data.get("actions") or [])
    heading = _("Record of the meeting %(title)s, %(date)s", title=meeting.title, date=local_label(meeting))
    entry = record_entry(
        actor,
        meeting.case_id,
        kind=EntryKind.MEETING_RECORD,
        body=f"{heading}\n\n{data['body']}",
        visibility=Visibility(visibility),
    )
    meeting.record_entry_id = entry.id
    actions = [
        plan_services.add_action(actor, access, goal, row["text"], row["owner_id"], row["due_on"])
        for goal, row in rows
    ]
    record_change(
        actor,
        "meeting.record",
        "meeting",
        meeting.id,
        case_id=meeting.case_id,
        entry_id=entry.id,
        visibility=visibility,
        actions=[action.id for action in actions],
    )
    return entry


def _agreed_actions(access: CaseAccess, rows: list[dict]) -> list[tuple]:
    """Every filled row checked before anything is written; empty rows are left out."""
    goals = {goal.id: goal for goal in queries.open_goals(access.case.id)}
    owners = {person.id for person in plan_queries.owner_candidates(access.case)}
    checked = []
    for index, row in enumerate(rows):
        if not row.get("text"):
            continue
        if row.get("goal_id") not in goals:
            message = (
                _("Choose the goal this action belongs to.") if goals else _("Add a goal to the plan first.")
            )
            raise InvalidRow(index, "goal_id", message)
        if row.get("owner_id") not in owners:
            raise InvalidRow(
                index, "owner_id", _("Choose someone on the team, the case manager or the deputy.")
            )
        checked.append((goals[row["goal_id"]], row))
    return checked
