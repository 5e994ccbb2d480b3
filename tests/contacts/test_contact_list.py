"""The contact list: who is on it and in what order, how to reach them, and who may open it."""

from __future__ import annotations

import sqlalchemy as sa

from portal.audit.models import AccessLogEntry
from portal.extensions import db

HTMX = {"HX-Request": "true"}


def _url(world) -> str:
    return f"/cases/{world.case.id}/contacts"


def test_the_hub_comes_first_as_the_contact_point_then_deputy_team_and_others(client, make, world):
    make.external_contact(world.case, name="Pia Psychologist", relation="psychologist", email="p@example.org")
    client.login(world.mentor.email)
    response = client.get(_url(world))
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    body = body[body.index('id="contacts"') :]  # the list, not the signed-in name in the page header
    order = [body.index(name) for name in ("Hanna Hub", "Dana Deputy", "Mats Mentor", "Greta Guardian")]
    assert order == sorted(order)
    assert body.index("Greta Guardian") < body.index("Pia Psychologist")  # guardian before professionals
    hub_card = body[body.index("Hanna Hub") : body.index("Dana Deputy")]
    assert "The young person's contact point" in hub_card
    assert "contact point" not in body[body.index("Dana Deputy") :]  # only the hub is marked
    assert "Norra gymnasiet" in body and "Mentor" in body  # organisation and role in the case
    assert "Psychologist" in body  # the relation as a label, not the stored code


def test_phones_are_tel_and_sms_links_and_email_is_mailto(client, world):
    client.login(world.hub.email)
    body = client.get(_url(world)).get_data(as_text=True)
    for phone in ("+46701111111", "+46702222222", "+46703333333", "+46704444444"):
        assert f'href="tel:{phone}"' in body
        assert f'href="sms:{phone}"' in body
    assert 'href="mailto:greta@example.org"' in body
    assert f'href="mailto:{world.mentor.email}"' in body


def test_the_young_person_sees_their_contacts_on_their_own_page_only(make, app, world):
    young = make.user("young_person")
    case = make.case(manager=world.hub, young_user=young, deputy_id=world.deputy.id)
    make.member(case, world.mentor, case_role="mentor")
    make.consent(case, world.school, scopes=("contacts",))
    guardian = make.external_contact(case, name="Greta Guardian", relation="guardian", phone="+46704444444")
    browser = app.test_client()
    browser.login(young.email)
    # The staff contact list and its vCards do not exist for them ...
    assert browser.get(f"/cases/{case.id}/contacts").status_code == 404
    assert browser.get(f"/cases/{case.id}/contacts/user/{world.hub.id}.vcf").status_code == 404
    assert browser.get(f"/cases/{case.id}/contacts/external/{guardian.id}.vcf").status_code == 404
    # ... their own page lists the same people: the contact point on top, then everyone else who helps.
    body = browser.get(f"/me/{case.id}").get_data(as_text=True)
    contact_point = body[body.index('id="contact-point-heading"') : body.index("<h1")]
    assert "Hanna Hub" in contact_point and 'href="tel:+46701111111"' in contact_point
    team = body[body.index('id="team-heading"') :]
    people = ("Dana Deputy", "Mats Mentor", "Norra gymnasiet", "Greta Guardian", 'href="tel:+46704444444"')
    assert all(text in team for text in people)
    assert "Add a contact" not in body and "Add a team member" not in body  # no management forms
    assert "/contacts" not in body  # no link to the staff list or its vCards


def test_partners_see_no_management_forms(client, world):
    client.login(world.mentor.email)
    body = client.get(_url(world)).get_data(as_text=True)
    assert "Add a contact" not in body and "Add a team member" not in body
    assert "/remove" not in body and "/edit" not in body


