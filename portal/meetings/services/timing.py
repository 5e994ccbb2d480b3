"""Times and the text a calendar carries: wall-clock times in a zone to UTC (saying what was chosen when
the clock skips or repeats an hour), and the checks every schedule passes before anything is written."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import dates as babel_dates
from flask_babel import format_date, get_locale
from flask_babel import gettext as _

from portal.db import now_utc
from portal.meetings.models import Meeting
from portal.validation import InvalidInput

DEFAULT_ZONE = "Europe/Stockholm"
MIN_MINUTES, MAX_MINUTES = 15, 480


def zone_named(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)  # an unknown zone in a user row must not stop a meeting


def local_to_utc(day: date, clock: time, zone: ZoneInfo) -> tuple[datetime, str | None]:
    """The UTC instant of a wall-clock time in `zone`, and a note when the wall clock was ambiguous.

    A time the clocks skip (spring forward) is moved forward by the gap; a time that happens twice
    (fall back) is taken the first time, still on summer time. Both are said, never guessed in silence.
    """
    naive = datetime.combine(day, clock.replace(second=0, microsecond=0))
    first = naive.replace(tzinfo=zone)  # fold=0: before the transition
    chosen = first.astimezone(UTC)
    local = chosen.astimezone(zone)
    values = {"time": clock.strftime("%H:%M"), "date": format_date(day, "long"), "zone": zone.key}
    if local.replace(tzinfo=None) != naive:
        note = _(
            "%(time)s does not exist on %(date)s in %(zone)s: the clocks are put forward that night. "
            "The meeting starts at %(chosen)s (%(abbr)s) instead.",
            chosen=local.strftime("%H:%M"),
            abbr=local.tzname(),
            **values,
        )
        return chosen, note
    if first.utcoffset() != naive.replace(tzinfo=zone, fold=1).utcoffset():
        note = _(
            "%(time)s happens twice on %(date)s in %(zone)s: the clocks are put back that night. "
            "The meeting starts at the first %(time)s (%(abbr)s, %(utc)s UTC).",
            abbr=local.tzname(),
            utc=chosen.strftime("%H:%M"),
            **values,
        )
        return chosen, note
    return chosen, None


def local_label(meeting: Meeting, locale=None) -> str:
    """The meeting's start in its own zone, for texts that are stored (timeline): "3 Dec 2026, 10:00"."""
    local = meeting.starts_at.astimezone(zone_named(meeting.timezone))
    locale = locale or get_locale()
    day = babel_dates.format_date(local.date(), "medium", locale=locale)
    return f"{day}, {babel_dates.format_time(local, 'short', tzinfo=local.tzinfo, locale=locale)}"


def is_one_line(value: str) -> bool:
    """No line breaks of any kind and no control characters: a title or a place becomes one iCalendar
    property and one mail header value, where a line break could start a property or a header of its own."""
    return not any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in value)


def is_https_link(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme == "https" and bool(parts.hostname) and not any(ch.isspace() for ch in value)


def checked_schedule(data: dict, zone: ZoneInfo) -> tuple[datetime, datetime, str | None]:
    """(starts_at, ends_at, time note) of a new or moved meeting. Checked here as well as in the form:
    services refuse what the calendar cannot carry, whatever form (or none) the caller used."""
    for field in ("title", "place"):
        if data.get(field) and not is_one_line(data[field]):
            raise InvalidInput(field, _("Write this on one line (no line breaks)."))
    if data.get("video_url") and not is_https_link(data["video_url"]):
        raise InvalidInput("video_url", _("Give a link that starts with https://."))
    if not data.get("place") and not data.get("video_url"):
        raise InvalidInput("place", _("Give a place, a video link, or both."))
    minutes = data.get("duration") or 0
    if minutes <= 0:
        raise InvalidInput("duration", _("The meeting must end after it starts."))
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise InvalidInput("duration", _("A meeting lasts from 15 minutes to 8 hours (480 minutes)."))
    starts_at, note = local_to_utc(data["day"], data["start"], zone)
    if starts_at <= now_utc():
        raise InvalidInput("start", _("This time has passed. Choose a time in the future."))
    return starts_at, starts_at + timedelta(minutes=minutes), note
