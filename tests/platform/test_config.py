"""Production refuses to start on unsafe settings, each with a message that says what to change."""

from __future__ import annotations

import pytest

from config import DEV_SECRET, Config, ConfigError, ProductionConfig, TestConfig, config_for
from portal import create_app

GOOD = {
    "SECRET_KEY": "k" * 32,  # the shortest key accepted
    "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://soffa@db.internal/soffa",
    "DEBUG": False,
    "REDIS_URL": "redis://cache.internal:6379/0",
    "RATELIMIT_STORAGE_URI": "redis://cache.internal:6379/0",
    "SESSION_COOKIE_SECURE": True,
    "BASE_URL": "https://soffa.example.se",
}


def test_a_good_production_configuration_is_accepted():
    ProductionConfig.validate(dict(GOOD))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SECRET_KEY": DEV_SECRET}, "SOFFA_SECRET_KEY"),
        ({"SECRET_KEY": "short-but-random-31-characters!"}, "at least 32 characters"),
        ({"SECRET_KEY": None}, "SOFFA_SECRET_KEY"),
        ({"SQLALCHEMY_DATABASE_URI": "sqlite:////var/lib/soffa.sqlite"}, "PostgreSQL"),
        ({"DEBUG": True}, "SOFFA_DEBUG"),
        ({"REDIS_URL": None}, "SOFFA_REDIS_URL"),
        ({"REDIS_URL": ""}, "SOFFA_REDIS_URL"),
        ({"RATELIMIT_STORAGE_URI": "memory://"}, "RATELIMIT_STORAGE_URI"),
        ({"SESSION_COOKIE_SECURE": False}, "SESSION_COOKIE_SECURE"),
        ({"PASSWORD_HASH": "test_only_cheapest"}, "SOFFA_PASSWORD_HASH"),
        ({"BASE_URL": "http://127.0.0.1:5000"}, "SOFFA_BASE_URL"),
    ],
)
def test_each_unsafe_setting_is_refused_with_a_clear_message(change, message):
    with pytest.raises(ConfigError) as refused:
        ProductionConfig.validate({**GOOD, **change})
    assert message in str(refused.value)
    assert "refuses to start in production" in str(refused.value)


def test_every_problem_is_named_at_once():
    bad = {**GOOD, "SECRET_KEY": DEV_SECRET, "DEBUG": True, "REDIS_URL": None}
    with pytest.raises(ConfigError) as refused:
        ProductionConfig.validate(bad)
    for name in ("SOFFA_SECRET_KEY", "SOFFA_DEBUG", "SOFFA_REDIS_URL"):
        assert name in str(refused.value)


def test_create_app_checks_before_it_starts_anything():
    with pytest.raises(ConfigError):
        create_app("production", SECRET_KEY=DEV_SECRET, SQLALCHEMY_DATABASE_URI="sqlite://", REDIS_URL=None)


def test_development_and_test_configs_are_not_checked():
    Config.validate({"SECRET_KEY": DEV_SECRET, "SQLALCHEMY_DATABASE_URI": "sqlite://", "DEBUG": True})
    TestConfig.validate({"SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_unknown_environment_name_is_refused():
    with pytest.raises(ConfigError, match="'nope' is unknown"):
        config_for("nope")


def test_environment_names_map_to_their_classes(monkeypatch):
    assert config_for("production") is ProductionConfig
    assert config_for("test") is TestConfig
    monkeypatch.setenv("SOFFA_ENV", "production")
    assert config_for() is ProductionConfig