def test_staff_without_the_contacts_consent_and_volunteers_are_refused(app, make, world):
    social = make.org("social_services")
    outsider_staff = make.user("staff", org=social)
    make.member(world.case, outsider_staff)
    make.consent(world.case, social, scopes=("plan", "timeline", "meetings"))  # everything but contacts
    ngo = make.org("youth_ngo")
    volunteer = make.user("volunteer", org=ngo)
    make.member(world.case, volunteer, case_role="volunteer")
    make.consent(world.case, ngo)  # even with the contacts consent: volunteers get the overview card only
    for user in (outsider_staff, volunteer):
        browser = app.test_client()
        browser.login(user.email)
        assert browser.get(_url(world)).status_code == 403
        assert browser.get(_url(world), headers=HTMX).status_code == 403
        vcard = f"{_url(world)}/user/{world.hub.id}.vcf"
        assert browser.get(vcard).status_code == 403
        overview = browser.get(f"/cases/{world.case.id}").get_data(as_text=True)
        assert world.hub.name in overview  # the hub's card stays on the overview


def test_withdrawing_the_contacts_consent_holds_on_the_next_request_htmx_too(app, client, world):
    partner = app.test_client()
    partner.login(world.mentor.email)
    assert partner.get(_url(world)).status_code == 200
    assert partner.get(_url(world), headers=HTMX).status_code == 200
    client.login(world.hub.email)
    withdrawn = client.post(f"/cases/{world.case.id}/consents/{world.consent.id}/withdraw")
    assert withdrawn.status_code == 302

    page = partner.get(_url(world))
    fragment = partner.get(_url(world), headers=HTMX)
    vcard = partner.get(f"{_url(world)}/external/{world.guardian.id}.vcf")
    assert (page.status_code, fragment.status_code, vcard.status_code) == (403, 403, 403)
    for response in (page, fragment, vcard):
        body = response.get_data(as_text=True)
        assert "+46704444444" not in body and "Greta Guardian" not in body


def test_htmx_gets_the_list_fragment_from_the_same_url(client, world):
    client.login(world.hub.email)
    response = client.get(_url(world), headers=HTMX)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in body and 'id="contacts"' in body and "Greta Guardian" in body
    assert "HX-Request" in response.headers.get("Vary", "")


def test_reading_the_list_writes_one_access_log_row(app, client, world, count_rows):
    client.login(world.mentor.email)
    before = count_rows(AccessLogEntry)
    client.get(_url(world))
    assert count_rows(AccessLogEntry) == before + 1
    with app.app_context():
        row = (
            db.session.execute(sa.select(AccessLogEntry).order_by(AccessLogEntry.id.desc())).scalars().first()
        )
        assert (row.user_id, row.case_id, row.section) == (world.mentor.id, world.case.id, "contacts")
        assert row.consent_id == world.consent.id


def test_markup_in_names_is_shown_as_text(client, make, world):
    make.external_contact(
        world.case, name="<script>alert(1)</script>", organisation_name="<b>BUP</b>", phone="+46705555555"
    )
    evil = make.user("staff", org=world.school, name="<img src=x onerror=alert(2)>")
    make.member(world.case, evil)
    client.login(world.hub.email)
    body = client.get(_url(world)).get_data(as_text=True)
    assert "<script>alert(1)" not in body and "<img src=x" not in body and "<b>BUP" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;img src=x onerror=alert(2)&gt;" in body
    assert "&lt;b&gt;BUP&lt;/b&gt;" in body


def test_query_count_does_not_grow_with_the_team(client, make, count_queries):
    hub = make.user("case_manager")
    small, large = make.case(manager=hub), make.case(manager=hub)
    for case, size in ((small, 2), (large, 15)):
        for _ in range(size):
            make.member(case, make.user("staff", org=make.org("school")))
            make.external_contact(case, phone="+46706666666")
    client.login(hub.email)
    client.get(f"/cases/{small.id}/contacts")  # warm caches (session touch, first connection)
    with count_queries() as few:
        assert client.get(f"/cases/{small.id}/contacts").status_code == 200
    with count_queries() as many:
        assert client.get(f"/cases/{large.id}/contacts").status_code == 200
    assert few.n == many.n, many.statements
