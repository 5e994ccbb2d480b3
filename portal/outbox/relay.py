"""From committed outbox rows to delivery jobs.

after_commit() runs in commit_once once the request's transaction is committed: it hands the messages the
request emitted (those already due) to RQ when SOFFA_REDIS_URL is set, else runs the same job in this
process. The request never waits on Redis for long (short socket timeouts, errors only logged): a row
that did not reach Redis is still in the database, and sweep() re-drives it.

sweep() runs every minute: in `python -m worker` (a thread next to the RQ loop); once from cron with
`python -m worker sweep` or the `outbox-sweep` Flask command (sweep_command); and, without Redis, driven
by requests in the web process. It re-drives every unsettled message that is due and not leased - never
handed over, lost by Redis, or whose worker died - and so also sends reminders when their time comes.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import click
import sqlalchemy as sa
from flask import Flask, current_app, g
from redis import Redis
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

from portal.db import now_utc
from portal.extensions import db
from portal.outbox.errors import TemporaryFailure
from portal.outbox.models import OutboxMessage
from worker import queues

log = logging.getLogger("soffa.outbox")

_pool_lock = threading.Lock()
_pool: tuple[int, ThreadPoolExecutor] | None = None  # (pid, pool): a forked server process makes its own
_last_inline_sweep = 0.0


def after_commit() -> None:
    """Dispatch what this request emitted. Never raises: the answer is already decided."""
    ids = g.pop("outbox_emitted", None)
    try:
        if ids:
            dispatch(_due_now(ids))
        _maybe_sweep_inline()
    except Exception:
        log.exception("outbox relay failed after commit; the sweeper will deliver these: %s", ids)


def dispatch(message_ids: list[int]) -> int:
    """Hand messages to RQ, or without Redis run them in this process. Returns how many were handed on."""
    if not message_ids:
        return 0
    app = current_app._get_current_object()
    if app.config.get("REDIS_URL"):
        try:
            return queues.enqueue_deliveries(relay_redis(app), message_ids, app.config)
        except RedisError as error:
            log.warning("Redis unavailable, %d message(s) left for the sweeper: %s", len(message_ids), error)
            return 0
    if app.config.get("OUTBOX_INLINE") == "sync":
        # Tests: deterministic, and still strictly after the commit, in a context of its own.
        for message_id in message_ids:
            run_inline(app, message_id)
    else:
        pool = _thread_pool()
        for message_id in message_ids:
            pool.submit(run_inline, app, message_id)
    return len(message_ids)


def run_inline(app: Flask, message_id: int) -> None:
    """The delivery job without a queue: own app context (own session), failures only logged."""
    from worker.jobs.deliver import deliver  # the same job the workers run

    with app.app_context():
        try:
            deliver(message_id)
        except TemporaryFailure as failure:
            log.info("outbox message %s not delivered yet (%s); retried after its lease", message_id, failure)
        except Exception:
            log.exception("outbox message %s: delivery job failed", message_id)


def sweep(now: datetime | None = None) -> int:
    """Re-drive unsettled, due, unleased messages. Needs an app context; returns how many were handed on."""
    now = now or now_utc()
    settings = queues.timing()
    ids = _sweepable(now, settings)
    db.session.commit()  # end the read: what follows writes in transactions of its own
    if not ids:
        return 0
    if current_app.config.get("REDIS_URL"):
        try:
            queues.enqueue_deliveries(relay_redis(current_app), ids, current_app.config)
        except RedisError as error:
            log.warning("Redis unavailable, sweep of %d message(s) postponed: %s", len(ids), error)
            return 0
        db.session.execute(
            sa.update(OutboxMessage).where(OutboxMessage.id.in_(ids)).values(dispatched_at=now),
            execution_options={"synchronize_session": False},
        )
        db.session.commit()
        return len(ids)
    app = current_app._get_current_object()
    for message_id in ids:
        run_inline(app, message_id)
    return len(ids)


def relay_redis(app: Flask) -> Redis:
    """The web side's Redis client: short timeouts and no retries, so a request never hangs on Redis."""
    url = app.config["REDIS_URL"]
    cached = app.extensions.get("soffa_relay_redis")
    if cached is None or cached[0] != url:
        timeout = queues.timing(app.config).redis_timeout
        client = Redis.from_url(
            url, socket_connect_timeout=timeout, socket_timeout=timeout, retry=Retry(NoBackoff(), 0)
        )
        cached = app.extensions["soffa_relay_redis"] = (url, client)
    return cached[1]


def _due_now(ids: list[int]) -> list[int]:
    """Of the emitted ids, those due now; a reminder for later is the sweeper's when its time comes."""
    rows = db.session.execute(
        sa.select(OutboxMessage.id)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.not_before <= now_utc())
        .order_by(OutboxMessage.id)
    )
    due = list(rows.scalars())
    db.session.commit()  # end the read; the jobs use their own sessions
    return due


def _sweepable(now: datetime, settings: queues.Timing) -> list[int]:
    m = OutboxMessage
    rows = db.session.execute(
        sa.select(m.id)
        .where(
            m.sent_at.is_(None),
            m.failed_at.is_(None),
            m.skipped_at.is_(None),
            m.not_before <= now,
            sa.or_(m.lease_until.is_(None), m.lease_until < now),
            # Freshly emitted rows are the relay's for one sweep period...
            m.created_at <= now - settings.relay_grace,
            # ...and a row the sweeper queued recently is still waiting in the queue.
            sa.or_(m.dispatched_at.is_(None), m.dispatched_at <= now - settings.redispatch_after),
        )
        .order_by(m.not_before, m.id)
        .limit(queues.SWEEP_BATCH)
    )
    return list(rows.scalars())


def _thread_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None or _pool[0] != os.getpid():
            _pool = (os.getpid(), ThreadPoolExecutor(max_workers=2, thread_name_prefix="outbox"))
        return _pool[1]


def _maybe_sweep_inline() -> None:
    """Without Redis and a worker (`make run`), requests also drive the sweep, at most once a period, so
    reminders and retries happen in development too. Tests (sync mode) sweep only when they ask to."""
    global _last_inline_sweep
    app = current_app._get_current_object()
    if app.config.get("REDIS_URL") or app.config.get("OUTBOX_INLINE") != "thread":
        return
    every = queues.timing(app.config).sweep_every
    with _pool_lock:
        if time.monotonic() - _last_inline_sweep < every:
            return
        _last_inline_sweep = time.monotonic()
    _thread_pool().submit(_sweep_in_context, app)


def _sweep_in_context(app: Flask) -> None:
    with app.app_context():
        try:
            sweep()
        except Exception:
            log.exception("outbox sweep failed")


@click.command("outbox-sweep")
def sweep_command() -> None:
    """Re-drive every unsettled outbox message that is due: to RQ, or run here without Redis."""
    click.echo(f"outbox sweep: {sweep()} message(s) re-driven")
