"""Mail over SMTP with smtplib: plain, STARTTLS or implicit TLS by configuration, always with a timeout.

smtplib's exceptions are sorted into the two outcomes the delivery job understands: a recipient refused
with 5xx will never be accepted (PermanentFailure); everything else that can heal by itself - the server
down, slow, or answering 4xx - is a TemporaryFailure and is retried with backoff.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from email.utils import formatdate, make_msgid, parseaddr

from portal.outbox.envelopes import OutgoingEmail
from portal.outbox.errors import PermanentFailure, TemporaryFailure

SECURITY_MODES = ("none", "starttls", "ssl")


def send_email(app_config: Mapping, outgoing: OutgoingEmail) -> None:
    """Hand one mail to the configured SMTP server; raise TemporaryFailure or PermanentFailure."""
    sender = parseaddr(app_config["MAIL_FROM"])[1]
    _complete_headers(outgoing, app_config["MAIL_FROM"], sender)
    try:
        with _connect(app_config) as smtp:
            smtp.send_message(outgoing.message, from_addr=sender, to_addrs=[outgoing.to])
    except smtplib.SMTPRecipientsRefused as error:
        code, text = next(iter(error.recipients.values()))
        raise _by_code(code, f"recipient refused: {code} {_text(text)}") from error
    except (smtplib.SMTPSenderRefused, smtplib.SMTPAuthenticationError, smtplib.SMTPConnectError) as error:
        # Our own sender, credentials or the server's greeting: a configuration or server problem that an
        # operator fixes, never a reason to give up on this recipient.
        raise TemporaryFailure(f"server refused us: {error.smtp_code} {_text(error.smtp_error)}") from error
    except smtplib.SMTPResponseException as error:  # e.g. DATA answered 4xx (try later) or 5xx (rejected)
        raise _by_code(
            error.smtp_code, f"message refused: {error.smtp_code} {_text(error.smtp_error)}"
        ) from error
    except smtplib.SMTPNotSupportedError as error:
        raise TemporaryFailure(f"server does not support what we asked: {error}") from error
    except (smtplib.SMTPException, OSError) as error:  # refused, unreachable, timed out, TLS failed, hung up
        raise TemporaryFailure(f"cannot talk to the mail server: {type(error).__name__}: {error}") from error


def _connect(app_config: Mapping) -> smtplib.SMTP:
    host, port = app_config["SMTP_HOST"], int(app_config["SMTP_PORT"])
    timeout = float(app_config["SMTP_TIMEOUT_SECONDS"])
    security = app_config.get("SMTP_SECURITY") or "none"
    if security not in SECURITY_MODES:
        raise TemporaryFailure(f"SOFFA_SMTP_SECURITY={security!r} is unknown; use one of {SECURITY_MODES}")
    if security == "ssl":
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    try:
        if security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        if app_config.get("SMTP_USER"):
            smtp.login(app_config["SMTP_USER"], app_config.get("SMTP_PASSWORD") or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def _complete_headers(outgoing: OutgoingEmail, mail_from: str, sender: str) -> None:
    """Builders write the content; the headers every mail needs are filled in here once."""
    message = outgoing.message
    if "From" not in message:
        message["From"] = mail_from
    if "To" not in message:
        message["To"] = outgoing.to
    if "Date" not in message:
        message["Date"] = formatdate(usegmt=True)
    if "Message-ID" not in message:
        message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)


def _by_code(code: int, text: str) -> TemporaryFailure | PermanentFailure:
    return PermanentFailure(text) if 500 <= code < 600 else TemporaryFailure(text)


def _text(raw: bytes | str) -> str:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return " ".join(text.split())[:300]
