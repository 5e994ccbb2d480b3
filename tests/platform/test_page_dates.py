"""PageDates writes exactly what Babel's "medium" formats write, in every language the portal speaks,
on both sides of the daylight-saving changes and for naive (UTC) and zone-aware values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel import Locale, dates

from portal.web.page_dates import PageDates

MOMENTS = (
    [
        datetime(2025, 3, 30, 0, 30) + timedelta(minutes=37 * i)  # across the spring change in Stockholm
        for i in range(12)
    ]
    + [
        datetime(2025, 10, 26, 0, 15) + timedelta(minutes=41 * i)  # across the autumn change
        for i in range(12)
    ]
    + [datetime(2024, 12, 31, 23, 59, 59), datetime(2025, 1, 1, 0, 0, 1, tzinfo=UTC)]
)


@pytest.mark.parametrize("language", ["sv", "da", "en"])
@pytest.mark.parametrize("zone", ["Europe/Stockholm", "Europe/Copenhagen", "America/New_York"])
def test_the_same_words_as_babel(language, zone):
    locale, tz = Locale.parse(language), ZoneInfo(zone)
    page = PageDates(locale, tz)
    for moment in MOMENTS:
        assert page.datetime(moment) == dates.format_datetime(moment, "medium", tzinfo=tz, locale=locale)
        local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(tz)
        assert page.date(moment) == dates.format_date(local, "medium", locale=locale)
