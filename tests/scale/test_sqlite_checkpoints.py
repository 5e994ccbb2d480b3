"""Embedded mode: SQLite's log reaches the database file through the background thread
(portal/sqlite_checkpoints.py), with no request doing it, and one thread per process runs it.

Seen from outside: the database file alone, copied without its -wal file, holds only what has been
checkpointed into it.
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time

import pytest

from portal import create_app
from portal.extensions import db


def _app(tmp_path, seconds):
    app = create_app("test", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'log.sqlite'}",
                     SQLITE_CHECKPOINT_SECONDS=seconds)  # fmt: skip
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    return app


@pytest.fixture
def apps(tmp_path):
    made = []

    def make(seconds):
        made.append(_app(tmp_path / str(len(made)), seconds))
        return made[-1]

    yield make
    for app in made:
        app.extensions.get("sqlite_checkpoints_stop", threading.Event()).set()
        with app.app_context():
            db.engine.dispose()


def _rows_in_the_database_file(path, tmp_path) -> int:
    copy = tmp_path / "file-only.sqlite"
    shutil.copyfile(path, copy)  # without log.sqlite-wal: only what was checkpointed
    with sqlite3.connect(copy) as connection:
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
        return connection.execute("SELECT count(*) FROM probe").fetchone()[0] if "probe" in tables else 0


def _write_rows(path) -> sqlite3.Connection:
    """Rows in the log only: this connection never checkpoints by itself, and stays open (the last
    connection to close would checkpoint)."""
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("CREATE TABLE probe (n INTEGER)")
    writer.executemany("INSERT INTO probe VALUES (?)", [(n,) for n in range(100)])
    return writer


@pytest.mark.parametrize("seconds", [0.05, None], ids=["thread", "no thread"])
def test_the_log_reaches_the_database_file_without_a_request(apps, tmp_path, seconds):
    app = apps(seconds)
    path = tmp_path / "0" / "log.sqlite"
    app.test_client().get("/login")  # a process's first request starts its thread
    writer = _write_rows(path)
    try:
        deadline = time.monotonic() + 2
        while _rows_in_the_database_file(path, tmp_path) == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _rows_in_the_database_file(path, tmp_path) == (100 if seconds else 0)
    finally:
        writer.close()


def test_one_thread_per_process_and_database(apps):
    before = sum(t.name == "sqlite-checkpoint" for t in threading.enumerate())
    first, second = apps(0.05), apps(0.05)
    for app in (first, second, first, second, first):
        app.test_client().get("/login")
    assert sum(t.name == "sqlite-checkpoint" for t in threading.enumerate()) == before + 2
    apps(None).test_client().get("/login")  # turned off: no thread
    assert sum(t.name == "sqlite-checkpoint" for t in threading.enumerate()) == before + 2
