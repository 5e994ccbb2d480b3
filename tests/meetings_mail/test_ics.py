"""The iCalendar object, parsed back with icalendar and checked property by property."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from portal.meetings.ics import calendar_for
from portal.meetings.models import Meeting, Participant
from tests.meetings_mail.conftest import AGENDA, attendees, only_event, parse_ics, reload, update_rows

STOCKHOLM = "Europe/Stockholm"


def calendar(app, world, method="REQUEST", only=None, meeting=None, participants=None, **kwargs):
    meeting = meeting or reload(app, Meeting, world.meeting.id)
    participants = participants or [world.mentor, world.young, world.contact]
    with app.app_context():
        organizer = world.manager
        return calendar_for(meeting, participants, method, organizer, only=only, **kwargs)


def test_a_request_carries_every_property_calendars_need(app, world):
    data = calendar(app, world, details_url="http://127.0.0.1:5000/cases/1/meetings/2")
    parsed = parse_ics(data)
    event = only_event(parsed)

    assert parsed["METHOD"] == "REQUEST"
    assert parsed["VERSION"] == "2.0"
    assert parsed["PRODID"] == "-//Soffa//Meetings//EN"
    assert event["UID"] == world.meeting.uid
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    assert event["SUMMARY"] == "Follow-up meeting"
    assert event["LOCATION"] == "Room 4, Town Hall, https://video.example/r/abc"
    assert event["URL"] == "https://video.example/r/abc"
    stamp = event.decoded("DTSTAMP")
    assert stamp.utcoffset() == timedelta(0) and abs(datetime.now(UTC) - stamp) < timedelta(minutes=1)
    assert b"DTSTAMP:" in data and b"Z\r\n" in data.split(b"DTSTAMP:")[1][:20]
    assert event.decoded("DTSTART") == world.meeting.starts_at
    assert event.decoded("DTEND") == world.meeting.ends_at
    assert event["DTSTART"].params["TZID"] == STOCKHOLM

    organizer = event["ORGANIZER"]
    assert str(organizer) == "mailto:maria.lind@kommun.example"
    assert organizer.params["CN"] == "Maria Lind"


def test_one_attendee_per_participant_with_an_address(app, world):
    removed = Participant(
        id=10_000,
        meeting_id=world.meeting.id,
        name="Gone",
        email="gone@example.org",
        partstat="needs_action",
        removed_at=datetime.now(UTC),
    )
    event = only_event(
        parse_ics(calendar(app, world, participants=[world.mentor, world.young, world.contact, removed]))
    )
    found = attendees(event)
    # The contact has no email (a calendar address is a URI; their phone number stays private); the
    # removed participant is no longer invited.
    assert set(found) == {f"mailto:{world.mentor.email}", "mailto:sara@example.org"}
    mentor = found[f"mailto:{world.mentor.email}"]
    assert mentor["PARTSTAT"] == "ACCEPTED"
    assert mentor["RSVP"] == "TRUE"
    assert mentor["CN"] == "Ali Mentor"
    assert mentor["ROLE"] == "REQ-PARTICIPANT"
    young = found["mailto:sara@example.org"]
    assert (young["PARTSTAT"], young["RSVP"], young["CN"]) == ("NEEDS-ACTION", "TRUE", "Sara Ek")
    assert b"+4670" not in calendar(app, world)


@pytest.mark.parametrize(("stored", "expected"), [("tentative", "TENTATIVE"), ("declined", "DECLINED")])
def test_partstat_follows_the_answer(app, world, stored, expected):
    update_rows(app, Participant, world.young.id, partstat=stored)
    young = reload(app, Participant, world.young.id)
    event = only_event(parse_ics(calendar(app, world, participants=[world.mentor, young])))
    assert attendees(event)["mailto:sara@example.org"]["PARTSTAT"] == expected


def test_the_description_is_only_the_link_and_the_agenda_never_appears(app, world):
    link = "http://127.0.0.1:5000/cases/1/meetings/2"
    data = calendar(app, world, details_url=link)
    event = only_event(parse_ics(data))
    assert event["DESCRIPTION"] == f"Details in Soffa: {link}"
    assert AGENDA.encode() not in data.replace(b"\r\n ", b"")
    assert "DESCRIPTION" not in only_event(parse_ics(calendar(app, world)))


def test_the_uid_stays_and_the_sequence_rises_on_an_update(app, world):
    first = only_event(parse_ics(calendar(app, world)))
    update_rows(
        app,
        Meeting,
        world.meeting.id,
        sequence=1,
        starts_at=world.meeting.starts_at + timedelta(hours=2),
        ends_at=world.meeting.ends_at + timedelta(hours=2),
    )
    second = only_event(parse_ics(calendar(app, world)))
    assert second["UID"] == first["UID"] == world.meeting.uid
    assert (first["SEQUENCE"], second["SEQUENCE"]) == (0, 1)
    assert second.decoded("DTSTART") - first.decoded("DTSTART") == timedelta(hours=2)


def test_a_cancel_has_method_and_status_cancelled(app, world):
    update_rows(app, Meeting, world.meeting.id, status="cancelled", sequence=1)
    parsed = parse_ics(calendar(app, world, method="CANCEL"))
    event = only_event(parsed)
    assert parsed["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 1
    assert event["UID"] == world.meeting.uid
    assert len(attendees(event)) == 2
    assert all("RSVP" not in params for params in attendees(event).values())


def test_a_cancel_for_a_removed_participant_names_only_them(app, world):
    parsed = parse_ics(calendar(app, world, method="CANCEL", only=world.young))
    event = only_event(parsed)
    assert parsed["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert list(attendees(event)) == ["mailto:sara@example.org"]


def test_an_unknown_method_is_refused(app, world):
    with pytest.raises(ValueError, match="PUBLISH"):
        calendar(app, world, method="PUBLISH")


# --- daylight saving: Sweden moves to summer time on 2027-03-28 and back on 2027-10-31 -------------------


def dst_meeting(app, world, starts_at: datetime, ends_at: datetime) -> Meeting:
    update_rows(app, Meeting, world.meeting.id, starts_at=starts_at, ends_at=ends_at)
    return reload(app, Meeting, world.meeting.id)


def real_length(event) -> timedelta:
    # In UTC: Python subtracts two times of one zone as wall-clock times, blind to the DST change.
    return event.decoded("DTEND").astimezone(UTC) - event.decoded("DTSTART").astimezone(UTC)


def local_line(data: bytes, name: str) -> str:
    """The VEVENT's own line for a property (the VTIMEZONE has DTSTARTs of its own)."""
    unfolded = data.replace(b"\r\n ", b"").decode()
    event = unfolded.split("BEGIN:VEVENT\r\n", 1)[1]
    return next(line for line in event.split("\r\n") if line.startswith(name))


