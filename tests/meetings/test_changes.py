"""Moving a meeting, inviting and removing people, cancelling: each change and its outbox rows in one
transaction, keyed by the meeting's SEQUENCE; nothing at all when the change is refused."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.meetings.models import Meeting
from portal.meetings.rsvp import make_token
from portal.outbox.models import OutboxMessage
from portal.timeline.models import TimelineEntry
from tests.meetings.helpers import (
    count,
    meeting_form,
    meetings_of,
    outbox,
    participants_of,
    rows,
    signed_in,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def called(app, mc):
    """A meeting called through the form: the mentor, the young person and the guardian invited."""
    client = signed_in(app, mc.hub)
    keys = [f"user-{mc.mentor.id}", "young-person", f"contact-{mc.guardian.id}"]
    assert client.post(f"{mc.url}/new", data=meeting_form(mc, *keys)).status_code == 302
    [meeting] = meetings_of(app, mc.case)
    people = {p.name: p for p in participants_of(app, meeting.id)}
    return client, meeting, people


def _new_rows(app, meeting, before: int) -> set[tuple]:
    return {
        (m.participant_id, m.kind, m.channel, m.meeting_sequence, m.dedupe_key)
        for m in outbox(app, meeting.id)[before:]
    }


def _keys(meeting, sequence, *items) -> set[tuple]:
    return {
        (
            pid,
            kind,
            channel,
            sequence,
            f"meeting:{meeting.id}:seq:{sequence}:participant:{pid}:{kind}:{channel}",
        )
        for pid, kind, channel in items
    }


def _move_form(**changes) -> dict:
    data = {
        "day": (date.today() + timedelta(days=8)).isoformat(),
        "start": "09:00",
        "duration": "45",
        "place": "Room 4, Town Hall",
        "video_url": "",
    }
    data.update(changes)
    return data


def test_moving_raises_the_sequence_and_sends_updates_and_new_reminders_to_everyone(app, mc, called):
    client, meeting, people = called
    before = len(outbox(app, meeting.id))
    response = client.post(f"{mc.url}/{meeting.id}/move", data=_move_form())
    assert response.status_code == 302
    [moved] = meetings_of(app, mc.case)
    assert moved.sequence == 1
    assert moved.starts_at == datetime.combine(
        date.today() + timedelta(days=8), time(9), STOCKHOLM
    ).astimezone(UTC)
    assert moved.ends_at - moved.starts_at == timedelta(minutes=45)
    mentor, young, guardian = people["Mira Mentor"].id, people["Alva Berg"].id, people["Gunnel Guardian"].id
    assert _new_rows(app, meeting, before) == _keys(
        meeting,
        1,
        (mentor, "update", "email"),
        (mentor, "reminder", "email"),
        (young, "update", "email"),
        (young, "update", "sms"),
        (young, "reminder", "email"),
        (young, "reminder", "sms"),
        (guardian, "update", "email"),
        (guardian, "reminder", "email"),
    )
    reminders = [m for m in outbox(app, meeting.id)[before:] if m.kind == "reminder"]
    assert {m.not_before for m in reminders} == {
        moved.starts_at - timedelta(hours=24),
        moved.starts_at - timedelta(hours=2),
    }
    [event] = rows(app, sa.select(AuditEvent).where(AuditEvent.action == "meeting.move"))
    assert event.details["sequence"] == 1
    entries = rows(app, sa.select(TimelineEntry.body).where(TimelineEntry.case_id == mc.case.id))
    assert any(body.startswith("Meeting moved: Follow-up meeting") for body in entries)


def test_moving_asks_everyone_again_and_says_so_on_the_timeline(app, client, mc, called):
    """RFC 5546: a new time is a significant change. The answers given to the old time are reset, the
    links they were given through no longer work, and the update's new link answers again."""
    hub, meeting, people = called
    mentor, young = people["Mira Mentor"], people["Alva Berg"]
    with app.app_context():
        old_links = {p.id: make_token(p, meeting) for p in (mentor, young)}
    for participant, answer in ((mentor, "accepted"), (young, "declined")):
        assert client.post(f"/rsvp/{old_links[participant.id]}", data={"answer": answer}).status_code == 302
    assert _answers(app, meeting) == {
        mentor.id: "accepted",
        young.id: "declined",
        people["Gunnel Guardian"].id: "needs_action",
    }

    assert hub.post(f"{mc.url}/{meeting.id}/move", data=_move_form()).status_code == 302

    assert set(_answers(app, meeting).values()) == {"needs_action"}
    assert all(p.responded_at is None for p in participants_of(app, meeting.id))
    [event] = rows(app, sa.select(AuditEvent).where(AuditEvent.action == "meeting.move"))
    assert event.details["answers_reset"] == {str(mentor.id): "accepted", str(young.id): "declined"}
    entries = rows(app, sa.select(TimelineEntry.body).where(TimelineEntry.case_id == mc.case.id))
    [moved] = [body for body in entries if body.startswith("Meeting moved: Follow-up meeting")]
    assert "answers reset" in moved
    assert client.get(f"/rsvp/{old_links[mentor.id]}").status_code == 410  # superseded
    [moved_meeting] = meetings_of(app, mc.case)
    with app.app_context():
        new_link = make_token(mentor, moved_meeting)
    assert client.post(f"/rsvp/{new_link}", data={"answer": "tentative"}).status_code == 302
    assert _answers(app, meeting)[mentor.id] == "tentative"


