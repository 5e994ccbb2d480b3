"""Embedded mode: SQLite's write-ahead log is copied into the database file by a background thread of
each app process, not inside a request.

Left to itself, SQLite checkpoints in whichever transaction commits past wal_autocheckpoint pages: that
request copies the log into the database file and waits for the disk while its client waits, and at
several connections every request queued behind it waits too. scripts/bench measured adding a note at 4
connections with a p99 3.6-4.4 times its p50 that way, 2.3 times with no checkpoint during the run.
Here a daemon thread runs a PASSIVE checkpoint every SQLITE_CHECKPOINT_SECONDS: a passive checkpoint
waits for no reader or writer and holds no lock they need, and the sqlite3 module lets go of the GIL
while SQLite works, so the process goes on serving. wal_autocheckpoint (portal/db.py) stays far above
what the log grows to between two rounds, as the safety net should the thread ever fall behind.
"""

from __future__ import annotations

import logging
import os
import threading

from flask import Flask
from sqlalchemy.engine import Engine

log = logging.getLogger("soffa")

_lock = threading.Lock()
_started_in: set[tuple[int, int]] = set()  # (process id, engine id): one thread per process and database


def checkpoint_in_background(app: Flask, engine: Engine) -> None:
    """Start the thread at a process's first request: gunicorn may fork its workers after the app is
    made, and a thread does not survive a fork."""
    seconds = app.config["SQLITE_CHECKPOINT_SECONDS"]
    if not seconds or engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return

    stop = app.extensions["sqlite_checkpoints_stop"] = threading.Event()  # set: the thread ends (tests)

    @app.before_request
    def _start_once_per_process() -> None:
        key = (os.getpid(), id(engine))
        if key in _started_in:
            return
        with _lock:
            if key not in _started_in:
                _started_in.add(key)
                threading.Thread(
                    target=_checkpoint_until,
                    args=(engine, seconds, stop),
                    name="sqlite-checkpoint",
                    daemon=True,
                ).start()


def checkpoint(engine: Engine) -> tuple[int, int, int]:
    """One passive checkpoint: (busy, frames in the log, frames copied), as SQLite reports them. On the
    pool's raw connection: no transaction around it (the connection is in autocommit, portal/db.py)."""
    connection = engine.raw_connection()
    try:
        return tuple(connection.cursor().execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone())
    finally:
        connection.close()


def _checkpoint_until(engine: Engine, seconds: float, stop: threading.Event) -> None:
    while not stop.wait(seconds):
        try:
            checkpoint(engine)
        except Exception:  # the next round tries again; the automatic checkpoint is the safety net
            log.exception("background checkpoint of the SQLite log failed")
