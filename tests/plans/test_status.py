"""An action's owner updates its status in place (htmx) or with a plain form; others may not."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import format_date

from portal.audit.models import AccessLogEntry
from portal.extensions import db
from portal.i18n import local_today
from portal.plans.models import PlanAction
from portal.timeline.models import TimelineEntry
from tests.plans.helpers import audit_events, load, plan_rows, timeline_bodies


def _status_url(plan_case, action) -> str:
    return f"/cases/{plan_case.case.id}/plan/actions/{action.id}/status"


def test_the_owner_marks_an_action_done_in_place(app, client, plan_case):
    case, action = plan_case.case, plan_case.action
    client.login(plan_case.mentor.email)

    response = client.post(_status_url(plan_case, action), data={"status": "done"}, htmx=True)

    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "plan-changed"  # the summary refreshes itself
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith(f'<tr id="action-{action.id}"')  # the row only, to swap
    assert "<html" not in body
    assert "HX-Request" in response.headers.get("Vary", "")
    saved = load(app, PlanAction, action.id)
    with app.test_request_context():
        today, shown_date = local_today(), format_date(local_today())
    assert (saved.status, saved.done_on) == ("done", today)
    assert f"<td>{shown_date}</td>" in body  # the done date, in the row that was swapped in
    assert ">Done<" in body
    [event] = audit_events(app, case.id, "plan.action_status")
    assert (event.user_id, event.target_id) == (plan_case.mentor.id, action.id)
    assert (event.details["before"], event.details["after"]) == ("planned", "done")
    assert timeline_bodies(app, case.id) == ['Action "Book a study visit" marked done']
    with app.app_context():
        entry = db.session.execute(sa.select(TimelineEntry).where(TimelineEntry.case_id == case.id)).unique()
        entry = entry.scalar_one()
        assert (entry.kind, entry.visibility, entry.author_id) == ("plan_change", "team", plan_case.mentor.id)
    with app.app_context():  # the row showed plan content: the read is logged
        logged = db.session.execute(
            sa.select(AccessLogEntry.section, AccessLogEntry.consent_id).where(
                AccessLogEntry.user_id == plan_case.mentor.id
            )
        ).all()
    assert logged == [("plan", plan_case.school_consent.id)]

    back = client.post(_status_url(plan_case, action), data={"status": "in_progress"}, htmx=True)
    assert back.status_code == 200
    again = load(app, PlanAction, action.id)
    assert (again.status, again.done_on) == ("in_progress", None)  # leaving done clears the date
    assert timeline_bodies(app, case.id)[-1] == 'Action "Book a study visit" marked in progress'


def test_without_javascript_the_status_form_posts_and_redirects(app, client, plan_case):
    client.login(plan_case.mentor.email)
    response = client.post(_status_url(plan_case, plan_case.action), data={"status": "in_progress"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/plan#action-{plan_case.action.id}")
    assert load(app, PlanAction, plan_case.action.id).status == "in_progress"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The status was saved." in page


def test_the_same_status_again_records_nothing(app, client, plan_case):
    before = plan_rows(app, plan_case.case.id)
    client.login(plan_case.mentor.email)
    response = client.post(_status_url(plan_case, plan_case.action), data={"status": "planned"}, htmx=True)
    assert response.status_code == 200
    assert "HX-Trigger" not in response.headers
    assert plan_rows(app, plan_case.case.id) == before


def test_a_staff_member_who_does_not_own_the_action_gets_403(app, client, plan_case):
    before = plan_rows(app, plan_case.case.id)
    client.login(plan_case.colleague.email)  # same school, plan consent, on the team, not the owner
    assert (
        client.post(_status_url(plan_case, plan_case.action), data={"status": "done"}, htmx=True).status_code
        == 403
    )
    assert client.post(_status_url(plan_case, plan_case.action), data={"status": "done"}).status_code == 403
    assert load(app, PlanAction, plan_case.action.id).status == "planned"
    assert plan_rows(app, plan_case.case.id) == before


def test_the_status_column_offers_updates_only_on_own_actions(app, client, plan_case):
    client.login(plan_case.mentor.email)
    page = client.get(f"/cases/{plan_case.case.id}/plan").get_data(as_text=True)
    assert _status_url(plan_case, plan_case.action) in page
    assert _status_url(plan_case, plan_case.volunteer_action) not in page
    assert "/edit" not in page  # partners do not edit the plan


def test_the_hub_updates_any_action(app, client, plan_case):
    client.login(plan_case.hub.email)
    url = _status_url(plan_case, plan_case.volunteer_action)
    assert client.post(url, data={"status": "dropped"}, htmx=True).status_code == 200
    assert load(app, PlanAction, plan_case.volunteer_action.id).status == "dropped"


def test_the_volunteer_updates_their_own_action_only(app, client, plan_case):
    client.login(plan_case.volunteer.email)
    own = client.post(_status_url(plan_case, plan_case.volunteer_action), data={"status": "done"}, htmx=True)
    assert own.status_code == 200
    assert client.post(_status_url(plan_case, plan_case.action), data={"status": "done"}).status_code == 403
    assert load(app, PlanAction, plan_case.action.id).status == "planned"


def test_an_unknown_status_is_refused_in_place(app, client, plan_case):
    before = plan_rows(app, plan_case.case.id)
    client.login(plan_case.mentor.email)
    url = _status_url(plan_case, plan_case.action)

    swapped = client.post(url, data={"status": "finished-ish"}, htmx=True)
    assert swapped.status_code == 422
    body = swapped.get_data(as_text=True)
    assert body.lstrip().startswith(f'<tr id="action-{plan_case.action.id}"')
    assert "Choose one of the statuses." in body and 'aria-invalid="true"' in body

    page = client.post(url, data={"status": ""})
    assert page.status_code == 422
    assert "<html" in page.get_data(as_text=True)  # without JavaScript: the whole plan, error in the row
    assert "Choose one of the statuses." in page.get_data(as_text=True)

    assert load(app, PlanAction, plan_case.action.id).status == "planned"
    assert plan_rows(app, plan_case.case.id) == before


def test_losing_the_plan_consent_stops_status_updates_at_once(app, client, plan_case):
    hub = app.test_client()
    hub.login(plan_case.hub.email)
    client.login(plan_case.mentor.email)
    assert client.get(f"/cases/{plan_case.case.id}/plan").status_code == 200
    withdraw = f"/cases/{plan_case.case.id}/consents/{plan_case.school_consent.id}/withdraw"
    assert hub.post(withdraw).status_code == 302
    assert (
        client.post(_status_url(plan_case, plan_case.action), data={"status": "done"}, htmx=True).status_code
        == 403
    )
    assert load(app, PlanAction, plan_case.action.id).status == "planned"
