"""OpenID Connect providers from the configuration (config.py: SOFFA_OIDC_*), registered with Authlib.

Each provider serves one organisation. The flow is the authorization code flow with PKCE (S256), state
and nonce; Authlib keeps those three in the signed session cookie between the redirect and the callback
and checks the ID token's signature (the provider's published keys), issuer (exactly the discovered
one), audience (our client id), nonce and expiry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Flask, current_app

from config import ConfigError
from portal.extensions import oauth

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,29}$")  # used in URLs and session keys
REQUIRED = ("discovery_url", "client_id", "client_secret", "organisation")
WELL_KNOWN = "/.well-known/openid-configuration"


class IssuerMismatch(Exception):
    """The discovery document names another issuer than the one its address belongs to."""


@dataclass(frozen=True, slots=True)
class Provider:
    name: str
    label: str
    discovery_url: str
    client_id: str
    client_secret: str
    organisation: str  # the organisation's id or name
    email_domains: tuple[str, ...] = ()
    create_users: bool = False

    @property
    def issuer(self) -> str:
        # OpenID Connect Discovery 1.0, 4.3: the issuer in the document must be the address it was read from.
        return self.discovery_url.removesuffix(WELL_KNOWN)


def _parse(settings: dict) -> dict[str, Provider]:
    providers, problems = {}, []
    for name, values in (settings.get("OIDC_PROVIDERS") or {}).items():
        if not NAME_PATTERN.match(name):
            problems.append(f"OIDC provider name {name!r}: use lower-case letters, digits and _")
            continue
        missing = [key for key in REQUIRED if not values.get(key)]
        if values.get("discovery_url") and not values["discovery_url"].endswith(WELL_KNOWN):
            problems.append(f"SOFFA_OIDC_{name.upper()}_DISCOVERY_URL must end with {WELL_KNOWN}")
            continue
        if missing:
            keys = ", ".join(f"SOFFA_OIDC_{name.upper()}_{key.upper()}" for key in missing)
            problems.append(f"set {keys}")
            continue
        providers[name] = Provider(
            name=name,
            label=values.get("label") or name.title(),
            discovery_url=values["discovery_url"],
            client_id=values["client_id"],
            client_secret=values["client_secret"],
            organisation=str(values["organisation"]),
            email_domains=tuple(values.get("email_domains") or ()),
            create_users=bool(values.get("create_users")),
        )
    if problems:
        raise ConfigError("Soffa refuses to start: " + "; ".join(problems) + ".")
    return providers


def register_providers(app: Flask) -> None:
    """Check the configured providers and register one Authlib client per provider (at app start)."""
    providers = _parse(app.config)
    oauth.init_app(app)
    for provider in providers.values():
        # Authlib caches a client per name; a new configuration (another app, a test) must replace it.
        oauth._clients.pop(provider.name, None)
        oauth.register(
            provider.name,
            overwrite=True,
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            server_metadata_url=provider.discovery_url,
            client_kwargs={
                "scope": "openid email profile",
                "code_challenge_method": "S256",
                "token_endpoint_auth_method": "client_secret_basic",
                "default_timeout": app.config["OIDC_HTTP_TIMEOUT_SECONDS"],
            },
        )
    app.extensions["soffa.oidc_providers"] = providers


def providers() -> list[Provider]:
    return list(current_app.extensions.get("soffa.oidc_providers", {}).values())


def provider_named(name: str) -> Provider | None:
    return current_app.extensions.get("soffa.oidc_providers", {}).get(name)


def client_for(provider: Provider):
    return oauth.create_client(provider.name)


def id_token_rules(provider: Provider) -> dict:
    """Claims options for Authlib: the issuer exactly as discovered, and our client id in the audience.

    Authlib on its own checks the audience only through azp, so a token whose aud is another client
    but whose azp names us would pass; this closes that.
    """
    issuer = client_for(provider).load_server_metadata().get("issuer")
    if issuer != provider.issuer:
        raise IssuerMismatch(f"discovery names issuer {issuer!r}, expected {provider.issuer!r}")
    return {
        "iss": {"essential": True, "values": [issuer]},
        "aud": {"essential": True, "values": [provider.client_id]},
    }
