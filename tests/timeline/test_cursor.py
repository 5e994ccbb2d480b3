"""The "show more" cursor: exact to the microsecond, and refused when it does not decode."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta, timezone

import pytest

from portal.timeline import cursor


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 11, 23, 14, 5, 7, 123457, tzinfo=UTC),
        datetime(2026, 11, 23, 14, 5, 7, 999999, tzinfo=UTC),  # a float timestamp would round this up
        datetime(2026, 3, 29, 2, 30, tzinfo=timezone(timedelta(hours=2))),
        datetime(1999, 12, 31, 23, 59, 59, tzinfo=UTC),
    ],
)
def test_a_cursor_comes_back_as_it_went(moment):
    decoded = cursor.decode(cursor.encode(moment, 42))
    assert decoded.created_at == moment and decoded.created_at.tzinfo is not None
    assert decoded.id == 42


def test_a_cursor_starting_at_an_entry_points_just_past_it():
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    assert cursor.decode(cursor.encode_starting_at(moment, 7)) == cursor.Cursor(moment, 8)


def _raw(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "token",
    [
        "",
        "not-a-cursor",
        "%%%",
        _raw("123"),
        _raw("123.4.5"),
        _raw("-5.3"),
        _raw("12.0"),  # no entry has id 0
        _raw("12.x"),
        _raw("99999999999999999999999.1"),  # beyond any datetime
        _raw("\uff11\uff12.3"),  # full-width digits: not ASCII
        "A" * 65,
    ],
)
def test_a_malformed_cursor_is_refused(token):
    with pytest.raises(cursor.BadCursor):
        cursor.decode(token)
