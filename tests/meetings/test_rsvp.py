"""Answering an invite through its signed link, without signing in: a GET only shows (and preselects),
a POST answers; answering twice the same is one answer; a bad link saves nothing and says what to do."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.meetings.models import Participant
from portal.meetings.rsvp import make_token
from portal.timeline.models import TimelineEntry
from tests.meetings.helpers import meeting_form, meetings_of, participants_of, rows, signed_in


@pytest.fixture
def invite(app, make, mc):
    """A meeting next week with the young person (no account needed) and the mentor invited."""
    meeting = make.meeting(mc.case, mc.hub, title="Secret title", agenda="Secret agenda", place="Room 4")
    young = make.participant(meeting, is_young_person=True, name="Alva Berg", phone="+46701234567")
    mentor = make.participant(meeting, mc.mentor)
    with app.app_context():
        token = make_token(young, meeting)
    return meeting, young, mentor, token


def _partstat(app, participant) -> str:
    return rows(app, sa.select(Participant.partstat).where(Participant.id == participant.id))[0]


def _answers_on_timeline(app, mc) -> list[str]:
    query = (
        sa.select(TimelineEntry)
        .where(TimelineEntry.case_id == mc.case.id, TimelineEntry.author_id.is_(None))  # the portal's own
        .order_by(TimelineEntry.id)
    )
    return [(e.body, e.kind, e.visibility, e.author_id) for e in rows(app, query)]


def test_the_page_shows_time_place_and_who_is_invited_but_no_case_content(app, client, invite):
    _meeting, _young, _mentor, token = invite
    response = client.get(f"/rsvp/{token}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Room 4" in page and "Alva Berg" in page and "Mira Mentor" in page and "Hanna Hub" in page
    assert "Secret" not in page  # neither title nor agenda
    assert "My cases" not in page  # not signed in
    assert page.count('name="answer"') == 3


def test_a_link_from_the_mail_preselects_the_answer_and_changes_nothing(app, client, invite):
    _meeting, young, _mentor, token = invite
    page = client.get(f"/rsvp/{token}?answer=declined").get_data(as_text=True)
    assert re.search(r'<input type="hidden" name="answer" value="declined">', page)
    assert ">Confirm</button>" in page
    assert _partstat(app, young) == "needs_action"
    assert client.get(f"/rsvp/{token}?answer=bogus").status_code == 200


def test_answering_saves_it_once_and_writes_the_timeline_and_the_audit_trail(app, client, mc, invite):
    meeting, young, _mentor, token = invite
    response = client.post(f"/rsvp/{token}", data={"answer": "accepted"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/rsvp/{token}")
    assert _partstat(app, young) == "accepted"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your answer was saved: accepted" in page

    [(body, kind, visibility, author)] = _answers_on_timeline(app, mc)
    assert body.startswith("Alva Berg accepted the meeting ")
    assert (kind, visibility, author) == ("system", "team", None)
    assert "Secret" not in body

    # The same answer again (a second click, a reloaded form): no second entry.
    assert client.post(f"/rsvp/{token}", data={"answer": "accepted"}).status_code == 302
    assert len(_answers_on_timeline(app, mc)) == 1
    # Another answer is a change: one more entry.
    assert client.post(f"/rsvp/{token}", data={"answer": "tentative"}).status_code == 302
    assert _partstat(app, young) == "tentative"
    bodies = [entry[0] for entry in _answers_on_timeline(app, mc)]
    assert bodies[1].startswith("Alva Berg answered maybe to the meeting ")
    events = rows(
        app, sa.select(AuditEvent).where(AuditEvent.action == "meeting.rsvp").order_by(AuditEvent.id)
    )
    assert [(e.details["before"], e.details["after"]) for e in events] == [
        ("needs_action", "accepted"),
        ("accepted", "tentative"),
    ]
    assert {e.case_id for e in events} == {meeting.case_id}


def test_the_answer_shows_on_the_case(app, client, mc, invite):
    meeting, _young, _mentor, token = invite
    client.post(f"/rsvp/{token}", data={"answer": "declined"})
    page = signed_in(app, mc.hub).get(f"{mc.url}/{meeting.id}").get_data(as_text=True)
    assert re.search(
        r'Alva Berg <span class="muted">\(the young person\)</span></th>\s*<td><span[^>]*>declined<', page
    )


@pytest.mark.parametrize("answer", ["", "yes", "needs_action"])
def test_an_answer_that_is_not_one_of_the_three_is_refused(app, client, mc, invite, answer):
    _meeting, young, _mentor, token = invite
    assert client.post(f"/rsvp/{token}", data={"answer": answer}).status_code == 422
    assert _partstat(app, young) == "needs_action"
    assert _answers_on_timeline(app, mc) == []


def test_the_answer_needs_the_csrf_token_of_the_page(app, client, invite):
    _meeting, young, _mentor, token = invite
    assert client.post(f"/rsvp/{token}", data={"answer": "accepted"}, csrf=False).status_code == 400
    assert _partstat(app, young) == "needs_action"


def _refused(app, client, mc, young, url: str, status: int, says: str) -> None:
    for response in (client.get(url), client.post(url, data={"answer": "accepted"})):
        assert response.status_code == status
        assert says in response.get_data(as_text=True)
    assert _partstat(app, young) == "needs_action"
    assert _answers_on_timeline(app, mc) == []


def test_a_tampered_link_is_refused(app, client, mc, invite):
    _meeting, young, _mentor, token = invite
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    _refused(app, client, mc, young, f"/rsvp/{tampered}", 400, "The link is not complete or has been changed")
    # a token for another participant cannot be made by editing the payload either
    _refused(app, client, mc, young, "/rsvp/WzEsMSwwLDE5OTk5OTk5OTld.abc", 400, "not complete")


def test_an_expired_link_is_refused(app, client, mc, invite):
    meeting, young, _mentor, _token = invite
    with app.app_context():
        old = make_token(
            young.id, meeting.id, sequence=0, expires_at=datetime.now(UTC) - timedelta(minutes=1)
        )
    _refused(app, client, mc, young, f"/rsvp/{old}", 410, "The meeting is over")


def test_a_link_from_before_a_move_is_refused(app, mc, invite):
    meeting, young, _mentor, token = invite
    hub = signed_in(app, mc.hub)
    moved = {
        "day": (datetime.now(UTC) + timedelta(days=10)).date().isoformat(),
        "start": "10:00",
        "duration": "60",
        "place": "Room 5",
    }
    assert hub.post(f"{mc.url}/{meeting.id}/move", data=moved).status_code == 302
    client = app.test_client()
    _refused(app, client, mc, young, f"/rsvp/{token}", 410, "The meeting was moved after this invitation")
    # the link in the update works
    [current] = meetings_of(app, mc.case)
    with app.app_context():
        fresh = make_token(young, current)
    assert client.post(f"/rsvp/{fresh}", data={"answer": "accepted"}).status_code == 302
    assert _partstat(app, young) == "accepted"


def test_a_link_to_a_cancelled_meeting_or_of_a_removed_person_is_refused(app, mc, invite):
    meeting, young, mentor, token = invite
    hub = signed_in(app, mc.hub)
    with app.app_context():
        mentor_token = make_token(mentor, meeting)
    assert hub.post(f"{mc.url}/{meeting.id}/participants/{mentor.id}/remove").status_code == 302
    client = app.test_client()
    for response in (client.get(f"/rsvp/{mentor_token}"), client.get(f"/meetings/{mentor_token}.ics")):
        assert response.status_code == 410
        assert "no longer invited" in response.get_data(as_text=True)
    assert hub.post(f"{mc.url}/{meeting.id}/cancel").status_code == 302
    _refused(app, client, mc, young, f"/rsvp/{token}", 410, "The meeting was cancelled")


def test_the_calendar_link_works_without_signing_in(app, client, invite):
    meeting, _young, _mentor, token = invite
    response = client.get(f"/meetings/{token}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    body = response.get_data(as_text=True)
    assert f"UID:{meeting.uid}" in body and "METHOD:REQUEST" in body
    assert "Secret agenda" not in body
    assert client.get(f"/meetings/{token[:-3]}xyz.ics").status_code == 400


def test_signed_in_invitees_get_their_own_answer_link_on_the_meetings_page(app, mc, invite):
    _meeting, _young, mentor, _token = invite
    client = signed_in(app, mc.mentor)
    page = client.get(mc.url).get_data(as_text=True)
    link = re.search(r'href="(/rsvp/[^"]+)">Give your answer', page).group(1)
    assert client.post(link, data={"answer": "declined"}).status_code == 302
    assert _partstat(app, mentor) == "declined"
    # the hub is not invited: no answer link for them
    assert "Give your answer" not in signed_in(app, mc.hub).get(mc.url).get_data(as_text=True)


def test_an_invite_made_through_the_form_can_be_answered(app, mc):
    hub = signed_in(app, mc.hub)
    assert hub.post(f"{mc.url}/new", data=meeting_form(mc)).status_code == 302
    [meeting] = meetings_of(app, mc.case)
    young = next(p for p in participants_of(app, meeting.id) if p.is_young_person)
    with app.app_context():
        token = make_token(young, meeting)
    assert app.test_client().post(f"/rsvp/{token}", data={"answer": "accepted"}).status_code == 302
    assert _partstat(app, young) == "accepted"
