"""New recovery codes on My account: for whoever has two-step sign-in, after the current password or a current
code from the app; ten new codes shown once, the unused old ones stop working, audited, and wrong answers
counted by the sign-in rate limit."""

from __future__ import annotations

import re

from limits import parse_many

from portal.extensions import limiter
from tests.auth.test_account import browser, events
from tests.auth.totp_codes import next_code
from tests.factories import Factory

CODE = re.compile(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>")


def renew(client, proof: str):
    return client.post("/account/recovery-codes/new", data={"proof": proof})


def shown_codes(client) -> list[str]:
    return CODE.findall(client.get("/account/recovery-codes").get_data(as_text=True))


def signs_in_with_recovery_code(app, email: str, code: str) -> bool:
    client = app.test_client()
    step = client.post("/login", data={"email": email, "password": Factory.PASSWORD})
    assert step.headers["Location"] == "/login/code"
    return client.post("/login/code", data={"code": code}).status_code == 302


def test_only_someone_with_two_step_sign_in_is_offered_new_codes(app, make):
    page = browser(app, make.user("case_manager").email).get("/account").get_data(as_text=True)
    assert "Make new recovery codes" in page and 'name="proof"' in page
    staff = browser(app, make.user("staff").email)
    assert "Make new recovery codes" not in staff.get("/account").get_data(as_text=True)
    refused = renew(staff, Factory.PASSWORD)
    assert refused.status_code == 302 and refused.headers["Location"] == "/account"
    assert "no two-step sign-in" in staff.get("/account").get_data(as_text=True)
    assert events(app, "auth.recovery_codes_renew") == []


def test_new_codes_are_shown_once_and_the_old_ones_stop_working(app, make):
    user = make.user("case_manager")
    client = browser(app, user.email)
    assert renew(client, next_code(app, user.email, Factory.TOTP_SECRET)).status_code == 302
    old = shown_codes(client)

    response = renew(client, Factory.PASSWORD)

    assert response.status_code == 302 and response.headers["Location"] == "/account/recovery-codes"
    page = client.get("/account/recovery-codes").get_data(as_text=True)
    new = CODE.findall(page)
    assert len(set(new)) == 10 and not set(new) & set(old)
    assert 'href="/account"' in page, "back to My account afterwards"
    assert client.get("/account/recovery-codes").status_code == 302, "shown only once"
    assert not signs_in_with_recovery_code(app, user.email, old[0])
    assert signs_in_with_recovery_code(app, user.email, new[0])
    checks = [
        (e.user_id, e.target_id, e.details["checked_with"]) for e in events(app, "auth.recovery_codes_renew")
    ]
    assert checks == [(user.id, user.id, "totp"), (user.id, user.id, "password")]


def test_a_wrong_password_or_code_makes_no_codes_and_counts_against_the_sign_in_limit(app, make):
    user = make.user("admin")
    client = browser(app, user.email)
    assert renew(client, next_code(app, user.email, Factory.TOTP_SECRET)).status_code == 302
    old = shown_codes(client)
    allowed = min(item.amount for item in parse_many(app.config["LOGIN_RATE_LIMIT"]))

    wrong = renew(client, "not my password")
    assert wrong.status_code == 422
    assert "neither your password nor a current code" in wrong.get_data(as_text=True)
    answers = [
        renew(client, guess).status_code for guess in ["000000", *(f"guess {n}" for n in range(allowed))]
    ]

    assert answers == [422] * (allowed - 1) + [429] * 2
    assert renew(client, Factory.PASSWORD).status_code == 429, "even the right password waits now"
    assert len(events(app, "auth.recovery_codes_renew")) == 1
    assert app.test_client().login(user.email).status_code == 429, "and so does the sign-in form"
    limiter.reset()
    assert signs_in_with_recovery_code(app, user.email, old[0]), "the old codes still work"
