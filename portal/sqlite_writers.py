"""Embedded mode: the app servers' writers queue for SQLite's one write lock in the kernel, not in a sleep loop.

SQLite lets one transaction write at a time. A request that finds the lock taken is parked by SQLite's
busy handler, which sleeps in growing steps (up to 100 ms) and retries: under load the lock is free most
of the time while the waiters sleep, and the slowest request waits a second (measured by scripts/bench:
adding a note at 4 connections had a p99 of 1.1 s). Here every writer first takes an exclusive flock()
on a file beside the database. The kernel wakes the next waiter the moment the holder lets go, so the
write lock passes from request to request without idle gaps, and busy_timeout stays the safety net.

Held from the request's first write (BEGIN IMMEDIATE, portal/db.py) until its connection goes back to
the pool, which is after the commit or rollback. One file descriptor per process: gunicorn's sync
workers are one thread each. Threads of one process (the development server) share the flock, and
then SQLite's own lock and busy handler order them, as before. PostgreSQL never comes here.
"""

from __future__ import annotations

import fcntl
import os
import threading

from sqlalchemy import event
from sqlalchemy.pool import Pool

_HELD = "soffa_write_queue"  # connection-record flag: this connection holds the queue
_files: dict[str, int] = {}
_files_lock = threading.Lock()


def _queue_file(database: str) -> int:
    with _files_lock:
        if database not in _files:
            _files[database] = os.open(f"{database}-writers.lock", os.O_RDWR | os.O_CREAT, 0o600)
        return _files[database]


def wait_for_turn(connection) -> None:
    """Block until this process is the one writer (no-op for an in-memory database)."""
    database = connection.engine.url.database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return
    info = connection.connection.info  # the pool record's dict for this DBAPI connection (seen at checkin)
    if info.get(_HELD):
        return
    descriptor = _queue_file(database)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    info[_HELD] = descriptor


@event.listens_for(Pool, "checkin")
def _let_the_next_writer_in(_dbapi_connection, record) -> None:
    descriptor = record.info.pop(_HELD, None) if record is not None else None
    if descriptor is not None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
