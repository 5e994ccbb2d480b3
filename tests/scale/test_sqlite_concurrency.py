"""SQLite in WAL mode under concurrent requests: every page writes an access-log row, and one request in
ten adds a note, yet no request fails with "database is locked".

A transaction that has read and then writes must upgrade its snapshot to the write lock; SQLite refuses
that at once (busy_timeout does not help) when another request committed in between. portal/db.py opens
a request's transaction with BEGIN IMMEDIATE at its first write instead. This test has its own database
file and app (no rolled-back test transaction): the requests must really commit, side by side.
"""

from __future__ import annotations

import fcntl
import os
import threading

import pytest
import sqlalchemy as sa

from portal import create_app
from portal.extensions import db
from portal.scale import BENCH_HUB, SCALE_PASSWORD, SCALE_TOTP_SECRET
from tests.conftest import SoffaClient

THREADS = 4
REQUESTS = 60  # per thread
NOTE = {"kind": "note", "channel": "", "visibility": "team", "body": "Talked about the week."}


@pytest.fixture
def sqlite_app(tmp_path):
    app = create_app("test", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'concurrent.sqlite'}")
    app.test_client_class = SoffaClient
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    result = app.test_cli_runner().invoke(args=["seed-scale", "--cases", "4", "--entries", "40"])
    assert result.exit_code == 0, result.output
    yield app
    with app.app_context():
        db.engine.dispose()


def test_ten_percent_writes_never_meet_a_locked_database(sqlite_app):
    app = sqlite_app
    with app.app_context():
        case_id = db.session.execute(sa.text("SELECT min(id) FROM case_file")).scalar_one()
    pages = [f"/cases/{case_id}", f"/cases/{case_id}/timeline", f"/cases/{case_id}/plan"]
    clients = []
    for _ in range(THREADS):
        client = app.test_client()
        assert client.login(BENCH_HUB, SCALE_PASSWORD, totp_secret=SCALE_TOTP_SECRET).status_code == 302
        clients.append((client, client.csrf_token()))
    statuses: list[int] = []
    start = threading.Barrier(THREADS)

    def work(client, token):
        start.wait()
        for n in range(REQUESTS):
            if n % 10 == 0:
                response = client.post(
                    f"/cases/{case_id}/timeline/new", data=NOTE, csrf=False, htmx=True,
                    headers={"X-CSRFToken": token},
                )  # fmt: skip
            else:
                response = client.get(pages[n % len(pages)])
            statuses.append(response.status_code)

    threads = [threading.Thread(target=work, args=pair) for pair in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses.count(200) == THREADS * REQUESTS, sorted(set(statuses))
    with app.app_context():
        notes = db.session.execute(
            sa.text("SELECT count(*) FROM timeline_entry WHERE body = :b"), {"b": NOTE["body"]}
        ).scalar_one()
        logged = db.session.execute(sa.text("SELECT count(*) FROM access_log_entry")).scalar_one()
    assert notes == THREADS * REQUESTS // 10
    assert logged >= THREADS * REQUESTS  # every page and every note's answer showed case content


def _queue_is_free(lock_file) -> bool:
    """Try the writers' queue from a second open file (flock conflicts between open files, even in one
    process), and let go again at once."""
    descriptor = os.open(lock_file, os.O_RDWR)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(descriptor)
    return True


def test_a_writer_holds_the_queue_from_its_first_write_until_its_connection_goes_back(sqlite_app, tmp_path):
    lock_file = tmp_path / "concurrent.sqlite-writers.lock"
    with sqlite_app.test_request_context():
        db.session.execute(sa.text("SELECT count(*) FROM case_file")).scalar_one()
        assert not lock_file.exists() or _queue_is_free(lock_file), "a read does not queue"
        db.session.execute(sa.text("UPDATE organisation SET name = name WHERE id = 1"))
        assert not _queue_is_free(lock_file), "the first write takes the queue"
        db.session.commit()
        db.session.remove()  # the connection goes back to the pool: the next writer may go
        assert _queue_is_free(lock_file)


def test_connections_use_wal_and_checkpoint_every_ten_thousand_pages(sqlite_app):
    """portal/db.py: SQLite's default (1,000 pages) put a checkpoint with its fsync in one writing request
    of a hundred (scripts/bench's p99 of adding a note)."""
    with sqlite_app.app_context():
        settings = [
            db.session.execute(sa.text(f"PRAGMA {name}")).scalar_one()
            for name in ("journal_mode", "wal_autocheckpoint", "synchronous", "busy_timeout")
        ]
    assert settings == ["wal", 10_000, 1, 5000]  # synchronous 1 = NORMAL
