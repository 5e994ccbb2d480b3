"""Callbacks that must be refused, each with a clear message, a log line and an audit event."""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
from urllib.parse import urlencode, urlsplit

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.orgs.models import UserIdentity
from tests.oidc.flow import callback_path, start, through_provider

UNVERIFIED = "could not be verified"


def _refusals(app) -> list[dict]:
    with app.app_context():
        return list(
            db.session.execute(
                sa.select(AuditEvent.details).where(AuditEvent.action == "auth.oidc_refused")
            ).scalars()
        )


def _assert_refused(app, client, response, caplog, expected_reason: str) -> None:
    assert response.status_code == 401
    assert UNVERIFIED in response.get_data(as_text=True)
    assert client.get("/cases/").status_code == 302  # not signed in
    [details] = _refusals(app)
    assert details["provider"] == "alpha"
    assert expected_reason in details["reason"], details["reason"]
    assert any("refused" in record.getMessage() for record in caplog.records)
    with app.app_context():
        assert db.session.execute(sa.select(UserIdentity)).first() is None


@pytest.fixture(autouse=True)
def _logs(caplog):
    # Alembic's fileConfig() in migrations/env.py disables loggers that exist before `upgrade` runs.
    logger = logging.getLogger("soffa.auth")
    disabled, logger.disabled = logger.disabled, False
    caplog.set_level(logging.WARNING, logger="soffa.auth")
    yield
    logger.disabled = disabled


def test_a_callback_without_state_is_refused(app, client, oidc, caplog):
    back = through_provider(start(client), "nostate-1", email="a@school.example")
    parts = urlsplit(back)
    query = "&".join(p for p in parts.query.split("&") if not p.startswith("state="))
    _assert_refused(app, client, client.get(f"{parts.path}?{query}"), caplog, "MismatchingStateError")


def test_a_callback_with_another_browsers_state_is_refused(app, client, oidc, caplog):
    """Login CSRF: an attacker's code and state, opened in the victim's browser, which has no such state."""
    attacker = app.test_client()
    back = through_provider(start(attacker), "attacker-1", email="b@school.example")
    start(client)  # the victim has a flow of their own under way
    _assert_refused(app, client, client.get(callback_path(back)), caplog, "MismatchingStateError")


def test_a_replayed_code_is_refused(app, client, oidc, caplog):
    back = through_provider(start(client), "replay-1", email="c@school.example")
    assert client.get(callback_path(back)).status_code == 302
    thief = app.test_client()
    # The thief has a flow of their own (a valid state) and swaps in the already used code.
    own = urlsplit(through_provider(start(thief), "thief-1", email="d@school.example"))
    state = dict(pair.split("=", 1) for pair in own.query.split("&"))["state"]
    code = dict(pair.split("=", 1) for pair in urlsplit(back).query.split("&"))["code"]
    with app.app_context():
        db.session.execute(sa.delete(UserIdentity))  # only the refusal matters below
        db.session.execute(sa.delete(AuditEvent).where(AuditEvent.action == "auth.oidc_refused"))
        db.session.commit()
    response = thief.get(f"{own.path}?{urlencode({'code': code, 'state': state})}")
    _assert_refused(app, thief, response, caplog, "invalid_grant")


def test_a_code_issued_to_another_client_is_refused(app, client, oidc, caplog):
    issuer = oidc["servers"]["alpha"].issuer
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    foreign = through_provider(
        f"{issuer}/auth?"
        + urlencode(
            {
                "client_id": "other-client",
                "response_type": "code",
                "scope": "openid email",
                "redirect_uri": "http://localhost/login/oidc/alpha/callback",
                "state": "x",
                "nonce": "y",
                "code_challenge": challenge,
                "code_challenge_method": "S256",
            }
        ),
        "foreign-1",
        email="e@school.example",
    )
    code = dict(pair.split("=", 1) for pair in urlsplit(foreign).query.split("&"))["code"]
    own = urlsplit(start(client))
    state = dict(pair.split("=", 1) for pair in own.query.split("&"))["state"]
    response = client.get(f"/login/oidc/alpha/callback?{urlencode({'code': code, 'state': state})}")
    _assert_refused(app, client, response, caplog, "invalid_grant")


@pytest.mark.parametrize(
    ("tampered", "reason"),
    [
        ("aud", "'aud'"),  # an ID token for another client
        ("audazp", "'aud'"),  # for another client, though it names us as the authorized party
        ("iss", "iss"),  # an ID token from another issuer
        ("nonce", "nonce"),  # not the nonce this browser's flow sent
        ("exp", "expired"),  # an expired ID token
    ],
)
def test_an_id_token_with_a_wrong_claim_is_refused(app, client, oidc, caplog, tampered, reason):
    back = through_provider(start(client), f"tamper-{tampered}-1", email="f@school.example")
    _assert_refused(app, client, client.get(callback_path(back)), caplog, reason)


def test_an_untampered_token_from_the_same_provider_goes_through(app, client, oidc):
    """The control for the tests above: the provider's own answer, not the tampering, is what passes."""
    back = through_provider(start(client), "plain-1", email="g@school.example")
    assert client.get(callback_path(back)).status_code == 302
    assert _refusals(app) == []


def test_an_error_answer_from_the_provider_is_refused(app, client, oidc, caplog):
    own = urlsplit(start(client))
    state = dict(pair.split("=", 1) for pair in own.query.split("&"))["state"]
    response = client.get(f"/login/oidc/alpha/callback?error=access_denied&state={state}")
    _assert_refused(app, client, response, caplog, "access_denied")


def test_an_unknown_provider_is_not_found(client, oidc):
    assert client.get("/login/oidc/gamma").status_code == 404
    assert client.get("/login/oidc/gamma/callback?code=x&state=y").status_code == 404
