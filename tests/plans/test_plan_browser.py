"""The plan in a real browser (Chromium through Playwright): the hub adds a goal and an action with plain
forms, the owner marks it done in place (htmx swaps the row, plan-changed refreshes the summary), and the
print button works under the strict CSP."""

from __future__ import annotations

from datetime import date, timedelta

# The browser fixtures of tests/e2e, used here too (one live server per fixture module).
from tests.browser import sign_in


def test_hub_writes_the_plan_and_the_mentor_marks_the_action_done(open_page, live_make):
    hub = live_make.user("case_manager", name="Hanna Hub")
    school = live_make.org("school")
    mentor = live_make.user("staff", org=school, name="Mira Mentor")
    case = live_make.case(manager=hub, young_name="Elsa Planner")
    live_make.member(case, mentor)
    live_make.consent(case, school, scopes=("plan",))

    page = open_page()
    sign_in(page, hub.email)
    page.goto(f"/cases/{case.id}/plan")
    page.get_by_label("Life area").select_option("education")
    page.get_by_label("Goal", exact=True).fill("Pass mathematics this term")
    page.get_by_role("button", name="Add the goal").click()
    goal = page.get_by_role("article", name="Goal: Pass mathematics this term")
    goal.get_by_role("link", name="Add an action").click()
    page.get_by_label("Action", exact=True).fill("Book extra maths lessons")
    page.get_by_label("Owner").select_option(label=f"Mira Mentor ({school.name})")
    page.get_by_label("Due date").fill((date.today() - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Add the action").click()
    page.wait_for_url(f"**/cases/{case.id}/plan#action-*")
    assert page.get_by_role("row", name="Book extra maths lessons").get_by_text("Overdue").is_visible()
    assert page.csp_errors == []

    mentor_page = open_page()
    sign_in(mentor_page, mentor.email)
    mentor_page.goto(f"/cases/{case.id}/plan")
    assert mentor_page.get_by_role("button", name="Print the plan").is_visible()  # print.js ran under the CSP
    summary = mentor_page.locator("#plan-summary")
    assert "1 overdue" in summary.inner_text()
    mentor_page.evaluate("window.notReloaded = true")

    row = mentor_page.get_by_role("row", name="Book extra maths lessons")
    row.get_by_label("Status of: Book extra maths lessons").select_option("done")
    row.get_by_role("button", name="Save").click()

    done_row = mentor_page.get_by_role("row", name="Book extra maths lessons")
    done_row.locator("span.badge", has_text="Done").wait_for()
    # plan-changed made the summary fetch itself again: its "1 overdue" (in <strong>) is gone.
    mentor_page.locator("#plan-summary strong", has_text="overdue").wait_for(state="detached")
    assert done_row.get_by_text("Overdue").count() == 0
    assert "1 done" in summary.inner_text()
    assert mentor_page.evaluate("window.notReloaded") is True  # swapped in place, no page load
    assert mentor_page.csp_errors == []


def test_the_printed_plan_shows_the_plan_and_no_controls(open_page, live_make):
    hub = live_make.user("case_manager")
    case = live_make.case(manager=hub, young_name="Elsa Printed")
    goal = live_make.goal(case, hub, life_area="work", text="Find a summer job")
    live_make.plan_action(goal, owner=hub, text="Write a CV", due_on=date.today() - timedelta(days=1))
    page = open_page()
    sign_in(page, hub.email)
    page.goto(f"/cases/{case.id}/plan")
    controls = (
        page.get_by_role("button", name="Print the plan"),
        page.get_by_role("heading", name="Add a goal"),
        page.get_by_label("Status of: Write a CV"),
        page.get_by_role("link", name="Edit goal"),
        page.get_by_role("navigation", name="Case"),
    )
    assert all(control.is_visible() for control in controls)  # on screen they are there

    page.emulate_media(media="print")
    for shown in ("Elsa Printed", "Find a summer job", "Write a CV", "Overdue", "The plan as of"):
        assert page.get_by_text(shown).first.is_visible(), shown
    assert [control for control in controls if control.is_visible()] == []
