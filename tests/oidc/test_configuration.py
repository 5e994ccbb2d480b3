"""Providers come from the environment; a half-configured one stops start-up; a discovery document that
names another issuer is refused."""

from __future__ import annotations

import pytest

import config
from config import ConfigError
from portal import create_app
from portal.auth.oidc import register_providers
from tests.oidc.flow import start


def test_providers_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("SOFFA_OIDC_PROVIDERS", "Norra, jobs ,")
    monkeypatch.setenv(
        "SOFFA_OIDC_NORRA_DISCOVERY_URL", "https://idp.norra.example/.well-known/openid-configuration"
    )
    monkeypatch.setenv("SOFFA_OIDC_NORRA_CLIENT_ID", "soffa")
    monkeypatch.setenv("SOFFA_OIDC_NORRA_CLIENT_SECRET", "s3cret")
    monkeypatch.setenv("SOFFA_OIDC_NORRA_ORGANISATION", "Norra gymnasiet")
    monkeypatch.setenv("SOFFA_OIDC_NORRA_EMAIL_DOMAINS", "Norra.example, @elev.norra.example")
    monkeypatch.setenv("SOFFA_OIDC_NORRA_CREATE_USERS", "true")
    providers = config._oidc_providers()
    assert set(providers) == {"norra", "jobs"}
    assert providers["norra"]["email_domains"] == ["norra.example", "elev.norra.example"]
    assert providers["norra"]["create_users"] is True
    assert providers["jobs"]["create_users"] is False
    assert providers["jobs"]["client_id"] is None


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            {
                "discovery_url": "https://idp.example/.well-known/openid-configuration",
                "client_id": "c",
                "organisation": "1",
            },
            "SOFFA_OIDC_NORRA_CLIENT_SECRET",
        ),
        (
            {
                "discovery_url": "https://idp.example/",
                "client_id": "c",
                "client_secret": "s",
                "organisation": "1",
            },
            "must end with /.well-known/openid-configuration",
        ),
    ],
)
def test_a_half_configured_provider_stops_start_up(settings, message):
    with pytest.raises(ConfigError, match=message):
        create_app("test", OIDC_PROVIDERS={"norra": settings})


def test_a_discovery_document_naming_another_issuer_is_refused(app, client, oidc):
    # Read through "localhost": the document still says 127.0.0.1, so it is not this address's issuer.
    alpha = app.config["OIDC_PROVIDERS"]["alpha"]
    alpha["discovery_url"] = alpha["discovery_url"].replace("127.0.0.1", "localhost")
    register_providers(app)
    location = start(client)  # the redirect itself reveals nothing; the callback must not accept
    from tests.oidc.flow import callback_path, through_provider

    back = through_provider(location, "mismatch-1", email="m@school.example")
    response = client.get(callback_path(back))
    assert response.status_code == 401
    assert "could not be verified" in response.get_data(as_text=True)
