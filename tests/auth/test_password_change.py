"""Changing one's password on My account: the current one required, the rules of ASVS 5.0 level 2 (one
place: portal/auth/password_rules.py), other sessions signed out unless the person says not, and a wrong
current password counted by the sign-in rate limit."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from limits import parse_many

from portal.audit.models import AuditEvent
from portal.auth.passwords import verify_password
from portal.extensions import db
from portal.orgs.models import User
from tests.auth.test_account import SAFARI_IPHONE, browser, signed_in
from tests.factories import Factory

NEW = "seven purple elephants"


def change(client, new: str = NEW, current: str = Factory.PASSWORD, repeat: str | None = None, **extra):
    data = {
        "current_password": current,
        "new_password": new,
        "repeat_password": new if repeat is None else repeat,
    }
    return client.post("/account/password", data={"sign_out_others": "y", **data, **extra})


def stored_hash(app, user_id: int) -> str | None:
    with app.app_context():
        return db.session.get(User, user_id).password_hash


def field_errors(page: str) -> str:
    return " ".join(re.findall(r'<ul class="errors"[^>]*>(.*?)</ul>', page, re.S))


def test_the_form_asks_for_the_current_password_and_signs_out_the_others_by_default(app, make):
    page = browser(app, make.user("staff").email).get("/account").get_data(as_text=True)
    assert 'name="current_password"' in page and 'autocomplete="current-password"' in page
    assert page.count('autocomplete="new-password"') == 2
    [checkbox] = re.findall(r'<input[^>]*name="sign_out_others"[^>]*>', page)
    assert " checked " in checkbox


def test_a_changed_password_signs_in_and_the_old_one_no_longer_does(app, make):
    user = make.user("staff")
    client = browser(app, user.email)

    response = change(client)

    assert response.status_code == 302 and response.headers["Location"] == "/account"
    assert "Your password is changed." in client.get("/account").get_data(as_text=True)
    assert signed_in(client), "the session that changed it stays signed in"
    assert app.test_client().login(user.email, password=Factory.PASSWORD).status_code == 401
    assert app.test_client().login(user.email, password=NEW).status_code == 302
    with app.app_context():
        saved = db.session.get(User, user.id)
        assert saved.password_changed_at is not None
        event = db.session.execute(sa.select(AuditEvent).where(AuditEvent.action == "user.password_change"))
        [event] = event.scalars()
        assert event.user_id == user.id and NEW not in str(event.details)
        assert saved.password_hash not in str(event.details)


def test_the_current_password_is_required(app, make):
    user = make.user("staff")
    client = browser(app, user.email)
    before = stored_hash(app, user.id)
    response = change(client, current="not my password")
    assert response.status_code == 422
    assert "This is not your current password." in field_errors(response.get_data(as_text=True))
    assert stored_hash(app, user.id) == before


@pytest.mark.parametrize(
    ("new", "why"),
    [
        ("sh0rt!x", "Use at least 8 characters."),
        ("x" * 129, "Use at most 128 characters."),
        ("password1", "one of the most common ones"),
        ("Password1", "one of the most common ones"),  # compared lowercased
        ("QWERTYUIOP", "one of the most common ones"),
        ("{email}", "must not be your email address"),
        ("{EMAIL}", "must not be your email address"),
    ],
)
def test_passwords_the_rules_refuse(app, make, new, why):
    user = make.user("staff")
    client = browser(app, user.email)
    before = stored_hash(app, user.id)
    new = new.format(email=user.email, EMAIL=user.email.upper())
    response = change(client, new=new)
    assert response.status_code == 422
    assert why in field_errors(response.get_data(as_text=True))
    assert stored_hash(app, user.id) == before


def test_the_two_new_passwords_must_match(app, make):
    user = make.user("staff")
    response = change(browser(app, user.email), repeat=NEW + "!")
    assert response.status_code == 422
    assert "The two passwords are not the same." in field_errors(response.get_data(as_text=True))


@pytest.mark.parametrize(
    "new",
    [
        "abcdwxyz",  # 8 characters, no composition rules: no digit, capital or symbol needed
        "en lång mening på svenska med å, ä och ö som ingen gissar",  # spaces and letters beyond ASCII
        "t" * 64,
        "ø" * 128,  # 128 characters (256 bytes in UTF-8): the length counts characters
        " leading and trailing spaces are kept ",
    ],
)
def test_passwords_the_rules_accept(app, make, new):
    user = make.user("staff")
    assert change(browser(app, user.email), new=new).status_code == 302
    assert verify_password(stored_hash(app, user.id), new), "stored exactly as typed: nothing trimmed or cut"


def test_other_sessions_are_signed_out_unless_the_person_says_not(app, make):
    user = make.user("staff")
    here, phone = browser(app, user.email), browser(app, user.email, SAFARI_IPHONE)

    data = {"current_password": Factory.PASSWORD, "new_password": NEW, "repeat_password": NEW}
    assert here.post("/account/password", data=data).status_code == 302  # box left unticked
    assert signed_in(phone)

    response = change(here, new="another fine passphrase", current=NEW)
    assert response.status_code == 302
    assert "1 other session signed out." in here.get("/account").get_data(as_text=True)
    assert not signed_in(phone)
    assert signed_in(here)
    with app.app_context():
        query = (
            sa.select(AuditEvent).where(AuditEvent.action == "user.password_change").order_by(AuditEvent.id)
        )
        assert [e.details["sessions_ended"] for e in db.session.execute(query).scalars()] == [0, 1]


def test_a_wrong_current_password_counts_against_the_sign_in_limit(app, make):
    """Someone at an unlocked computer gets no more guesses at the password than at the sign-in form,
    and it is the same counter: guesses here and there add up."""
    user, colleague = make.user("staff"), make.user("staff")
    client = browser(app, user.email)
    allowed = min(item.amount for item in parse_many(app.config["LOGIN_RATE_LIMIT"]))
    assert app.test_client().login(user.email, password="a guess").status_code == 401
    answers = [change(client, current=f"guess {n}").status_code for n in range(allowed)]
    assert answers == [422] * (allowed - 1) + [429]
    assert change(client).status_code == 429, "even the right password waits now"
    assert app.test_client().login(user.email).status_code == 429, "and so does the sign-in form"
    assert browser(app, colleague.email).get("/account").status_code == 200
    # Refusals that are not guesses (a weak new password) do not count.
    other = browser(app, colleague.email)
    assert [change(other, new="password").status_code for _ in range(allowed + 1)] == [422] * (allowed + 1)


def test_without_a_password_there_is_no_password_to_change(app, make):
    """An account that signs in through its organisation's provider (no password), or a young person
    signing in by link or code: no form, and nothing to set here."""
    staff, young = make.user("staff"), make.user("young_person")
    clients = {staff.id: browser(app, staff.email), young.id: browser(app, young.email)}
    with app.app_context():
        db.session.execute(sa.update(User).where(User.id.in_(clients)).values(password_hash=None))
        db.session.commit()

    staff_page = clients[staff.id].get("/account").get_data(as_text=True)
    assert 'name="new_password"' not in staff_page
    assert "your organisation looks after your password" in staff_page
    young_page = clients[young.id].get("/account").get_data(as_text=True)
    assert 'name="new_password"' not in young_page and "no password to remember" in young_page
    refused = change(clients[staff.id], current="anything at all")
    assert refused.status_code == 422 and stored_hash(app, staff.id) is None
