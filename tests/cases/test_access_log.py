"""The access log is part of every read: no row, no data. Consent changes hold on the very next request."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from portal.audit.models import AccessLogEntry
from portal.extensions import db


def _rows(app, **where) -> int:
    with app.app_context():
        query = sa.select(sa.func.count()).select_from(AccessLogEntry).filter_by(**where)
        return db.session.execute(query).scalar_one()


def test_a_failing_access_log_write_returns_no_case_data(app, client, make):
    manager = make.user("case_manager")
    case = make.case(manager=manager, young_name="Ingrid Secretsson")
    client.login(manager.email)
    assert "Ingrid Secretsson" in client.get(f"/cases/{case.id}").get_data(as_text=True)
    with app.app_context():  # break the log table for real, inside the test's transaction
        db.session.execute(sa.text("ALTER TABLE access_log_entry RENAME TO access_log_entry_away"))
        db.session.commit()
    response = client.get(f"/cases/{case.id}")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Ingrid Secretsson" not in body
    assert "+46701234567" not in body


def test_every_case_read_of_a_partner_names_the_consent_it_relied_on(app, make):
    manager = make.user("case_manager")
    school = make.org("school")
    mentor = make.user("staff", org=school)
    case = make.case(manager=manager)
    make.member(case, mentor)
    consent = make.consent(case, school, scopes=("contacts",))
    partner = app.test_client()
    partner.login(mentor.email)
    partner.get(f"/cases/{case.id}")
    with app.app_context():
        row = db.session.execute(sa.select(AccessLogEntry).filter_by(user_id=mentor.id)).scalar_one()
        assert row.consent_id == consent.id
        assert row.grounds == "relation:staff,consent:contacts"
        assert row.organisation_id == school.id


def test_a_form_shown_again_with_errors_still_logs_what_it_showed(app, client, make):
    manager = make.user("case_manager")
    case = make.case(manager=manager)
    client.login(manager.email)
    team_url = f"/cases/{case.id}/contacts/team"
    response = client.post(team_url, data={"user_id": "999999", "case_role": "mentor"})
    assert response.status_code == 422  # the whole contact list again, without JavaScript
    assert _rows(app, case_id=case.id, user_id=manager.id) == 1


def test_basic_view_is_logged_too(app, make):
    manager = make.user("case_manager")
    mentor = make.user("staff")
    case = make.case(manager=manager)
    make.member(case, mentor)
    partner = app.test_client()
    partner.login(mentor.email)
    partner.get(f"/cases/{case.id}")
    with app.app_context():
        row = db.session.execute(sa.select(AccessLogEntry).filter_by(user_id=mentor.id)).scalar_one()
        assert row.section == "basic"


def test_an_expired_consent_blocks_the_next_request(app, make):
    manager = make.user("case_manager")
    school = make.org("school")
    mentor = make.user("staff", org=school)
    case = make.case(manager=manager)
    make.member(case, mentor)
    consent = make.consent(case, school, scopes=("contacts",), expires_on=date.today())
    partner = app.test_client()
    partner.login(mentor.email)
    assert "+46701234567" in partner.get(f"/cases/{case.id}").get_data(as_text=True)  # valid through today
    with app.app_context():
        db.session.execute(
            sa.text("UPDATE consent SET expires_on = :day WHERE id = :id"),
            {"day": date.today() - timedelta(days=1), "id": consent.id},
        )
        db.session.commit()
    assert "+46701234567" not in partner.get(f"/cases/{case.id}").get_data(as_text=True)


def test_names_with_markup_render_as_text(app, client, make):
    manager = make.user("case_manager", name='<script>alert("x")</script>')
    case = make.case(manager=manager, young_name="<img src=x onerror=alert(1)>")
    client.login(manager.email)
    for url in ("/cases/", f"/cases/{case.id}"):
        body = client.get(url).get_data(as_text=True)
        assert "<img src=x" not in body and '<script>alert("x")' not in body
        assert "&lt;img src=x onerror=alert(1)&gt;" in body


def test_overview_query_count_does_not_grow_with_the_team(app, client, make, count_queries):
    manager = make.user("case_manager")
    small, large = make.case(manager=manager), make.case(manager=manager)
    school = make.org("school")
    for _ in range(2):
        make.member(small, make.user("staff", org=school))
    for _ in range(12):
        make.member(large, make.user("staff", org=make.org("school")))
    for _ in range(5):
        make.consent(large, school)
    client.login(manager.email)
    client.get(f"/cases/{small.id}")  # warm caches (session touch, first connection)
    with count_queries() as few:
        client.get(f"/cases/{small.id}")
    with count_queries() as many:
        client.get(f"/cases/{large.id}")
    assert few.n == many.n, many.statements
