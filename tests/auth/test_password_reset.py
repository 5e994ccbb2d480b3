"""Forgot your password?: asked for on the sign-in page (the same answer for every address, rate-limited),
the real SMTP server receives the link, the person chooses a new password under the usual rules, every
session of the account ends and the person signs in again, second factor included. The link works once,
expires, is withdrawn by a newer one or a changed password, and a broken one says how to ask again."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.auth.models import SignInToken
from portal.db import now_utc
from portal.extensions import db
from portal.outbox import content
from portal.outbox.envelopes import Stale
from portal.outbox.models import OutboxMessage
from tests.auth.test_account import browser, events, signed_in
from tests.auth.test_invitations import audit_actions
from tests.auth.totp_codes import next_code
from tests.factories import Factory

LINK = re.compile(r"https?://\S+/password/reset/(\S+)")
NEW = "a kettle of seven herons"


def ask(client, email: str):
    return client.post("/password/forgot", data={"email": email})


def mailed_secret(mail_server, email: str, index: int = -1) -> str:
    return LINK.search(mail_server.to(email)[index].get_content()).group(1)


def choose(client, secret: str, password: str = NEW):
    assert client.get(f"/password/reset/{secret}").status_code == 303
    return client.post("/password/reset", data={"new_password": password, "repeat_password": password})


def tokens(app) -> list[SignInToken]:
    with app.app_context():
        return list(db.session.execute(sa.select(SignInToken).order_by(SignInToken.id)).scalars())


def test_the_sign_in_page_offers_it(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<a href="/password/forgot">Forgot your password?</a>' in page
    form = client.get("/password/forgot").get_data(as_text=True)
    assert 'name="email"' in form and "60 minutes" in form


def test_a_forgotten_password_is_replaced_and_every_session_ends(app, make, mail_server):
    user = make.user("staff")
    laptop = browser(app, user.email)  # signed in somewhere, perhaps by whoever knows the old password

    asked = ask(app.test_client(), user.email.upper())

    assert asked.status_code == 302 and asked.headers["Location"] == "/password/forgot/sent"
    [mail] = mail_server.to(user.email)
    assert mail["Subject"] == "Choose a new password for Soffa"
    assert user.email in mail.get_content() and "60 minutes" in mail.get_content()
    secret = mailed_secret(mail_server, user.email)
    assert len(secret) >= 43  # 256 bits, urlsafe base64
    [token] = tokens(app)
    assert token.purpose == "password_reset" and secret not in token.token_hash  # only a hash is stored
    assert timedelta(minutes=59) < token.expires_at - now_utc() <= timedelta(minutes=60)
    with app.app_context():
        message = db.session.execute(sa.select(OutboxMessage)).scalars().one()
        assert message.kind == "password_reset" and message.state == "sent"

    person = app.test_client()
    opened = person.get(f"/password/reset/{secret}")
    assert opened.status_code == 303 and opened.headers["Location"] == "/password/reset"  # out of the bar
    page = person.get("/password/reset")
    assert page.status_code == 200 and secret not in page.get_data(as_text=True)
    assert user.email in page.get_data(as_text=True)
    weak = person.post("/password/reset", data={"new_password": "password1", "repeat_password": "password1"})
    assert weak.status_code == 422 and "one of the most common ones" in weak.get_data(as_text=True)
    done = person.post("/password/reset", data={"new_password": NEW, "repeat_password": NEW})

    assert done.status_code == 302 and done.headers["Location"] == "/login"
    assert "Sign in with it." in person.get("/login").get_data(as_text=True)
    assert not signed_in(person), "a reset signs nobody in"
    assert not signed_in(laptop), "every session of the account has ended"
    assert app.test_client().login(user.email).status_code == 401, "the old password no longer works"
    assert app.test_client().login(user.email, password=NEW).status_code == 302
    assert audit_actions(app, user.id) == ["user.password_reset_request", "user.password_reset"]
    [requested] = events(app, "user.password_reset_request")
    assert requested.user_id is None and requested.details["mailed"] is True
    [reset] = events(app, "user.password_reset")
    assert reset.user_id == user.id and reset.details == {"sessions_ended": 1}

    again = app.test_client().get(f"/password/reset/{secret}")
    assert again.status_code == 410 and "has been used already" in again.get_data(as_text=True)
    assert 'href="/password/forgot"' in again.get_data(as_text=True)


@pytest.mark.parametrize("role", ["case_manager", "admin"])
def test_a_reset_does_not_get_past_the_second_factor(app, make, mail_server, role):
    user = make.user(role)
    ask(app.test_client(), user.email)
    person = app.test_client()

    assert choose(person, mailed_secret(mail_server, user.email)).headers["Location"] == "/login"

    assert not signed_in(person)
    step = person.post("/login", data={"email": user.email, "password": NEW})
    assert step.status_code == 302 and step.headers["Location"] == "/login/code"
    assert not signed_in(person), "the new password alone signs nobody in"
    code = next_code(app, user.email, Factory.TOTP_SECRET)  # the authenticator is the same as before
    assert person.post("/login/code", data={"code": code}).status_code == 302
    assert signed_in(person)


def test_the_answer_is_the_same_whoever_the_address_belongs_to(app, make, mail_server):
    """Only an active staff or administrator account with a password gets a mail; the asker cannot tell."""
    accounts = {
        "staff with a password": make.user("staff"),
        "signs in through the organisation": make.user("staff", password_hash=None),
        "deactivated": make.user("staff", active=False),
        "young person": make.user("young_person"),
    }
    answers = {name: ask(app.test_client(), user.email) for name, user in accounts.items()} | {
        "unknown": ask(app.test_client(), "nobody@example.org")
    }

    shapes = {(r.status_code, r.headers["Location"], r.get_data()) for r in answers.values()}
    assert len(shapes) == 1 and next(iter(shapes))[:2] == (302, "/password/forgot/sent")
    assert [m["To"] for m in mail_server.messages] == [accounts["staff with a password"].email]
    mailed = {e.target_id: e.details["mailed"] for e in events(app, "user.password_reset_request")}
    assert mailed == {user.id: name == "staff with a password" for name, user in accounts.items()}
    sent = app.test_client().get("/password/forgot/sent").get_data(as_text=True)
    assert "If this address belongs to an account with a password" in sent


def test_asking_is_rate_limited_for_known_and_unknown_addresses_alike(app, make, mail_server):
    user = make.user("staff")
    for email in (user.email, "nobody@example.org"):
        client = app.test_client()
        assert [ask(client, email).status_code for _ in range(4)] == [302, 302, 302, 429]
    assert len(mail_server.to(user.email)) == 3
    assert app.test_client().login(user.email).status_code == 302, "asking never locks the owner out"


def test_a_tampered_replaced_or_expired_link_says_how_to_ask_again(app, make, mail_server):
    user = make.user("staff")
    client = app.test_client()
    ask(client, user.email)
    first = mailed_secret(mail_server, user.email)
    tampered = app.test_client().get(f"/password/reset/{first[:-2]}xx")
    assert tampered.status_code == 400 and "could not read it" in tampered.get_data(as_text=True)
    assert "Ask for a new link" in tampered.get_data(as_text=True)

    ask(client, user.email)
    second = mailed_secret(mail_server, user.email)
    replaced = app.test_client().get(f"/password/reset/{first}")
    assert replaced.status_code == 410 and "a newer link has replaced it" in replaced.get_data(as_text=True)

    person = app.test_client()
    assert person.get(f"/password/reset/{second}").status_code == 303
    with app.app_context():
        db.session.execute(sa.update(SignInToken).values(expires_at=now_utc() - timedelta(seconds=1)))
        db.session.commit()
    expired = app.test_client().get(f"/password/reset/{second}")
    assert expired.status_code == 410 and "works for 60 minutes" in expired.get_data(as_text=True)
    # Expired while the form was open: the password is not changed.
    late = person.post("/password/reset", data={"new_password": NEW, "repeat_password": NEW})
    assert late.status_code == 410
    assert app.test_client().login(user.email).status_code == 302, "the old password still works"


def test_changing_the_password_on_my_account_withdraws_an_open_link(app, make, mail_server):
    user = make.user("staff")
    ask(app.test_client(), user.email)
    secret = mailed_secret(mail_server, user.email)
    data = {"current_password": Factory.PASSWORD, "new_password": NEW, "repeat_password": NEW}
    assert browser(app, user.email).post("/account/password", data=data).status_code == 302

    assert app.test_client().get(f"/password/reset/{secret}").status_code == 410


def test_the_mail_is_not_sent_late_once_the_link_is_replaced_or_used(app, make, mail_server):
    user = make.user("staff")
    ask(app.test_client(), user.email)
    ask(app.test_client(), user.email)
    choose(app.test_client(), mailed_secret(mail_server, user.email))
    with app.app_context():
        first, second = db.session.execute(sa.select(OutboxMessage).order_by(OutboxMessage.id)).scalars()
        assert isinstance(content.build(first), Stale)  # replaced by the second link
        assert isinstance(content.build(second), Stale)  # used
        db.session.execute(sa.update(SignInToken).values(used_at=None))
        db.session.get(type(user), user.id).password_hash = None
        assert "no password to reset" in content.build(second).reason


@pytest.mark.parametrize(
    ("locale", "subject", "phrase"),
    [
        ("sv", "Välj ett nytt lösenord i Soffa", "Öppna länken"),
        ("da", "Vælg en ny adgangskode til Soffa", "Åbn linket"),
    ],
)
def test_the_mail_is_in_the_persons_language(app, make, mail_server, locale, subject, phrase):
    user = make.user("staff", locale=locale)
    ask(app.test_client(), user.email)
    [mail] = mail_server.to(user.email)
    assert mail["Subject"] == subject and phrase in mail.get_content()


# --- The administrator sends the link ------------------------------------------------------------


def test_the_administrator_sends_a_reset_link_from_the_user_page(app, make, mail_server):
    admin, user = make.user("admin"), make.user("staff")
    client = app.test_client()
    assert client.login(admin.email).status_code == 302
    page = client.get(f"/admin/users/{user.id}/edit").get_data(as_text=True)
    assert "Has a password." in page and "Send a password reset link" in page

    response = client.post(f"/admin/users/{user.id}/send-password-reset")

    assert response.status_code == 302 and response.headers["Location"] == f"/admin/users/{user.id}/edit"
    assert "is on its way to" in client.get(response.headers["Location"]).get_data(as_text=True)
    [mail] = mail_server.to(user.email)
    assert mail["Subject"] == "Choose a new password for Soffa"
    [token] = tokens(app)
    assert token.created_by_id == admin.id
    [sent] = events(app, "user.password_reset_send")
    assert sent.user_id == admin.id and sent.target_id == user.id
    assert app.test_client().login(user.email).status_code == 302, "the old password works until then"
    assert choose(app.test_client(), mailed_secret(mail_server, user.email)).status_code == 302
    assert app.test_client().login(user.email, password=NEW).status_code == 302


def test_no_reset_link_for_an_account_without_a_password(app, make, mail_server):
    admin, user = make.user("admin"), make.user("staff", password_hash=None)
    client = app.test_client()
    assert client.login(admin.email).status_code == 302
    assert "Send a password reset link" not in client.get(f"/admin/users/{user.id}/edit").get_data(
        as_text=True
    )

    refused = client.post(f"/admin/users/{user.id}/send-password-reset", follow_redirects=True)

    assert "gets no password reset link" in refused.get_data(as_text=True)
    assert mail_server.messages == [] and tokens(app) == []
