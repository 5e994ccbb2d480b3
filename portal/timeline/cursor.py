"""The "show more" cursor: the (created_at, id) of the last entry shown, packed into one URL-safe token.

Opaque-ish on purpose: readers should follow the link, not build it. It carries no secret (only a time
and an entry id the reader has already seen), so it is encoded, not signed. A token that does not
decode is refused (400) rather than ignored: ignoring it would restart at the newest entry and an
htmx "show more" would append the first page a second time.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class Cursor:
    created_at: datetime
    id: int


class BadCursor(ValueError):
    pass


def encode(created_at: datetime, entry_id: int) -> str:
    # Whole microseconds since the epoch: exact (the databases store microseconds; a float would round).
    micros = (created_at - EPOCH) // MICROSECOND
    raw = f"{micros}.{entry_id}".encode("ascii")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def encode_starting_at(created_at: datetime, entry_id: int) -> str:
    """A cursor whose page begins WITH this entry: ids are integers, so nothing lies between id and id+1."""
    return encode(created_at, entry_id + 1)


def decode(token: str) -> Cursor:
    if not token or len(token) > 64:
        raise BadCursor(token)
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
        micros_text, id_text = raw.split(".")
        if not (micros_text.isdigit() and id_text.isdigit()):
            raise BadCursor(token)
        micros, entry_id = int(micros_text), int(id_text)
        created_at = EPOCH + micros * MICROSECOND
    except (binascii.Error, UnicodeDecodeError, ValueError, OverflowError) as error:
        raise BadCursor(token) from error
    if entry_id < 1:
        raise BadCursor(token)
    return Cursor(created_at=created_at, id=entry_id)
