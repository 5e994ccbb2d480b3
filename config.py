"""Configuration: one class per environment, values from SOFFA_* environment variables.

Nothing here does I/O at import time; `validate()` is called by create_app() and refuses to start
an unsafe production configuration with a clear message.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
DEV_SECRET = "dev-only-not-secret"  # noqa: S105 - a marker that validate() refuses in production


def _env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(f"SOFFA_{name}", default)


def _env_bool(name: str, default: bool) -> bool:
    value = _env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_number(name: str, default: float) -> float:
    value = _env(name)
    return float(value) if value not in (None, "") else default


def _oidc_providers() -> dict[str, dict]:
    """SOFFA_OIDC_PROVIDERS=name1,name2 and, per provider, SOFFA_OIDC_<NAME>_DISCOVERY_URL, _CLIENT_ID,
    _CLIENT_SECRET, _ORGANISATION (the name or id of the organisation it serves), _EMAIL_DOMAINS (comma-
    separated: whose verified addresses may be linked to a pre-created account), _CREATE_USERS (true/false:
    a first sign-in creates a staff account in that organisation) and optionally _LABEL (the button text).
    Checked by portal/auth/oidc.py when the app starts: a half-configured provider refuses to start."""
    providers = {}
    for raw in (_env("OIDC_PROVIDERS") or "").split(","):
        name = raw.strip().lower()
        if not name:
            continue
        key = f"OIDC_{name.upper()}"
        domains = (_env(f"{key}_EMAIL_DOMAINS") or "").split(",")
        providers[name] = {
            "discovery_url": _env(f"{key}_DISCOVERY_URL"),
            "client_id": _env(f"{key}_CLIENT_ID"),
            "client_secret": _env(f"{key}_CLIENT_SECRET"),
            "organisation": _env(f"{key}_ORGANISATION"),
            "email_domains": [d.strip().lower().lstrip("@") for d in domains if d.strip()],
            "create_users": _env_bool(f"{key}_CREATE_USERS", False),
            "label": _env(f"{key}_LABEL", name.title()),
        }
    return providers


class ConfigError(RuntimeError):
    """The configuration cannot run safely; the message says what to change."""


class Config:
    SECRET_KEY = _env("SECRET_KEY", DEV_SECRET)
    SQLALCHEMY_DATABASE_URI = _env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'instance' / 'soffa.sqlite'}")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    # Embedded mode: a background thread copies SQLite's log into the database this often
    # (portal/sqlite_checkpoints.py); None leaves it to SQLite's automatic checkpoint. At once a second the
    # log reached 9,000 pages under the benchmark's load, close to the mark where a request checkpoints.
    SQLITE_CHECKPOINT_SECONDS: float | None = 0.25
    # A pooled PostgreSQL connection idle longer than this is tested before use (portal/idle_ping.py).
    DB_PING_AFTER_IDLE_SECONDS = 1.0
    REDIS_URL = _env("REDIS_URL")  # None: jobs run in-process after commit, limits kept in memory
    # The site's public address, for links in mail and SMS: jobs have no request to take the host from.
    BASE_URL = _env("BASE_URL", "http://127.0.0.1:5000")
    DEBUG = False
    TESTING = False

    # Sessions: the cookie carries only a random session id; the row in user_session is the truth.
    SESSION_COOKIE_NAME = "soffa_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SECURE_COOKIES", False)
    STAFF_IDLE_TIMEOUT = timedelta(minutes=int(_env("IDLE_MINUTES", "30") or 30))
    SESSION_ABSOLUTE_LIFETIME = timedelta(hours=12)
    # Write last_seen at most this often: one UPDATE a minute per session, not one per request.
    SESSION_TOUCH_INTERVAL = timedelta(seconds=60)

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the server-side session, which has its own limits
    WTF_CSRF_HEADERS = ["X-CSRFToken"]

    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "Europe/Stockholm"
    LANGUAGES = ("sv", "da", "en")

    RATELIMIT_STORAGE_URI = _env("REDIS_URL") or "memory://"
    # Proxies in front of the app (load balancer, nginx) whose X-Forwarded-For/-Proto are trusted. Without
    # this, every client has the proxy's address and the sign-in limit would lock out by email alone.
    PROXY_COUNT = int(_env("PROXY_COUNT", "0") or 0)
    # argon2id profile (portal/auth/passwords.py); "test_only_cheapest" keeps the suite fast, production refuses it.
    PASSWORD_HASH = _env("PASSWORD_HASH", "rfc9106_low_memory")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = _env("LOGIN_RATE_LIMIT", "5 per minute; 20 per hour")
    # Young people sign in with a one-time link (mail) or code (SMS): portal/youth/sign_in.py.
    SIGN_IN_LINK_RATE_LIMIT = _env("SIGN_IN_LINK_RATE_LIMIT", "3 per 10 minutes; 10 per day")
    SIGN_IN_TOKEN_MINUTES = 10  # a link or code works this long, once
    SIGN_IN_CODE_ATTEMPTS = 5  # wrong guesses before a code stops working
    # An administrator's invitation (portal/auth/activation.py): the link to choose a password works once,
    # this long. Three days cover a weekend; a late invitee asks for a new one.
    ACTIVATION_HOURS = int(_env_number("ACTIVATION_HOURS", 72))
    # A forgotten password (portal/auth/password_reset.py): the link to choose a new one works once, this
    # long. Short, because it is asked for by someone not signed in and lands in a mailbox that may be shared.
    PASSWORD_RESET_MINUTES = int(_env_number("PASSWORD_RESET_MINUTES", 60))
    # Staff two-factor sign-in (portal/auth/two_factor.py).
    SECOND_FACTOR_WINDOW = timedelta(minutes=5)  # password accepted: this long to give the code
    TOTP_ISSUER = _env("TOTP_ISSUER", "Soffa")  # the name the authenticator app shows
    # Whether a young person reading who has looked at their file sees staff names, or only organisation
    # and role: the rules differ between Sweden and Denmark, so each installation decides.
    SHOW_STAFF_NAMES_TO_YOUNG_PERSON = _env_bool("SHOW_STAFF_NAMES_TO_YOUNG_PERSON", False)

    # Staff sign-in through their organisation's OpenID provider (portal/auth/oidc.py).
    OIDC_PROVIDERS = _oidc_providers()
    OIDC_CLOCK_LEEWAY_SECONDS = 60  # clock skew allowed on the ID token's exp and iat
    OIDC_HTTP_TIMEOUT_SECONDS = 10  # discovery, keys and token calls to a provider

    # The access-log sealer leaves entries this young alone: a transaction still open may hold a lower id.
    SEAL_SAFETY_LAG = timedelta(minutes=2)

    # Delivery of outbox messages. worker/queues.py turns these numbers into the delivery policy.
    OUTBOX_INLINE = "thread"  # without Redis: run delivery jobs in a small thread pool after commit
    REDIS_TIMEOUT_SECONDS = _env_number("REDIS_TIMEOUT_SECONDS", 0.5)  # a request never waits longer on Redis
    JOB_TIMEOUT_SECONDS = int(_env_number("JOB_TIMEOUT_SECONDS", 60))
    OUTBOX_LEASE_SECONDS = int(_env_number("OUTBOX_LEASE_SECONDS", 0)) or None  # None: twice the job timeout
    OUTBOX_SWEEP_SECONDS = _env_number("OUTBOX_SWEEP_SECONDS", 60)
    # Backoff after a temporary failure, by attempt, in seconds; the last one repeats.
    OUTBOX_RETRY_SECONDS = _env("OUTBOX_RETRY_SECONDS", "10,30,120,600,1800,3600")

    SMTP_HOST = _env("SMTP_HOST")  # unset: mail is written to the log, not sent (development)
    SMTP_PORT = int(_env_number("SMTP_PORT", 25))
    SMTP_SECURITY = _env("SMTP_SECURITY", "none")  # none | starttls | ssl
    SMTP_USER = _env("SMTP_USER")
    SMTP_PASSWORD = _env("SMTP_PASSWORD")
    SMTP_TIMEOUT_SECONDS = _env_number("SMTP_TIMEOUT_SECONDS", 10)
    MAIL_FROM = _env("MAIL_FROM", "Soffa <no-reply@soffa.localhost>")

    SMS_PROVIDER = _env("SMS_PROVIDER", "http" if _env("SMS_URL") else "log")  # http | log
    SMS_URL = _env("SMS_URL")  # the provider's endpoint: POST JSON {to, from, text} with a bearer key
    SMS_KEY = _env("SMS_KEY")
    SMS_SENDER = _env("SMS_SENDER", "Soffa")
    SMS_TIMEOUT_SECONDS = _env_number("SMS_TIMEOUT_SECONDS", 10)

    @staticmethod
    def validate(settings) -> None:
        """Hook for environments that must refuse unsafe settings (given the final app.config)."""


class DevelopmentConfig(Config):
    DEBUG = _env_bool("DEBUG", True)


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"  # noqa: S105 - tests only
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    RATELIMIT_STORAGE_URI = "memory://"
    REDIS_URL = None
    OUTBOX_INLINE = "sync"  # delivery runs right after the request commits: tests see the result at once
    SQLITE_CHECKPOINT_SECONDS = None  # no background thread in tests; its own test turns it on
    SMTP_HOST = None  # tests never mail the world; a test points this at its own SMTP server (mail_server)
    SMS_PROVIDER = "log"


class ProductionConfig(Config):
    DEBUG = _env_bool("DEBUG", False)
    PROXY_COUNT = int(_env("PROXY_COUNT", "1") or 0)  # production runs behind a proxy
    SESSION_COOKIE_SECURE = True
    SMTP_HOST = _env("SMTP_HOST", "localhost")  # production always sends mail: a local MTA by default
    SMS_PROVIDER = _env("SMS_PROVIDER", "http")  # logging SMS instead of sending must be chosen explicitly

    @staticmethod
    def validate(settings) -> None:
        problems = []
        secret = settings.get("SECRET_KEY") or ""
        if secret == DEV_SECRET or len(secret) < 32:
            problems.append("set SOFFA_SECRET_KEY to a random value of at least 32 characters")
        if str(settings.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite"):
            problems.append("set SOFFA_DATABASE_URL to a PostgreSQL database; SQLite is for one machine only")
        if settings.get("DEBUG"):
            problems.append("unset SOFFA_DEBUG: the debugger must never run in production")
        if not settings.get("REDIS_URL"):
            problems.append("set SOFFA_REDIS_URL: jobs and rate limits must be shared by all app servers")
        elif str(settings.get("RATELIMIT_STORAGE_URI", "")).startswith("memory"):
            # Per-process counters let an attacker multiply the sign-in limit by the number of workers.
            problems.append("set RATELIMIT_STORAGE_URI to the Redis URL: rate limits must be shared")
        if not settings.get("SESSION_COOKIE_SECURE"):
            problems.append("keep SESSION_COOKIE_SECURE on: the session cookie must only travel over HTTPS")
        if str(settings.get("BASE_URL", "")).startswith(("http://127.", "http://localhost")):
            problems.append("set SOFFA_BASE_URL to the portal's public https address: links in mail use it")
        if settings.get("PASSWORD_HASH", "rfc9106_low_memory") != "rfc9106_low_memory":
            problems.append("unset SOFFA_PASSWORD_HASH: the cheap hashing profile is for tests only")
        if settings.get("SMS_PROVIDER") == "http" and not (
            settings.get("SMS_URL") and settings.get("SMS_KEY")
        ):
            problems.append("set SOFFA_SMS_URL and SOFFA_SMS_KEY, or SOFFA_SMS_PROVIDER=log to send no SMS")
        if settings.get("SMTP_USER") and settings.get("SMTP_SECURITY", "none") == "none":
            problems.append(
                "set SOFFA_SMTP_SECURITY to starttls or ssl: the SMTP password must not travel in clear"
            )
        if problems:
            raise ConfigError("Soffa refuses to start in production: " + "; ".join(problems) + ".")


CONFIGS = {"development": DevelopmentConfig, "test": TestConfig, "production": ProductionConfig}


def config_for(name: str | None = None) -> type[Config]:
    name = name or _env("ENV", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise ConfigError(f"SOFFA_ENV={name!r} is unknown; use one of {', '.join(CONFIGS)}") from None
