"""The administrator signs a user out everywhere (a lost laptop, a shared computer): at once, audited,
and the account stays active (deactivation is the stronger step, tests/orgs/test_deactivation.py)."""

from __future__ import annotations

import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.extensions import db


def _signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def test_the_administrator_signs_a_user_out_everywhere(app, admin_client, admin, make, client_factory):
    user, colleague = make.user("staff", name="Kim Ek"), make.user("staff")
    laptop, phone, colleagues = client_factory(), client_factory(), client_factory()
    for client, person in ((laptop, user), (phone, user), (colleagues, colleague)):
        assert client.login(person.email).status_code == 302
    page = admin_client.get(f"/admin/users/{user.id}/edit").get_data(as_text=True)
    assert "Signed in on 2 devices or browsers now." in page and "Sign Kim Ek out everywhere" in page

    response = admin_client.post(f"/admin/users/{user.id}/end-sessions")

    assert response.status_code == 302 and response.headers["Location"] == f"/admin/users/{user.id}/edit"
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Kim Ek is signed out of 2 sessions." in page
    assert "Signed in on 0 devices or browsers now." in page and "out everywhere</button>" not in page
    assert not _signed_in(laptop) and not _signed_in(phone)
    assert _signed_in(colleagues) and _signed_in(admin_client)
    assert client_factory().login(user.email).status_code == 302, "still active: may sign in again"
    with app.app_context():
        [event] = db.session.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "user.sessions_end")
        ).scalars()
        assert (event.user_id, event.target_id, event.details) == (admin.id, user.id, {"sessions_ended": 2})


def test_an_administrator_signing_themselves_out_elsewhere_keeps_this_session(
    admin_client, admin, client_factory
):
    other_browser = client_factory()
    other_browser.login(admin.email)
    assert admin_client.post(f"/admin/users/{admin.id}/end-sessions").status_code == 302
    assert _signed_in(admin_client) and not _signed_in(other_browser)


def test_an_unknown_user_is_404(admin_client):
    assert admin_client.post("/admin/users/999999/end-sessions").status_code == 404
    assert admin_client.post("/admin/users/999999/invite").status_code == 404
