"""The timeline in a real browser (Chromium through Playwright): "show more" appends the next page, a note
is added in place and the filters open and filter in place, without a page load and under the strict CSP;
a note for the case manager only is not on the mentor's screen."""

from __future__ import annotations

# The browser fixtures of tests/e2e, used here too (one live server per fixture module).
from tests.browser import sign_in
from tests.timeline.helpers import bulk_entries

ENTRIES = "#timeline-entries > li.entry"


def test_show_more_and_a_note_in_place(open_page, live_app, live_make):
    hub = live_make.user("case_manager", name="Hedda Hub")
    school = live_make.org("school")
    mentor = live_make.user("staff", org=school, name="Mats Mentor")
    case = live_make.case(manager=hub, young_name="Alva Timeline")
    live_make.member(case, mentor)
    live_make.consent(case, school, scopes=("timeline",))
    bulk_entries(live_app, case, hub, 30, body="Earlier note")

    page = open_page()
    sign_in(page, hub.email)
    page.goto(f"/cases/{case.id}/timeline")
    assert page.locator(ENTRIES).count() == 25
    page.evaluate("window.samePage = true")  # gone if anything below reloads the page

    page.get_by_role("link", name="Show more").click()
    page.locator(ENTRIES).nth(29).wait_for()  # (wait_for_function would need eval, which the CSP forbids)
    assert page.locator(ENTRIES).count() == 30
    assert page.get_by_role("link", name="Show more").count() == 0

    page.get_by_role("button", name="Add note").click()  # empty: refused in place
    page.locator("#note-form .errors").get_by_text("Write the note.").wait_for()

    page.get_by_label("Note", exact=True).fill("Called Alva's mother <b>today</b>")
    page.get_by_role("button", name="Add note").click()
    first = page.locator(ENTRIES).first
    first.get_by_text("Called Alva's mother <b>today</b>").wait_for()
    assert first.get_by_text("Visible to the case manager").is_visible()
    assert page.get_by_label("Note", exact=True).input_value() == ""  # a fresh form
    assert page.locator(ENTRIES).count() == 31
    assert page.evaluate("window.samePage") is True

    # The filters load when opened; choosing a kind reloads the list in place.
    page.get_by_text("Filter", exact=True).click()
    # Once htmx has settled the loaded form it listens to it (a person is never faster than that).
    page.locator("#timeline-filters-slot:not(.htmx-settling) #filter-kind").wait_for()
    page.locator("#filter-kind").select_option("contact_attempt")
    page.get_by_text("No entries match these filters.").wait_for()
    assert page.locator(ENTRIES).count() == 0
    assert page.evaluate("window.samePage") is True
    assert page.csp_errors == []

    mentor_page = open_page()
    sign_in(mentor_page, mentor.email)
    mentor_page.goto(f"/cases/{case.id}/timeline")
    assert mentor_page.locator(ENTRIES).count() == 25
    assert mentor_page.get_by_text("Called Alva's mother").count() == 0


def test_the_first_note_replaces_the_empty_message(open_page, live_make):
    volunteer_org = live_make.org("youth_ngo")
    volunteer = live_make.user("volunteer", org=volunteer_org)
    case = live_make.case(young_name="Bo Empty")
    live_make.member(case, volunteer)

    page = open_page()
    sign_in(page, volunteer.email)
    page.goto(f"/cases/{case.id}/timeline")
    assert page.get_by_text("No entries yet.").is_visible()
    assert page.get_by_label("Who may read it").input_value() == "case_manager"  # their only choice

    page.get_by_label("Note", exact=True).fill("Met Bo at the youth centre")
    page.get_by_role("button", name="Add note").click()
    page.get_by_text("No entries yet.").wait_for(state="detached")  # the list reloaded on timeline-changed
    assert page.locator(ENTRIES).count() == 1
    assert page.locator(ENTRIES).first.get_by_text("Met Bo at the youth centre").is_visible()
    assert page.csp_errors == []
