"""The empty note form's fields are rendered once per language and set of choices (timeline/blank_form.py):
every reader still gets their own language, their own choices and their own session's CSRF token."""

from __future__ import annotations

import re

from tests.timeline.helpers import signed_in

TOKEN = re.compile(r'<input id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)">')
VISIBILITY = re.compile(r'<select[^>]*name="visibility"[^>]*>(.*?)</select>', re.S)


def _form(client, url: str, language: str) -> tuple[str, str]:
    page = client.get(url, headers={"Accept-Language": language}).get_data(as_text=True)
    return VISIBILITY.search(page).group(1), TOKEN.search(page).group(1)


def test_each_reader_gets_their_own_language_choices_and_token(app, team):
    hub, volunteer = signed_in(app, team.hub), signed_in(app, team.volunteer)
    seen = []
    # Alternating, so that each form follows one rendered for another reader, language or choice set.
    for client, language, expected in [
        (hub, "sv", ["Bara samordnaren", 'value="agency"', 'value="team"']),
        (volunteer, "sv", ["Bara samordnaren"]),
        (hub, "da", ["Kun koordinatoren", 'value="team"']),
        (volunteer, "en", ["Case manager only"]),
        (hub, "sv", ["Bara samordnaren", 'value="team"']),
    ]:
        choices, token = _form(client, f"{team.url}/new", language)
        for text in expected:
            assert text in choices, (language, choices)
        if client is volunteer:
            assert "agency" not in choices and "team" not in choices  # only what they may choose
        seen.append((client, token))
    hub_tokens = {token for client, token in seen if client is hub}
    volunteer_tokens = {token for client, token in seen if client is volunteer}
    assert not hub_tokens & volunteer_tokens  # the token is the session's own, never a cached one


def test_the_ready_made_form_posts(app, team):
    """The token in the ready-made form is the one the session checks (no header sent: the field counts)."""
    client = signed_in(app, team.hub)
    _, token = _form(client, team.url, "en")
    data = {"csrf_token": token, "kind": "note", "body": "Through the ready-made form", "visibility": "team"}
    assert client.post(f"{team.url}/new", data=data, csrf=False).status_code == 302
    assert (
        client.post(f"{team.url}/new", data={**data, "csrf_token": "forged"}, csrf=False).status_code == 400
    )