def test_a_move_before_anyone_answered_resets_nothing_and_says_nothing_of_it(app, mc, called):
    hub, meeting, _people = called
    assert hub.post(f"{mc.url}/{meeting.id}/move", data=_move_form()).status_code == 302
    [event] = rows(app, sa.select(AuditEvent).where(AuditEvent.action == "meeting.move"))
    assert event.details["answers_reset"] == {}
    entries = rows(app, sa.select(TimelineEntry.body).where(TimelineEntry.case_id == mc.case.id))
    [moved] = [body for body in entries if body.startswith("Meeting moved: Follow-up meeting")]
    assert "answers reset" not in moved


def _answers(app, meeting) -> dict[int, str]:
    return {p.id: p.partstat for p in participants_of(app, meeting.id) if p.removed_at is None}


def test_a_new_place_alone_is_a_move_too(app, mc, called):
    client, meeting, _people = called
    form = _move_form(day=(date.today() + timedelta(days=7)).isoformat(), start="14:00", duration="60")
    before = len(outbox(app, meeting.id))
    assert client.post(f"{mc.url}/{meeting.id}/move", data={**form, "place": "Library"}).status_code == 302
    assert meetings_of(app, mc.case)[0].sequence == 1
    assert {m.kind for m in outbox(app, meeting.id)[before:]} == {"update", "reminder"}


def test_saving_the_same_time_and_place_changes_and_sends_nothing(app, mc, called):
    client, meeting, _people = called
    form = _move_form(day=(date.today() + timedelta(days=7)).isoformat(), start="14:00", duration="60")
    before = len(outbox(app, meeting.id))
    response = client.post(f"{mc.url}/{meeting.id}/move", data=form, follow_redirects=True)
    assert "Nothing was changed." in response.get_data(as_text=True)
    assert meetings_of(app, mc.case)[0].sequence == 0
    assert len(outbox(app, meeting.id)) == before


@pytest.mark.parametrize(
    "change",
    [{"day": (date.today() - timedelta(days=1)).isoformat()}, {"duration": "0"}, {"place": "A\nB"}],
    ids=["past", "zero duration", "line break"],
)
def test_a_refused_move_changes_and_sends_nothing(app, mc, called, change):
    client, meeting, _people = called
    before = len(outbox(app, meeting.id))
    assert client.post(f"{mc.url}/{meeting.id}/move", data=_move_form(**change)).status_code == 422
    [same] = meetings_of(app, mc.case)
    assert (same.sequence, same.starts_at) == (0, meeting.starts_at)
    assert len(outbox(app, meeting.id)) == before


def test_the_move_form_starts_from_the_meeting_in_its_own_zone(app, mc, called):
    client, meeting, _people = called
    page = client.get(f"{mc.url}/{meeting.id}/move").get_data(as_text=True)
    assert 'value="14:00"' in page and 'value="60"' in page
    assert f'value="{(date.today() + timedelta(days=7)).isoformat()}"' in page


def test_inviting_someone_sends_them_the_invite_of_the_current_version_only(app, mc, called):
    client, meeting, _people = called
    client.post(f"{mc.url}/{meeting.id}/move", data=_move_form())  # sequence 1
    before = len(outbox(app, meeting.id))
    response = client.post(
        f"{mc.url}/{meeting.id}/participants", data={"invitee": f"contact-{mc.psychologist.id}"}
    )
    assert response.status_code == 302
    added = next(p for p in participants_of(app, meeting.id) if p.name == "Per Psychologist")
    assert _new_rows(app, meeting, before) == _keys(
        meeting, 1, (added.id, "invite", "sms"), (added.id, "reminder", "sms")
    )


