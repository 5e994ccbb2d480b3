"""Deactivation ends every session at once (a copied cookie is worthless), is confirmed and audited."""

from __future__ import annotations

import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.auth.models import UserSession
from portal.extensions import db
from portal.orgs.models import User

COOKIE = "soffa_session"


def _sessions(app, user_id: int) -> list[UserSession]:
    with app.app_context():
        return list(
            db.session.execute(sa.select(UserSession).where(UserSession.user_id == user_id)).scalars()
        )


def _active(app, user_id: int) -> bool:
    with app.app_context():
        return db.session.get(User, user_id).active


def test_confirmation_page_has_a_clear_button_and_changes_nothing(app, admin_client, make):
    user = make.user("staff", name="Kim Ek")
    page = admin_client.get(f"/admin/users/{user.id}/deactivate")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'method="post"' in body and "Yes, deactivate Kim Ek" in body
    assert _active(app, user.id)


def test_deactivation_ends_sessions_and_the_copied_cookie(app, admin_client, admin, make):
    user = make.user("staff")
    browser = app.test_client()
    assert browser.login(user.email).status_code == 302
    assert browser.get("/cases/").status_code == 200
    stolen = browser.get_cookie(COOKIE).value
    # A second browser of the same person: both must end.
    laptop = app.test_client()
    laptop.login(user.email)
    assert len([s for s in _sessions(app, user.id) if s.ended_at is None]) == 2

    response = admin_client.post(f"/admin/users/{user.id}/deactivate")
    assert response.status_code == 302
    assert not _active(app, user.id)
    # Ended at once, in the deactivating request, not lazily on the user's next request.
    rows = _sessions(app, user.id)
    assert rows and all(s.ended_at is not None and s.ended_reason == "deactivated" for s in rows)

    response = browser.get("/cases/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")

    replay = app.test_client()
    replay.set_cookie(COOKIE, stolen)
    response = replay.get("/cases/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")

    # And the password no longer signs them in.
    assert app.test_client().login(user.email).status_code == 401

    with app.app_context():
        event = db.session.execute(
            sa.select(AuditEvent).where(
                AuditEvent.action == "user.deactivate", AuditEvent.target_id == user.id
            )
        ).scalar_one()
        assert event.user_id == admin.id and event.details["sessions_ended"] == 2


def test_cookie_replay_works_before_deactivation(app, make):
    """The control for the test above: the copied cookie is a real, working session until then."""
    user = make.user("staff")
    browser = app.test_client()
    browser.login(user.email)
    replay = app.test_client()
    replay.set_cookie(COOKIE, browser.get_cookie(COOKIE).value)
    assert replay.get("/cases/").status_code == 200


def test_admin_cannot_deactivate_themselves(app, admin_client, admin):
    page = admin_client.get(f"/admin/users/{admin.id}/deactivate").get_data(as_text=True)
    assert "Yes, deactivate" not in page
    response = admin_client.post(f"/admin/users/{admin.id}/deactivate")
    assert response.status_code == 422
    assert "cannot deactivate your own account" in response.get_data(as_text=True)
    assert _active(app, admin.id)
    assert admin_client.get("/admin/users").status_code == 200  # still signed in
    with app.app_context():
        assert (
            db.session.execute(sa.select(AuditEvent).where(AuditEvent.action == "user.deactivate")).first()
            is None
        )


def test_reactivation_lets_them_sign_in_again(app, admin_client, admin, make):
    user = make.user("staff", active=False)
    assert app.test_client().login(user.email).status_code == 401
    page = admin_client.get(f"/admin/users/{user.id}/reactivate").get_data(as_text=True)
    assert "Yes, reactivate" in page
    assert admin_client.post(f"/admin/users/{user.id}/reactivate").status_code == 302
    assert _active(app, user.id)
    assert app.test_client().login(user.email).status_code == 302
    with app.app_context():
        event = db.session.execute(
            sa.select(AuditEvent).where(
                AuditEvent.action == "user.reactivate", AuditEvent.target_id == user.id
            )
        ).scalar_one()
        assert event.user_id == admin.id


def test_list_shows_deactivated_users(admin_client, make):
    make.user("staff", name="Borta Bengt", active=False)
    body = admin_client.get("/admin/users").get_data(as_text=True)
    row = body[body.index("Borta Bengt") :]
    assert "Deactivated" in row[: row.index("</tr>")]
