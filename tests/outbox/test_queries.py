"""What the case manager sees about delivery: a state per participant and channel, and the refusals that
still need them."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

from portal.db import now_utc
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from portal.outbox.queries import delivery_states, permanent_failures

_keys = count(1)


def message(app, meeting=None, participant=None, kind="invite", channel="email", **fields) -> int:
    """An outbox row in a given state (sent_at / failed_at / skipped_at / not_before as fields)."""
    with app.app_context():
        row = OutboxMessage(
            kind=kind,
            channel=channel,
            dedupe_key=f"query-test:{next(_keys)}",
            case_id=fields.pop("case_id", meeting.case_id if meeting else None),
            meeting_id=meeting.id if meeting else None,
            participant_id=participant.id if participant else None,
            meeting_sequence=0 if meeting else None,
            **fields,
        )
        db.session.add(row)
        db.session.commit()
        return row.id


def test_each_participant_shows_the_state_of_their_latest_due_message_per_channel(app, make, count_queries):
    hub = make.user("case_manager")
    case = make.case(manager=hub)
    meeting = make.meeting(case, hub)
    anna = make.participant(meeting, name="Anna", email="anna@example.org", phone="+46701111111")
    bo = make.participant(meeting, name="Bo", email="bo@example.org")
    cai = make.participant(meeting, name="Cai", email="cai@example.org")
    now = now_utc()
    message(app, meeting, anna, sent_at=now)
    message(app, meeting, anna, channel="sms", failed_at=now, last_error="provider answered 400")
    message(app, meeting, anna, kind="reminder", skipped_at=now)  # stale: says nothing about delivery
    message(app, meeting, bo, failed_at=now)
    message(app, meeting, bo, kind="update", sent_at=now)  # the later message went through
    message(app, meeting, bo, kind="reminder", not_before=now + timedelta(days=3))  # not due yet
    message(app, meeting, cai)  # waiting for a worker
    other = make.meeting(case, hub)
    message(app, other, make.participant(other), failed_at=now)

    with app.app_context(), count_queries() as counted:
        states = delivery_states(meeting.id)
    selects = [
        statement for statement in counted.statements if statement.lstrip().upper().startswith("SELECT")
    ]
    assert len(selects) == 1, counted.statements  # (the test harness adds a SAVEPOINT)
    assert states == {
        anna.id: {"email": "sent", "sms": "failed"},
        bo.id: {"email": "sent", "sms": None},
        cai.id: {"email": "queued", "sms": None},
    }


def test_the_refusals_the_case_manager_still_needs_to_act_on(app, make):
    hub = make.user("case_manager")
    case = make.case(manager=hub)
    meeting = make.meeting(case, hub, title="Team meeting")
    now = now_utc()
    anna = make.participant(meeting, name="Anna", email="anna@example.org", phone="+46701111111")
    refused_sms = message(
        app, meeting, anna, channel="sms", failed_at=now, last_error="provider answered 400"
    )
    removed = make.participant(meeting, name="Gone", email="gone@example.org", removed_at=now)
    message(app, meeting, removed, failed_at=now)
    fixed = make.participant(meeting, name="Fixed", email="fixed@example.org")
    message(app, meeting, fixed, failed_at=now - timedelta(hours=1))
    message(app, meeting, fixed, kind="update", sent_at=now)
    cancelled = make.meeting(case, hub, status="cancelled")
    message(app, cancelled, make.participant(cancelled), failed_at=now)
    past = make.meeting(case, hub, starts_at=now - timedelta(days=2))
    message(app, past, make.participant(past), failed_at=now)
    mentor = make.user("staff", name="Mia Mentor")
    refused_notice = message(
        app, kind="notice", case_id=case.id, user_id=mentor.id, failed_at=now - timedelta(minutes=5)
    )
    other_case = make.case(manager=hub)
    elsewhere = make.meeting(other_case, hub)
    message(app, elsewhere, make.participant(elsewhere), failed_at=now)

    with app.app_context():
        failures = permanent_failures(case.id)

    assert [f.message_id for f in failures] == [refused_sms, refused_notice]
    sms, notice = failures
    assert (sms.recipient_name, sms.address, sms.channel, sms.meeting_title) == (
        "Anna",
        "+46701111111",
        "sms",
        "Team meeting",
    )
    assert sms.reason == "provider answered 400" and sms.participant_id == anna.id
    assert (notice.recipient_name, notice.address, notice.meeting_id) == ("Mia Mentor", mentor.email, None)
