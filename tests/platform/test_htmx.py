"""htmx and HTTP hygiene: expired sessions answer HX-Redirect, caches keep page and fragment apart,
and every answer carries the security headers."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.auth.models import UserSession
from portal.db import now_utc
from portal.extensions import db

HTMX = {"HX-Request": "true"}


def _expire_sessions(app, user) -> None:
    with app.app_context():
        db.session.execute(
            sa.update(UserSession)
            .where(UserSession.user_id == user.id)
            .values(last_seen_at=now_utc() - app.config["STAFF_IDLE_TIMEOUT"] - timedelta(minutes=1))
        )
        db.session.commit()


def _assert_htmx_redirect_to_login(response) -> None:
    assert response.status_code == 401
    assert response.headers.get("HX-Redirect") == "/login"
    body = response.get_data(as_text=True)
    assert "<form" not in body and "password" not in body.lower(), "the login page was sent to be swapped in"


def test_htmx_call_without_a_session_gets_hx_redirect(client):
    _assert_htmx_redirect_to_login(client.get("/cases/", headers=HTMX))


def test_htmx_call_with_an_expired_session_gets_hx_redirect(app, client, make):
    user = make.user("staff")
    client.login(user.email)
    assert client.get("/cases/", headers=HTMX).status_code == 200
    _expire_sessions(app, user)

    _assert_htmx_redirect_to_login(client.get("/cases/", headers=HTMX))


def test_a_plain_request_without_a_session_is_redirected_to_sign_in(client):
    response = client.get("/cases/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert "HX-Redirect" not in response.headers


def _responses(app, client, make):
    """A spread of answers: public, signed in, htmx, redirects and errors."""
    anonymous = app.test_client()
    yield "login page", anonymous.get("/login")
    yield "redirect to sign-in", anonymous.get("/cases/")
    yield "htmx 401", anonymous.get("/cases/", headers=HTMX)
    yield "404 page", anonymous.get("/no-such-page")
    yield "csrf 400", anonymous.post("/logout", csrf=False)
    yield "wrong password", anonymous.login("nobody@example.org", password="nope")
    client.login(make.user("staff").email)
    yield "signed-in page", client.get("/cases/")
    yield "signed-in htmx", client.get("/cases/", headers=HTMX)
    yield "signed-in 404 htmx", client.get("/no-such-page", headers=HTMX)
    yield "signed-in 403", client.get("/admin/users")


@pytest.fixture
def responses(app, client, make):
    return list(_responses(app, client, make))


def _vary(response) -> set[str]:
    return {item.strip().lower() for value in response.headers.get_all("Vary") for item in value.split(",")}


def test_every_answer_varies_on_hx_request(responses):
    missing = [name for name, response in responses if "hx-request" not in _vary(response)]
    assert missing == [], f"no Vary: HX-Request on {missing}"


def _csp(response) -> dict[str, list[str]]:
    policy = response.headers.get("Content-Security-Policy", "")
    directives = (part.split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in directives}


def test_every_answer_has_a_strict_content_security_policy(responses):
    for name, response in responses:
        csp = _csp(response)
        assert csp.get("object-src") == ["'none'"], name
        assert csp.get("base-uri") == ["'none'"], name
        assert csp.get("frame-ancestors") == ["'none'"], name
        script_src = csp.get("script-src") or csp.get("default-src") or []
        assert script_src, f"{name}: no script-src"
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:"} & set(script_src), name
        assert response.headers.get("X-Content-Type-Options") == "nosniff", name


def test_signed_in_pages_are_not_stored(app, client, make):
    client.login(make.user("staff").email)
    for response in (client.get("/cases/"), client.get("/cases/", headers=HTMX), client.get("/no-such-page")):
        assert response.headers.get("Cache-Control") == "no-store"


INLINE = re.compile(r"<script(?![^>]*\bsrc=)|\sstyle=|\son[a-z]+=", re.IGNORECASE)


def test_pages_have_no_inline_script_or_style(responses):
    """What the CSP forbids must not be in our own pages either: it would silently not work."""
    offenders = {name: m.group(0) for name, r in responses if (m := INLINE.search(r.get_data(as_text=True)))}
    assert offenders == {}
