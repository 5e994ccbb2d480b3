"""Calling a meeting: what is saved, which outbox rows are written in the same transaction, and nothing at
all when the form is refused."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.meetings.models import Meeting, Participant
from portal.outbox.models import OutboxMessage
from portal.timeline.models import TimelineEntry
from tests.meetings.helpers import count, meeting_form, meetings_of, outbox, participants_of, rows, signed_in

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _post(app, mc, data, user=None):
    return signed_in(app, user or mc.hub).post(f"{mc.url}/new", data=data)


def test_calling_a_meeting_saves_it_and_queues_invites_and_reminders(app, mc):
    keys = [
        f"user-{mc.mentor.id}",
        "young-person",
        f"contact-{mc.guardian.id}",
        f"contact-{mc.psychologist.id}",
    ]
    response = _post(app, mc, meeting_form(mc, *keys))
    assert response.status_code == 302

    [meeting] = meetings_of(app, mc.case)
    day = date.today() + timedelta(days=7)
    assert meeting.starts_at == datetime.combine(day, time(14, 0), STOCKHOLM).astimezone(UTC)
    assert meeting.ends_at - meeting.starts_at == timedelta(minutes=60)
    assert re.fullmatch(r"[0-9a-f-]{36}@soffa", meeting.uid)
    assert (meeting.sequence, meeting.status, meeting.timezone) == (0, "scheduled", "Europe/Stockholm")
    assert meeting.organizer_id == mc.hub.id
    assert response.headers["Location"].endswith(f"/meetings/{meeting.id}")

    people = {p.name: p for p in participants_of(app, meeting.id)}
    assert set(people) == {"Mira Mentor", "Alva Berg", "Gunnel Guardian", "Per Psychologist"}
    young = people["Alva Berg"]
    assert young.is_young_person and young.phone == "+46701234567" and young.email == mc.young.email
    assert people["Per Psychologist"].external_contact_id == mc.psychologist.id
    assert people["Mira Mentor"].user_id == mc.mentor.id

    day_before, two_hours = meeting.starts_at - timedelta(hours=24), meeting.starts_at - timedelta(hours=2)
    expected = {
        # staff: mail only, although they have a phone (SMS is for the young person)
        (people["Mira Mentor"].id, "invite", "email", None),
        (people["Mira Mentor"].id, "reminder", "email", day_before),
        # the young person: mail and SMS, reminders 24 h by mail and 2 h by SMS
        (young.id, "invite", "email", None),
        (young.id, "invite", "sms", None),
        (young.id, "reminder", "email", day_before),
        (young.id, "reminder", "sms", two_hours),
        (people["Gunnel Guardian"].id, "invite", "email", None),
        (people["Gunnel Guardian"].id, "reminder", "email", day_before),
        # a phone is the only way to reach this contact: SMS
        (people["Per Psychologist"].id, "invite", "sms", None),
        (people["Per Psychologist"].id, "reminder", "sms", two_hours),
    }
    messages = outbox(app, meeting.id)
    found = {
        (m.participant_id, m.kind, m.channel, m.not_before if m.kind == "reminder" else None)
        for m in messages
    }
    assert found == expected
    assert len(messages) == len(expected)
    for message in messages:
        assert message.meeting_sequence == 0
        assert message.case_id == mc.case.id
        assert message.dedupe_key == (
            f"meeting:{meeting.id}:seq:0:participant:{message.participant_id}:{message.kind}:{message.channel}"
        )
    assert {m.user_id for m in messages if m.participant_id == people["Mira Mentor"].id} == {mc.mentor.id}


def test_the_timeline_and_the_audit_trail_name_the_meeting_but_not_its_agenda(app, mc):
    assert (
        _post(app, mc, meeting_form(mc, title="Start-up meeting", agenda="Secret agenda")).status_code == 302
    )
    [meeting] = meetings_of(app, mc.case)
    [entry] = rows(app, sa.select(TimelineEntry).where(TimelineEntry.case_id == mc.case.id))
    assert (entry.kind, entry.visibility, entry.author_id) == ("system", "team", mc.hub.id)
    assert entry.body.startswith("Meeting called: Start-up meeting, ")
    assert "Secret" not in entry.body
    [event] = rows(app, sa.select(AuditEvent).where(AuditEvent.action == "meeting.create"))
    assert (event.target_id, event.case_id, event.user_id) == (meeting.id, mc.case.id, mc.hub.id)
    assert "Secret" not in str(event.details)


def test_the_deputy_may_call_a_meeting_and_is_its_organiser(app, mc):
    assert _post(app, mc, meeting_form(mc), user=mc.deputy).status_code == 302
    assert meetings_of(app, mc.case)[0].organizer_id == mc.deputy.id


def _in(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


REFUSED = [
    ("zero duration", {"duration": "0"}, "duration"),
    ("ends before it starts", {"duration": "-30"}, "duration"),
    ("too long", {"duration": "481"}, "duration"),
    ("in the past", {"day": _in(-1)}, "start"),
    ("no title", {"title": ""}, "title"),
    ("title too long", {"title": "x" * 201}, "title"),
    ("line break in the title", {"title": "Meeting\r\nBEGIN:VEVENT"}, "title"),
    ("line break in the place", {"place": "Room 4\nATTENDEE:mailto:x@example.org"}, "place"),
    ("unicode line separator in the place", {"place": "Room 4\u2028Floor 2"}, "place"),
    ("neither place nor video", {"place": "", "video_url": ""}, "place"),
    ("video link without https", {"video_url": "http://meet.example.org/x"}, "video_url"),
    ("video link that is not a link", {"video_url": "javascript:alert(1)"}, "video_url"),
    ("agenda too long", {"agenda": "x" * 5001}, "agenda"),
    ("no participant", {"participants": []}, "participants"),
    ("someone from another case", {"participants": ["user-999999"]}, "participants"),
    ("no date", {"day": ""}, "day"),
    ("no time", {"start": ""}, "start"),
]


@pytest.mark.parametrize(("why", "change", "field"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_input_answers_422_next_to_the_field_and_saves_nothing(app, mc, why, change, field):
    data = meeting_form(mc)
    data.update(change)
    response = _post(app, mc, data)
    assert response.status_code == 422
    assert f'id="{field}-errors"' in response.get_data(as_text=True)
    _nothing_saved(app)


def _nothing_saved(app):
    assert count(app, Meeting) == 0
    assert count(app, Participant) == 0
    assert count(app, OutboxMessage) == 0
    assert count(app, TimelineEntry) == 0


def test_a_participant_without_email_or_phone_is_refused(app, mc):
    response = _post(app, mc, meeting_form(mc, "young-person", f"contact-{mc.nowhere.id}"))
    assert response.status_code == 422
    assert "Nils Nowhere has no email address or phone number" in response.get_data(as_text=True)
    _nothing_saved(app)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "not-an-address"}, "The email address of Bad Address is not valid"),
        ({"email": "bad@example.org\r\nBcc: x@example.org"}, "The email address of Bad Address is not valid"),
        ({"phone": "12"}, "The phone number of Bad Address is not valid"),
    ],
)
def test_an_invalid_address_is_refused_even_when_it_got_into_the_contacts(app, make, mc, fields, message):
    contact = make.external_contact(mc.case, name="Bad Address", **fields)
    response = _post(app, mc, meeting_form(mc, "young-person", f"contact-{contact.id}"))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    _nothing_saved(app)


def test_partners_cannot_call_meetings(app, mc):
    assert _post(app, mc, meeting_form(mc), user=mc.mentor).status_code == 403
    _nothing_saved(app)


def test_html_in_the_title_is_saved_as_text_and_shown_as_text(app, mc):
    title = '<script>alert("x")</script>'
    assert _post(app, mc, meeting_form(mc, title=title)).status_code == 302
    body = signed_in(app, mc.hub).get(mc.url).get_data(as_text=True)
    assert "&lt;script&gt;alert(" in body
    assert "<script>alert" not in body


def test_a_meeting_within_two_hours_gets_its_invites_but_no_reminders(app, mc):
    soon = datetime.now(STOCKHOLM).replace(second=0, microsecond=0) + timedelta(minutes=90)
    data = meeting_form(mc, day=soon.date().isoformat(), start=soon.strftime("%H:%M"), duration="30")
    assert _post(app, mc, data).status_code == 302
    [meeting] = meetings_of(app, mc.case)
    assert {(m.kind, m.channel) for m in outbox(app, meeting.id)} == {("invite", "email"), ("invite", "sms")}


def _last_sunday(year: int, month: int) -> date:
    day = date(year, month, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def test_a_local_time_skipped_by_daylight_saving_is_moved_forward_and_said(app, mc):
    spring = _last_sunday(date.today().year + 1, 3)  # clocks go from 02:00 to 03:00
    client = signed_in(app, mc.hub)
    response = client.post(f"{mc.url}/new", data=meeting_form(mc, day=spring.isoformat(), start="02:30"))
    assert response.status_code == 302
    [meeting] = meetings_of(app, mc.case)
    assert meeting.starts_at.astimezone(STOCKHOLM).strftime("%H:%M") == "03:30"
    assert meeting.starts_at == datetime.combine(spring, time(1, 30), UTC)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "02:30 does not exist on" in page and "03:30" in page


def test_a_local_time_that_happens_twice_takes_the_first_and_says_so(app, mc):
    autumn = _last_sunday(date.today().year + 1, 10)  # clocks go from 03:00 back to 02:00
    client = signed_in(app, mc.hub)
    response = client.post(f"{mc.url}/new", data=meeting_form(mc, day=autumn.isoformat(), start="02:30"))
    assert response.status_code == 302
    [meeting] = meetings_of(app, mc.case)
    assert meeting.starts_at == datetime.combine(autumn, time(0, 30), UTC)  # 02:30 CEST, not 02:30 CET
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "02:30 happens twice on" in page


def test_the_organisers_own_time_zone_is_used(app, make, mc):
    with app.app_context():
        from portal.extensions import db
        from portal.orgs.models import User

        db.session.get(User, mc.hub.id).timezone = "Europe/Copenhagen"
        db.session.commit()
    assert _post(app, mc, meeting_form(mc)).status_code == 302
    [meeting] = meetings_of(app, mc.case)
    assert meeting.timezone == "Europe/Copenhagen"
    assert meeting.starts_at.astimezone(ZoneInfo("Europe/Copenhagen")).strftime("%H:%M") == "14:00"


def test_the_form_lists_the_team_the_young_person_and_the_contacts(app, mc):
    body = signed_in(app, mc.hub).get(f"{mc.url}/new").get_data(as_text=True)
    for key in (f"user-{mc.hub.id}", f"user-{mc.deputy.id}", f"user-{mc.mentor.id}", "young-person"):
        assert f'value="{key}"' in body
    assert f'value="contact-{mc.guardian.id}"' in body
    assert "no email or phone: cannot be invited" in body  # Nils Nowhere
