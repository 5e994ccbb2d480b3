"""SMS through a provider interface: an HTTP provider configured by SOFFA_SMS_* variables, and a log-only
provider (the default in development) that sends nothing."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Protocol

import phonenumbers

from portal.outbox.envelopes import OutgoingSms
from portal.outbox.errors import PermanentFailure, TemporaryFailure

log = logging.getLogger("soffa.outbox.sms")


class SmsProvider(Protocol):
    def send(self, sms: OutgoingSms) -> None:
        """Deliver one SMS or raise TemporaryFailure / PermanentFailure."""


class LogSmsProvider:
    """Writes the SMS to the log instead of sending it: development, and tests that need no gateway."""

    def send(self, sms: OutgoingSms) -> None:
        _check_number(sms.to)
        log.info("SMS not sent (log-only provider) to %s: %s", sms.to, sms.text)


class HttpSmsProvider:
    """POSTs JSON {to, from, text} with a bearer key. The provider's answer decides the outcome:
    4xx means this request will never work (bad number, rejected text), except 429 (slow down);
    5xx, timeouts and connection errors are the provider's trouble and are retried."""

    def __init__(self, url: str, key: str, sender: str, timeout: float = 10.0):
        self.url, self.key, self.sender, self.timeout = url, key, sender, timeout

    def send(self, sms: OutgoingSms) -> None:
        _check_number(sms.to)
        body = json.dumps({"to": sms.to, "from": self.sender, "text": sms.text}).encode()
        request = urllib.request.Request(  # noqa: S310 - the URL is the operator's configuration
            self.url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.key}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                response.read()
        except urllib.error.HTTPError as error:
            detail = f"SMS provider answered {error.code} {_reason(error)}"
            if 400 <= error.code < 500 and error.code != 429:
                raise PermanentFailure(detail) from error
            raise TemporaryFailure(detail) from error
        except (urllib.error.URLError, OSError) as error:  # refused, unreachable, timed out
            raise TemporaryFailure(f"cannot reach the SMS provider: {error}") from error


def provider_for(app_config: Mapping) -> SmsProvider:
    choice = app_config.get("SMS_PROVIDER") or "log"
    if choice == "log":
        return LogSmsProvider()
    if choice == "http":
        if not app_config.get("SMS_URL"):
            raise TemporaryFailure("SOFFA_SMS_PROVIDER=http needs SOFFA_SMS_URL")
        return HttpSmsProvider(
            app_config["SMS_URL"],
            app_config.get("SMS_KEY") or "",
            app_config.get("SMS_SENDER") or "Soffa",
            float(app_config.get("SMS_TIMEOUT_SECONDS") or 10),
        )
    raise TemporaryFailure(f"SOFFA_SMS_PROVIDER={choice!r} is unknown; use http or log")


def send_sms(app_config: Mapping, sms: OutgoingSms) -> None:
    provider_for(app_config).send(sms)


def _check_number(number: str) -> None:
    """A number that cannot be a phone number is refused before anyone is asked to send to it."""
    try:
        valid = number.startswith("+") and phonenumbers.is_valid_number(phonenumbers.parse(number, None))
    except phonenumbers.NumberParseException:
        valid = False
    if not valid:
        raise PermanentFailure("invalid phone number (E.164 expected)")


def _reason(error: urllib.error.HTTPError) -> str:
    try:
        text = error.read(200).decode("utf-8", "replace")
    except OSError:
        text = ""
    return " ".join((text or str(error.reason)).split())[:200]