@pytest.mark.parametrize(
    ("starts_utc", "local", "offset"),
    [
        (datetime(2027, 3, 27, 9, 0, tzinfo=UTC), "20270327T100000", 1),  # the day before: winter time
        (datetime(2027, 3, 28, 8, 0, tzinfo=UTC), "20270328T100000", 2),  # the day of the change: summer
        (datetime(2027, 10, 30, 8, 0, tzinfo=UTC), "20271030T100000", 2),  # the day before: summer time
        (datetime(2027, 10, 31, 9, 0, tzinfo=UTC), "20271031T100000", 1),  # the day of the change: winter
    ],
)
def test_local_time_and_offset_around_the_changes(app, world, starts_utc, local, offset):
    meeting = dst_meeting(app, world, starts_utc, starts_utc + timedelta(hours=1))
    data = calendar(app, world, meeting=meeting)
    parsed = parse_ics(data)
    assert local_line(data, "DTSTART") == f"DTSTART;TZID={STOCKHOLM}:{local}"
    # The VTIMEZONE in the file (not the reader's own zone database) gives the right offset that day.
    zones = parsed.walk("VTIMEZONE")
    assert [zone["TZID"] for zone in zones] == [STOCKHOLM]
    from_file = zones[0].to_tz()
    wall = datetime.strptime(local, "%Y%m%dT%H%M%S")
    assert wall.replace(tzinfo=from_file).utcoffset() == timedelta(hours=offset)
    assert only_event(parsed).decoded("DTSTART") == starts_utc


