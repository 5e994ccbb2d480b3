"""Sign-in, sign-out and the server-side session: fixation, replay, timeouts, redirects, rate limits."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from limits import parse_many

from portal.auth.models import UserSession
from portal.db import now_utc
from portal.extensions import db, limiter

COOKIE = "soffa_session"
LOGIN_PAGE = "/login"
TOKEN = re.compile(r"[\w-]{20,}\.[\w-]+\.[\w-]+")  # signed CSRF tokens carry a timestamp: mask them


def _cookie(client) -> str | None:
    cookie = client.get_cookie(COOKIE)
    return cookie.value if cookie else None


def _session_data(app, cookie_value: str) -> dict:
    return app.session_interface.get_signing_serializer(app).loads(cookie_value)


def _client_with_cookie(app, value: str):
    other = app.test_client()
    other.set_cookie(COOKIE, value)
    return other


def _sessions(app, user) -> list[UserSession]:
    with app.app_context():
        query = sa.select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.id)
        return list(db.session.execute(query).unique().scalars())


def _set_session_times(app, user, **ago: timedelta) -> None:
    """Move the user's live session back in time, e.g. last_seen_at=timedelta(minutes=31)."""
    with app.app_context():
        now = now_utc()
        db.session.execute(
            sa.update(UserSession)
            .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
            .values({column: now - delta for column, delta in ago.items()})
        )
        db.session.commit()


