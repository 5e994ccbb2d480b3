"""In a real browser: the hub adds a contact in place (htmx, no page load); refused input shows errors."""

from __future__ import annotations

from tests.browser import sign_in


def test_adding_a_contact_swaps_the_list_in_place(open_page, live_make):
    manager = live_make.user("case_manager")
    case = live_make.case(manager=manager, young_name="Elsa Contacts")
    page = open_page()
    sign_in(page, manager.email)
    page.goto(f"/cases/{case.id}/contacts")
    page.evaluate("window.stillTheSamePage = true")  # gone if the browser loads a new page

    form = page.locator("#external-contacts form.narrow")
    form.get_by_label("Name").fill("Lisa Marklund")
    form.get_by_label("Relation to the young person").select_option("psychologist")
    form.get_by_role("button", name="Add the contact").click()
    error = page.locator("#external-contacts .errors")
    error.wait_for()
    assert "Give a phone number or an email address" in error.inner_text()

    form = page.locator("#external-contacts form.narrow")
    assert form.get_by_label("Name").input_value() == "Lisa Marklund"  # what was typed is kept
    form.get_by_label("Phone").fill("070-765 43 21")
    form.get_by_role("button", name="Add the contact").click()
    link = page.locator('#external-contacts a[href="tel:+46707654321"]')
    link.wait_for()
    assert page.locator("#external-contacts tbody th").inner_text() == "Lisa Marklund"
    assert page.evaluate("window.stillTheSamePage") is True
    assert page.csp_errors == []
