"""SMTP and SMS transports against real servers: every answer sorted into sent, retry later, or never."""

from __future__ import annotations

import logging
from email.message import EmailMessage

import pytest

from portal.outbox.envelopes import OutgoingEmail, OutgoingSms
from portal.outbox.errors import PermanentFailure, TemporaryFailure
from portal.outbox.transports import send
from portal.outbox.transports.sms import HttpSmsProvider, LogSmsProvider, provider_for
from portal.outbox.transports.smtp import send_email
from tests.mail_server import free_port

TO = "recipient@example.org"


@pytest.fixture
def logs(caplog):
    """caplog for the transports' loggers. Alembic's fileConfig (migrations/env.py) disables every logger
    that existed when a migration ran in this process, so they are switched back on for the test."""
    loggers = [logging.getLogger(name) for name in ("soffa.outbox.mail", "soffa.outbox.sms")]
    saved = [logger.disabled for logger in loggers]
    for logger in loggers:
        logger.disabled = False
    with caplog.at_level(logging.INFO, logger="soffa.outbox"):
        yield caplog
    for logger, disabled in zip(loggers, saved, strict=True):
        logger.disabled = disabled


def smtp_config(server, **overrides):
    config = {
        "SMTP_HOST": server.host,
        "SMTP_PORT": server.port,
        "SMTP_SECURITY": "none",
        "SMTP_TIMEOUT_SECONDS": 2,
        "MAIL_FROM": "Soffa <no-reply@soffa.test>",
    }
    return {**config, **overrides}


def mail(to: str = TO) -> OutgoingEmail:
    message = EmailMessage()
    message["Subject"] = "A meeting"
    message.set_content("See you there.")
    return OutgoingEmail(to=to, message=message)


def test_a_mail_is_delivered_with_the_headers_every_mail_needs(mail_server):
    send_email(smtp_config(mail_server), mail())

    [received] = mail_server.received
    assert received.mail_from == "no-reply@soffa.test"
    assert received.rcpt_tos == [TO]
    assert received.message["From"] == "Soffa <no-reply@soffa.test>"
    assert received.message["To"] == TO
    assert received.message["Message-ID"].endswith("@soffa.test>")
    assert received.message["Date"]


def test_a_recipient_refused_with_5xx_is_a_permanent_failure(mail_server):
    mail_server.refuse(TO, 550, "5.1.1 No such user")
    with pytest.raises(PermanentFailure, match=r"550 5\.1\.1 No such user"):
        send_email(smtp_config(mail_server), mail())


@pytest.mark.parametrize("code", [421, 450, 451, 452])
def test_a_recipient_refused_with_4xx_is_a_temporary_failure(mail_server, code):
    mail_server.refuse(TO, code, "4.0.0 Later", times=1)
    with pytest.raises(TemporaryFailure, match=str(code)):
        send_email(smtp_config(mail_server), mail())
    send_email(smtp_config(mail_server), mail())  # the next try goes through
    assert len(mail_server.messages) == 1


def test_a_server_that_is_down_is_a_temporary_failure(mail_server):
    mail_server.stop()
    with pytest.raises(TemporaryFailure, match="cannot talk to the mail server"):
        send_email(smtp_config(mail_server), mail())


def test_a_server_that_does_not_answer_in_time_is_a_temporary_failure():
    import socket

    with socket.socket() as silent:  # accepts the connection, never greets
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        config = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": silent.getsockname()[1], "MAIL_FROM": "a@b.test"}
        config["SMTP_TIMEOUT_SECONDS"] = 0.3
        with pytest.raises(TemporaryFailure, match="timed out"):
            send_email(config, mail())


def test_starttls_on_a_server_without_it_is_a_temporary_failure_not_a_plain_text_send(mail_server):
    with pytest.raises(TemporaryFailure, match="STARTTLS"):
        send_email(smtp_config(mail_server, SMTP_SECURITY="starttls"), mail())
    assert mail_server.messages == []


