"""The sign-in and a case page in a real browser: htmx loads, no CSP violation, the team form swaps in place."""

from __future__ import annotations

from tests.browser import sign_in


def test_case_manager_signs_in_and_sees_a_case(open_page, live_make):
    manager = live_make.user("case_manager")
    case = live_make.case(manager=manager, young_name="Elsa Browser")
    page = open_page()
    sign_in(page, manager.email)
    page.get_by_role("link", name="Elsa Browser").click()
    page.wait_for_url(f"**/cases/{case.id}")
    assert page.get_by_role("heading", name="Elsa Browser").is_visible()
    assert page.evaluate("typeof htmx") == "object"  # the vendored htmx loaded under the CSP
    assert page.csp_errors == []
