"""Invitations: the administrator creates an account, the real SMTP server receives the activation link,
the person chooses a password (the rules of portal/auth/password_rules.py) and is signed in. The link
works once, expires, leaves the address bar, and a broken one says what to do; the administrator can
send a new one."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.auth.models import SignInToken
from portal.db import now_utc
from portal.extensions import db
from portal.orgs.models import User
from portal.outbox import content
from portal.outbox.envelopes import Stale
from portal.outbox.models import OutboxMessage

LINK = re.compile(r"https?://\S+/activate/(\S+)")
PASSWORD = "a kettle of seven herons"


@pytest.fixture
def admin_client(app, make):
    client = app.test_client()
    assert client.login(make.user("admin").email).status_code == 302
    return client


def invite(admin_client, make, email="kim.ek@example.org", role="staff", locale="en", **extra):
    org = make.org("school") if role != "young_person" else None
    data = {
        "name": "Kim Ek",
        "email": email,
        "phone": "",
        "organisation_id": str(org.id) if org else "",
        "role": role,
        "locale": locale,
        "send_invitation": "y",
        **extra,
    }
    response = admin_client.post("/admin/users/new", data=data)
    assert response.status_code == 302
    return response


def mailed_secret(mail_server, email: str, index: int = -1) -> str:
    mails = mail_server.to(email)
    return LINK.search(mails[index].get_content()).group(1)


def user_by_email(app, email: str) -> User:
    with app.app_context():
        return db.session.execute(sa.select(User).where(User.email == email)).unique().scalar_one()


def audit_actions(app, user_id: int) -> list[str]:
    with app.app_context():
        query = sa.select(AuditEvent.action).where(
            AuditEvent.target_id == user_id, AuditEvent.target_type == "user"
        )
        return list(db.session.execute(query.order_by(AuditEvent.id)).scalars())


def test_the_invited_person_chooses_a_password_and_is_signed_in(app, admin_client, make, mail_server):
    invite(admin_client, make)
    [mail] = mail_server.to("kim.ek@example.org")
    assert mail["Subject"] == "Your Soffa account is ready"
    assert "kim.ek@example.org" in mail.get_content() and "72 hours" in mail.get_content()
    secret = mailed_secret(mail_server, "kim.ek@example.org")
    assert len(secret) >= 43  # 256 bits, urlsafe base64
    with app.app_context():
        token = db.session.execute(sa.select(SignInToken)).scalars().one()
        assert token.purpose == "activation" and secret not in token.token_hash  # only a hash is stored
        assert timedelta(hours=71) < token.expires_at - now_utc() <= timedelta(hours=72)
        message = db.session.execute(sa.select(OutboxMessage)).scalars().one()
        assert message.kind == "activation" and message.state == "sent"

    person = app.test_client()
    opened = person.get(f"/activate/{secret}")
    assert opened.status_code == 303 and opened.headers["Location"] == "/activate"  # out of the address bar
    page = person.get("/activate")
    assert page.status_code == 200 and secret not in page.get_data(as_text=True)
    assert "Welcome to Soffa, Kim Ek" in page.get_data(as_text=True)

    weak = person.post("/activate", data={"new_password": "password1", "repeat_password": "password1"})
    assert weak.status_code == 422 and "one of the most common ones" in weak.get_data(as_text=True)
    done = person.post("/activate", data={"new_password": PASSWORD, "repeat_password": PASSWORD})
    assert done.status_code == 302 and done.headers["Location"] == "/"
    assert person.get("/cases/").status_code == 200
    user = user_by_email(app, "kim.ek@example.org")
    assert user.password_hash is not None and user.password_changed_at is not None
    assert audit_actions(app, user.id) == ["user.create", "user.invite", "user.activate"]
    assert app.test_client().login("kim.ek@example.org", password=PASSWORD).status_code == 302

    again = app.test_client().get(f"/activate/{secret}")
    assert again.status_code == 410
    assert "has been used already" in again.get_data(as_text=True)
    assert "Ask the Soffa administrator who invited you" in again.get_data(as_text=True)


def test_a_case_manager_goes_on_to_set_up_the_authenticator(app, admin_client, make, mail_server):
    invite(admin_client, make, email="cm@example.org", role="case_manager")
    person = app.test_client()
    person.get(f"/activate/{mailed_secret(mail_server, 'cm@example.org')}")
    done = person.post("/activate", data={"new_password": PASSWORD, "repeat_password": PASSWORD})
    assert done.headers["Location"] == "/login/enrol"
    assert person.get("/cases/").status_code == 302, "not signed in before the second factor"
    assert person.get("/login/enrol").status_code == 200


def test_an_expired_or_tampered_link_says_what_to_do(app, admin_client, make, mail_server):
    invite(admin_client, make)
    secret = mailed_secret(mail_server, "kim.ek@example.org")
    tampered = app.test_client().get(f"/activate/{secret[:-2]}xx")
    assert tampered.status_code == 400 and "could not read it" in tampered.get_data(as_text=True)
    assert "send a new invitation" in tampered.get_data(as_text=True)

    person = app.test_client()
    assert person.get(f"/activate/{secret}").status_code == 303
    with app.app_context():
        db.session.execute(sa.update(SignInToken).values(expires_at=now_utc() - timedelta(seconds=1)))
        db.session.commit()
    expired = app.test_client().get(f"/activate/{secret}")
    assert expired.status_code == 410 and "too old" in expired.get_data(as_text=True)
    # Expired while the form was open: the password is not saved.
    late = person.post("/activate", data={"new_password": PASSWORD, "repeat_password": PASSWORD})
    assert late.status_code == 410 and user_by_email(app, "kim.ek@example.org").password_hash is None


def test_the_administrator_sends_a_new_invitation_and_the_old_link_stops(
    app, admin_client, make, mail_server
):
    invite(admin_client, make)
    first = mailed_secret(mail_server, "kim.ek@example.org")
    user = user_by_email(app, "kim.ek@example.org")
    page = admin_client.get(f"/admin/users/{user.id}/edit").get_data(as_text=True)
    assert "Invited on" in page and "Send a new invitation" in page

    response = admin_client.post(f"/admin/users/{user.id}/invite")

    assert response.status_code == 302 and response.headers["Location"] == f"/admin/users/{user.id}/edit"
    assert len(mail_server.to("kim.ek@example.org")) == 2
    second = mailed_secret(mail_server, "kim.ek@example.org")
    assert app.test_client().get(f"/activate/{first}").status_code == 410
    person = app.test_client()
    assert person.get(f"/activate/{second}").status_code == 303
    assert (
        person.post("/activate", data={"new_password": PASSWORD, "repeat_password": PASSWORD}).status_code
        == 302
    )
    page = admin_client.get(f"/admin/users/{user.id}/edit").get_data(as_text=True)
    assert "Has a password." in page and "invitation</button>" not in page
    refused = admin_client.post(f"/admin/users/{user.id}/invite", follow_redirects=True)
    assert "needs no invitation" in refused.get_data(as_text=True)
    assert len(mail_server.to("kim.ek@example.org")) == 2


def test_the_user_page_shows_an_expired_invitation(app, admin_client, make, mail_server):
    invite(admin_client, make)
    user = user_by_email(app, "kim.ek@example.org")
    with app.app_context():
        db.session.execute(sa.update(SignInToken).values(expires_at=now_utc() - timedelta(hours=1)))
        db.session.commit()
    page = admin_client.get(f"/admin/users/{user.id}/edit").get_data(as_text=True)
    assert "has expired without being used" in page and "Send a new invitation" in page


def test_no_invitation_for_a_young_person_or_when_the_administrator_unticks_it(
    app, admin_client, make, mail_server
):
    response = invite(admin_client, make, email="ung@example.org", role="young_person")
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "no invitation is needed" in page and "Send an invitation" not in page
    data = {"send_invitation": ""}
    response = invite(admin_client, make, email="sso@example.org", **data)
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "created, without an invitation" in page and "Send an invitation" in page
    assert mail_server.messages == []
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count(SignInToken.id))).scalar_one() == 0


def test_a_deactivated_account_cannot_be_activated(app, admin_client, make, mail_server):
    invite(admin_client, make)
    user = user_by_email(app, "kim.ek@example.org")
    assert admin_client.post(f"/admin/users/{user.id}/deactivate").status_code == 302
    answer = app.test_client().get(f"/activate/{mailed_secret(mail_server, 'kim.ek@example.org')}")
    assert answer.status_code == 400


@pytest.mark.parametrize(
    ("locale", "subject", "phrase"),
    [
        ("sv", "Ditt konto i Soffa är klart", "Öppna länken"),
        ("da", "Din konto i Soffa er klar", "Åbn linket"),
    ],
)
def test_the_invitation_is_in_the_persons_language(
    app, admin_client, make, mail_server, locale, subject, phrase
):
    invite(admin_client, make, email=f"{locale}@example.org", locale=locale)
    [mail] = mail_server.to(f"{locale}@example.org")
    assert mail["Subject"] == subject
    assert phrase in mail.get_content()


def test_a_mail_that_could_not_leave_in_time_is_not_sent_late(app, admin_client, make, mail_server):
    """Built when it leaves: an invitation replaced, or an account activated, before a retry goes nowhere."""
    invite(admin_client, make)
    user = user_by_email(app, "kim.ek@example.org")
    admin_client.post(f"/admin/users/{user.id}/invite")
    person = app.test_client()
    person.get(f"/activate/{mailed_secret(mail_server, 'kim.ek@example.org')}")
    person.post("/activate", data={"new_password": PASSWORD, "repeat_password": PASSWORD})
    with app.app_context():
        first, second = db.session.execute(sa.select(OutboxMessage).order_by(OutboxMessage.id)).scalars()
        assert isinstance(content.build(first), Stale)  # replaced by the second invitation
        assert isinstance(content.build(second), Stale)  # used
        db.session.execute(sa.update(SignInToken).values(used_at=None))
        assert "has a password already" in content.build(second).reason
