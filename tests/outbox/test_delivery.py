"""The delivery job against a real SMTP server: claimed once, sent once, and every failure recorded so
that it is retried (temporary) or never again (permanent)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.db import now_utc
from portal.outbox import relay
from portal.outbox.errors import TemporaryFailure
from portal.outbox.models import Channel
from tests.outbox.helpers import emit_in_request, notice_for, row, time_passes, update
from worker import queues
from worker.jobs.deliver import deliver


def run(app, message_id):
    with app.app_context():
        return deliver(message_id)


def test_a_notice_emitted_in_a_request_is_mailed_once_after_the_commit(app, make, mail_server):
    user = make.user("staff", name="Mia Mentor", locale="en")
    message_id = emit_in_request(app, user_id=user.id)

    [mail] = mail_server.to(user.email)
    assert mail["Subject"] == "Something new for you in Soffa"
    assert mail["From"] == app.config["MAIL_FROM"]
    assert mail["Message-ID"] and mail["Date"]
    body = mail.get_content()
    assert "Hello Mia Mentor," in body
    assert app.config["BASE_URL"] in body
    sent = row(app, message_id)
    assert sent.state == "sent" and sent.attempts == 1 and sent.lease_until is None


def test_nothing_leaves_when_the_request_fails(app, make, mail_server):
    user = make.user("staff")
    message_id = emit_in_request(app, status=500, user_id=user.id)

    assert row(app, message_id) is None  # rolled back with the request
    assert mail_server.messages == []


def test_a_job_run_twice_sends_one_mail(app, make, mail_server):
    user = make.user("staff")
    message_id = notice_for(app, user)

    assert run(app, message_id) == "sent"
    assert run(app, message_id) == "not-claimed"
    assert len(mail_server.to(user.email)) == 1
    assert row(app, message_id).attempts == 1


def test_a_message_leased_by_another_worker_is_left_alone(app, make, mail_server):
    user = make.user("staff")
    message_id = notice_for(app, user)
    update(app, message_id, lease_until=now_utc() + timedelta(minutes=1))

    assert run(app, message_id) == "not-claimed"
    assert mail_server.messages == []


def test_a_refused_recipient_fails_for_good_and_is_not_retried(app, make, mail_server):
    user = make.user("staff")
    mail_server.refuse(user.email, 550, "5.1.1 No such user")
    message_id = notice_for(app, user)

    assert run(app, message_id) == "failed"
    failed = row(app, message_id)
    assert failed.state == "failed" and "550" in failed.last_error and failed.lease_until is None

    time_passes(app, message_id, 3600)
    with app.app_context():
        assert relay.sweep() == 0
    assert run(app, message_id) == "not-claimed"
    assert row(app, message_id).attempts == 1
    assert mail_server.messages == []


def test_a_4xx_answer_is_retried_after_a_backoff(app, make, mail_server):
    user = make.user("staff")
    mail_server.refuse(user.email, 451, "4.7.1 Try again later", times=1)
    message_id = notice_for(app, user)

    before = now_utc()
    with pytest.raises(TemporaryFailure, match="451"):
        run(app, message_id)
    waiting = row(app, message_id)
    assert waiting.state == "queued" and waiting.attempts == 1 and "451" in waiting.last_error
    backoff = queues.timing(app.config).backoff(1)
    assert before + backoff <= waiting.lease_until <= now_utc() + backoff
    assert run(app, message_id) == "not-claimed"  # the backoff holds it

    time_passes(app, message_id, backoff.total_seconds() + 1)
    assert run(app, message_id) == "sent"
    assert len(mail_server.to(user.email)) == 1
    assert row(app, message_id).attempts == 2


def test_smtp_down_then_up_the_sweeper_delivers(app, make, mail_server):
    user = make.user("staff")
    mail_server.stop()
    message_id = emit_in_request(app, user_id=user.id)  # the relay's attempt meets a closed port
    waiting = row(app, message_id)
    assert waiting.state == "queued" and "cannot talk to the mail server" in waiting.last_error

    mail_server.start()
    with app.app_context():
        assert relay.sweep() == 0  # still within its backoff lease
    time_passes(app, message_id, 3600)
    with app.app_context():
        assert relay.sweep() == 1  # no Redis in tests: the sweep runs the job in this process
    assert len(mail_server.to(user.email)) == 1
    assert row(app, message_id).state == "sent"


def test_after_the_last_attempt_a_message_is_marked_failed(app, make, mail_server):
    user = make.user("staff")
    mail_server.refuse(user.email, 451, "4.2.0 Busy")
    message_id = notice_for(app, user)
    update(app, message_id, attempts=queues.MAX_ATTEMPTS - 1)

    assert run(app, message_id) == "failed"
    failed = row(app, message_id)
    assert failed.state == "failed" and failed.last_error.startswith(f"gave up after {queues.MAX_ATTEMPTS}")


def test_a_notice_to_a_deactivated_user_is_skipped(app, make, mail_server):
    user = make.user("staff", active=False)
    message_id = notice_for(app, user)

    assert run(app, message_id) == "skipped"
    assert row(app, message_id).state == "skipped"
    assert mail_server.messages == []


def test_a_message_for_later_waits_for_the_sweep_after_its_time(app, make, mail_server):
    user = make.user("staff")
    message_id = emit_in_request(app, user_id=user.id, not_before=now_utc() + timedelta(hours=1))
    assert mail_server.messages == []  # not due: the relay leaves it to the sweeper
    with app.app_context():
        assert relay.sweep() == 0

    time_passes(app, message_id, 3600 + 60)
    with app.app_context():
        assert relay.sweep() == 1
    assert len(mail_server.to(user.email)) == 1


def test_a_notice_by_sms_goes_to_the_gateway(app, make, sms_gateway):
    user = make.user("staff", phone="+46701234567", locale="en")
    message_id = emit_in_request(app, user_id=user.id, channel=Channel.SMS)

    [post] = sms_gateway.posts
    assert post["headers"]["Authorization"] == f"Bearer {sms_gateway.KEY}"
    assert post["json"]["to"] == "+46701234567"
    assert post["json"]["from"] == app.config["SMS_SENDER"]
    assert app.config["BASE_URL"] in post["json"]["text"]
    assert row(app, message_id).state == "sent"


def test_a_number_the_gateway_refuses_fails_for_good(app, make, sms_gateway):
    user = make.user("staff", phone="+46701234567")
    sms_gateway.answer(400)
    message_id = emit_in_request(app, user_id=user.id, channel=Channel.SMS)

    failed = row(app, message_id)
    assert failed.state == "failed" and "400" in failed.last_error


def test_a_message_no_builder_knows_is_an_error_not_a_skip(app):
    from portal.outbox import content
    from portal.outbox.models import OutboxMessage

    with app.app_context(), pytest.raises(LookupError, match="no content builder for carrier-pigeon"):
        content.build(OutboxMessage(kind="carrier-pigeon", channel="email"))


def test_a_builder_that_breaks_leaves_the_message_for_a_retry(app, make, mail_server, monkeypatch):
    from portal.outbox import content

    monkeypatch.setitem(content.BUILDERS, "reminder", "tests.outbox.builders")
    user = make.user("staff")
    message_id = notice_for(app, user)
    update(app, message_id, kind="reminder")

    with pytest.raises(TemporaryFailure, match="RuntimeError: the builder broke"):
        run(app, message_id)
    waiting = row(app, message_id)
    assert waiting.state == "queued" and waiting.attempts == 1 and "builder broke" in waiting.last_error
    assert waiting.lease_until > now_utc()  # backoff before the next try
    assert mail_server.messages == []
