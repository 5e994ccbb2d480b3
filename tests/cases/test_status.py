"""The hub changes a case's status on the overview. The unchanged form's fields are rendered once per
language and status (portal/cases/blank_status.py): each hub still sees their case's own status, in their
own language, with their own session's CSRF token; a form sent back with errors keeps what was chosen."""

from __future__ import annotations

import re
from datetime import date

import sqlalchemy as sa

from portal.cases.models import Case
from portal.extensions import db

TOKEN = re.compile(r'<input id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)">')
SELECTED = re.compile(
    r'<select[^>]*name="(status|outcome)"[^>]*>.*?<option selected value="([^"]*)">([^<]*)<', re.S
)


def _status_form(client, case_id: int, language: str = "en") -> tuple[dict, str]:
    page = client.get(f"/cases/{case_id}", headers={"Accept-Language": language}).get_data(as_text=True)
    form = page[page.index('id="status-heading"') :]
    selected = {name: (value, text) for name, value, text in SELECTED.findall(form)}
    return selected, TOKEN.search(form).group(1)


def test_each_hub_sees_their_case_status_in_their_language_with_their_own_token(app, make):
    first_hub, second_hub = make.user("case_manager"), make.user("case_manager")
    active = make.case(manager=first_hub, status="active")
    closed = make.case(manager=second_hub, status="closed", outcome="work", closed_on=date.today())
    first, second = app.test_client(), app.test_client()
    first.login(first_hub.email)
    second.login(second_hub.email)
    tokens = {id(first): set(), id(second): set()}
    # Alternating, so that each form follows one rendered for another case, status or language.
    for client, case, language, status, outcome in [
        (first, active, "sv", ("active", "Aktiv"), ("", "Inget utfall ännu")),
        (second, closed, "sv", ("closed", "Avslutad"), ("work", "Arbete")),
        (first, active, "da", ("active", "Aktiv"), ("", "Intet resultat endnu")),
        (second, closed, "en", ("closed", "Closed"), ("work", "Work")),
    ]:
        selected, token = _status_form(client, case.id, language)
        assert selected == {"status": status, "outcome": outcome}, language
        tokens[id(client)].add(token)
    assert not tokens[id(first)] & tokens[id(second)]  # the token is the session's own, never a cached one


def test_the_ready_made_form_posts_and_a_refused_one_keeps_the_choice(app, make):
    hub = make.user("case_manager")
    case = make.case(manager=hub, status="active")
    client = app.test_client()
    client.login(hub.email)
    _, token = _status_form(client, case.id)

    refused = client.post(
        f"/cases/{case.id}/status", data={"csrf_token": token, "status": "closed"}, csrf=False
    )
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "Choose the outcome when you close a case." in page
    assert SELECTED.search(page[page.index('id="status-heading"') :]).group(2) == "closed"  # as chosen

    data = {"csrf_token": token, "status": "paused", "outcome": ""}
    assert client.post(f"/cases/{case.id}/status", data=data, csrf=False).status_code == 302
    with app.app_context():
        assert db.session.execute(sa.select(Case.status).where(Case.id == case.id)).scalar_one() == "paused"
    assert _status_form(client, case.id)[0]["status"] == ("paused", "Paused")
    forged = {**data, "csrf_token": "forged"}
    assert client.post(f"/cases/{case.id}/status", data=forged, csrf=False).status_code == 400


def test_partners_get_no_status_form(app, make):
    hub, school = make.user("case_manager"), make.org("school")
    mentor = make.user("staff", org=school)
    case = make.case(manager=hub)
    make.member(case, mentor)
    make.consent(case, school, scopes=("contacts", "plan", "timeline", "meetings"))
    partner = app.test_client()
    partner.login(mentor.email)
    page = partner.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'id="status-heading"' not in page and 'name="status"' not in page
