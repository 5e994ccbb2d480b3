"""Passwordless sign-in: a link by mail (captured by the real SMTP server) or a code by SMS; single use,
ten minutes, the same answer for unknown addresses, the secret out of the address bar after use."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from portal.auth.models import SignInToken
from portal.db import now_utc
from portal.extensions import db
from portal.outbox.models import OutboxMessage

LINK = re.compile(r"https?://\S+/sign-in/link/(\S+)")


def ask_for_link(client, email):
    return client.post("/sign-in/link/new", data={"email": email})


def mailed_secret(mail_server, email) -> str:
    [mail] = mail_server.to(email)
    assert mail["Subject"] == "Your sign-in link for Soffa"
    return LINK.search(mail.get_content()).group(1)


def test_the_sign_in_page_offers_a_link_and_a_code(client):
    body = client.get("/login").get_data(as_text=True)
    assert "Send me a sign-in link" in body and "Send me a code by SMS" in body


def test_a_mailed_link_signs_in_once_and_leaves_the_address_bar(app, client, youth, mail_server):
    response = ask_for_link(client, youth.young.email.upper())
    assert response.status_code == 302 and response.headers["Location"].endswith("/sign-in/link/sent")
    secret = mailed_secret(mail_server, youth.young.email)
    assert len(secret) >= 43  # 256 bits, urlsafe base64
    with app.app_context():
        token = db.session.execute(sa.select(SignInToken)).scalars().one()
        assert secret not in token.token_hash and token.used_at is None  # only a hash is stored
        assert timedelta(minutes=9) < token.expires_at - now_utc() <= timedelta(minutes=10)

    opened = client.get(f"/sign-in/link/{secret}")
    assert opened.status_code == 303 and opened.headers["Location"].endswith("/sign-in/link")
    page = client.get("/sign-in/link")
    assert page.status_code == 200 and secret not in page.get_data(as_text=True)
    signed_in = client.post("/sign-in/link")
    assert signed_in.status_code == 302 and signed_in.headers["Location"].endswith("/me")
    assert client.get("/me").status_code == 302  # signed in: on to the own case

    fresh = app.test_client()
    again = fresh.get(f"/sign-in/link/{secret}")
    assert again.status_code == 410
    assert "has been used already" in again.get_data(as_text=True)
    assert "Send me a new link" in again.get_data(as_text=True)


def test_unknown_and_staff_addresses_get_the_same_answer_and_no_mail(client, youth, make, mail_server):
    staff = make.user("staff")
    known = ask_for_link(client, youth.young.email)
    unknown = ask_for_link(client, "nobody@example.org")
    staff_answer = ask_for_link(client, staff.email)
    assert known.status_code == unknown.status_code == staff_answer.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"] == staff_answer.headers["Location"]
    assert len(mail_server.messages) == 1


def test_a_tampered_or_expired_link_is_refused_with_a_way_forward(app, client, youth, mail_server):
    ask_for_link(client, youth.young.email)
    secret = mailed_secret(mail_server, youth.young.email)
    tampered = client.get(f"/sign-in/link/{secret[:-2]}xx")
    assert tampered.status_code == 400 and "Send me a new link" in tampered.get_data(as_text=True)
    with app.app_context():
        db.session.execute(sa.update(SignInToken).values(expires_at=now_utc() - timedelta(seconds=1)))
        db.session.commit()
    expired = client.get(f"/sign-in/link/{secret}")
    assert expired.status_code == 410 and "too old" in expired.get_data(as_text=True)


def test_asking_is_rate_limited(client, youth, mail_server):
    statuses = [ask_for_link(client, youth.young.email).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert len(mail_server.messages) == 3


def test_a_code_by_sms_signs_in_and_wrong_guesses_are_counted(app, client, youth, sms_gateway):
    assert client.post("/sign-in/code/new", data={"phone": "070-999 88 77"}).status_code == 302
    [post] = sms_gateway.posts
    assert post["json"]["to"] == youth.young.phone
    code = re.search(r"\b(\d{8})\b", post["json"]["text"]).group(1)

    wrong = client.post("/sign-in/code", data={"code": "00000000" if code != "00000000" else "11111111"})
    assert wrong.status_code == 401 and "did not work" in wrong.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(sa.select(SignInToken.attempts)).scalar_one() == 1
    right = client.post("/sign-in/code", data={"code": code})
    assert right.status_code == 302 and right.headers["Location"].endswith("/me")
    with app.app_context():
        message = db.session.execute(sa.select(OutboxMessage)).scalars().one()
        assert message.kind == "sign_in" and message.state == "sent" and message.sign_in_token_id


def test_an_unknown_number_looks_the_same(client, sms_gateway):
    asked = client.post("/sign-in/code/new", data={"phone": "+46701230000"})
    assert asked.status_code == 302 and asked.headers["Location"].endswith("/sign-in/code")
    assert sms_gateway.posts == []
    wrong = client.post("/sign-in/code", data={"code": "12345678"})
    assert wrong.status_code == 401 and "did not work" in wrong.get_data(as_text=True)


def test_a_code_stops_working_after_too_many_wrong_guesses(app, client, youth, sms_gateway):
    client.post("/sign-in/code/new", data={"phone": youth.young.phone})
    code = re.search(r"\b(\d{8})\b", sms_gateway.posts[0]["json"]["text"]).group(1)
    with app.app_context():
        db.session.execute(sa.update(SignInToken).values(attempts=5))
        db.session.commit()
    refused = client.post("/sign-in/code", data={"code": code})
    assert refused.status_code == 429 and "too many times" in refused.get_data(as_text=True)
