"""Users: create (validated, unique email, E.164 phone, organisation rules), edit, list with filters."""

from __future__ import annotations

import re

import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.orgs.models import User


def _user_by_email(app, email: str) -> User | None:
    with app.app_context():
        return db.session.execute(sa.select(User).where(User.email == email)).unique().scalar_one_or_none()


def _count_users(app) -> int:
    with app.app_context():
        return db.session.execute(sa.select(sa.func.count(User.id))).scalar_one()


def _form(org=None, **overrides) -> dict:
    data = {
        "name": "Maja Lind",
        "email": "Maja.Lind@Example.org",
        "phone": "070-123 45 67",
        "organisation_id": str(org.id) if org else "",
        "role": "staff",
        "locale": "sv",
        "send_invitation": "y",
    }
    data.update(overrides)
    return data


def test_admin_creates_user_without_a_password(app, admin_client, admin, make):
    """The person chooses their own password through the invitation (tests/auth/test_invitations.py)."""
    org = make.org("school")
    response = admin_client.post("/admin/users/new", data=_form(org))
    user = _user_by_email(app, "maja.lind@example.org")  # stored lower-cased
    assert user is not None
    assert response.status_code == 302 and response.headers["Location"] == f"/admin/users/{user.id}/edit"
    assert (user.name, user.role, user.organisation_id, user.locale) == ("Maja Lind", "staff", org.id, "sv")
    assert user.phone == "+46701234567"  # E.164, region SE by default
    assert user.password_hash is None and user.active
    with app.app_context():
        event = db.session.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "user.create", AuditEvent.target_id == user.id)
        ).scalar_one()
        assert event.user_id == admin.id
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "An invitation to choose a password is on its way to maja.lind@example.org" in page


def test_young_person_needs_no_organisation(app, admin_client):
    data = _form(None, email="ung@example.org", role="young_person", phone="")
    assert admin_client.post("/admin/users/new", data=data).status_code == 302
    user = _user_by_email(app, "ung@example.org")
    assert user.organisation_id is None and user.phone is None


def test_young_person_with_an_organisation_is_refused(app, admin_client, make):
    org = make.org("school")
    data = _form(org, email="ung2@example.org", role="young_person")
    response = admin_client.post("/admin/users/new", data=data)
    assert response.status_code == 422
    assert _user_by_email(app, "ung2@example.org") is None


def test_foreign_phone_number_is_kept_in_its_country(app, admin_client, make):
    data = _form(make.org("job_centre"), email="dk@example.org", phone="+45 20 12 34 56")
    assert admin_client.post("/admin/users/new", data=data).status_code == 302
    assert _user_by_email(app, "dk@example.org").phone == "+4520123456"


