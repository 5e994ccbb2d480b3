"""How a transport says a message did not go out, and whether trying again can help."""

from __future__ import annotations


class DeliveryError(Exception):
    """A message was not delivered. The text goes into OutboxMessage.last_error: no case content in it."""


class TemporaryFailure(DeliveryError):
    """Worth retrying with backoff: the server is down, busy, or answered 4xx."""


class PermanentFailure(DeliveryError):
    """Will never succeed as addressed (5xx recipient refused, invalid number): marked failed, not retried."""
