"""The case status form in a real browser (Chromium): the ready-made fields (cases/blank_status.py) are a
working form, labelled, under the CSP, and the new status is shown selected afterwards."""

from __future__ import annotations

from tests.browser import sign_in


def test_the_hub_changes_the_status_in_the_browser(open_page, live_make, tmp_path):
    hub = live_make.user("case_manager", name="Sara Lind")
    case = live_make.case(manager=hub, young_name="Alva Berg")
    page = open_page()
    sign_in(page, hub.email)
    page.goto(f"/cases/{case.id}")

    status = page.get_by_label("Status", exact=True)
    assert status.input_value() == "active"
    status.select_option("paused")
    page.get_by_role("button", name="Save status").click()
    page.wait_for_url(f"**/cases/{case.id}")
    assert "The case status was changed." in page.content()
    assert page.get_by_label("Status", exact=True).input_value() == "paused"
    page.screenshot(path=tmp_path / "case-status.png", full_page=True)
    assert page.csp_errors == []
