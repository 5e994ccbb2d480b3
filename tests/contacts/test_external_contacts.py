"""The hub adds, edits and removes contacts without accounts: in place with htmx, or with plain forms."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.cases.models import ExternalContact
from portal.extensions import db

GOOD = {
    "name": "Lisa Marklund",
    "relation": "psychologist",
    "organisation_name": "BUP Åkerby",
    "phone": "070-765 43 21",
    "email": "Lisa@Example.org",
}


def _contacts(app, case_id: int) -> list[ExternalContact]:
    with app.app_context():
        query = (
            sa.select(ExternalContact).where(ExternalContact.case_id == case_id).order_by(ExternalContact.id)
        )
        rows = list(db.session.execute(query).scalars())
        db.session.expunge_all()
        return rows


def _events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        rows = list(db.session.execute(sa.select(AuditEvent).where(AuditEvent.action == action)).scalars())
        db.session.expunge_all()
        return rows


def test_adding_with_htmx_swaps_the_list_in_place(app, client, world):
    client.login(world.hub.email)
    response = client.post(f"/cases/{world.case.id}/contacts/external", data=GOOD, htmx=True)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "contacts-changed"
    body = response.get_data(as_text=True)
    assert "<html" not in body and 'id="external-contacts"' in body
    assert "Lisa Marklund" in body and 'href="tel:+46707654321"' in body
    added = _contacts(app, world.case.id)[-1]
    assert (added.name, added.relation, added.organisation_name) == (
        "Lisa Marklund",
        "psychologist",
        "BUP Åkerby",
    )
    assert (added.phone, added.email) == ("+46707654321", "lisa@example.org")  # E.164, lower-cased
    [event] = _events(app, "contact.add")
    assert (event.user_id, event.case_id, event.target_id) == (world.hub.id, world.case.id, added.id)


def test_adding_without_javascript_redirects_to_the_list(app, client, world):
    client.login(world.hub.email)
    response = client.post(f"/cases/{world.case.id}/contacts/external", data={**GOOD, "email": ""})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/cases/{world.case.id}/contacts"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The contact was added." in page and "Lisa Marklund" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"phone": "", "email": ""}, "Give a phone number or an email address"),
        ({"phone": "12345"}, "Enter a phone number"),
        ({"phone": "not a phone", "email": ""}, "Enter a phone number"),
        ({"email": "lisa@"}, "Invalid email address"),
        ({"name": "x" * 201}, "Field cannot be longer than 200 characters"),
        ({"name": "   "}, "This field is required"),
        ({"relation": "boyfriend"}, "Not a valid choice"),
        ({"organisation_name": "o" * 201}, "Field cannot be longer than 200 characters"),
    ],
)
@pytest.mark.parametrize("htmx", [True, False])
def test_bad_input_is_refused_with_the_message_at_the_field_and_nothing_saved(
    app, client, world, change, message, htmx
):
    client.login(world.hub.email)
    before = len(_contacts(app, world.case.id))
    response = client.post(f"/cases/{world.case.id}/contacts/external", data={**GOOD, **change}, htmx=htmx)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert message in body
    assert 'aria-invalid="true"' in body
    assert ("<html" in body) is not htmx  # htmx swaps the region; without JavaScript the whole page again
    assert len(_contacts(app, world.case.id)) == before
    assert _events(app, "contact.add") == []


def test_editing_saves_and_records_which_fields_changed(app, client, world):
    client.login(world.hub.email)
    url = f"/cases/{world.case.id}/contacts/external/{world.guardian.id}/edit"
    form = client.get(url)
    assert form.status_code == 200 and 'value="Greta Guardian"' in form.get_data(as_text=True)
    changed = {
        "name": "Greta Berg",
        "relation": "guardian",
        "organisation_name": "",
        "phone": "+46704444444",
        "email": "greta@example.org",
    }
    response = client.post(url, data=changed)
    assert response.status_code == 302
    saved = next(c for c in _contacts(app, world.case.id) if c.id == world.guardian.id)
    assert saved.name == "Greta Berg"
    [event] = _events(app, "contact.edit")
    assert event.details == {"fields": ["name"]}  # names of fields, never the personal data itself


def test_editing_with_bad_input_shows_the_form_again_and_saves_nothing(app, client, world):
    client.login(world.hub.email)
    url = f"/cases/{world.case.id}/contacts/external/{world.guardian.id}/edit"
    response = client.post(url, data={"name": "Greta Berg", "relation": "guardian", "phone": "", "email": ""})
    assert response.status_code == 422
    assert "Give a phone number or an email address" in response.get_data(as_text=True)
    saved = next(c for c in _contacts(app, world.case.id) if c.id == world.guardian.id)
    assert (saved.name, saved.phone) == ("Greta Guardian", "+46704444444")
    assert _events(app, "contact.edit") == []


def test_removing_hides_the_contact_and_keeps_its_history(app, client, world):
    client.login(world.hub.email)
    response = client.post(f"/cases/{world.case.id}/contacts/external/{world.guardian.id}/remove", htmx=True)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "contacts-changed"
    assert "Greta Guardian" not in response.get_data(as_text=True)
    [row] = [c for c in _contacts(app, world.case.id) if c.id == world.guardian.id]
    assert row.removed_at is not None  # history kept
    assert len(_events(app, "contact.remove")) == 1
    assert "Greta Guardian" not in client.get(f"/cases/{world.case.id}/contacts").get_data(as_text=True)
    # A removed contact no longer exists for edits, removals or vCards.
    base = f"/cases/{world.case.id}/contacts/external/{world.guardian.id}"
    assert client.get(f"{base}/edit").status_code == 404
    assert client.post(f"{base}/remove").status_code == 404
    assert client.get(f"{base}.vcf").status_code == 404


def test_a_contact_of_another_case_is_not_found(client, make, world):
    other = make.case(manager=world.hub)
    foreign = make.external_contact(other, name="Somebody Else")
    client.login(world.hub.email)
    base = f"/cases/{world.case.id}/contacts/external/{foreign.id}"
    assert client.get(f"{base}/edit").status_code == 404
    assert client.post(f"{base}/edit", data=GOOD).status_code == 404
    assert client.post(f"{base}/remove").status_code == 404
    assert client.get(f"{base}.vcf").status_code == 404


def test_the_deputy_manages_contacts_too_but_partners_do_not(app, client, world):
    client.login(world.deputy.email)
    assert client.post(f"/cases/{world.case.id}/contacts/external", data=GOOD).status_code == 302
    partner = app.test_client()
    partner.login(world.mentor.email)
    assert partner.post(f"/cases/{world.case.id}/contacts/external", data=GOOD).status_code == 403
    assert (
        partner.post(f"/cases/{world.case.id}/contacts/external/{world.guardian.id}/remove").status_code
        == 403
    )
    assert len(_contacts(app, world.case.id)) == 2
