"""The hub writes the plan: goals, actions with an owner from the team, and 'written together'.
Bad input is refused with 422 next to the field, and nothing is saved."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from portal.audit.models import AccessLogEntry
from portal.cases.models import TeamMember
from portal.db import now_utc
from portal.extensions import db
from portal.plans.models import Goal, Plan, PlanAction
from tests.plans.helpers import audit_events, load, plan_rows, timeline_bodies


def test_hub_adds_a_goal_and_an_action(app, client, plan_case):
    case = plan_case.case
    client.login(plan_case.hub.email)

    added = client.post(
        f"/cases/{case.id}/plan/goals", data={"life_area": "work", "text": "  Find a summer job  "}
    )
    assert added.status_code == 302
    with app.app_context():
        goal = db.session.execute(sa.select(Goal).where(Goal.text == "Find a summer job")).scalar_one()
        goal_id, life_area, status = goal.id, goal.life_area, goal.status
    assert (life_area, status) == ("work", "open")
    assert added.headers["Location"].endswith(f"/cases/{case.id}/plan#goal-{goal_id}")
    assert [e.target_id for e in audit_events(app, case.id, "plan.goal_add")] == [goal_id]
    assert timeline_bodies(app, case.id) == ['Goal "Find a summer job" added (Work)']

    due = date.today() + timedelta(days=14)
    created = client.post(
        f"/cases/{case.id}/plan/goals/{goal_id}/actions/new",
        data={
            "text": "Write a CV with the job coach",
            "owner_id": plan_case.mentor.id,
            "due_on": due.isoformat(),
        },
    )
    assert created.status_code == 302
    with app.app_context():
        action = (
            db.session.execute(sa.select(PlanAction).where(PlanAction.goal_id == goal_id))
            .unique()
            .scalar_one()
        )
        assert (action.text, action.owner_id, action.due_on, action.status, action.done_on) == (
            "Write a CV with the job coach",
            plan_case.mentor.id,
            due,
            "planned",
            None,
        )
        assert action.owner_organisation_id == plan_case.mentor.organisation_id
    assert len(audit_events(app, case.id, "plan.action_add")) == 1
    assert (
        timeline_bodies(app, case.id)[-1] == 'Action "Write a CV with the job coach" added, owner Mira Mentor'
    )

    page = client.get(f"/cases/{case.id}/plan").get_data(as_text=True)
    assert "Find a summer job" in page and "Write a CV with the job coach" in page
    assert page.index(">Education<") < page.index(">Work<")  # life areas in their fixed order
    assert "Mira Mentor" in page


def test_the_deputy_edits_too(app, client, plan_case):
    client.login(plan_case.deputy.email)
    response = client.post(
        f"/cases/{plan_case.case.id}/plan/goals",
        data={"life_area": "health", "text": "Sleep before midnight"},
    )
    assert response.status_code == 302


GOAL_BAD_INPUT = {
    "empty text": {"life_area": "education", "text": "   "},
    "over-long text": {"life_area": "education", "text": "x" * 501},
    "unknown life area": {"life_area": "astrology", "text": "Read the stars"},
    "no life area": {"text": "A goal"},
}


@pytest.mark.parametrize("data", GOAL_BAD_INPUT.values(), ids=GOAL_BAD_INPUT.keys())
def test_bad_goal_input_is_refused_and_nothing_saved(app, client, plan_case, data):
    before = plan_rows(app, plan_case.case.id)
    client.login(plan_case.hub.email)
    response = client.post(f"/cases/{plan_case.case.id}/plan/goals", data=data)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert 'class="errors"' in body and 'aria-invalid="true"' in body
    assert plan_rows(app, plan_case.case.id) == before


def _action_data(plan_case, **changes):
    data = {"text": "Visit the library", "owner_id": plan_case.mentor.id, "due_on": "2030-01-31"}
    return {key: value for key, value in {**data, **changes}.items() if value is not None}


ACTION_BAD_INPUT = {
    "empty text": {"text": ""},
    "over-long text": {"text": "y" * 501},
    "nonsense date": {"due_on": "31/02/banana"},
    "impossible date": {"due_on": "2030-02-31"},
    "no owner": {"owner_id": ""},
    "owner id not a number": {"owner_id": "mentor"},
    "owner unknown": {"owner_id": "999999"},
}


@pytest.mark.parametrize("changes", ACTION_BAD_INPUT.values(), ids=ACTION_BAD_INPUT.keys())
def test_bad_action_input_is_refused_and_nothing_saved(app, client, plan_case, changes):
    before = plan_rows(app, plan_case.case.id)
    client.login(plan_case.hub.email)
    url = f"/cases/{plan_case.case.id}/plan/goals/{plan_case.goal.id}/actions/new"
    response = client.post(url, data=_action_data(plan_case, **changes))
    assert response.status_code == 422
    assert 'class="errors"' in response.get_data(as_text=True)
    assert plan_rows(app, plan_case.case.id) == before


def test_an_owner_who_is_not_on_the_team_is_refused(app, client, plan_case):
    before = plan_rows(app, plan_case.case.id)
    client.login(plan_case.hub.email)
    url = f"/cases/{plan_case.case.id}/plan/goals/{plan_case.goal.id}/actions/new"
    response = client.post(url, data=_action_data(plan_case, owner_id=plan_case.outsider.id))
    assert response.status_code == 422
    assert "Choose someone on the team" in response.get_data(as_text=True)
    assert plan_rows(app, plan_case.case.id) == before


def test_the_owner_list_is_the_team_with_hub_and_deputy(app, client, plan_case):
    client.login(plan_case.hub.email)
    page = client.get(f"/cases/{plan_case.case.id}/plan/goals/{plan_case.goal.id}/actions/new")
    body = page.get_data(as_text=True)
    for person in (plan_case.hub, plan_case.deputy, plan_case.mentor, plan_case.volunteer):
        assert f'value="{person.id}"' in body
    assert f'value="{plan_case.outsider.id}"' not in body


def test_hub_edits_a_goal(app, client, plan_case):
    case, goal = plan_case.case, plan_case.goal
    client.login(plan_case.hub.email)
    form = client.get(f"/cases/{case.id}/plan/goals/{goal.id}/edit").get_data(as_text=True)
    assert "Finish the first year of upper-secondary school" in form  # starts from what is stored

    response = client.post(
        f"/cases/{case.id}/plan/goals/{goal.id}/edit",
        data={"life_area": "education", "text": goal.text, "status": "reached"},
    )
    assert response.status_code == 302
    assert load(app, Goal, goal.id).status == "reached"
    [event] = audit_events(app, case.id, "plan.goal_edit")
    assert event.details == {"changed": {"status": ["open", "reached"]}}
    assert timeline_bodies(app, case.id) == [f'Goal "{goal.text}" marked reached']

    refused = client.post(
        f"/cases/{case.id}/plan/goals/{goal.id}/edit",
        data={"life_area": "education", "text": goal.text, "status": "forgotten"},
    )
    assert refused.status_code == 422
    assert load(app, Goal, goal.id).status == "reached"


def test_hub_edits_an_action_and_done_fills_the_done_date(app, client, plan_case):
    case, action = plan_case.case, plan_case.action
    client.login(plan_case.hub.email)
    url = f"/cases/{case.id}/plan/actions/{action.id}/edit"
    data = {"text": "Book a study visit in May", "owner_id": plan_case.deputy.id, "due_on": "2030-05-01"}

    assert client.post(url, data={**data, "status": "done"}).status_code == 302
    saved = load(app, PlanAction, action.id)
    assert (saved.text, saved.owner_id, saved.due_on, saved.status) == (
        "Book a study visit in May",
        plan_case.deputy.id,
        date(2030, 5, 1),
        "done",
    )
    assert saved.done_on == date.today()
    assert saved.owner_organisation_id == plan_case.deputy.organisation_id
    [event] = audit_events(app, case.id, "plan.action_edit")
    assert set(event.details["changed"]) == {"text", "owner_id", "due_on", "status"}

    assert client.post(url, data={**data, "status": "in_progress"}).status_code == 302
    assert load(app, PlanAction, action.id).done_on is None  # leaving done clears the date

    unknown = client.post(url, data={**data, "status": "almost"})
    assert unknown.status_code == 422
    assert load(app, PlanAction, action.id).status == "in_progress"


def test_an_action_whose_owner_left_the_team_needs_a_new_owner(app, client, make, plan_case):
    leaver = make.user("staff", org=make.org("school"), name="Lars Leaver")
    member = make.member(plan_case.case, leaver)
    action = make.plan_action(plan_case.goal, owner=leaver, text="Call the school nurse")
    with app.app_context():  # leaves the team (the team routes belong to another area)
        db.session.get(TeamMember, member.id).removed_at = now_utc()
        db.session.commit()
    client.login(plan_case.hub.email)

    url = f"/cases/{plan_case.case.id}/plan/actions/{action.id}/edit"
    form = client.get(url).get_data(as_text=True)
    assert "Lars Leaver (no longer on the team)" in form
    response = client.post(url, data={"text": "Call the nurse", "owner_id": leaver.id, "status": "planned"})
    assert response.status_code == 422
    assert "no longer on the team" in response.get_data(as_text=True)
    assert load(app, PlanAction, action.id).text == "Call the school nurse"


def test_an_unchanged_edit_records_nothing(app, client, plan_case):
    before = plan_rows(app, plan_case.case.id)
    client.login(plan_case.hub.email)
    goal = plan_case.goal
    response = client.post(
        f"/cases/{plan_case.case.id}/plan/goals/{goal.id}/edit",
        data={"life_area": goal.life_area, "text": goal.text, "status": goal.status},
    )
    assert response.status_code == 302
    assert plan_rows(app, plan_case.case.id) == before


def test_hub_marks_the_plan_written_together_with_the_young_person(app, client, plan_case):
    case = plan_case.case
    client.login(plan_case.hub.email)
    before = client.get(f"/cases/{case.id}/plan").get_data(as_text=True)
    assert "Not yet written together with the young person" in before

    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    for bad in ("", "yesterday", tomorrow):
        assert client.post(f"/cases/{case.id}/plan/written", data={"written_on": bad}).status_code == 422
    with app.app_context():
        assert db.session.execute(sa.select(Plan).where(Plan.case_id == case.id)).first() is None

    written_on = date.today() - timedelta(days=2)
    response = client.post(f"/cases/{case.id}/plan/written", data={"written_on": written_on.isoformat()})
    assert response.status_code == 302
    with app.app_context():
        plan = db.session.execute(sa.select(Plan).where(Plan.case_id == case.id)).scalar_one()
        assert (plan.written_with_young_person_on, plan.written_confirmed_by_id) == (
            written_on,
            plan_case.hub.id,
        )
    assert len(audit_events(app, case.id, "plan.written_together")) == 1
    assert "written together with the young person" in timeline_bodies(app, case.id)[-1]
    after = client.get(f"/cases/{case.id}/plan").get_data(as_text=True)
    assert "Not yet written together" not in after
    assert "recorded by Hanna Hub" in after


def test_goals_and_actions_of_another_case_are_not_found(app, client, make, plan_case):
    other = make.case(manager=plan_case.hub)
    client.login(plan_case.hub.email)
    goal, action = plan_case.goal, plan_case.action
    assert client.get(f"/cases/{other.id}/plan/goals/{goal.id}/edit").status_code == 404
    assert client.get(f"/cases/{other.id}/plan/goals/{goal.id}/actions/new").status_code == 404
    assert client.get(f"/cases/{other.id}/plan/actions/{action.id}/edit").status_code == 404
    assert (
        client.post(f"/cases/{other.id}/plan/actions/{action.id}/status", data={"status": "done"}).status_code
        == 404
    )
    assert load(app, PlanAction, action.id).status == "planned"


def test_partners_cannot_edit_the_plan(app, client, plan_case):
    before = plan_rows(app, plan_case.case.id)
    client.login(plan_case.mentor.email)
    url = f"/cases/{plan_case.case.id}/plan/goals"
    assert client.post(url, data={"life_area": "work", "text": "A goal of my own"}).status_code == 403
    edit = f"/cases/{plan_case.case.id}/plan/actions/{plan_case.action.id}/edit"
    data = {"text": "Changed", "owner_id": plan_case.mentor.id, "status": "done"}
    assert client.post(edit, data=data).status_code == 403
    assert plan_rows(app, plan_case.case.id) == before


def test_a_refused_form_still_logs_the_plan_it_showed(app, client, plan_case):
    client.login(plan_case.hub.email)
    response = client.post(f"/cases/{plan_case.case.id}/plan/goals", data={"life_area": "work", "text": ""})
    assert response.status_code == 422
    assert "Book a study visit" in response.get_data(as_text=True)  # the whole plan, shown again
    with app.app_context():
        sections = db.session.execute(
            sa.select(AccessLogEntry.section).where(AccessLogEntry.user_id == plan_case.hub.id)
        ).scalars()
        assert list(sections) == ["plan"]
