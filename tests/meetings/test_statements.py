"""Calling, moving and cancelling a meeting cost the same number of SQL statements for 2 participants as
for 12: the participants are written in one INSERT and every message of the change in one more
(portal.outbox.services.emit_many)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.meetings.models import Participant, PartStat
from tests.meetings.helpers import meeting_form, meetings_of, outbox, participants_of, signed_in


@pytest.fixture
def twelve(make, mc) -> list[str]:
    """Twelve invitee keys reached on every channel mix: the young person (mail and SMS), a colleague and
    a guardian (mail), a contact with a phone only (SMS), and eight more contacts with mail."""
    others = [
        f"contact-{make.external_contact(mc.case, name=f'Contact {n}', email=f'c{n}@example.org').id}"
        for n in range(8)
    ]
    firsts = ["young-person", f"user-{mc.mentor.id}", f"contact-{mc.guardian.id}"]
    return [*firsts, f"contact-{mc.psychologist.id}", *others]


def _until_commit(counted) -> list[str]:
    """The request's statements up to and including its commit (in the tests, the release of its
    savepoint). What the relay does after the commit - in the tests it delivers the invites inline, one
    job per message - is not what the change costs; the relay's own tests measure it."""
    first = counted.statements[0]
    assert first.startswith("SAVEPOINT"), counted.statements[:3]
    return counted.statements[: counted.statements.index(f"RELEASE {first}") + 1]


def _post(client, token: str, url: str, data: dict):
    # The CSRF token is fetched before counting: fetching it is a request of its own.
    return client.post(url, data=data, csrf=False, headers={"X-CSRFToken": token})


def _statements(count_queries, client, token, url, data) -> list[str]:
    with count_queries() as counted:
        assert _post(client, token, url, data).status_code == 302
    return _until_commit(counted)


def _inserts_into(statements: list[str], table: str) -> int:
    return sum(1 for s in statements if s.lstrip().startswith(f"INSERT INTO {table} "))


def test_calling_a_meeting_costs_the_same_statements_for_2_and_12_participants(
    app, mc, twelve, count_queries
):
    client = signed_in(app, mc.hub)
    token = client.csrf_token()
    _post(client, token, f"{mc.url}/new", meeting_form(mc, *twelve[:2]))  # warm up: first-request work
    few = _statements(count_queries, client, token, f"{mc.url}/new", meeting_form(mc, *twelve[:2]))
    many = _statements(count_queries, client, token, f"{mc.url}/new", meeting_form(mc, *twelve))

    assert len(few) == len(many), many
    assert _inserts_into(many, "meeting_participant") == 1
    assert _inserts_into(many, "outbox_message") == 1
    small, big = meetings_of(app, mc.case)[1:]
    assert len(participants_of(app, big.id)) == 12
    # Every message was written: 12 invites by mail or SMS, the young person's second one, and the
    # reminders of each (mail 24 h, SMS 2 h).
    assert len(outbox(app, big.id)) == 2 * (12 + 1)
    assert len(outbox(app, small.id)) == 2 * (2 + 1)


def _move_form() -> dict:
    day = (date.today() + timedelta(days=9)).isoformat()
    return {"day": day, "start": "10:00", "duration": "30", "place": "Library", "video_url": ""}


def test_moving_and_cancelling_cost_the_same_statements_for_2_and_12_participants(
    app, mc, twelve, count_queries
):
    client = signed_in(app, mc.hub)
    token = client.csrf_token()
    for keys in (twelve[:2], twelve[:2], twelve):  # the first one warms up
        _post(client, token, f"{mc.url}/new", meeting_form(mc, *keys))
    warm, small, big = meetings_of(app, mc.case)
    for meeting in (warm, small, big):
        _everyone_accepted(app, meeting.id)  # moving resets every answer in one UPDATE

    def cost(meeting, action: str, data: dict) -> list[str]:
        return _statements(count_queries, client, token, f"{mc.url}/{meeting.id}/{action}", data)

    cost(warm, "move", _move_form())
    few, many = cost(small, "move", _move_form()), cost(big, "move", _move_form())
    assert len(few) == len(many), many
    assert _inserts_into(many, "outbox_message") == 1
    assert sum(1 for s in many if s.lstrip().startswith("UPDATE meeting_participant ")) == 1
    assert {p.partstat for p in participants_of(app, big.id)} == {PartStat.NEEDS_ACTION.value}
    assert sum(1 for m in outbox(app, big.id) if m.kind == "update") == 13

    cost(warm, "cancel", {})
    few, many = cost(small, "cancel", {}), cost(big, "cancel", {})
    assert len(few) == len(many), many
    assert _inserts_into(many, "outbox_message") == 1
    assert sum(1 for m in outbox(app, big.id) if m.kind == "cancel") == 13


def _everyone_accepted(app, meeting_id: int) -> None:
    with app.app_context():
        db.session.execute(
            sa.update(Participant).where(Participant.meeting_id == meeting_id).values(partstat="accepted")
        )
        db.session.commit()
