"""Dates and times for pages that show many of them, in the reader's language and zone.

Babel's format_datetime looks up the locale's patterns and parses them again for every value: about
20 µs each, and a timeline page shows 25 to 50 of them. PageDates looks the patterns up once per page;
formatting a value then costs what applying a parsed pattern costs, and a day's words are kept for the
process (day_text). The output is Babel's own "medium" format, character for character
(tests/platform/test_page_dates.py compares the two).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import dates
from flask_babel import get_locale, get_timezone

NAMED_FORMATS = (None, "short", "medium", "long", "full")  # None: Babel's default, "medium"


@lru_cache(maxsize=4096)
def day_text(locale, format: str | None, day: date) -> str:
    """A calendar day in words, in Babel's named (None is "medium") or explicit date format. Formatted
    once per process: the words depend on nothing else, and the same days come back on page after page
    (the day each of 50 cases opened, the days of a timeline's entries)."""
    pattern = dates.get_date_format(format or "medium", locale=locale) if format in NAMED_FORMATS else format
    return dates.parse_pattern(pattern).apply(day, locale)


def _zoneinfo(zone):
    """Flask-Babel's zone is pytz's, whose conversion runs in Python; the standard library's zoneinfo gives
    the same local times from C (a timeline page converts 25-50 of them)."""
    try:
        return ZoneInfo(str(zone))
    except (ValueError, ZoneInfoNotFoundError):  # not a zone name (a fixed offset): keep it as it is
        return zone


class PageDates:
    def __init__(self, locale=None, zone=None):
        self.locale = locale or get_locale()
        self.zone = _zoneinfo(zone or get_timezone())
        self._time = dates.parse_pattern(dates.get_time_format("medium", locale=self.locale))
        # As Babel does: the quotes of the combining pattern are dropped, {0} is the time, {1} the date.
        self._both = dates.get_datetime_format("medium", locale=self.locale).replace("'", "")

    def _local(self, value: datetime) -> datetime:
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(self.zone)

    def datetime(self, value: datetime) -> str:
        """As the template filter |datetime: the date and time in the reader's zone."""
        local = self._local(value)
        day = local.date()
        time = self._time.apply(local.timetz(), self.locale, reference_date=day)
        return self._both.replace("{0}", time).replace("{1}", self._day(day))

    def _day(self, day) -> str:
        return day_text(self.locale, "medium", day)

    def date(self, value: datetime) -> str:
        """As the template filter |date: the reader's calendar day of that moment."""
        return self._day(self._local(value).date())
