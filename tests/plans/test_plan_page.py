"""Reading the plan: by life area, overdue actions marked in words, each reader seeing what the rules allow,
a print button, and the same number of queries however big the plan is."""

from __future__ import annotations

import re
from datetime import date, timedelta

import sqlalchemy as sa

from portal.audit.models import AccessLogEntry
from portal.extensions import db

HTMX = {"HX-Request": "true"}


def _page(client, plan_case, **kwargs):
    return client.get(f"/cases/{plan_case.case.id}/plan", **kwargs)


def test_goals_are_grouped_by_life_area_with_their_actions(app, client, make, plan_case):
    make.goal(plan_case.case, plan_case.hub, life_area="daily_structure", text="Get up at seven on weekdays")
    make.goal(plan_case.case, plan_case.hub, life_area="housing", text="Find a room closer to school")
    client.login(plan_case.hub.email)
    body = _page(client, plan_case).get_data(as_text=True)
    areas = [body.index(f">{title}</h2>") for title in ("Education", "Housing", "Daily structure")]
    assert areas == sorted(areas)
    assert body.index("Finish the first year") < body.index("Book a study visit") < areas[1]
    owner_cell = re.search(
        rf'<tr id="action-{plan_case.action.id}".*?</th>\s*<td>(.*?)</td>', body, flags=re.S
    )
    assert "Mira Mentor" in owner_cell.group(1)
    assert plan_case.school_consent.organisation.name in owner_cell.group(1)  # the owner's organisation


def test_an_overdue_action_says_so_in_words(app, client, make, plan_case):
    late = make.plan_action(
        plan_case.goal,
        owner=plan_case.mentor,
        text="Hand in the essay",
        due_on=date.today() - timedelta(days=3),
    )
    make.plan_action(
        plan_case.goal,
        owner=plan_case.mentor,
        text="Handed in late",
        due_on=date.today() - timedelta(days=3),
        status="done",
        done_on=date.today(),
    )
    client.login(plan_case.hub.email)
    body = _page(client, plan_case).get_data(as_text=True)
    rows = dict(re.findall(r'<tr id="action-(\d+)"(.*?)</tr>', body, flags=re.S))
    assert 'class="overdue"' in rows[str(late.id)] and ">Overdue<" in rows[str(late.id)]
    assert [row for row in rows.values() if ">Overdue<" in row] == [
        rows[str(late.id)]
    ]  # done is never overdue
    assert "1 overdue" in body


def test_a_volunteer_sees_only_their_own_actions_and_their_goals(app, client, make, plan_case):
    other_goal = make.goal(plan_case.case, plan_case.hub, life_area="health", text="See the school doctor")
    make.plan_action(other_goal, owner=plan_case.mentor, text="Book the doctor")
    make.goal(plan_case.case, plan_case.hub, life_area="leisure", text="An empty goal")
    client.login(plan_case.volunteer.email)
    response = _page(client, plan_case)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Climbing club together" in body
    assert "Finish the first year" in body  # the goal their action belongs to
    for hidden in ("Book a study visit", "See the school doctor", "Book the doctor", "An empty goal"):
        assert hidden not in body
    assert "1 action" in body


def test_staff_without_the_plan_consent_get_403(app, client, make, plan_case):
    client.login(plan_case.social_worker.email)  # on the team; timeline and contacts consent, no plan
    response = _page(client, plan_case)
    assert response.status_code == 403
    assert "Book a study visit" not in response.get_data(as_text=True)


def test_withdrawing_the_plan_consent_hides_the_plan_on_the_next_request(app, client, plan_case):
    hub = app.test_client()
    hub.login(plan_case.hub.email)
    client.login(plan_case.mentor.email)
    assert _page(client, plan_case).status_code == 200
    assert _page(client, plan_case, headers=HTMX).status_code == 200

    withdraw = f"/cases/{plan_case.case.id}/consents/{plan_case.school_consent.id}/withdraw"
    assert hub.post(withdraw).status_code == 302

    for headers in ({}, HTMX):  # the page and the htmx refresh of its summary
        response = _page(client, plan_case, headers=headers)
        assert response.status_code == 403
        assert "Book a study visit" not in response.get_data(as_text=True)


def test_the_young_person_reads_the_plan_without_controls(app, client, make):
    young = make.user("young_person")
    hub = make.user("case_manager")
    case = make.case(manager=hub, young_user=young)
    goal = make.goal(case, hub, text="Finish school")
    make.plan_action(goal, owner=hub, text="Meet every Tuesday")
    client.login(young.email)
    assert client.get(f"/cases/{case.id}/plan").status_code == 404  # the staff plan page is not theirs
    body = client.get(f"/me/{case.id}").get_data(as_text=True)  # their plan, on their own page
    assert "Finish school" in body and "Meet every Tuesday" in body
    assert "/status" not in body and "/edit" not in body and "Add a goal" not in body
    assert "/plan" not in body


