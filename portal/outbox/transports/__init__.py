"""Transports: the only code that talks to the world. send() picks one by the envelope's type."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from portal.outbox.envelopes import OutgoingEmail, OutgoingSms
from portal.outbox.transports.sms import send_sms
from portal.outbox.transports.smtp import send_email

log = logging.getLogger("soffa.outbox.mail")


def send(app_config: Mapping, envelope: OutgoingEmail | OutgoingSms) -> None:
    """Deliver one envelope; raises TemporaryFailure or PermanentFailure (portal.outbox.errors)."""
    if isinstance(envelope, OutgoingSms):
        send_sms(app_config, envelope)
    elif app_config.get("SMTP_HOST"):
        send_email(app_config, envelope)
    else:
        # Development without a mail server: show what would have gone out. Production always has a host.
        log.info("mail not sent (no SOFFA_SMTP_HOST) to %s: %s", envelope.to, envelope.message["Subject"])


__all__ = ["send", "send_email", "send_sms"]
