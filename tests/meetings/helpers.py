"""Small helpers of the meeting tests: signed-in clients, a valid form, reading rows back."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from portal.extensions import db
from portal.meetings.models import Meeting, Participant
from portal.outbox.models import OutboxMessage

HTMX = {"HX-Request": "true"}


def signed_in(app, user):
    client = app.test_client()
    assert client.login(user.email).status_code == 302
    return client


def meeting_form(mc, *keys, **overrides) -> dict:
    """A valid form calling a meeting a week from now at 14:00 (the hub's zone), 60 minutes."""
    data = {
        "title": "Follow-up meeting",
        "day": (date.today() + timedelta(days=7)).isoformat(),
        "start": "14:00",
        "duration": "60",
        "place": "Room 4, Town Hall",
        "video_url": "",
        "agenda": "How the first weeks went.",
        "participants": list(keys) or [f"user-{mc.mentor.id}", "young-person"],
    }
    data.update(overrides)
    return data


def rows(app, query) -> list:
    with app.app_context():
        return list(db.session.execute(query).scalars())


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.execute(sa.select(sa.func.count()).select_from(model).where(*where)).scalar_one()


def meetings_of(app, case) -> list[Meeting]:
    return rows(app, sa.select(Meeting).where(Meeting.case_id == case.id).order_by(Meeting.id))


def participants_of(app, meeting_id: int) -> list[Participant]:
    return rows(
        app, sa.select(Participant).where(Participant.meeting_id == meeting_id).order_by(Participant.id)
    )


def outbox(app, meeting_id: int) -> list[OutboxMessage]:
    return rows(
        app, sa.select(OutboxMessage).where(OutboxMessage.meeting_id == meeting_id).order_by(OutboxMessage.id)
    )


def messages(app, meeting_id: int) -> set[tuple]:
    """(kind, channel, participant id, sequence) of every outbox row of the meeting."""
    return {(m.kind, m.channel, m.participant_id, m.meeting_sequence) for m in outbox(app, meeting_id)}