def _assert_refused(app, admin_client, data, field_message: str):
    before = _count_users(app)
    response = admin_client.post("/admin/users/new", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    # The message sits in the error list next to its field (not merely somewhere on the page, like a hint).
    errors = " ".join(re.findall(r'<ul class="errors"[^>]*>(.*?)</ul>', body, re.S))
    assert field_message in errors
    assert _count_users(app) == before


def test_duplicate_email_any_case(app, admin_client, make):
    org = make.org("school")
    make.user("staff", org=org, email="taken@example.org")
    _assert_refused(app, admin_client, _form(org, email="Taken@Example.ORG"), "already exists")


def test_bad_email(app, admin_client, make):
    _assert_refused(app, admin_client, _form(make.org("school"), email="not-an-address"), "Invalid email")


def test_bad_phone(app, admin_client, make):
    _assert_refused(app, admin_client, _form(make.org("school"), phone="12"), "valid phone number")


def test_missing_organisation_for_staff(app, admin_client):
    _assert_refused(app, admin_client, _form(None), "Choose the organisation")


def test_unknown_role_and_locale(app, admin_client, make):
    org = make.org("school")
    _assert_refused(app, admin_client, _form(org, role="superuser"), "Not a valid choice")
    _assert_refused(app, admin_client, _form(org, locale="de"), "Not a valid choice")


def test_create_form_offers_an_invitation_not_a_password(admin_client):
    body = admin_client.get("/admin/users/new").get_data(as_text=True)
    assert 'type="password"' not in body
    [checkbox] = re.findall(r'<input[^>]*name="send_invitation"[^>]*>', body)
    assert " checked " in checkbox and 'type="checkbox"' in checkbox  # invited unless the admin says not


def test_edit_user(app, admin_client, admin, make):
    school, health = make.org("school"), make.org("health")
    user = make.user("staff", org=school, phone="+46701234567")
    page = admin_client.get(f"/admin/users/{user.id}/edit")
    assert page.status_code == 200 and user.name in page.get_data(as_text=True)
    data = {
        "name": "Nytt Namn",
        "phone": "",
        "organisation_id": str(health.id),
        "role": "case_manager",
        "locale": "da",
    }
    assert admin_client.post(f"/admin/users/{user.id}/edit", data=data).status_code == 302
    saved = _user_by_email(app, user.email)
    assert (saved.name, saved.phone, saved.organisation_id, saved.role, saved.locale) == (
        "Nytt Namn",
        None,
        health.id,
        "case_manager",
        "da",
    )
    with app.app_context():
        event = db.session.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "user.update", AuditEvent.target_id == user.id)
        ).scalar_one()
        assert event.user_id == admin.id
        assert event.details["changed"]["role"] == ["staff", "case_manager"]


def test_edit_to_staff_without_organisation_is_refused(app, admin_client):
    young = None
    response = admin_client.post(
        "/admin/users/new", data=_form(None, email="y@example.org", role="young_person", phone="")
    )
    assert response.status_code == 302
    young = _user_by_email(app, "y@example.org")
    data = {"name": young.name, "phone": "", "organisation_id": "", "role": "staff", "locale": "sv"}
    assert admin_client.post(f"/admin/users/{young.id}/edit", data=data).status_code == 422
    assert _user_by_email(app, "y@example.org").role == "young_person"


def test_admin_cannot_take_away_own_admin_role(app, admin_client, admin):
    data = {
        "name": admin.name,
        "phone": "",
        "organisation_id": str(admin.organisation_id),
        "role": "staff",
        "locale": "en",
    }
    response = admin_client.post(f"/admin/users/{admin.id}/edit", data=data)
    assert response.status_code == 422
    assert _user_by_email(app, admin.email).role == "admin"


def test_unknown_user_is_404(admin_client):
    assert admin_client.get("/admin/users/999999/edit").status_code == 404
    assert admin_client.post("/admin/users/999999/deactivate").status_code == 404


def test_list_and_filters(admin_client, make):
    school, health = make.org("school", name="Skolan"), make.org("health", name="Vården")
    mentor = make.user("staff", org=school, name="Mentor Mats")
    nurse = make.user("staff", org=health, name="Sköterska Siv")
    manager = make.user("case_manager", org=school, name="Samordnare Sara")

    body = admin_client.get("/admin/users").get_data(as_text=True)
    for user in (mentor, nurse, manager):
        assert user.name in body and user.email in body
    assert "Skolan" in body and "Partner staff" in body and "Active" in body

    body = admin_client.get(f"/admin/users?org={school.id}").get_data(as_text=True)
    assert "Mentor Mats" in body and "Samordnare Sara" in body and "Sköterska Siv" not in body

    body = admin_client.get(f"/admin/users?org={school.id}&role=case_manager").get_data(as_text=True)
    assert "Samordnare Sara" in body and "Mentor Mats" not in body

    # A stale or edited filter value is ignored instead of failing the page.
    assert admin_client.get("/admin/users?org=abc&role=nonsense").status_code == 200


def test_script_in_a_name_is_escaped(admin_client, make):
    make.user("staff", org=make.org("school"), name="<script>alert(1)</script>")
    body = admin_client.get("/admin/users").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_new_user_form_does_not_default_to_administrator(admin_client):
    body = admin_client.get("/admin/users/new").get_data(as_text=True)
    assert '<option selected value="staff">' in body
    assert '<option selected value="admin">' not in body