def _is_signed_out(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith(LOGIN_PAGE)


def test_sign_in_sets_a_new_session_and_drops_what_was_there_before(app, client, make):
    user = make.user("staff")
    with client.session_transaction() as planted:
        planted["sid"] = "chosen-by-an-attacker"
        planted["planted"] = "survives?"
    before = _cookie(client)

    assert client.login(user.email).status_code == 302

    after = _cookie(client)
    assert after != before
    data = _session_data(app, after)
    assert data["sid"] != "chosen-by-an-attacker"
    assert "planted" not in data, "a value from before sign-in survived it (session fixation)"
    # The cookie from before sign-in signs nobody in.
    assert _is_signed_out(_client_with_cookie(app, before).get("/cases/"))
    assert client.get("/cases/").status_code == 200


def test_each_sign_in_gets_its_own_session_id(app, make):
    user = make.user("staff")
    first, second = app.test_client(), app.test_client()
    first.login(user.email)
    second.login(user.email)
    assert _session_data(app, _cookie(first))["sid"] != _session_data(app, _cookie(second))["sid"]
    rows = _sessions(app, user)
    assert len(rows) == 2 and len({row.token_hash for row in rows}) == 2


def test_the_session_id_is_stored_only_as_a_hash(app, client, make):
    user = make.user("staff")
    client.login(user.email)
    token = _session_data(app, _cookie(client))["sid"]
    (row,) = _sessions(app, user)
    assert token not in row.token_hash and len(row.token_hash) == 64


def test_wrong_password_and_unknown_email_get_the_same_answer(client, make):
    user = make.user("staff")
    inactive = make.user("staff", active=False)
    answers = [
        (client.login(user.email, password="not the password"), user.email),
        (client.login("nobody@example.org", password="not the password"), "nobody@example.org"),
        # A deactivated account with the right password says no more than a wrong one.
        (client.login(inactive.email), inactive.email),
    ]
    bodies = {TOKEN.sub("TOKEN", r.get_data(as_text=True)).replace(email, "EMAIL") for r, email in answers}
    assert {r.status_code for r, _ in answers} == {401}
    assert len(bodies) == 1
    assert "Wrong email or password." in bodies.pop()
    assert _cookie(client) is None or "sid" not in _session_data(client.application, _cookie(client))


def test_logout_ends_the_session_and_a_copied_cookie_stops_working(app, client, make):
    user = make.user("staff")
    client.login(user.email)
    copied = _cookie(client)
    # Control: while the session lives, the copy works (so the check below can fail).
    assert _client_with_cookie(app, copied).get("/cases/").status_code == 200

    response = client.post("/logout")

    assert _is_signed_out(response)
    assert _is_signed_out(client.get("/cases/"))
    assert _is_signed_out(_client_with_cookie(app, copied).get("/cases/")), "cookie replay after logout"
    (row,) = _sessions(app, user)
    assert row.ended_at is not None and row.ended_reason == "logout"


def test_logout_ends_only_this_browsers_session(app, make):
    user = make.user("staff")
    laptop, phone = app.test_client(), app.test_client()
    laptop.login(user.email)
    phone.login(user.email)
    laptop.post("/logout")
    assert phone.get("/cases/").status_code == 200


@pytest.mark.parametrize(
    ("idle", "signed_in"), [(timedelta(minutes=29), True), (timedelta(minutes=31), False)]
)
def test_idle_timeout(app, client, make, idle, signed_in):
    user = make.user("staff")
    client.login(user.email)
    _set_session_times(app, user, last_seen_at=idle)

    response = client.get("/cases/")

    assert (response.status_code == 200) is signed_in
    if not signed_in:
        assert _is_signed_out(response)
        (row,) = _sessions(app, user)
        assert row.ended_reason == "idle"
        # Ended for good: being active again does not revive it.
        assert _is_signed_out(client.get("/cases/"))


def test_last_seen_is_written_at_most_once_per_touch_interval(app, client, make):
    user = make.user("staff")
    client.login(user.email)
    (row,) = _sessions(app, user)
    first_seen = row.last_seen_at

    for _ in range(3):
        assert client.get("/cases/").status_code == 200
    (row,) = _sessions(app, user)
    assert row.last_seen_at == first_seen, "last_seen_at was rewritten on a request inside the interval"

    interval = app.config["SESSION_TOUCH_INTERVAL"]
    _set_session_times(app, user, last_seen_at=interval + timedelta(seconds=5))
    (row,) = _sessions(app, user)
    stale = row.last_seen_at
    assert client.get("/cases/").status_code == 200
    (row,) = _sessions(app, user)
    assert row.last_seen_at > stale + interval, "last_seen_at was not refreshed after the interval"


@pytest.mark.parametrize(("age", "signed_in"), [(timedelta(hours=11), True), (timedelta(hours=13), False)])
def test_absolute_lifetime(app, client, make, age, signed_in):
    user = make.user("staff")
    client.login(user.email)
    # Busy all along (last seen just now): the lifetime limit holds even for an active session.
    _set_session_times(app, user, created_at=age, last_seen_at=timedelta(0))

    response = client.get("/cases/")

    assert (response.status_code == 200) is signed_in
    if not signed_in:
        assert _is_signed_out(response)
        (row,) = _sessions(app, user)
        assert row.ended_reason == "lifetime"


def test_deactivating_a_user_ends_their_session_at_once(app, client, make):
    user = make.user("staff")
    client.login(user.email)
    with app.app_context():
        from portal.orgs.models import User

        db.session.get(User, user.id).active = False
        db.session.commit()
    assert _is_signed_out(client.get("/cases/"))
    (row,) = _sessions(app, user)
    assert row.ended_reason == "deactivated"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example",
        "//evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
        "/\t/evil.example",  # browsers drop tabs and newlines: this is //evil.example
        "/\r\n/evil.example",
        "https:/evil.example",
        " //evil.example",
    ],
)
def test_next_never_leads_off_site(client, make, target):
    user = make.user("staff")
    response = client.post("/login", data={"email": user.email, "password": make.PASSWORD, "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_next_to_a_local_page_is_honoured(client, make):
    user = make.user("staff")
    page = client.get("/login?next=/cases/").get_data(as_text=True)
    hidden = re.search(r'name="next" type="hidden" value="([^"]*)"', page)
    assert hidden and hidden.group(1) == "/cases/", "the sign-in form does not carry ?next= along"

    response = client.post("/login", data={"email": user.email, "password": make.PASSWORD, "next": "/cases/"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/cases/"


def _failures_allowed(app) -> int:
    return min(item.amount for item in parse_many(app.config["LOGIN_RATE_LIMIT"]))


def test_login_rate_limit_stops_guessing_without_locking_out_others(app, client, make):
    victim, colleague = make.user("staff"), make.user("staff")
    allowed = _failures_allowed(app)
    for attempt in range(allowed):
        assert client.login(victim.email, password=f"guess {attempt}").status_code == 401

    blocked = client.login(victim.email, password="one more guess")

    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.get_data(as_text=True)
    # Even the right password waits now, from this address...
    assert client.login(victim.email).status_code == 429
    # ...but another user at the same address signs in, and so does the victim from elsewhere.
    assert app.test_client().login(colleague.email).status_code == 302
    elsewhere = app.test_client().login(victim.email, environ_base={"REMOTE_ADDR": "192.0.2.10"})
    assert elsewhere.status_code == 302


def test_the_rate_limit_key_ignores_case_and_spaces_in_the_email(app, client, make):
    victim = make.user("staff")
    allowed = _failures_allowed(app)
    spellings = [victim.email, victim.email.upper(), f"  {victim.email}  "]
    for attempt in range(allowed):
        client.login(spellings[attempt % len(spellings)], password=f"guess {attempt}")
    assert client.login(victim.email.title(), password="guess").status_code == 429


def test_successful_sign_ins_do_not_count_against_the_limit(app, client, make):
    user = make.user("staff")
    allowed = _failures_allowed(app)
    for attempt in range(allowed - 1):
        assert client.login(user.email, password=f"guess {attempt}").status_code == 401
    for _ in range(allowed + 1):
        assert app.test_client().login(user.email).status_code == 302
    assert client.login(user.email, password="last allowed guess").status_code == 401
    assert client.login(user.email, password="one too many").status_code == 429


def test_rate_limit_counters_are_kept_where_configured(app, client, make):
    """The PostgreSQL run is the production pairing: counters in the real Redis, shared by all app servers."""
    storage = app.config["RATELIMIT_STORAGE_URI"]
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        assert storage.startswith("redis://"), "the PostgreSQL run must keep rate limits in Redis"
    user = make.user("staff")
    client.login(user.email, password="wrong")
    if storage.startswith("redis"):
        import redis

        keys = [key.decode() for key in redis.Redis.from_url(storage).keys("*")]
        assert any(user.email in key for key in keys), f"no counter for {user.email} in Redis: {keys}"
    else:
        assert storage == "memory://"
        assert type(limiter.storage).__name__ == "MemoryStorage"
