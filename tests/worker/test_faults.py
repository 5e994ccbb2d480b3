"""Delivery through real `python -m worker` processes, and the faults the issue names: a job run twice,
SMTP down, 4xx, 5xx, Redis down when emitting, a worker killed in the middle of a job."""

from __future__ import annotations

import time

from tests.mail_server import free_port
from tests.worker.conftest import delivery_app, emit_notice, outbox_row, wait_until
from worker import queues


def test_a_worker_delivers_a_message_once(relay_app, make_here, two_workers, mail_server):
    user = make_here.user("staff")
    message_id = emit_notice(relay_app, user)

    wait_until(lambda: mail_server.to(user.email), message=two_workers.logs())
    wait_until(lambda: outbox_row(relay_app, message_id).state == "sent")
    time.sleep(1.5)  # a sweep or two later: still one
    assert len(mail_server.to(user.email)) == 1
    assert outbox_row(relay_app, message_id).attempts == 1


def test_the_same_job_queued_twice_sends_one_mail(
    relay_app, make_here, two_workers, mail_server, worker_redis
):
    user = make_here.user("staff")
    message_id = emit_notice(relay_app, user)
    queues.enqueue_deliveries(
        worker_redis, [message_id, message_id], relay_app.config
    )  # three jobs, two workers

    wait_until(lambda: outbox_row(relay_app, message_id).state == "sent", message=two_workers.logs())
    wait_until(lambda: queues.delivery_queue(worker_redis).count == 0)
    time.sleep(0.5)
    assert len(mail_server.to(user.email)) == 1
    assert outbox_row(relay_app, message_id).attempts == 1


def test_smtp_down_then_up_is_delivered_after_a_retry(relay_app, make_here, two_workers, mail_server):
    user = make_here.user("staff")
    mail_server.stop()
    message_id = emit_notice(relay_app, user)
    wait_until(lambda: outbox_row(relay_app, message_id).last_error, message=two_workers.logs())
    assert "cannot talk to the mail server" in outbox_row(relay_app, message_id).last_error

    mail_server.start()
    wait_until(lambda: outbox_row(relay_app, message_id).state == "sent", message=two_workers.logs())
    assert len(mail_server.to(user.email)) == 1
    assert outbox_row(relay_app, message_id).attempts >= 2


def test_a_4xx_answer_is_retried_until_delivered(relay_app, make_here, two_workers, mail_server):
    user = make_here.user("staff")
    mail_server.refuse(user.email, 451, "4.7.1 Greylisted, try again", times=2)
    message_id = emit_notice(relay_app, user)

    wait_until(lambda: outbox_row(relay_app, message_id).state == "sent", message=two_workers.logs())
    assert len(mail_server.to(user.email)) == 1
    delivered = outbox_row(relay_app, message_id)
    assert delivered.attempts == 3 and "451" in delivered.last_error  # the last refusal stays on record


def test_a_recipient_refused_with_5xx_fails_and_is_not_retried(
    relay_app, make_here, two_workers, mail_server
):
    user = make_here.user("staff")
    mail_server.refuse(user.email, 550, "5.1.1 Unknown user")
    message_id = emit_notice(relay_app, user)

    wait_until(lambda: outbox_row(relay_app, message_id).state == "failed", message=two_workers.logs())
    time.sleep(4)  # longer than a lease and several sweeps
    failed = outbox_row(relay_app, message_id)
    assert failed.attempts == 1 and "550" in failed.last_error
    assert mail_server.to(user.email) == []


def test_redis_down_when_emitting_the_request_is_fast_and_the_sweeper_delivers(
    relay_app, make_here, two_workers, mail_server, worker_database
):
    user = make_here.user("staff")
    no_redis = delivery_app(worker_database, f"redis://127.0.0.1:{free_port()}/0", mail_server)

    started = time.monotonic()
    message_id = emit_notice(no_redis, user)
    assert time.monotonic() - started < 2.0  # the bound; in practice a few milliseconds
    assert outbox_row(relay_app, message_id).state == "queued"

    # The workers' Redis is up: their sweeper finds the row once it is older than a sweep period.
    wait_until(lambda: outbox_row(relay_app, message_id).state == "sent", message=two_workers.logs())
    assert outbox_row(relay_app, message_id).dispatched_at is not None  # handed over by the sweeper
    assert len(mail_server.to(user.email)) == 1


def test_a_worker_killed_mid_job_is_replaced_by_another_after_the_lease(
    relay_app, make_here, two_workers, mail_server
):
    user = make_here.user("staff")
    hold = mail_server.hold(user.email)  # the first delivery hangs in DATA
    message_id = emit_notice(relay_app, user)
    assert hold.reached.wait(15), two_workers.logs()

    victim = two_workers.pid_running(message_id)
    assert victim is not None
    killed_at = time.monotonic()
    two_workers.kill(victim)
    hold.released.set()

    wait_until(lambda: outbox_row(relay_app, message_id).state == "sent", message=two_workers.logs())
    healed_after = time.monotonic() - killed_at
    lease = queues.timing(relay_app.config).lease.total_seconds()
    assert healed_after >= lease - 1  # not before the dead worker's lease ran out
    assert len(mail_server.to(user.email)) == 1
    assert outbox_row(relay_app, message_id).attempts == 2