def test_markup_in_goals_and_actions_is_shown_as_text(app, client, make, plan_case):
    client.login(plan_case.hub.email)
    client.post(
        f"/cases/{plan_case.case.id}/plan/goals",
        data={"life_area": "work", "text": "<script>alert('goal')</script>"},
    )
    action = make.plan_action(plan_case.goal, owner=plan_case.mentor, text='<img src=x onerror="alert(1)">')
    body = _page(client, plan_case).get_data(as_text=True)
    assert "<script>alert('goal')</script>" not in body
    assert "&lt;script&gt;alert(" in body
    assert '<img src=x onerror="alert(1)">' not in body and "&lt;img src=x" in body

    row = client.post(
        f"/cases/{plan_case.case.id}/plan/actions/{action.id}/status", data={"status": "done"}, htmx=True
    ).get_data(as_text=True)
    assert "<img src=x" not in row and "&lt;img src=x" in row


def test_the_plan_can_be_printed(app, client, plan_case):
    client.login(plan_case.mentor.email)
    body = _page(client, plan_case).get_data(as_text=True)
    assert re.search(r"<button[^>]*data-print[^>]*>Print the plan</button>", body)
    assert '<script src="/static/js/print.js" defer></script>' in body
    assert "Alva Berg" in body  # the young person's name heads the printed page
    assert "The plan as of" in body  # and the date it was printed
    assert client.get("/static/js/print.js").status_code == 200
    # Controls sit in the last column under a visually hidden heading: the print stylesheet drops it.
    assert '<th scope="col"><span class="visually-hidden">Change</span></th>' in body
    assert "<script>" not in body  # no inline script (CSP)


def test_an_htmx_get_returns_the_plan_region(app, client, plan_case):
    client.login(plan_case.mentor.email)
    response = _page(client, plan_case, headers=HTMX)
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<div id="plan">')
    assert 'id="plan-summary"' in body and 'hx-trigger="plan-changed from:body"' in body
    assert "<html" not in body


def test_every_read_of_the_plan_is_logged_with_its_consent(app, client, plan_case):
    client.login(plan_case.mentor.email)
    _page(client, plan_case)
    _page(client, plan_case, headers=HTMX)
    with app.app_context():
        rows = db.session.execute(
            sa.select(AccessLogEntry.section, AccessLogEntry.consent_id).where(
                AccessLogEntry.user_id == plan_case.mentor.id
            )
        ).all()
    assert rows == [("plan", plan_case.school_consent.id)] * 2


def _plan_of_size(make, hub, volunteer, ngo, goals: int, actions: int):
    """A plan whose actions are owned by the volunteer and by several staff from different organisations
    (so that loading owners one by one would show in the count)."""
    case = make.case(manager=hub)
    make.member(case, volunteer)
    make.consent(case, ngo, scopes=("plan",))
    staff = [make.user("staff", org=make.org("school")) for _ in range(min(actions, 10))]
    for person in staff:
        make.member(case, person)
    made = [
        make.goal(case, hub, life_area=("education", "work", "health", "leisure")[n % 4])
        for n in range(goals)
    ]
    for n in range(actions):
        make.plan_action(
            made[n % goals],
            owner=volunteer if n % 2 else staff[n % len(staff)],
            due_on=date.today() + timedelta(days=n - actions // 2),  # some overdue, some not
            status=("planned", "in_progress", "done", "dropped")[n % 4],
            done_on=date.today() if n % 4 == 2 else None,
        )
    return case


def test_the_plan_page_costs_the_same_queries_whatever_its_size(app, make, count_queries):
    hub = make.user("case_manager")
    ngo = make.org("youth_ngo")
    volunteer = make.user("volunteer", org=ngo)
    small = _plan_of_size(make, hub, volunteer, ngo, goals=2, actions=3)
    large = _plan_of_size(make, hub, volunteer, ngo, goals=20, actions=100)
    for reader in (hub, volunteer):
        client = app.test_client()
        client.login(reader.email)
        client.get(f"/cases/{small.id}/plan")  # warm up: session touch, first connection
        with count_queries() as few:
            small_page = client.get(f"/cases/{small.id}/plan")
        with count_queries() as many:
            large_page = client.get(f"/cases/{large.id}/plan")
        assert (small_page.status_code, large_page.status_code) == (200, 200)
        assert large_page.get_data(as_text=True).count('<tr id="action-') == (100 if reader is hub else 50)
        assert few.n == many.n, many.statements
        assert few.n > 0  # the counter counted
