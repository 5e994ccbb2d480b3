"""Without Redis and without a worker (`make run`): jobs run in the web process after the answer, requests
drive the sweep, and `python -m worker sweep` re-drives from cron. No worker process runs in this module."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

from config import BASE_DIR
from tests.mail_server import free_port
from tests.worker.conftest import delivery_app, emit_notice, outbox_row, wait_until


def test_without_redis_the_job_runs_in_a_thread_after_the_response(make_here, mail_server, worker_database):
    user = make_here.user("staff")
    embedded = delivery_app(worker_database, None, mail_server, OUTBOX_INLINE="thread")
    hold = mail_server.hold(user.email)
    safety = threading.Timer(10, hold.released.set)  # never hang the run
    safety.start()
    try:
        started = time.monotonic()
        message_id = emit_notice(embedded, user)
        answered_in = time.monotonic() - started
        assert hold.reached.wait(5)  # the job started after the answer, and is still sending
    finally:
        hold.released.set()
        safety.cancel()
    assert answered_in < 1.0
    wait_until(lambda: outbox_row(embedded, message_id).last_error)  # the held mail was answered 451
    assert outbox_row(embedded, message_id).state == "queued"


def test_without_redis_requests_drive_the_sweep_so_retries_happen_without_a_worker(
    make_here, mail_server, worker_database
):
    user = make_here.user("staff")
    embedded = delivery_app(worker_database, None, mail_server, OUTBOX_INLINE="thread")
    mail_server.stop()
    message_id = emit_notice(embedded, user)
    wait_until(lambda: outbox_row(embedded, message_id).last_error)  # the first try met a closed port
    mail_server.start()

    client = embedded.test_client()

    def a_request_later() -> bool:  # any answered request lets the relay sweep, at most once a period
        assert client.get("/healthz").status_code == 200
        return bool(mail_server.to(user.email))

    wait_until(a_request_later, interval=0.3)
    wait_until(lambda: outbox_row(embedded, message_id).state == "sent")
    assert len(mail_server.to(user.email)) == 1


def test_python_m_worker_sweep_delivers_what_is_due(make_here, mail_server, worker_database, worker_env):
    user = make_here.user("staff")
    # Redis away when the request commits: the row waits for a sweep.
    quiet_app = delivery_app(worker_database, f"redis://127.0.0.1:{free_port()}/0", mail_server)
    message_id = emit_notice(quiet_app, user)
    time.sleep(1.1)  # older than the relay's grace of one sweep period
    env = {**worker_env, "SOFFA_REDIS_URL": ""}  # no Redis: the sweep runs the jobs itself

    result = subprocess.run(
        [sys.executable, "-m", "worker", "sweep"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 message(s) re-driven" in result.stdout
    assert outbox_row(quiet_app, message_id).state == "sent"
    assert len(mail_server.to(user.email)) == 1
