"""A session's pages carry one signed CSRF token (portal/web/csrf_tokens.py): signed once, accepted on
every later page, never another session's, and new when the session is new."""

from __future__ import annotations

import re
import time

TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')


def _token(client) -> str:
    return TOKEN.search(client.get("/cases/").get_data(as_text=True)).group(1)


def test_one_token_per_session_accepted_and_renewed_with_the_session(app, make):
    person, other = make.user("case_manager"), make.user("case_manager")
    client, stranger = app.test_client(), app.test_client()
    client.login(person.email)
    stranger.login(other.email)
    first = _token(client)
    time.sleep(1.1)  # the signature carries a time in seconds: signed again, it would differ
    assert _token(client) == first  # signed once, kept for the session's pages
    theirs = _token(stranger)
    assert theirs != first

    ok = client.post("/account/sessions/end-others", headers={"X-CSRFToken": first}, csrf=False)
    assert ok.status_code in (302, 303)  # the kept token is accepted
    refused = client.post("/account/sessions/end-others", headers={"X-CSRFToken": theirs}, csrf=False)
    assert refused.status_code == 400  # another session's is not

    client.post("/logout", headers={"X-CSRFToken": first}, csrf=False)
    client.login(person.email)
    assert _token(client) != first  # a new session, a new token
    assert client.post("/logout", headers={"X-CSRFToken": first}, csrf=False).status_code == 400
