"""Notes for you: the entries shared with the young person, on their own page, newest first, in pages; the
staff timeline stays closed to them. Who sees which entry is in tests/timeline/test_visibility_table.py."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from portal.audit.models import AccessLogEntry
from portal.db import now_utc
from portal.extensions import db

NOTE = re.compile(r'id="note-(\d+)"')


def test_a_shared_note_shows_with_who_wrote_it_and_an_unshared_one_does_not(young_client, youth, make):
    shared = make.entry(youth.case, youth.mentor, shared_with_young_person=True, body="Well done on Monday")
    make.entry(youth.case, youth.mentor, body="Team only: talk to the principal")
    make.entry(youth.case, youth.hub, visibility="case_manager", body="For the hub only")
    page = young_client.get(youth.me + "/notes").get_data(as_text=True)
    assert NOTE.findall(page) == [str(shared.id)]
    assert "Well done on Monday" in page and "Mika Mentor, North School" in page
    assert "Team only" not in page and "For the hub only" not in page
    assert 'href="/cases' not in page  # no way into the staff timeline
    assert young_client.get(f"/cases/{youth.case.id}/timeline").status_code == 404


def test_what_i_send_the_hub_is_there_too(young_client, youth):
    young_client.post(youth.me + "/help")
    page = young_client.get(youth.me + "/notes").get_data(as_text=True)
    assert 'pressed "I need help"' in page.replace("&#34;", '"')


def test_no_shared_notes_says_so(young_client, youth):
    page = young_client.get(youth.me + "/notes").get_data(as_text=True)
    assert "Nobody has shared a note with you yet." in page


def test_older_notes_are_on_the_next_page(app, young_client, youth, make):
    start = now_utc() - timedelta(days=1)
    ids = [
        make.entry(
            youth.case,
            youth.hub,
            shared_with_young_person=True,
            body=f"Shared {n}",
            created_at=start + timedelta(minutes=n),
        ).id
        for n in range(30)
    ]
    first = young_client.get(youth.me + "/notes").get_data(as_text=True)
    assert [int(n) for n in NOTE.findall(first)] == ids[::-1][:25]  # newest first
    older = re.search(r'href="([^"]+)">Older notes<', first).group(1).replace("&amp;", "&")
    second = young_client.get(older).get_data(as_text=True)
    assert [int(n) for n in NOTE.findall(second)] == ids[::-1][25:]
    assert "Older notes" not in second
    assert young_client.get(youth.me + "/notes?before=not-a-cursor").status_code == 400


def test_reading_the_notes_is_access_logged(app, young_client, youth):
    young_client.get(youth.me + "/notes")
    with app.app_context():
        sections = db.session.execute(
            sa.select(AccessLogEntry.section).where(
                AccessLogEntry.case_id == youth.case.id, AccessLogEntry.user_id == youth.young.id
            )
        ).scalars()
        assert "timeline" in set(sections)


def test_another_young_person_finds_no_notes_here(client, youth, make):
    make.entry(youth.case, youth.hub, shared_with_young_person=True, body="For Alex")
    other = make.user("young_person")
    make.case(young_user=other)
    client.login(other.email)
    response = client.get(youth.me + "/notes")
    assert response.status_code == 404 and "For Alex" not in response.get_data(as_text=True)
