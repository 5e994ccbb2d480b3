"""The relay with a real Redis: ids (JSON) into RQ after commit, never a slow request when Redis is away,
and the sweeper re-drives what Redis never got. Jobs are run by an RQ worker in this process."""

from __future__ import annotations

import json
import signal
import socket
import time
import zlib
from datetime import timedelta

import pytest
from redis import Redis

from portal.db import now_utc
from portal.outbox import relay
from tests.mail_server import free_port
from tests.outbox.helpers import emit_in_request, row, time_passes
from worker import queues
from worker.__main__ import AppWorker


@pytest.fixture
def rq_redis(app, redis_url):
    """A Redis database of its own for these tests, emptied around each; the app relays to it."""
    url = redis_url.rsplit("/", 1)[0] + "/3"
    connection = Redis.from_url(url)
    connection.flushdb()
    saved = app.config["REDIS_URL"]
    app.config["REDIS_URL"] = url
    yield connection
    app.config["REDIS_URL"] = saved
    connection.flushdb()


def queued_jobs(connection):
    return queues.delivery_queue(connection).get_jobs()


def work_off(app, connection) -> None:
    """Run the queued jobs with Soffa's worker class, here, until the queue is empty."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        worker = AppWorker(list(queues.QUEUES), connection=connection, serializer=queues.SERIALIZER, app=app)
        worker.work(burst=True, logging_level="WARNING")
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def test_after_commit_the_message_id_goes_to_rq_as_json(app, make, rq_redis, mail_server):
    user = make.user("staff")
    message_id = emit_in_request(app, user_id=user.id)

    [job] = queued_jobs(rq_redis)
    assert job.func_name == queues.DELIVER_JOB
    assert list(job.args) == [message_id]
    assert job.timeout == queues.timing(app.config).job_timeout
    assert job.retries_left == len(queues.timing(app.config).retry_intervals)
    stored = zlib.decompress(rq_redis.hget(job.key, "data"))
    assert json.loads(stored)[2] == [message_id]  # JSON, ids only: no pickle in Redis
    assert mail_server.messages == []  # not sent by the web process

    work_off(app, rq_redis)
    assert len(mail_server.to(user.email)) == 1
    assert row(app, message_id).state == "sent"


def test_a_message_for_later_is_not_queued(app, make, rq_redis):
    user = make.user("staff")
    emit_in_request(app, user_id=user.id, not_before=now_utc() + timedelta(hours=24))
    assert queued_jobs(rq_redis) == []


def test_the_same_message_queued_twice_is_mailed_once(app, make, rq_redis, mail_server):
    user = make.user("staff")
    message_id = emit_in_request(app, user_id=user.id)
    queues.enqueue_deliveries(rq_redis, [message_id], app.config)
    first, second = queued_jobs(rq_redis)

    work_off(app, rq_redis)
    assert len(mail_server.to(user.email)) == 1
    assert sorted([first.fetch(first.id, rq_redis, serializer=queues.SERIALIZER).return_value(),
                   second.fetch(second.id, rq_redis, serializer=queues.SERIALIZER).return_value()]) == [
        "not-claimed",
        "sent",
    ]  # fmt: skip


def test_redis_down_the_request_is_fast_and_the_sweeper_delivers_once_it_is_back(
    app, make, rq_redis, mail_server
):
    user = make.user("staff")
    app.config["REDIS_URL"] = f"redis://127.0.0.1:{free_port()}/0"  # nobody listens there
    started = time.monotonic()
    message_id = emit_in_request(app, user_id=user.id)
    assert time.monotonic() - started < 1.0
    assert row(app, message_id).state == "queued" and mail_server.messages == []

    app.config["REDIS_URL"] = rq_redis_url(rq_redis)  # Redis is back
    with app.app_context():
        assert relay.sweep() == 0  # a fresh message is the relay's for one sweep period
    time_passes(app, message_id, queues.timing(app.config).sweep_every + 1)
    with app.app_context():
        assert relay.sweep() == 1
        assert relay.sweep() == 0  # queued a moment ago: not queued again
    assert row(app, message_id).dispatched_at is not None

    work_off(app, rq_redis)
    assert len(mail_server.to(user.email)) == 1


def test_a_redis_that_never_answers_holds_the_request_up_half_a_second_at_most(app, make, rq_redis):
    user = make.user("staff")
    with socket.socket() as black_hole:  # accepts connections, never replies
        black_hole.bind(("127.0.0.1", 0))
        black_hole.listen(8)
        app.config["REDIS_URL"] = f"redis://127.0.0.1:{black_hole.getsockname()[1]}/0"
        started = time.monotonic()
        message_id = emit_in_request(app, user_id=user.id)
        elapsed = time.monotonic() - started
    assert elapsed < 2 * app.config["REDIS_TIMEOUT_SECONDS"] + 0.5
    assert row(app, message_id).state == "queued"


def test_a_job_whose_worker_vanished_is_redriven_after_its_lease(app, make, rq_redis, mail_server):
    user = make.user("staff")
    message_id = emit_in_request(app, user_id=user.id)
    rq_redis.delete(queues.delivery_queue(rq_redis).key)  # the job is lost (Redis restarted, say)
    with app.app_context():
        from worker.jobs.deliver import _claim

        assert _claim(message_id, now_utc(), queues.timing())  # a worker claimed it, then died

    time_passes(app, message_id, queues.timing(app.config).sweep_every + 1)
    with app.app_context():
        assert relay.sweep() == 0  # the lease still holds
    time_passes(app, message_id, queues.timing(app.config).lease.total_seconds())
    with app.app_context():
        assert relay.sweep() == 1
    work_off(app, rq_redis)
    assert len(mail_server.to(user.email)) == 1
    assert row(app, message_id).attempts == 2


def rq_redis_url(connection) -> str:
    kwargs = connection.connection_pool.connection_kwargs
    return f"redis://{kwargs['host']}:{kwargs['port']}/{kwargs['db']}"
