"""The meeting as an iCalendar object (RFC 5545) carrying an iTIP method (RFC 5546).

Built with the `icalendar` library, never from strings: the library escapes text (`;`, `,`, line breaks)
and parameter values (RFC 6868), so a title such as "x\\nBEGIN:VEVENT" stays inside its SUMMARY.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from flask import current_app, has_request_context
from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Calendar, Event, vCalAddress

from portal.meetings.models import Meeting, Participant
from portal.orgs.models import User

PRODID = "-//Soffa//Meetings//EN"
Method = Literal["REQUEST", "CANCEL"]
# The VTIMEZONE describes the zone's offsets this long before and after the meeting. Enough for any
# client; the library's default (1970-2038) costs ~20 ms per invite, which is most of the cost of a mail.
ZONE_MARGIN = timedelta(days=366)
# RFC 5545 3.3.11: TEXT holds no control characters but HTAB; U+2028/2029 are line breaks to some readers.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_SEPARATORS = re.compile(r"[\u2028\u2029\x85]")


def calendar_for(
    meeting: Meeting,
    participants: Iterable[Participant],
    method: Method,
    organizer: User,
    only: Participant | None = None,
    details_url: str | None = None,
    language: str | None = None,
) -> bytes:
    """One VCALENDAR with one VEVENT for the meeting as it is now.

    `only` narrows the attendee list to one participant: the CANCEL sent to someone removed from a
    meeting that still takes place names only them (RFC 5546 3.2.5). Otherwise every participant still
    invited is listed. `details_url` is the only description: the agenda never leaves Soffa. Its label is
    in `language`, else the request's language, else the app's default (in a job).
    """
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(f"unsupported iTIP method {method!r}")
    zone = ZoneInfo(meeting.timezone)
    starts, ends = meeting.starts_at.astimezone(zone), meeting.ends_at.astimezone(zone)

    event = Event()
    event.add("uid", meeting.uid)  # stable for the meeting's life: every update replaces the same event
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", wall_clock(starts))  # local time with TZID: the zone's own offset on that day
    event.add("dtend", wall_clock(ends))
    event.add("summary", clean_text(meeting.title))
    if location := ", ".join(clean_text(part) for part in (meeting.place, meeting.video_url) if part):
        event.add("location", location)
    if meeting.video_url:
        event.add("url", clean_text(meeting.video_url))
    if details_url:
        event.add("description", _details(details_url, language))
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    event.add("organizer", _organizer(organizer))
    invited = [only] if only is not None else [p for p in participants if p.removed_at is None]
    for participant in invited:
        # ATTENDEE's value is a calendar address (a URI), so a participant without email cannot be
        # named by CN alone; a tel: URI would hand their phone number to every recipient. They are left
        # out of the calendar object (they get SMS) and still listed by name in the mail text.
        if participant.email:
            event.add("attendee", _attendee(participant, rsvp=method == "REQUEST"))

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add_component(event)
    # VTIMEZONE generated from zoneinfo, so the offsets on both sides of a DST change are the zone's own.
    calendar.add_missing_timezones(
        first_date=(starts - ZONE_MARGIN).date(), last_date=(ends + ZONE_MARGIN).date()
    )
    return calendar.to_ical()


def wall_clock(local: datetime) -> datetime:
    """A local time to write with TZID, or the same moment in UTC when local time cannot name it.

    In the hour that repeats when clocks go back, RFC 5545 (3.3.5) reads a local time as its first
    occurrence; a moment in the second occurrence (fold=1) is therefore written in UTC.
    """
    if local.fold == 1 and local.replace(fold=0).utcoffset() != local.utcoffset():
        return local.astimezone(UTC)
    return local


def _details(url: str, language: str | None) -> str:
    if language is None and has_request_context():
        return _("Details in Soffa: %(link)s", link=url)
    with force_locale(language or current_app.config["BABEL_DEFAULT_LOCALE"]):
        return _("Details in Soffa: %(link)s", link=url)


def partstat_value(partstat: str) -> str:
    """Our stored answer ("needs_action") as iCalendar's PARTSTAT ("NEEDS-ACTION")."""
    return partstat.upper().replace("_", "-")


def clean_text(text: str) -> str:
    """Text fit for an iCalendar TEXT value: no control characters; odd line separators become \\n."""
    return _CONTROL.sub("", _LINE_SEPARATORS.sub("\n", text))


def single_line(text: str) -> str:
    """A name for a parameter or a header: whitespace (line breaks included) collapsed to one space."""
    return " ".join(clean_text(text).split())


def _organizer(user: User) -> vCalAddress:
    address = vCalAddress(f"mailto:{user.email}")
    address.params["CN"] = single_line(user.name)
    return address


def _attendee(participant: Participant, rsvp: bool) -> vCalAddress:
    address = vCalAddress(f"mailto:{participant.email}")
    address.params["CN"] = single_line(participant.name)
    address.params["CUTYPE"] = "INDIVIDUAL"
    address.params["ROLE"] = "REQ-PARTICIPANT"
    address.params["PARTSTAT"] = partstat_value(participant.partstat)
    if rsvp:
        address.params["RSVP"] = "TRUE"  # a REQUEST asks for an answer; a CANCEL expects none
    return address
