"""emit_many(): a change's messages in two statements whatever their number (one read of the dedupe keys
already used, one INSERT ... RETURNING), idempotent on the dedupe key like emit(), in the caller's
transaction, and handed to the relay only after the request commits."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import g

from portal.db import now_utc
from portal.extensions import db
from portal.outbox.models import Channel, MessageKind, OutboxMessage
from portal.outbox.services import MessageSpec, emit, emit_many
from tests.outbox.helpers import row


def _notice(key: str, user_id: int | None = None, **fields) -> MessageSpec:
    return MessageSpec(MessageKind.NOTICE, Channel.EMAIL, key, user_id=user_id, **fields)


def _work(counted) -> list[str]:
    """The statements that do the work: the first use of a session opens a savepoint in the tests."""
    return [s.split()[0] for s in counted.statements if "SAVEPOINT" not in s]


def _rows(keys) -> dict[str, OutboxMessage]:
    found = db.session.execute(sa.select(OutboxMessage).where(OutboxMessage.dedupe_key.in_(keys))).scalars()
    return {message.dedupe_key: message for message in found}


def test_many_messages_cost_one_select_and_one_insert(app, make, count_queries):
    user = make.user("staff")
    later = now_utc() + timedelta(hours=24)
    # Rows with and without a user, due now and later: still one INSERT.
    specs = [_notice(f"many:{n}", user.id if n % 2 else None) for n in range(30)]
    specs.append(
        MessageSpec(MessageKind.REMINDER, Channel.SMS, "many:later", user_id=user.id, not_before=later)
    )
    with app.test_request_context("/", method="POST"):
        with count_queries() as counted:
            ids = emit_many(specs)
        emitted = list(g.outbox_emitted)
        written = _rows([spec.dedupe_key for spec in specs])
    assert _work(counted) == ["SELECT", "INSERT"], counted.statements
    assert len(ids) == 31 and ids == sorted(ids)
    assert emitted == ids  # what the relay dispatches after the commit
    assert {message.id for message in written.values()} == set(ids)
    assert written["many:1"].user_id == user.id and written["many:2"].user_id is None
    assert (written["many:later"].kind, written["many:later"].channel) == ("reminder", "sms")
    assert written["many:later"].not_before == later
    assert written["many:1"].not_before <= now_utc() and written["many:1"].state == "queued"


def test_keys_already_used_and_keys_given_twice_are_written_once(app, make, count_queries):
    user = make.user("staff")
    with app.test_request_context("/", method="POST"):
        first = emit(MessageKind.NOTICE, Channel.EMAIL, "twice:a", user_id=user.id)
        ids = emit_many(
            [
                _notice("twice:a", user.id),  # used already
                _notice("twice:b", user.id, meeting_sequence=1),
                _notice("twice:b", user.id, meeting_sequence=2),  # the first of a repeated key wins
                _notice("twice:c", user.id),
            ]
        )
        with count_queries() as counted:
            again = emit_many([_notice("twice:b", user.id), _notice("twice:c", user.id)])
        assert g.outbox_emitted == [first.id, *ids]
        written = _rows(["twice:a", "twice:b", "twice:c"])
    assert again == [] and _work(counted) == ["SELECT"]  # only the read: nothing to insert
    assert written["twice:a"].id == first.id
    assert sorted(ids) == sorted([written["twice:b"].id, written["twice:c"].id])
    assert written["twice:b"].meeting_sequence == 1


def test_nothing_to_emit_costs_nothing(app, count_queries):
    with app.test_request_context("/", method="POST"), count_queries() as counted:
        assert emit_many([]) == []
        assert "outbox_emitted" not in g
    assert counted.n == 0


def test_emit_still_returns_the_message_or_none_for_a_used_key(app, make):
    user = make.user("staff")
    with app.test_request_context("/", method="POST"):
        message = emit(MessageKind.NOTICE, Channel.SMS, "single:1", user_id=user.id, meeting_sequence=3)
        assert isinstance(message, OutboxMessage)
        assert (message.kind, message.channel, message.meeting_sequence) == ("notice", "sms", 3)
        assert emit(MessageKind.NOTICE, Channel.SMS, "single:1", user_id=user.id) is None
        assert g.outbox_emitted == [message.id]


def test_the_messages_leave_after_the_commit_and_not_after_a_rollback(app, make, mail_server):
    user = make.user("staff")
    later = now_utc() + timedelta(hours=24)
    with app.test_request_context("/", method="POST"):
        refused = emit_many([_notice("rolled-back:1", user.id)])
        app.process_response(app.response_class("", status=422))  # commit_once rolls back
    assert row(app, refused[0]) is None
    assert mail_server.messages == []

    with app.test_request_context("/", method="POST"):
        now, then = emit_many(
            [_notice("committed:now", user.id), _notice("committed:later", user.id, not_before=later)]
        )
        app.process_response(app.response_class("", status=200))
    assert row(app, now).state == "sent"  # due: delivered right after the commit (tests run jobs inline)
    assert row(app, then).state == "queued"  # a reminder for later waits for the sweeper
    assert len(mail_server.to(user.email)) == 1
