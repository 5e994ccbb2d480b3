"""What a content builder hands to a transport: one mail or one SMS to one recipient."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage


@dataclass(frozen=True)
class OutgoingEmail:
    to: str
    message: EmailMessage  # complete: headers, text, HTML, text/calendar parts


@dataclass(frozen=True)
class OutgoingSms:
    to: str  # E.164
    text: str  # no case content: time, place, a link


@dataclass(frozen=True)
class Stale:
    """The message is no longer true (meeting moved, cancelled, participant removed): skip it."""

    reason: str
