"""Test a pooled PostgreSQL connection before use only when it has sat idle.

SQLAlchemy's pool_pre_ping tests every connection at every checkout: one more round trip to the
server on every request, about a tenth of a page's round trips. Connections are lost while they wait
in the pool (a server restart, a proxy's or firewall's idle timeout), so a connection handed back a
moment ago by a busy worker is as good as one just tested. Here, a connection idle for longer than
DB_PING_AFTER_IDLE_SECONDS is tested with the dialect's own ping; a dead one makes the pool connect
afresh (DisconnectionError: the pool's documented way to retry a checkout), so the request never sees
it. Under load nothing is pinged; a restart under load fails the requests in flight at that moment,
which pinging would not have saved either.
"""

from __future__ import annotations

import time

from sqlalchemy import event, exc
from sqlalchemy.engine import Engine


def ping_after_idle(engine: Engine, idle_seconds: float) -> None:
    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def _remember_when_idle(_dbapi_connection, record) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection, record, _proxy) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < idle_seconds:
            return  # just connected, or handed back a moment ago
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            if dialect.is_disconnect(error, dbapi_connection, None):
                raise exc.DisconnectionError("idle connection lost; connecting afresh") from error
            raise