def test_an_unknown_security_mode_is_refused(mail_server):
    with pytest.raises(TemporaryFailure, match="SOFFA_SMTP_SECURITY"):
        send_email(smtp_config(mail_server, SMTP_SECURITY="tls-ish"), mail())


def test_without_an_smtp_host_mail_is_only_logged(logs):
    send({"SMTP_HOST": None}, mail())
    assert "mail not sent" in logs.text and TO in logs.text


# --- SMS ------------------------------------------------------------------------------------------
def gateway_provider(gateway, timeout: float = 2.0) -> HttpSmsProvider:
    return HttpSmsProvider(gateway.url, gateway.KEY, "Soffa", timeout=timeout)


def test_an_sms_is_posted_as_json_with_the_bearer_key(sms_gateway):
    gateway_provider(sms_gateway).send(OutgoingSms(to="+46701234567", text="Meeting Tue 10:00"))

    [post] = sms_gateway.posts
    assert post["json"] == {"to": "+46701234567", "from": "Soffa", "text": "Meeting Tue 10:00"}
    assert post["headers"]["Authorization"] == "Bearer test-sms-key"
    assert post["headers"]["Content-Type"] == "application/json"


@pytest.mark.parametrize("status", [400, 401, 404, 422])
def test_a_4xx_from_the_provider_is_permanent(sms_gateway, status):
    sms_gateway.answer(status)
    with pytest.raises(PermanentFailure, match=str(status)):
        gateway_provider(sms_gateway).send(OutgoingSms(to="+46701234567", text="x"))


@pytest.mark.parametrize("status", [429, 500, 502, 503])
def test_429_and_5xx_from_the_provider_are_temporary(sms_gateway, status):
    sms_gateway.answer(status)
    with pytest.raises(TemporaryFailure, match=str(status)):
        gateway_provider(sms_gateway).send(OutgoingSms(to="+46701234567", text="x"))


def test_a_slow_provider_is_temporary(sms_gateway):
    sms_gateway.delay = 0.5
    with pytest.raises(TemporaryFailure, match="timed out"):
        gateway_provider(sms_gateway, timeout=0.2).send(OutgoingSms(to="+46701234567", text="x"))


def test_an_unreachable_provider_is_temporary():
    provider = HttpSmsProvider(f"http://127.0.0.1:{free_port()}/messages", "k", "Soffa", timeout=1)
    with pytest.raises(TemporaryFailure, match="cannot reach"):
        provider.send(OutgoingSms(to="+46701234567", text="x"))


@pytest.mark.parametrize("number", ["0701234567", "+4670", "+46 70 abc", ""])
def test_an_invalid_number_is_permanent_and_never_posted(sms_gateway, number):
    with pytest.raises(PermanentFailure, match="invalid phone number"):
        gateway_provider(sms_gateway).send(OutgoingSms(to=number, text="x"))
    assert sms_gateway.posts == []


def test_the_log_provider_sends_nothing_and_says_so(logs):
    LogSmsProvider().send(OutgoingSms(to="+46701234567", text="Meeting Tue 10:00"))
    assert "not sent" in logs.text and "Meeting Tue 10:00" in logs.text


def test_the_provider_is_chosen_by_configuration():
    assert isinstance(provider_for({"SMS_PROVIDER": "log"}), LogSmsProvider)
    assert isinstance(provider_for({}), LogSmsProvider)
    http = provider_for({"SMS_PROVIDER": "http", "SMS_URL": "https://sms.example/api", "SMS_KEY": "k"})
    assert isinstance(http, HttpSmsProvider) and http.url == "https://sms.example/api"
    with pytest.raises(TemporaryFailure, match="SOFFA_SMS_URL"):
        provider_for({"SMS_PROVIDER": "http"})
    with pytest.raises(TemporaryFailure, match="unknown"):
        provider_for({"SMS_PROVIDER": "pigeon"})
