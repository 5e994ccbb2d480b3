"""The `meetings` blueprint, its URL prefix for a case's meetings, and the template globals that format a
meeting (used by the meetings pages, the mails' web views and the case overview's meeting card)."""

from __future__ import annotations

from babel import dates as babel_dates
from flask import Blueprint
from flask_babel import get_locale, get_timezone

from portal.meetings import services
from portal.meetings.forms import ANSWER_BUTTONS, ANSWER_LABELS, CHANNEL_LABELS, DELIVERY_LABELS

bp = Blueprint("meetings", __name__)
CASE = "/cases/<int:case_id>/meetings"


@bp.app_template_global("meeting_when")
def meeting_when(meeting, zone: str | None = None) -> str:
    """ "Tuesday 14 October 2025, 14:00-15:00 (CEST)": in the reader's zone, or in `zone` (the RSVP page
    uses the meeting's own, as its reader has no account to say where they are)."""
    tz = services.zone_named(zone) if zone else get_timezone()
    locale = get_locale()
    start, end = meeting.starts_at.astimezone(tz), meeting.ends_at.astimezone(tz)
    day = babel_dates.format_date(start.date(), "full", locale=locale)
    clock = [babel_dates.format_time(t, "short", tzinfo=tz, locale=locale) for t in (start, end)]
    return f"{day}, {clock[0]}\u2013{clock[1]} ({start.tzname()})"  # an en dash between the times


@bp.app_template_global("meeting_labels")
def meeting_labels() -> dict:
    return {
        "answer": ANSWER_LABELS,
        "button": ANSWER_BUTTONS,
        "delivery": DELIVERY_LABELS,
        "channel": CHANNEL_LABELS,
    }
