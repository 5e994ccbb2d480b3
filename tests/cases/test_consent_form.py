"""The form to record a consent is not built on every view of the overview: the hub opens a disclosure
and htmx loads the form into it; without JavaScript the disclosure links to a page with the form. A form
sent back with errors is shown open, in place."""

from __future__ import annotations

from datetime import date


def test_the_overview_offers_the_form_without_building_it(client, make):
    manager = make.user("case_manager")
    case = make.case(manager=manager)
    consent = make.consent(case, make.org("school"), scopes=("contacts",))
    client.login(manager.email)

    overview = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert f'hx-get="/cases/{case.id}/consents/new"' in overview
    assert f'href="/cases/{case.id}/consents/new"' in overview  # the way without JavaScript
    assert 'name="purpose"' not in overview
    assert f'action="/cases/{case.id}/consents/{consent.id}/withdraw"' in overview  # still withdrawn here


def test_the_form_comes_as_a_fragment_for_htmx_and_as_a_page_without(client, make):
    manager = make.user("case_manager")
    school = make.org("school")
    case = make.case(manager=manager)
    client.login(manager.email)

    fragment = client.get(f"/cases/{case.id}/consents/new", headers={"HX-Request": "true"}).get_data(
        as_text=True
    )
    assert "<html" not in fragment
    assert f'hx-post="/cases/{case.id}/consents"' in fragment  # answered by the region in place
    assert 'name="csrf_token"' in fragment and 'name="purpose"' in fragment and school.name in fragment

    page = client.get(f"/cases/{case.id}/consents/new").get_data(as_text=True)
    assert "<html" in page and 'name="purpose"' in page
    assert "hx-post" not in page.split('id="record-consent-heading"')[1]  # a plain form on its own page


def test_a_refused_form_comes_back_open_with_its_errors(client, make):
    manager = make.user("case_manager")
    school = make.org("school")
    case = make.case(manager=manager)
    client.login(manager.email)

    data = {"organisation_id": school.id, "purpose": "Support in school", "form": "written"}
    data |= {"given_by": "young_person", "given_on": date.today().isoformat()}  # but no part of the case
    for htmx in (False, True):
        refused = client.post(f"/cases/{case.id}/consents", data=data, htmx=htmx)
        assert refused.status_code == 422
        html = refused.get_data(as_text=True)
        assert '<details class="record-consent" open>' in html
        assert "never blanket" in html and "Support in school</textarea>" in html
