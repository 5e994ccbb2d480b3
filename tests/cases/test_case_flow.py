"""A case manager opens a case, builds the team, records and withdraws consent; partners see what consent allows."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from portal.audit.models import AccessLogEntry, AuditEvent
from portal.cases.models import Case, Consent, TeamMember
from portal.extensions import db


def _count(app, model, *where) -> int:
    with app.app_context():
        return db.session.execute(sa.select(sa.func.count()).select_from(model).where(*where)).scalar_one()


def test_case_manager_opens_a_case(app, client, make):
    manager = make.user("case_manager")
    client.login(manager.email)
    response = client.post(
        "/cases/new",
        data={
            "name": "Alva Berg",
            "birth_date": "2008-03-01",
            "phone": "070-123 45 67",
            "language": "sv",
            "track": "left_school",
            "deputy_id": "0",
            "national_id": "20080301-1234",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        case = db.session.execute(sa.select(Case).order_by(Case.id.desc())).unique().scalars().first()
        assert case.case_manager_id == manager.id
        assert case.young_person.phone == "+46701234567"  # stored as E.164 for tel:/sms: links
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Alva Berg" in page
    assert "20080301-1234" not in page  # the full personal number is never shown
    assert _count(app, AuditEvent, AuditEvent.action == "case.create") == 1


def test_new_case_bad_input_is_refused_with_field_errors(app, client, make):
    manager = make.user("case_manager")
    client.login(manager.email)
    before = _count(app, Case)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = client.post(
        "/cases/new",
        data={
            "name": "",
            "birth_date": tomorrow,
            "phone": "not a phone",
            "national_id": "12",
            "track": "nonsense",
            "deputy_id": "999999",
            "email": "x",
        },
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert body.count('class="errors"') >= 5
    assert _count(app, Case) == before


def test_team_and_consent_through_htmx(app, client, make):
    manager = make.user("case_manager")
    school = make.org("school")
    mentor = make.user("staff", org=school)
    case = make.case(manager=manager)
    client.login(manager.email)
    team_url = f"/cases/{case.id}/contacts/team"  # the team is managed on the contact list

    added = client.post(team_url, data={"user_id": mentor.id, "case_role": "mentor"}, htmx=True)
    assert added.status_code == 200
    assert added.headers["HX-Trigger"] == "team-changed"
    assert mentor.name in added.get_data(as_text=True)
    assert "<html" not in added.get_data(as_text=True)  # a fragment, not a page

    twice = client.post(team_url, data={"user_id": mentor.id, "case_role": "mentor"}, htmx=True)
    assert twice.status_code == 422
    assert "already on the team" in twice.get_data(as_text=True)

    recorded = client.post(
        f"/cases/{case.id}/consents",
        data={
            "organisation_id": school.id,
            "scope_contacts": "y",
            "purpose": "Support in school",
            "form": "written",
            "given_by": "young_person",
            "given_on": date.today().isoformat(),
        },
        htmx=True,
    )
    assert recorded.status_code == 200
    with app.app_context():
        consent = (
            db.session.execute(sa.select(Consent).where(Consent.case_id == case.id)).unique().scalar_one()
        )
        assert consent.scopes == {"contacts"}

    no_scope = client.post(
        f"/cases/{case.id}/consents",
        data={
            "organisation_id": school.id,
            "purpose": "x",
            "form": "written",
            "given_by": "young_person",
            "given_on": date.today().isoformat(),
        },
    )
    assert no_scope.status_code == 422
    assert "never blanket" in no_scope.get_data(as_text=True)
    assert _count(app, Consent, Consent.case_id == case.id) == 1


def test_partner_sees_details_only_with_consent_and_loses_them_on_withdrawal(app, client, make):
    manager = make.user("case_manager")
    school = make.org("school")
    mentor = make.user("staff", org=school)
    case = make.case(manager=manager, young_name="Nils Holm")
    make.member(case, mentor)
    partner = app.test_client()
    partner.login(mentor.email)

    basic = partner.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Basic view" in basic and manager.name in basic
    assert "+46701234567" not in basic  # no consent: no contact details

    consent = make.consent(case, school, scopes=("contacts",))
    full = partner.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "+46701234567" in full
    assert "Basic view" not in full

    client.login(manager.email)
    assert client.post(f"/cases/{case.id}/consents/{consent.id}/withdraw").status_code == 302
    after = partner.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "+46701234567" not in after  # the very next request


def test_removed_team_member_loses_the_case(app, client, make):
    manager = make.user("case_manager")
    mentor = make.user("staff")
    case = make.case(manager=manager)
    member = make.member(case, mentor)
    partner = app.test_client()
    partner.login(mentor.email)
    assert partner.get(f"/cases/{case.id}").status_code == 200
    client.login(manager.email)
    assert client.post(f"/cases/{case.id}/contacts/team/{member.id}/remove").status_code == 302
    assert partner.get(f"/cases/{case.id}").status_code == 404
    assert _count(app, TeamMember, TeamMember.id == member.id, TeamMember.removed_at.is_not(None)) == 1


def test_overview_writes_exactly_one_access_log_row(app, client, make):
    manager = make.user("case_manager")
    case = make.case(manager=manager)
    client.login(manager.email)
    before = _count(app, AccessLogEntry)
    client.get(f"/cases/{case.id}")
    assert _count(app, AccessLogEntry) == before + 1
    with app.app_context():
        row = (
            db.session.execute(sa.select(AccessLogEntry).order_by(AccessLogEntry.id.desc())).scalars().first()
        )
        assert (row.user_id, row.case_id, row.role) == (manager.id, case.id, "case_manager")
        assert row.section == "basic,person,consent"  # the team moved to the contact list (its own read)
        assert row.grounds == "relation:hub"