def test_inviting_with_htmx_answers_the_participant_region(app, mc, called):
    client, meeting, _people = called
    response = client.post(
        f"{mc.url}/{meeting.id}/participants", data={"invitee": f"user-{mc.volunteer.id}"}, htmx=True
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<section class="card" id="participants"')
    assert "Vera Volunteer" in body
    assert response.headers["HX-Trigger"] == "meetings-changed"


@pytest.mark.parametrize(
    ("invitee", "message"),
    [
        ("", "Choose whom to invite."),
        ("young-person", "This person is already invited."),
        ("user-999999", ""),
    ],
)
def test_a_refused_invite_saves_and_sends_nothing(app, mc, called, invitee, message):
    client, meeting, _people = called
    before = (len(outbox(app, meeting.id)), len(participants_of(app, meeting.id)))
    response = client.post(f"{mc.url}/{meeting.id}/participants", data={"invitee": invitee}, htmx=True)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert (len(outbox(app, meeting.id)), len(participants_of(app, meeting.id))) == before


def test_removing_someone_sends_a_cancellation_to_them_only(app, mc, called):
    client, meeting, people = called
    guardian = people["Gunnel Guardian"]
    before = len(outbox(app, meeting.id))
    response = client.post(f"{mc.url}/{meeting.id}/participants/{guardian.id}/remove", htmx=True)
    assert response.status_code == 200
    assert "Gunnel Guardian</th>" not in response.get_data(as_text=True)  # listed only to invite again
    assert _new_rows(app, meeting, before) == _keys(meeting, 0, (guardian.id, "cancel", "email"))
    removed = next(p for p in participants_of(app, meeting.id) if p.id == guardian.id)
    assert removed.removed_at is not None
    assert meetings_of(app, mc.case)[0].sequence == 0
    # gone from the meeting: a second removal finds nobody
    assert client.post(f"{mc.url}/{meeting.id}/participants/{guardian.id}/remove").status_code == 404


def test_the_last_participant_cannot_be_removed(app, make, mc):
    meeting = make.meeting(mc.case, mc.hub)
    only = make.participant(meeting, mc.mentor)
    client = signed_in(app, mc.hub)
    response = client.post(f"{mc.url}/{meeting.id}/participants/{only.id}/remove")
    assert response.status_code == 422
    assert "Cancel the meeting instead" in response.get_data(as_text=True)
    assert count(app, OutboxMessage) == 0


def test_cancelling_sends_a_cancellation_to_everyone_with_a_raised_sequence(app, mc, called):
    client, meeting, people = called
    before = len(outbox(app, meeting.id))
    assert client.get(f"{mc.url}/{meeting.id}/cancel").status_code == 200
    assert client.post(f"{mc.url}/{meeting.id}/cancel").status_code == 302
    [cancelled] = meetings_of(app, mc.case)
    assert (cancelled.status, cancelled.sequence) == ("cancelled", 1)
    assert cancelled.cancelled_at is not None
    mentor, young, guardian = people["Mira Mentor"].id, people["Alva Berg"].id, people["Gunnel Guardian"].id
    assert _new_rows(app, meeting, before) == _keys(
        meeting,
        1,
        (mentor, "cancel", "email"),
        (young, "cancel", "email"),
        (young, "cancel", "sms"),
        (guardian, "cancel", "email"),
    )
    entries = rows(app, sa.select(TimelineEntry.body).where(TimelineEntry.case_id == mc.case.id))
    assert any(body.startswith("Meeting cancelled: Follow-up meeting") for body in entries)


def test_a_cancelled_meeting_cannot_be_changed(app, mc, called):
    client, meeting, people = called
    client.post(f"{mc.url}/{meeting.id}/cancel")
    before = len(outbox(app, meeting.id))
    assert client.post(f"{mc.url}/{meeting.id}/move", data=_move_form()).status_code == 422
    assert client.post(f"{mc.url}/{meeting.id}/cancel").status_code == 422
    invite = {"invitee": f"user-{mc.volunteer.id}"}
    assert client.post(f"{mc.url}/{meeting.id}/participants", data=invite).status_code == 422
    remove = f"{mc.url}/{meeting.id}/participants/{people['Mira Mentor'].id}/remove"
    assert client.post(remove).status_code == 422
    assert len(outbox(app, meeting.id)) == before
    assert meetings_of(app, mc.case)[0].sequence == 1


def test_a_past_meeting_cannot_be_moved(app, make, mc):
    past = make.meeting(mc.case, mc.hub, starts_at=datetime.now(UTC) - timedelta(days=2))
    make.participant(past, mc.mentor)
    response = signed_in(app, mc.hub).post(f"{mc.url}/{past.id}/move", data=_move_form())
    assert response.status_code == 422
    assert "This meeting is over." in response.get_data(as_text=True)
    assert count(app, OutboxMessage) == 0
    assert count(app, Meeting, Meeting.sequence == 0) == 1
