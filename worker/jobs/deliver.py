"""deliver(message_id): send one outbox message, at most once per claim, recorded in the database.

1. Claim the row with a lease in one UPDATE (unsettled, due, not leased or lease run out), attempts + 1,
   and commit. No row claimed: another worker has it, or it is settled: return. This is what makes a
   job run twice send one mail.
2. Build the content from the current database (portal.outbox.content.build); Stale -> skipped.
3. Send. Sent -> sent_at. PermanentFailure -> failed_at + last_error, never retried. TemporaryFailure or
   an unexpected error -> last_error, the lease is extended by the backoff, and the error is raised so
   RQ's Retry brings the job back; if that retry is lost, the sweeper re-drives the row after the lease.

A worker that dies mid-send leaves the lease to run out; the message is then delivered by another
worker. Should the mail have left before the death, it is sent twice: at-least-once, never lost.
"""

from __future__ import annotations

import logging
from datetime import datetime

import sqlalchemy as sa
from flask import current_app

from portal.db import now_utc
from portal.extensions import db
from portal.outbox import content, transports
from portal.outbox.envelopes import Stale
from portal.outbox.errors import PermanentFailure, TemporaryFailure
from portal.outbox.models import OutboxMessage
from worker import queues

log = logging.getLogger("soffa.outbox")


def deliver(message_id: int) -> str:
    """Returns what happened: sent, skipped, failed or not-claimed (for logs and RQ's result)."""
    settings = queues.timing()
    if not _claim(message_id, now_utc(), settings):
        return "not-claimed"
    message = db.session.get(OutboxMessage, message_id)
    attempts = message.attempts  # read once: after a rollback the object would reload in a new transaction
    try:
        envelope = content.build(message)
        # End the read before the network: no transaction stays open while the mail server thinks, and
        # the outcome is written in a fresh one (SQLite refuses a write on a read snapshot gone stale).
        db.session.commit()
        if isinstance(envelope, Stale):
            _settle(message_id, skipped_at=now_utc(), last_error=_short(envelope.reason))
            return "skipped"
        transports.send(current_app.config, envelope)
    except PermanentFailure as failure:
        db.session.rollback()
        _settle(message_id, failed_at=now_utc(), last_error=_short(failure))
        log.warning("outbox message %s failed permanently: %s", message_id, failure)
        return "failed"
    except Exception as error:  # TemporaryFailure, or a bug while building: try again later
        db.session.rollback()
        if attempts >= queues.MAX_ATTEMPTS:
            _settle(message_id, failed_at=now_utc(), last_error=_short(f"gave up after {attempts}: {error}"))
            return "failed"
        retry_at = now_utc() + settings.backoff(attempts)
        _settle(message_id, lease_until=retry_at, last_error=_short(error))
        if isinstance(error, TemporaryFailure):
            raise
        raise TemporaryFailure(f"{type(error).__name__}: {error}") from error
    _settle(message_id, sent_at=now_utc())
    return "sent"


def _claim(message_id: int, now: datetime, settings: queues.Timing) -> bool:
    m = OutboxMessage
    claimed = db.session.execute(
        sa.update(m)
        .where(
            m.id == message_id,
            m.sent_at.is_(None),
            m.failed_at.is_(None),
            m.skipped_at.is_(None),
            m.not_before <= now,
            sa.or_(m.lease_until.is_(None), m.lease_until < now),
        )
        .values(lease_until=now + settings.lease, attempts=m.attempts + 1),
        execution_options={"synchronize_session": False},
    ).rowcount
    db.session.commit()
    return claimed == 1


def _settle(message_id: int, **values) -> None:
    """Record the outcome; a settled message also gives its lease back (a retry keeps a backoff lease)."""
    values.setdefault("lease_until", None)
    db.session.execute(
        sa.update(OutboxMessage).where(OutboxMessage.id == message_id).values(**values),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()


def _short(error: object) -> str:
    return " ".join(str(error).split())[:500]
