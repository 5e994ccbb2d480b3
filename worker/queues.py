"""The delivery policy in one place: queue names, serializer, job timeout, lease, retries and backoff.

The numbers an operator may tune come from config.py (SOFFA_* variables); everything that uses them -
the relay, the sweeper, the delivery job and `python -m worker` - reads them through timing() here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from redis import Redis
from rq import Queue, Retry
from rq.serializers import JSONSerializer

from config import ConfigError

DELIVERY_QUEUE = "soffa-delivery"
QUEUES = (DELIVERY_QUEUE,)
SERIALIZER = JSONSerializer  # job arguments are ids only, so JSON carries them; no pickles in Redis
DELIVER_JOB = "worker.jobs.deliver.deliver"  # by name: the web process never imports the worker package
MAX_ATTEMPTS = 25  # with the default backoff about a day of trying; then the message is marked failed
RESULT_TTL = 3600  # seconds RQ keeps a finished job; the outbox row is the lasting record
FAILURE_TTL = 7 * 24 * 3600
SWEEP_BATCH = 500  # messages re-driven per sweep; the next sweep takes the rest


@dataclass(frozen=True)
class Timing:
    job_timeout: int  # seconds; RQ stops a job that runs longer
    lease: timedelta  # a claimed message is left alone this long; longer than any job may run
    sweep_every: float  # seconds between sweeps
    retry_intervals: tuple[int, ...]  # backoff after a temporary failure, by attempt; the last repeats
    redis_timeout: float  # connect/read timeout of the relay's Redis calls

    @property
    def relay_grace(self) -> timedelta:
        """A fresh message belongs to the relay for one sweep period before the sweeper re-drives it."""
        return timedelta(seconds=self.sweep_every)

    @property
    def redispatch_after(self) -> timedelta:
        """A message the sweeper queued and nobody claimed (Redis lost it) is queued again after this."""
        return self.lease

    def backoff(self, attempts: int) -> timedelta:
        index = min(max(attempts, 1), len(self.retry_intervals)) - 1
        return timedelta(seconds=self.retry_intervals[index])


def timing(config: Mapping | None = None) -> Timing:
    config = current_app.config if config is None else config
    job_timeout = int(config["JOB_TIMEOUT_SECONDS"])
    lease = int(config.get("OUTBOX_LEASE_SECONDS") or 2 * job_timeout)
    if lease <= job_timeout:
        # A lease shorter than a job may run would let a second worker send while the first still sends.
        raise ConfigError("SOFFA_OUTBOX_LEASE_SECONDS must be longer than SOFFA_JOB_TIMEOUT_SECONDS")
    intervals = tuple(
        int(float(part)) for part in str(config["OUTBOX_RETRY_SECONDS"]).split(",") if part.strip()
    )
    return Timing(
        job_timeout=job_timeout,
        lease=timedelta(seconds=lease),
        sweep_every=float(config["OUTBOX_SWEEP_SECONDS"]),
        retry_intervals=intervals or (60,),
        redis_timeout=float(config["REDIS_TIMEOUT_SECONDS"]),
    )


def delivery_queue(connection: Redis) -> Queue:
    return Queue(DELIVERY_QUEUE, connection=connection, serializer=SERIALIZER)


def enqueue_deliveries(connection: Redis, message_ids: Iterable[int], config: Mapping | None = None) -> int:
    """Queue one delivery job per message id in a single round trip; raises redis errors to the caller."""
    settings = timing(config)
    ids = [int(message_id) for message_id in message_ids]
    if not ids:
        return 0
    # RQ's own retry makes a temporary failure come back soon; the lease and the sweeper are the safety net
    # (a retry that arrives while the backoff lease still holds finds the row taken and ends quietly).
    retry = Retry(max=len(settings.retry_intervals), interval=list(settings.retry_intervals))
    jobs = [
        Queue.prepare_data(
            DELIVER_JOB,
            args=(message_id,),
            timeout=settings.job_timeout,
            result_ttl=RESULT_TTL,
            failure_ttl=FAILURE_TTL,
            retry=retry,
            description=f"deliver outbox message {message_id}",
        )
        for message_id in ids
    ]
    queue = delivery_queue(connection)
    with connection.pipeline() as pipe:
        queue.enqueue_many(jobs, pipeline=pipe)
        pipe.execute()
    return len(ids)
