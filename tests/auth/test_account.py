"""My account: one's own sessions (listed, ended one by one or all the others, at once) and nobody else's."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.auth.models import UserSession
from portal.extensions import db

FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Mobile/15E148 Safari/604.1"
)
EDGE_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)


def browser(app, email: str, user_agent: str = FIREFOX_WINDOWS, address: str = "127.0.0.1"):
    """A browser of its own (cookie jar, User-Agent, address), signed in as `email`."""
    client = app.test_client()
    client.environ_base.update({"HTTP_USER_AGENT": user_agent, "REMOTE_ADDR": address})
    assert client.login(email).status_code == 302
    return client


def signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def live_session_ids(app, user_id: int) -> list[int]:
    with app.app_context():
        query = sa.select(UserSession.id).where(
            UserSession.user_id == user_id, UserSession.ended_at.is_(None)
        )
        return sorted(db.session.execute(query.order_by(UserSession.id)).scalars())


def events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.execute(sa.select(AuditEvent).where(AuditEvent.action == action)).scalars())


def session_rows(page: str) -> list[str]:
    return re.findall(r"<tr(?: class=\"current-session\")?>(.*?)</tr>", page.split("<tbody>")[1], re.S)


def test_my_sessions_are_listed_with_device_address_and_this_one_marked(app, make):
    me, someone_else = make.user("staff"), make.user("staff")
    laptop = browser(app, me.email, FIREFOX_WINDOWS, "192.0.2.7")
    browser(app, me.email, SAFARI_IPHONE, "198.51.100.23")
    browser(app, someone_else.email, EDGE_MAC, "203.0.113.9")

    page = laptop.get("/account").get_data(as_text=True)

    rows = session_rows(page)
    assert len(rows) == 2, "only my own sessions"
    [this] = [row for row in rows if "This session" in row]
    assert "Firefox · Windows" in this and "192.0.2.7" in this and "<button" not in this
    [phone] = [row for row in rows if "This session" not in row]
    assert "Safari · iPhone" in phone and "198.51.100.23" in phone and "Sign out" in phone
    assert "Edge" not in page and "203.0.113.9" not in page
    assert "Sign out all my other sessions" in page


@pytest.mark.parametrize("role", ["staff", "volunteer", "case_manager", "admin", "young_person"])
def test_everyone_signed_in_finds_my_account_in_the_menu(app, make, role):
    client = browser(app, make.user(role).email)
    page = client.get("/account")
    assert page.status_code == 200
    assert '<a href="/account" aria-current="page">My account</a>' in page.get_data(as_text=True)
    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert '<a href="/account">My account</a>' in home


def test_ending_one_of_my_sessions_signs_that_browser_out_at_once(app, make):
    me = make.user("staff")
    laptop, phone = browser(app, me.email), browser(app, me.email, SAFARI_IPHONE)
    assert signed_in(phone)
    _laptop_id, phone_id = live_session_ids(app, me.id)

    response = laptop.post(f"/account/sessions/{phone_id}/end")

    assert response.status_code == 302 and response.headers["Location"] == "/account"
    assert "That session is signed out." in laptop.get("/account").get_data(as_text=True)
    answer = phone.get("/cases/")
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/login")
    assert signed_in(laptop)
    [event] = events(app, "auth.session_end")
    assert (event.user_id, event.target_id) == (me.id, phone_id)


def test_nobody_can_end_someone_elses_session(app, make):
    me, colleague = make.user("staff"), make.user("case_manager")
    mine = browser(app, me.email)
    theirs = browser(app, colleague.email)
    [their_id] = live_session_ids(app, colleague.id)

    assert mine.post(f"/account/sessions/{their_id}/end").status_code == 404
    assert mine.post("/account/sessions/999999/end").status_code == 404
    assert live_session_ids(app, colleague.id) == [their_id]
    assert signed_in(theirs)
    assert events(app, "auth.session_end") == []


def test_ending_all_my_other_sessions_keeps_only_this_one(app, make):
    me, colleague = make.user("staff"), make.user("staff")
    here = browser(app, me.email)
    elsewhere = [browser(app, me.email, SAFARI_IPHONE), browser(app, me.email, EDGE_MAC)]
    colleagues = browser(app, colleague.email)

    response = here.post("/account/sessions/end-others")

    assert response.status_code == 302
    page = here.get("/account").get_data(as_text=True)
    assert "2 other sessions signed out." in page
    assert "You are not signed in anywhere else." in page
    assert not any(signed_in(client) for client in elsewhere)
    assert signed_in(here) and signed_in(colleagues)
    [event] = events(app, "auth.sessions_end_others")
    assert event.details == {"sessions_ended": 2}


def test_ending_this_very_session_from_its_row_signs_me_out(app, make):
    me = make.user("staff")
    client = browser(app, me.email)
    [this_id] = live_session_ids(app, me.id)
    response = client.post(f"/account/sessions/{this_id}/end")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert not signed_in(client)


def test_a_half_signed_in_or_ended_session_is_not_listed(app, make):
    me = make.user("case_manager")
    client = browser(app, me.email)
    half = app.test_client()
    half.post("/login", data={"email": me.email, "password": make.PASSWORD})  # the code never comes
    gone = browser(app, me.email)
    gone.post("/logout")
    assert len(session_rows(client.get("/account").get_data(as_text=True))) == 1
