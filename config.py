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


class ConfigError(RuntimeError):
    """The configuration cannot run safely; the message says what to change."""


class Config:
    SECRET_KEY = _env("SECRET_KEY", DEV_SECRET)
    SQLALCHEMY_DATABASE_URI = _env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'instance' / 'soffa.sqlite'}")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    REDIS_URL = _env("REDIS_URL")  # None: jobs run in-process after commit, limits kept in memory
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

    # The access-log sealer leaves entries this young alone: a transaction still open may hold a lower id.
    SEAL_SAFETY_LAG = timedelta(minutes=2)

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


class ProductionConfig(Config):
    DEBUG = _env_bool("DEBUG", False)
    PROXY_COUNT = int(_env("PROXY_COUNT", "1") or 0)  # production runs behind a proxy
    SESSION_COOKIE_SECURE = True

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
        if settings.get("PASSWORD_HASH", "rfc9106_low_memory") != "rfc9106_low_memory":
            problems.append("unset SOFFA_PASSWORD_HASH: the cheap hashing profile is for tests only")
        if problems:
            raise ConfigError("Soffa refuses to start in production: " + "; ".join(problems) + ".")


CONFIGS = {"development": DevelopmentConfig, "test": TestConfig, "production": ProductionConfig}


def config_for(name: str | None = None) -> type[Config]:
    name = name or _env("ENV", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise ConfigError(f"SOFFA_ENV={name!r} is unknown; use one of {', '.join(CONFIGS)}") from None
