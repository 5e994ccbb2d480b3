"""My account in a real browser (Chromium): the labels work, no CSP errors, and a session ended here is
signed out in the other browser at its next click."""

from __future__ import annotations

from tests.browser import sign_in


def test_my_account_in_the_browser(open_page, live_make, tmp_path):
    user = live_make.user("staff", name="Kim Ek")
    phone, laptop = open_page({"width": 390, "height": 844}), open_page()
    sign_in(phone, user.email)
    sign_in(laptop, user.email)

    laptop.get_by_role("link", name="My account").click()
    laptop.wait_for_url("**/account")
    assert laptop.locator("#sessions tbody tr").count() == 2
    laptop.screenshot(path=tmp_path / "account.png", full_page=True)
    laptop.get_by_role("button", name="Sign out all my other sessions").click()
    laptop.wait_for_url("**/account")
    assert "1 other session signed out." in laptop.content()

    phone.goto("/account")
    assert "/login" in phone.url

    laptop.get_by_label("Current password").fill(live_make.PASSWORD)
    laptop.get_by_label("New password", exact=True).fill("seven purple elephants")
    laptop.get_by_label("New password again").fill("seven purple elephants")
    assert laptop.get_by_label("Sign out my other sessions").is_checked()
    laptop.get_by_role("button", name="Change password").click()
    laptop.wait_for_url("**/account")
    assert "Your password is changed." in laptop.content()
    assert laptop.csp_errors == [] and phone.csp_errors == []
