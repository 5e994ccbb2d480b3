"""Dates and times for pages that show many of them, in the reader's language and zone.

Babel's format_datetime looks up the locale's patterns and parses them again for every value: about
20 µs each, and a timeline page shows 25 to 50 of them. PageDates looks the patterns up once per page;
formatting a value then costs what applying a parsed pattern costs. The output is Babel's own "medium"
format, character for character (tests/platform/test_page_dates.py compares the two).
"""

from __future__ import annotations

from datetime import UTC, datetime

from babel import dates
from flask_babel import get_locale, get_timezone


class PageDates:
    def __init__(self, locale=None, zone=None):
        self.locale = locale or get_locale()
        self.zone = zone or get_timezone()
        self._date = dates.parse_pattern(dates.get_date_format("medium", locale=self.locale))
        self._time = dates.parse_pattern(dates.get_time_format("medium", locale=self.locale))
        # As Babel does: the quotes of the combining pattern are dropped, {0} is the time, {1} the date.
        self._both = dates.get_datetime_format("medium", locale=self.locale).replace("'", "")
        self._days: dict = {}

    def _local(self, value: datetime) -> datetime:
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(self.zone)

    def datetime(self, value: datetime) -> str:
        """As the template filter |datetime: the date and time in the reader's zone."""
        local = self._local(value)
        day = local.date()
        time = self._time.apply(local.timetz(), self.locale, reference_date=day)
        return self._both.replace("{0}", time).replace("{1}", self._day(day))

    def _day(self, day) -> str:
        # Entries of one page often share their day: each day is formatted once.
        text = self._days.get(day)
        if text is None:
            text = self._days[day] = self._date.apply(day, self.locale)
        return text

    def date(self, value: datetime) -> str:
        """As the template filter |date: the reader's calendar day of that moment."""
        return self._day(self._local(value).date())
