"""After the meeting: the hub writes the record (a timeline entry) and turns agreed points into plan
actions with owners in the same form, in one transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.meetings.models import Meeting
from portal.plans.models import PlanAction
from portal.timeline.models import TimelineEntry
from tests.meetings.helpers import count, rows, signed_in


@pytest.fixture
def held(make, mc):
    """A meeting that took place this morning, and a goal in the plan."""
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3)
    meeting = make.meeting(mc.case, mc.hub, starts_at=start, title="Start-up meeting")
    make.participant(meeting, mc.mentor)
    goal = make.goal(mc.case, mc.hub, text="Pass mathematics")
    return meeting, goal


def _form(goal, mc, **changes) -> dict:
    data = {
        "body": "We agreed on a study plan.",
        "visibility": "team",
        "actions-0-text": "Book a meeting with the maths teacher",
        "actions-0-goal_id": str(goal.id),
        "actions-0-owner_id": str(mc.mentor.id),
        "actions-0-due_on": (date.today() + timedelta(days=14)).isoformat(),
        "actions-1-text": "",  # an empty row is skipped
        "actions-1-goal_id": "",
        "actions-1-owner_id": "",
        "actions-2-text": "Call the young person on Friday",
        "actions-2-goal_id": str(goal.id),
        "actions-2-owner_id": str(mc.hub.id),
    }
    data.update(changes)
    return data


def test_the_record_is_written_and_the_agreed_points_become_plan_actions(app, mc, held):
    meeting, goal = held
    client = signed_in(app, mc.hub)
    page = client.get(f"{mc.url}/{meeting.id}/record").get_data(as_text=True)
    assert "Pass mathematics" in page and "Mira Mentor" in page
    response = client.post(f"{mc.url}/{meeting.id}/record", data=_form(goal, mc))
    assert response.status_code == 302

    [entry] = rows(app, sa.select(TimelineEntry).where(TimelineEntry.kind == "meeting_record"))
    assert (entry.case_id, entry.visibility, entry.author_id) == (mc.case.id, "team", mc.hub.id)
    assert entry.body.startswith("Record of the meeting Start-up meeting, ")
    assert entry.body.endswith("We agreed on a study plan.")
    assert response.headers["Location"].endswith(f"/cases/{mc.case.id}/timeline#entry-{entry.id}")
    [linked] = rows(app, sa.select(Meeting.record_entry_id).where(Meeting.id == meeting.id))
    assert linked == entry.id

    actions = rows(app, sa.select(PlanAction).where(PlanAction.case_id == mc.case.id).order_by(PlanAction.id))
    assert [(a.text, a.owner_id, a.goal_id) for a in actions] == [
        ("Book a meeting with the maths teacher", mc.mentor.id, goal.id),
        ("Call the young person on Friday", mc.hub.id, goal.id),
    ]
    assert actions[0].due_on == date.today() + timedelta(days=14)
    assert actions[1].due_on is None
    [event] = rows(app, sa.select(AuditEvent).where(AuditEvent.action == "meeting.record"))
    assert event.details["entry_id"] == entry.id
    assert event.details["actions"] == [a.id for a in actions]

    # Written once: the page now links to it, a second post is refused.
    assert "already written" in client.get(f"{mc.url}/{meeting.id}/record").get_data(as_text=True)
    assert client.post(f"{mc.url}/{meeting.id}/record", data=_form(goal, mc)).status_code == 422
    assert count(app, TimelineEntry, TimelineEntry.kind == "meeting_record") == 1


def test_the_default_visibility_is_the_most_private(app, mc, held):
    meeting, goal = held
    page = signed_in(app, mc.hub).get(f"{mc.url}/{meeting.id}/record").get_data(as_text=True)
    assert '<option selected value="case_manager">' in page
    data = _form(goal, mc, visibility="")
    assert signed_in(app, mc.hub).post(f"{mc.url}/{meeting.id}/record", data=data).status_code == 302
    [entry] = rows(app, sa.select(TimelineEntry).where(TimelineEntry.kind == "meeting_record"))
    assert entry.visibility == "case_manager"


def _nothing_saved(app, mc) -> None:
    assert count(app, TimelineEntry, TimelineEntry.case_id == mc.case.id) == 0
    assert count(app, PlanAction) == 0
    assert count(app, Meeting, Meeting.record_entry_id.is_not(None)) == 0


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"body": ""}, "body", "Write the record."),
        ({"body": "x" * 5001}, "body", "at most 5000 characters"),
        ({"visibility": "nobody"}, "visibility", "You cannot choose this visibility"),
        ({"actions-2-owner_id": ""}, "actions-2-owner_id", "Choose someone on the team"),
        ({"actions-2-owner_id": "999999"}, "actions-2-owner_id", "Choose someone on the team"),
        ({"actions-0-goal_id": ""}, "actions-0-goal_id", "Choose the goal this action belongs to."),
        ({"actions-0-text": "x" * 501}, "actions-0-text", "Field cannot be longer than 500 characters."),
    ],
)
def test_a_refused_record_saves_neither_the_entry_nor_any_action(app, mc, held, change, field, message):
    meeting, goal = held
    response = signed_in(app, mc.hub).post(f"{mc.url}/{meeting.id}/record", data=_form(goal, mc, **change))
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert f'id="{field}-errors"' in body or field == "visibility"
    assert message in body
    _nothing_saved(app, mc)


def test_no_record_before_the_meeting_or_for_a_cancelled_one(app, make, mc, held):
    _meeting, goal = held
    client = signed_in(app, mc.hub)
    upcoming = make.meeting(mc.case, mc.hub)
    response = client.post(f"{mc.url}/{upcoming.id}/record", data=_form(goal, mc))
    assert response.status_code == 422
    assert "has not started yet" in response.get_data(as_text=True)
    start = datetime.now(UTC) - timedelta(days=1)
    cancelled = make.meeting(mc.case, mc.hub, starts_at=start, status="cancelled")
    assert client.post(f"{mc.url}/{cancelled.id}/record", data=_form(goal, mc)).status_code == 422
    _nothing_saved(app, mc)


def test_another_row_can_be_added_without_javascript(app, mc, held):
    meeting, goal = held
    data = {**_form(goal, mc), "more": "1"}
    response = signed_in(app, mc.hub).post(f"{mc.url}/{meeting.id}/record", data=data)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'name="actions-3-text"' in body
    assert "Book a meeting with the maths teacher" in body  # what was typed stays
    _nothing_saved(app, mc)


def test_only_the_hub_writes_the_record(app, mc, held):
    meeting, goal = held
    assert (
        signed_in(app, mc.mentor).post(f"{mc.url}/{meeting.id}/record", data=_form(goal, mc)).status_code
        == 403
    )
    _nothing_saved(app, mc)
