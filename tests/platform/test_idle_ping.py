"""A pooled PostgreSQL connection lost while idle is replaced before use; a busy one is not pinged.

Real server: the connection is ended by pg_terminate_backend, as a restart or a proxy's idle timeout
would end it. A plain engine, as create_app sets it up for PostgreSQL (an app made here would re-point the
shared rate limiter's storage for the tests that follow).
"""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from portal.idle_ping import ping_after_idle


@pytest.fixture
def engine(postgres_url):
    engine = sa.create_engine(postgres_url)
    yield engine
    engine.dispose()


def _backend_pid(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()


def _terminate(postgres_url: str, pid: int) -> None:
    other = sa.create_engine(postgres_url, poolclass=sa.pool.NullPool)
    with other.connect() as connection:
        assert connection.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
    other.dispose()


def test_a_connection_lost_while_idle_is_replaced_before_use(engine, postgres_url):
    ping_after_idle(engine, idle_seconds=0.05)
    lost = _backend_pid(engine)
    _terminate(postgres_url, lost)
    time.sleep(0.1)
    assert _backend_pid(engine) != lost  # no error: the pool connected afresh


def test_a_connection_handed_back_a_moment_ago_is_not_pinged(engine, postgres_url):
    """The counterpart: within the idle time nothing is tested, so a lost connection shows as an error
    (which also shows that the test above passes because of the ping, not by luck)."""
    ping_after_idle(engine, idle_seconds=60)
    lost = _backend_pid(engine)
    _terminate(postgres_url, lost)
    with pytest.raises(sa.exc.OperationalError):
        _backend_pid(engine)
    assert _backend_pid(engine) != lost  # the error made the pool start over


def test_the_app_pings_idle_postgresql_connections_and_never_sqlite_ones(app):
    """create_app wires it: PostgreSQL's engine pings after idle (and not at every checkout), SQLite's not
    at all."""
    from portal.extensions import db

    with app.app_context():
        bound = db.engines[None]
    engine = getattr(bound, "engine", bound)  # the tests' rolled-back transaction stands in for the engine
    ours = [f for f in engine.pool.dispatch.checkout if f.__module__ == "portal.idle_ping"]
    assert len(ours) == (1 if engine.dialect.name == "postgresql" else 0)
    assert not engine.pool._pre_ping
