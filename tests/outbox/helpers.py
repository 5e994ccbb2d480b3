"""Emit outbox messages the way a view does (inside a request that then commits), read rows back, and
let time pass for a message (move its times into the past) instead of sleeping."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import Flask

from portal.extensions import db
from portal.outbox.models import Channel, MessageKind, OutboxMessage
from portal.outbox.services import emit


def emit_in_request(app: Flask, *, status: int = 200, **fields) -> int | None:
    """Emit one message in a request context and finish it through the app's after_request functions
    (commit_once: commit, then the relay), as a view that answers `status` would."""
    fields.setdefault("kind", MessageKind.NOTICE)
    fields.setdefault("channel", Channel.EMAIL)
    fields.setdefault("dedupe_key", f"test:{_n()}")
    with app.test_request_context("/", method="POST"):
        message = emit(fields.pop("kind"), fields.pop("channel"), fields.pop("dedupe_key"), **fields)
        message_id = message.id if message else None
        app.process_response(app.response_class("", status=status))
    return message_id


def notice_for(app: Flask, user, channel: Channel = Channel.EMAIL, **fields) -> int:
    """A notice written and committed without a request: nothing dispatches it (the job is run by hand)."""
    with app.app_context():
        message = emit(
            MessageKind.NOTICE, channel, f"notice:{user.id}:{channel}:{_n()}", user_id=user.id, **fields
        )
        db.session.commit()
        return message.id


def row(app: Flask, message_id: int) -> OutboxMessage | None:
    with app.app_context():
        message = db.session.get(OutboxMessage, message_id)
        if message is not None:
            db.session.expunge(message)
        return message


def time_passes(app: Flask, message_id: int, seconds: float) -> None:
    """As if `seconds` went by for this message: its created, due, dispatched and lease times move back."""
    shift = timedelta(seconds=seconds)
    with app.app_context():
        message = db.session.get(OutboxMessage, message_id)
        for name in ("created_at", "not_before", "dispatched_at", "lease_until"):
            if (value := getattr(message, name)) is not None:
                setattr(message, name, value - shift)
        db.session.commit()


def update(app: Flask, message_id: int, **values) -> None:
    with app.app_context():
        db.session.execute(sa.update(OutboxMessage).where(OutboxMessage.id == message_id).values(**values))
        db.session.commit()


_counter = iter(range(1, 10**9))


def _n() -> int:
    return next(_counter)
