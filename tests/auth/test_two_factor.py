"""Two-step sign-in for case managers and administrators who sign in with a password: TOTP codes used
once, recovery codes used once, enrolment with a QR code, wrong codes rate-limited and audited, and the
administrator's reset."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pyotp
import pytest
import sqlalchemy as sa
from limits import parse_many

from portal.audit.models import AuditEvent
from portal.auth.models import RecoveryCode, UserSession
from portal.db import now_utc
from portal.extensions import db
from portal.orgs.models import User
from tests.factories import Factory

SECRET = Factory.TOTP_SECRET


def _code(step_offset: int = 0, secret: str = SECRET) -> str:
    return pyotp.TOTP(secret).generate_otp(int(time.time()) // 30 + step_offset)


def _password(client, user, **data):
    return client.post("/login", data={"email": user.email, "password": Factory.PASSWORD, **data})


def _signed_in(client) -> bool:
    return client.get("/cases/").status_code == 200


def _user(app, user_id: int) -> User:
    with app.app_context():
        return db.session.get(User, user_id)


def _events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.execute(sa.select(AuditEvent).where(AuditEvent.action == action)).scalars())


@pytest.mark.parametrize("role", ["case_manager", "admin"])
def test_a_password_alone_does_not_sign_in_a_case_manager_or_admin(app, client, make, role):
    user = make.user(role)
    response = _password(client, user)
    assert response.headers["Location"].endswith("/login/code")
    assert client.get("/admin/users" if role == "admin" else "/cases/").status_code == 302  # not yet
    with app.app_context():
        (row,) = db.session.execute(sa.select(UserSession).where(UserSession.user_id == user.id)).scalars()
        assert row.second_factor_pending

    response = client.post("/login/code", data={"code": _code()})

    assert response.status_code == 302
    assert client.get("/admin/users" if role == "admin" else "/cases/").status_code == 200
    (event,) = [e for e in _events(app, "auth.sign_in") if e.user_id == user.id]
    assert event.details["method"] == "password+totp"


def test_staff_sign_in_needs_no_code(client, make):
    assert client.login(make.user("staff").email).headers["Location"] == "/"


def test_the_code_rotates_the_session_token(app, client, make):
    user = make.user("case_manager")
    _password(client, user)
    half_signed_in = client.get_cookie("soffa_session").value
    client.post("/login/code", data={"code": _code()})
    other = app.test_client()
    other.set_cookie("soffa_session", half_signed_in)
    assert not _signed_in(other), "the cookie from before the code must not sign in"
    assert _signed_in(client)


def test_a_code_is_never_accepted_twice(app, make):
    user = make.user("case_manager")
    code = _code()
    first, second = app.test_client(), app.test_client()
    _password(first, user)
    assert first.post("/login/code", data={"code": code}).status_code == 302
    _password(second, user)
    response = second.post("/login/code", data={"code": code})
    assert response.status_code == 401
    assert "not right, or it was used already" in response.get_data(as_text=True)
    assert not _signed_in(second)
    # ... nor an earlier step, though it is within the clock-drift window.
    _password(second, user)
    assert second.post("/login/code", data={"code": _code(-1)}).status_code == 401
    # The next step is still fine.
    assert second.post("/login/code", data={"code": _code(+1)}).status_code == 302


def test_codes_outside_the_window_are_refused(client, make):
    user = make.user("case_manager")
    _password(client, user)
    for offset in (-3, +3):
        assert client.post("/login/code", data={"code": _code(offset)}).status_code == 401
    assert not _signed_in(client)


def test_a_wrong_code_is_audited_and_counts_against_the_rate_limit(app, client, make):
    user = make.user("case_manager")
    _password(client, user)
    limit = min(item.amount for item in parse_many(app.config["LOGIN_RATE_LIMIT"]))
    answers = [client.post("/login/code", data={"code": "000000"}).status_code for _ in range(limit + 1)]
    assert answers[:limit] == [401] * limit
    assert answers[-1] == 429
    # Even the right code is refused while limited: guessing stops.
    assert client.post("/login/code", data={"code": _code()}).status_code == 429
    refused = [e for e in _events(app, "auth.second_factor_refused") if e.user_id == user.id]
    assert len(refused) == limit
    # Another account from the same place is not locked out.
    other = app.test_client()
    other.login(make.user("case_manager").email)
    assert _signed_in(other)


def test_the_pending_session_expires(app, client, make):
    user = make.user("case_manager")
    _password(client, user)
    with app.app_context():
        db.session.execute(
            sa.update(UserSession)
            .where(UserSession.user_id == user.id)
            .values(created_at=now_utc() - app.config["SECOND_FACTOR_WINDOW"] - timedelta(seconds=1))
        )
        db.session.commit()
    response = client.post("/login/code", data={"code": _code()})
    assert response.headers["Location"] == "/login"
    assert not _signed_in(client)


def test_the_code_page_keeps_where_the_person_was_going(client, make):
    user = make.user("case_manager")
    _password(client, user, next="/cases/new")
    assert client.post("/login/code", data={"code": _code()}).headers["Location"] == "/cases/new"


def _enrol_page(client) -> tuple[str, str]:
    page = client.get("/login/enrol").get_data(as_text=True)
    secret = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', page).group(1)
    qr_code = re.search(r'<img class="qr-code" src="([^"]+)"', page).group(1)
    return secret, qr_code


def test_enrolment_with_a_qr_code_then_recovery_codes_shown_once(app, client, make):
    user = make.user("case_manager", totp_secret=None)
    assert _password(client, user).headers["Location"].endswith("/login/enrol")
    secret, qr_code = _enrol_page(client)
    assert qr_code.startswith("data:image/svg+xml")
    assert _enrol_page(client)[0] == secret, "reloading the page keeps the secret being set up"

    assert client.post("/login/enrol", data={"code": _code(secret=secret[::-1])}).status_code == 401
    response = client.post("/login/enrol", data={"code": _code(secret=secret)})

    assert response.headers["Location"].endswith("/account/recovery-codes")
    page = client.get("/account/recovery-codes").get_data(as_text=True)
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", page)
    assert len(set(codes)) == 10
    assert client.get("/account/recovery-codes").status_code == 302, "shown only once"
    assert _signed_in(client)
    stored = _user(app, user.id)
    assert stored.totp_secret == secret
    with app.app_context():
        hashes = db.session.execute(sa.select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id))
        hashes = list(hashes.scalars())
    assert len(hashes) == 10 and not any(code.replace("-", "") in h for code in codes for h in hashes)
    assert [e.user_id for e in _events(app, "auth.totp_enrol")] == [user.id]


def test_a_recovery_code_signs_in_once(app, make):
    user = make.user("case_manager", totp_secret=None)
    client = app.test_client()
    _password(client, user)
    secret, _qr = _enrol_page(client)
    client.post("/login/enrol", data={"code": _code(secret=secret)})
    page = client.get("/account/recovery-codes").get_data(as_text=True)
    code = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", page)[3]

    first, second = app.test_client(), app.test_client()
    _password(first, user)
    assert first.post("/login/code", data={"code": code.upper()}).status_code == 302
    assert _signed_in(first)
    _password(second, user)
    assert second.post("/login/code", data={"code": code}).status_code == 401
    assert not _signed_in(second)


def test_an_administrator_resets_two_factor(app, client, make):
    admin = make.user("admin")
    manager = make.user("case_manager")
    client.login(admin.email)
    assert "Reset two-step sign-in" in client.get(f"/admin/users/{manager.id}/edit").get_data(as_text=True)

    response = client.post(f"/admin/users/{manager.id}/reset-two-factor")

    assert response.headers["Location"].endswith(f"/admin/users/{manager.id}/edit")
    assert _user(app, manager.id).totp_secret is None
    (event,) = _events(app, "user.totp_reset")
    assert (event.user_id, event.target_id) == (admin.id, manager.id)
    # The next password sign-in enrols a new authenticator.
    assert _password(app.test_client(), manager).headers["Location"].endswith("/login/enrol")


def test_only_an_administrator_resets_two_factor(app, client, make):
    manager = make.user("case_manager")
    client.login(make.user("case_manager").email)
    assert client.post(f"/admin/users/{manager.id}/reset-two-factor").status_code == 403
    assert _user(app, manager.id).totp_secret == SECRET


def test_wrong_passwords_and_wrong_codes_add_up_on_one_counter(app, client, make):
    """A wrong code is a failed sign-in like a wrong password: someone who guessed the password does not
    get a fresh set of guesses at the code (portal/auth/limits.py)."""
    user = make.user("case_manager")
    limit = min(item.amount for item in parse_many(app.config["LOGIN_RATE_LIMIT"]))
    wrong_passwords = limit // 2
    for attempt in range(wrong_passwords):
        assert _password(client, user, password=f"guess {attempt}").status_code == 401
    assert _password(client, user).headers["Location"].endswith("/login/code")
    codes = [client.post("/login/code", data={"code": "000000"}).status_code for _ in range(limit)]
    assert codes == [401] * (limit - wrong_passwords) + [429] * wrong_passwords
    assert client.post("/login/code", data={"code": _code()}).status_code == 429
    assert _password(app.test_client(), user).status_code == 429, "the sign-in form counts the codes too"