def test_a_meeting_across_the_spring_change_keeps_its_real_length(app, world):
    # 01:30 winter time to 03:30 summer time on 2027-03-28 is one hour, not two.
    meeting = dst_meeting(
        app, world, datetime(2027, 3, 28, 0, 30, tzinfo=UTC), datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    )
    data = calendar(app, world, meeting=meeting)
    assert local_line(data, "DTSTART") == f"DTSTART;TZID={STOCKHOLM}:20270328T013000"
    assert local_line(data, "DTEND") == f"DTEND;TZID={STOCKHOLM}:20270328T033000"
    assert real_length(only_event(parse_ics(data))) == timedelta(hours=1)


def test_the_repeated_autumn_hour_is_written_in_utc_where_local_time_is_ambiguous(app, world):
    # 02:30 summer time to 02:30 winter time on 2027-10-31: local time alone would read both as the first.
    meeting = dst_meeting(
        app, world, datetime(2027, 10, 31, 0, 30, tzinfo=UTC), datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    )
    data = calendar(app, world, meeting=meeting)
    assert local_line(data, "DTSTART") == f"DTSTART;TZID={STOCKHOLM}:20271031T023000"
    assert local_line(data, "DTEND") == "DTEND:20271031T013000Z"
    assert [zone["TZID"] for zone in parse_ics(data).walk("VTIMEZONE")] == [STOCKHOLM]  # none for UTC
    assert real_length(only_event(parse_ics(data))) == timedelta(hours=1)


# --- injection: text that looks like calendar syntax stays text ---------------------------------------


@pytest.mark.parametrize(
    "evil",
    [
        "Plan\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil\nSUMMARY:Injected",
        "Plan; ORGANIZER:mailto:evil@example.org, x\\n",
        "Plan\u2028BEGIN:VEVENT",
    ],
)
def test_calendar_syntax_in_title_and_place_never_becomes_a_property(app, world, evil):
    update_rows(app, Meeting, world.meeting.id, title=evil, place=evil)
    data = calendar(app, world)
    event = only_event(parse_ics(data))
    assert data.count(b"\r\nBEGIN:VEVENT\r\n") == 1
    assert data.count(b"\r\nUID:") == 1
    assert event["UID"] == world.meeting.uid
    assert str(event["ORGANIZER"]) == "mailto:maria.lind@kommun.example"
    assert event["SUMMARY"] == evil.replace("\u2028", "\n")
    assert event["LOCATION"].startswith(evil.replace("\u2028", "\n"))


def test_a_carriage_return_cannot_start_a_line_either(app, world):
    update_rows(app, Meeting, world.meeting.id, title="Plan\r\nATTENDEE:mailto:evil@example.org\rX")
    data = calendar(app, world)
    event = only_event(parse_ics(data))
    assert b"\r\nATTENDEE:mailto:evil" not in data
    assert "mailto:evil@example.org" not in attendees(event)
    assert event["SUMMARY"].splitlines()[1] == "ATTENDEE:mailto:evil@example.org"


def test_a_name_with_line_breaks_and_quotes_stays_inside_its_parameter(app, world):
    tricky = Participant(
        id=10_001,
        meeting_id=world.meeting.id,
        name='Eve "Q"\r\nATTENDEE:mailto:evil@example.org',
        email="eve@example.org",
        partstat="needs_action",
    )
    event = only_event(parse_ics(calendar(app, world, participants=[tricky])))
    assert list(attendees(event)) == ["mailto:eve@example.org"]
    assert attendees(event)["mailto:eve@example.org"]["CN"] == 'Eve "Q" ATTENDEE:mailto:evil@example.org'
