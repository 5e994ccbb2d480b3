"""Organisations: list with user counts, create, edit; a duplicate name is a field error, not a 500."""

from __future__ import annotations

import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.orgs.models import Organisation


def _orgs_named(app, name: str) -> list[Organisation]:
    with app.app_context():
        return list(db.session.execute(sa.select(Organisation).where(Organisation.name == name)).scalars())


def test_list_shows_name_kind_and_user_count(admin_client, make):
    org = make.org("health", name="Ungdomsmottagningen")
    make.user("staff", org=org)
    make.user("staff", org=org)
    body = admin_client.get("/admin/organisations").get_data(as_text=True)
    assert "Ungdomsmottagningen" in body
    assert "Health" in body
    row = body[body.index("Ungdomsmottagningen") :]
    row = row[: row.index("</tr>")]
    assert ">2</a>" in row


def test_admin_creates_organisation_with_audit_event(app, admin_client, admin):
    response = admin_client.post(
        "/admin/organisations/new", data={"name": "  Norra gymnasiet ", "kind": "school"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/organisations")
    [org] = _orgs_named(app, "Norra gymnasiet")
    assert org.kind == "school"
    with app.app_context():
        event = db.session.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "org.create", AuditEvent.target_id == org.id)
        ).scalar_one()
        assert event.user_id == admin.id
        assert event.details["name"] == "Norra gymnasiet"


def test_duplicate_name_is_a_field_error_and_nothing_saved(app, admin_client, make):
    make.org("school", name="Södra gymnasiet")
    response = admin_client.post(
        "/admin/organisations/new", data={"name": "södra Gymnasiet", "kind": "health"}
    )
    assert response.status_code == 422
    assert "already exists" in response.get_data(as_text=True)
    assert _orgs_named(app, "södra Gymnasiet") == []
    assert len(_orgs_named(app, "Södra gymnasiet")) == 1


def test_unknown_kind_and_empty_name_are_refused(app, admin_client):
    response = admin_client.post("/admin/organisations/new", data={"name": "Klubben", "kind": "bank"})
    assert response.status_code == 422
    assert _orgs_named(app, "Klubben") == []
    response = admin_client.post("/admin/organisations/new", data={"name": "   ", "kind": "school"})
    assert response.status_code == 422


def test_edit_organisation_name_and_kind(app, admin_client, make):
    org = make.org("other", name="Gamla namnet")
    assert admin_client.get(f"/admin/organisations/{org.id}/edit").status_code == 200
    response = admin_client.post(
        f"/admin/organisations/{org.id}/edit", data={"name": "Nya namnet", "kind": "youth_ngo"}
    )
    assert response.status_code == 302
    [saved] = _orgs_named(app, "Nya namnet")
    assert saved.id == org.id and saved.kind == "youth_ngo"
    with app.app_context():
        event = db.session.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "org.update", AuditEvent.target_id == org.id)
        ).scalar_one()
        assert event.details["changed"]["name"] == ["Gamla namnet", "Nya namnet"]


def test_edit_to_another_organisations_name_is_refused(app, admin_client, make):
    make.org("school", name="Första")
    second = make.org("school", name="Andra")
    response = admin_client.post(
        f"/admin/organisations/{second.id}/edit", data={"name": "Första", "kind": "school"}
    )
    assert response.status_code == 422
    assert len(_orgs_named(app, "Andra")) == 1


def test_keeping_its_own_name_is_not_a_duplicate(admin_client, make):
    org = make.org("school", name="Samma")
    response = admin_client.post(
        f"/admin/organisations/{org.id}/edit", data={"name": "Samma", "kind": "health"}
    )
    assert response.status_code == 302


def test_unknown_organisation_is_404(admin_client):
    assert admin_client.get("/admin/organisations/999999/edit").status_code == 404


def test_a_post_missing_the_fields_is_refused_not_saved_as_before(admin_client, make):
    org = make.org("school")
    assert admin_client.post(f"/admin/organisations/{org.id}/edit", data={}).status_code == 422
