"""The meetings page: upcoming first, then past; answers in words; delivery for the hub; who sees which
meeting; the same number of queries for 2 meetings as for 20; the next meeting on the case overview."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from portal.audit.models import AccessLogEntry
from portal.db import now_utc
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from tests.meetings.helpers import count, signed_in

TITLE = re.compile(r'id="meeting-\d+-title">\s*<a href="[^"]+">([^<]+)</a>')


def _now() -> datetime:
    return datetime.now(UTC).replace(second=0, microsecond=0)


def _titles(page: str) -> list[str]:
    return TITLE.findall(page)


def test_upcoming_meetings_come_first_soonest_first_then_past_ones_latest_first(app, make, mc):
    for title, days in (("In two weeks", 14), ("Last month", -30), ("Tomorrow", 1), ("Yesterday", -1)):
        make.meeting(mc.case, mc.hub, starts_at=_now() + timedelta(days=days), title=title)
    page = signed_in(app, mc.hub).get(mc.url).get_data(as_text=True)
    assert _titles(page) == ["Tomorrow", "In two weeks", "Yesterday", "Last month"]
    assert page.index("Upcoming") < page.index("Tomorrow") < page.index("Past") < page.index("Yesterday")


def test_answers_are_shown_as_words(app, make, mc):
    meeting = make.meeting(mc.case, mc.hub)
    for name, partstat in (
        ("Ann", "accepted"),
        ("Bo", "tentative"),
        ("Cy", "declined"),
        ("Di", "needs_action"),
    ):
        make.participant(meeting, name=name, email=f"{name.lower()}@example.org", partstat=partstat)
    page = signed_in(app, mc.mentor).get(mc.url).get_data(as_text=True)
    for name, word in (("Ann", "accepted"), ("Bo", "maybe"), ("Cy", "declined"), ("Di", "no answer")):
        assert re.search(rf"{name}</th>\s*<td><span class=\"badge answer-\w+\">{word}</span>", page), name


def _message(meeting, participant, kind="invite", channel="email", **fields) -> dict:
    return {
        "kind": kind,
        "channel": channel,
        "dedupe_key": f"test:{participant.id}:{kind}:{channel}:{fields.get('meeting_sequence', 0)}",
        "case_id": meeting.case_id,
        "meeting_id": meeting.id,
        "participant_id": participant.id,
        "meeting_sequence": 0,
        **fields,
    }


def _insert(app, *messages) -> None:
    with app.app_context():
        db.session.execute(sa.insert(OutboxMessage), list(messages))
        db.session.commit()


def test_the_hub_sees_delivery_per_participant_and_a_warning_for_a_permanent_failure(app, make, mc):
    meeting = make.meeting(mc.case, mc.hub)
    sent = make.participant(meeting, name="Sent Person", email="sent@example.org")
    queued = make.participant(meeting, name="Queued Person", email="queued@example.org")
    refused = make.participant(
        meeting, name="Refused Person", email="refused@example.org", phone="+46703333333"
    )
    _insert(
        app,
        _message(meeting, sent, sent_at=now_utc()),
        _message(meeting, queued),
        _message(meeting, refused, failed_at=now_utc(), last_error="550 no such user"),
        _message(meeting, refused, channel="sms", sent_at=now_utc()),
        # a reminder waiting for its hour says nothing about delivery
        _message(meeting, sent, kind="reminder", not_before=meeting.starts_at - timedelta(hours=24)),
    )
    page = signed_in(app, mc.hub).get(mc.url).get_data(as_text=True)
    assert re.search(r"Sent Person</th>.*?Email: sent", page, re.S)
    assert re.search(r"Queued Person</th>.*?Email: queued", page, re.S)
    assert re.search(r"Refused Person</th>.*?Email: failed</span> · <span[^>]*>SMS: sent", page, re.S)
    assert 'role="alert"' in page
    assert "The message to Refused Person by Email could not be delivered" in page

    overview = signed_in(app, mc.hub).get(f"/cases/{mc.case.id}").get_data(as_text=True)
    assert "1 invitation could not be delivered." in overview

    # Partners see the answers, not the delivery.
    partner = signed_in(app, mc.mentor).get(mc.url).get_data(as_text=True)
    assert "Refused Person" in partner
    assert "Email: failed" not in partner and "could not be delivered" not in partner


@pytest.fixture
def three_meetings(make, mc):
    """One meeting the mentor, the social worker, the volunteer and the young person are each invited to,
    one the mentor alone is invited to, and one with none of them."""
    everyone = make.meeting(mc.case, mc.hub, title="Everyone")
    for user in (mc.mentor, mc.social_worker, mc.volunteer):
        make.participant(everyone, user)
    make.participant(everyone, is_young_person=True, name="Alva Berg", phone="+46701234567")
    mentor_only = make.meeting(mc.case, mc.hub, title="Mentor only")
    make.participant(mentor_only, mc.mentor)
    removed = make.participant(mentor_only, mc.social_worker, removed_at=now_utc())
    nobody = make.meeting(mc.case, mc.hub, title="Hub only")
    make.participant(nobody, mc.hub)
    return everyone, mentor_only, nobody, removed


@pytest.mark.parametrize(
    ("reader", "sees"),
    [
        ("hub", {"Everyone", "Mentor only", "Hub only"}),
        ("deputy", {"Everyone", "Mentor only", "Hub only"}),
        ("mentor", {"Everyone", "Mentor only", "Hub only"}),  # staff whose organisation holds the consent
        ("social_worker", {"Everyone"}),  # no meetings consent: only where invited (and not removed)
        ("volunteer", {"Everyone"}),
    ],
)
def test_each_reader_sees_the_meetings_the_rules_allow(app, mc, three_meetings, reader, sees):
    page = signed_in(app, getattr(mc, reader)).get(mc.url).get_data(as_text=True)
    assert set(_titles(page)) == sees


def test_the_young_person_sees_the_meetings_they_are_invited_to_on_their_own_page(app, mc, three_meetings):
    client = signed_in(app, mc.young)
    page = client.get(f"/me/{mc.case.id}").get_data(as_text=True)
    assert set(re.findall(r'id="meeting-\d+-title">([^<]+)</h3>', page)) == {"Everyone"}
    # The staff meeting pages do not exist for them, not even of the meeting they are invited to.
    everyone = three_meetings[0]
    for path in ("", f"/{everyone.id}", f"/{everyone.id}.ics", "/new"):
        assert client.get(mc.url + path).status_code == 404


def test_a_meeting_not_visible_to_the_reader_does_not_exist_for_them(app, mc, three_meetings):
    everyone, mentor_only, nobody, _removed = three_meetings
    client = signed_in(app, mc.social_worker)
    assert client.get(f"{mc.url}/{everyone.id}").status_code == 200
    assert client.get(f"{mc.url}/{mentor_only.id}").status_code == 404  # removed from it
    assert client.get(f"{mc.url}/{nobody.id}").status_code == 404
    assert client.get(f"{mc.url}/{nobody.id}.ics").status_code == 404


def test_a_meeting_of_another_case_is_404_even_for_its_hub(app, make, mc):
    other = make.case(manager=mc.hub)
    foreign = make.meeting(other, mc.hub)
    assert signed_in(app, mc.hub).get(f"{mc.url}/{foreign.id}").status_code == 404


def test_the_agenda_is_shown_behind_login_to_those_who_see_the_meeting(app, make, mc):
    meeting = make.meeting(mc.case, mc.hub, agenda="Talk about <b>school</b>")
    make.participant(meeting, mc.volunteer)
    page = signed_in(app, mc.volunteer).get(f"{mc.url}/{meeting.id}").get_data(as_text=True)
    assert "Talk about &lt;b&gt;school&lt;/b&gt;" in page


def test_reading_the_meetings_is_access_logged(app, make, mc):
    make.meeting(mc.case, mc.hub)
    signed_in(app, mc.volunteer).get(mc.url)
    with app.app_context():
        row = db.session.execute(sa.select(AccessLogEntry).filter_by(user_id=mc.volunteer.id)).scalar_one()
    assert row.section == "meetings"


def _many(make, mc, case, n: int) -> None:
    """n meetings, half of them past, each with 6 participants: the mentor, the volunteer and 4 others."""
    for i in range(n):
        meeting = make.meeting(case, mc.hub, starts_at=_now() + timedelta(days=i - n // 2))
        make.participant(meeting, mc.mentor, partstat="accepted")
        make.participant(meeting, mc.volunteer, partstat="declined")
        for j in range(4):
            make.participant(meeting, name=f"Person {j}", email=f"p{j}@example.org")


@pytest.mark.parametrize("reader", ["hub", "mentor", "volunteer"])
def test_the_page_costs_the_same_queries_for_2_meetings_as_for_20(app, make, mc, count_queries, reader):
    small, big = mc.case, make.case(manager=mc.hub)
    for user in (mc.mentor, mc.volunteer):
        make.member(big, user)
    # In the big case the mentor's school holds no consent: they see the meetings they are invited to.
    _many(make, mc, small, 2)
    _many(make, mc, big, 20)
    client = signed_in(app, getattr(mc, reader))
    client.get(f"/cases/{small.id}/meetings")  # warm up: first-request work is not the page's

    def queries_of(case) -> int:
        with count_queries() as counted:
            assert client.get(f"/cases/{case.id}/meetings").status_code == 200
        return counted.n

    assert queries_of(small) == queries_of(big)
    page = client.get(f"/cases/{big.id}/meetings").get_data(as_text=True)
    assert len(_titles(page)) == 20


def test_the_overview_shows_the_next_meeting_and_the_readers_answer_link(app, make, mc):
    later = make.meeting(mc.case, mc.hub, starts_at=_now() + timedelta(days=9), title="Later")
    sooner = make.meeting(mc.case, mc.hub, starts_at=_now() + timedelta(days=2), title="Sooner")
    make.meeting(mc.case, mc.hub, starts_at=_now() + timedelta(days=1), title="Cancelled", status="cancelled")
    for meeting in (later, sooner):
        make.participant(meeting, mc.mentor)
        make.participant(meeting, is_young_person=True, name="Alva Berg", phone="+46701234567")
    page = signed_in(app, mc.mentor).get(f"/cases/{mc.case.id}").get_data(as_text=True)
    assert "Next meeting" in page and "Sooner" in page
    assert "Later" not in page and ">Cancelled<" not in page
    link = re.search(r'href="(/rsvp/[^"]+)"', page).group(1)
    rsvp = signed_in(app, mc.mentor).get(link)
    assert rsvp.status_code == 200 and "Mira Mentor" in rsvp.get_data(as_text=True)


def test_the_young_person_answers_their_meetings_on_their_own_page(app, make, mc):
    later = make.meeting(mc.case, mc.hub, starts_at=_now() + timedelta(days=9), title="Later")
    sooner = make.meeting(mc.case, mc.hub, starts_at=_now() + timedelta(days=2), title="Sooner")
    make.meeting(mc.case, mc.hub, starts_at=_now() + timedelta(days=1), title="Cancelled", status="cancelled")
    for meeting in (later, sooner):
        make.participant(meeting, is_young_person=True, name="Alva Berg", phone="+46701234567")
    client = signed_in(app, mc.young)
    assert client.get(f"/cases/{mc.case.id}").status_code == 404  # the overview is a staff page
    page = client.get(f"/me/{mc.case.id}").get_data(as_text=True)
    assert page.index(">Sooner<") < page.index(">Later<") and ">Cancelled<" not in page
    answers = re.findall(rf'action="(/me/{mc.case.id}/meetings/[^"]+)"', page)
    assert len(answers) == 2
    assert client.post(answers[0], data={"answer": "accepted"}).status_code == 302
    assert 'href="/cases' not in page and 'href="/rsvp' not in page  # their page is where they answer


def test_an_overview_without_meetings_shows_and_logs_no_meeting_section(app, mc):
    page = signed_in(app, mc.mentor).get(f"/cases/{mc.case.id}").get_data(as_text=True)
    assert "Next meeting" not in page
    with app.app_context():
        sections = db.session.execute(
            sa.select(AccessLogEntry.section).filter_by(user_id=mc.mentor.id)
        ).scalar_one()
    assert "meetings" not in sections


def test_an_overview_showing_a_meeting_logs_it_in_its_one_access_log_row(app, make, mc):
    meeting = make.meeting(mc.case, mc.hub, title="Planning")
    make.participant(meeting, mc.mentor)
    page = signed_in(app, mc.hub).get(f"/cases/{mc.case.id}").get_data(as_text=True)
    assert "Next meeting" in page and "Planning" in page
    with app.app_context():
        [sections] = db.session.execute(
            sa.select(AccessLogEntry.section).filter_by(user_id=mc.hub.id, case_id=mc.case.id)
        ).scalars()
    assert sections == "basic,person,consent,meetings"


def test_a_consent_change_with_htmx_neither_reads_nor_logs_the_meetings(app, make, mc):
    make.participant(make.meeting(mc.case, mc.hub, title="Planning"), mc.mentor)
    hub = signed_in(app, mc.hub)
    social = mc.social_worker.organisation_id
    data = {
        "organisation_id": social,
        "scope_plan": "y",
        "purpose": "Planning together",
        "form": "written",
        "given_by": "young_person",
        "given_on": date.today().isoformat(),
    }
    response = hub.post(f"/cases/{mc.case.id}/consents", data=data, htmx=True)
    assert response.status_code == 200
    assert "Next meeting" not in response.get_data(as_text=True)  # the region only
    with app.app_context():
        sections = db.session.execute(
            sa.select(AccessLogEntry.section).filter_by(user_id=mc.hub.id, case_id=mc.case.id)
        ).scalars()
        assert [s for s in sections if "meetings" in s] == []


def test_the_meetings_tab_is_on_every_case_page(app, mc):
    page = signed_in(app, mc.social_worker).get(f"/cases/{mc.case.id}").get_data(as_text=True)
    assert f'href="/cases/{mc.case.id}/meetings"' in page


def test_signed_in_readers_download_the_meeting_as_ics(app, make, mc):
    meeting = make.meeting(mc.case, mc.hub, title="Planning")
    make.participant(meeting, mc.mentor)
    response = signed_in(app, mc.mentor).get(f"{mc.url}/{meeting.id}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    body = response.get_data(as_text=True)
    assert f"UID:{meeting.uid}" in body and "SUMMARY:Planning" in body
    assert count(app, OutboxMessage) == 0


def test_my_cases_is_the_current_place_on_the_meetings_pages(app, mc):
    page = signed_in(app, mc.hub).get(mc.url).get_data(as_text=True)
    assert re.search(r'href="/cases/"\s+aria-current="page">My cases<', page)
