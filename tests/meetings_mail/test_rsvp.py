"""Signed RSVP tokens: bound to one participant and one meeting version, expiring after the meeting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from itsdangerous import URLSafeSerializer

from portal.meetings.models import Meeting, Participant
from portal.meetings.rsvp import (
    SALT,
    InvalidRsvp,
    apply_answer,
    expiry_for,
    make_token,
    read_claim,
    read_token,
)
from tests.meetings_mail.conftest import reload, update_rows


def token_for(app, participant, meeting) -> str:
    with app.app_context():
        return make_token(participant, meeting)


def read(app, token, now=None):
    with app.app_context():
        return read_token(token, now=now)


def refusal(app, token, now=None) -> str:
    with pytest.raises(InvalidRsvp) as raised:
        read(app, token, now)
    return raised.value.reason


def test_a_token_reads_back_to_its_participant_and_meeting_version(app, world):
    claim = read(app, token_for(app, world.young, world.meeting))
    assert (claim.participant_id, claim.meeting_id, claim.sequence) == (world.young.id, world.meeting.id, 0)
    assert claim.expires_at == world.meeting.ends_at + timedelta(days=1)
    assert claim.participant.id == world.young.id and claim.meeting.id == world.meeting.id


def test_a_token_can_be_made_from_ids(app, world):
    expires = datetime(2031, 1, 1, tzinfo=UTC)
    with app.app_context():
        token = make_token(world.mentor.id, world.meeting.id, 0, expires)
        claim = read_claim(token)
        with pytest.raises(TypeError):
            make_token(world.mentor.id, world.meeting.id)
    assert (claim.participant_id, claim.sequence, claim.expires_at) == (world.mentor.id, 0, expires)


def test_each_participant_gets_a_different_token(app, world):
    assert token_for(app, world.young, world.meeting) != token_for(app, world.mentor, world.meeting)


def test_a_token_is_short_enough_for_an_sms(app, world):
    assert len(token_for(app, world.young, world.meeting)) < 80


@pytest.mark.parametrize(
    "edit",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # signature changed
        lambda token: token[:10] + token[11:],  # a character dropped
        lambda token: "WzEsMSwwLDk5OTk5OTk5OTld.invented",  # made up
        lambda token: "",
    ],
)
def test_an_edited_token_is_tampered(app, world, edit):
    assert refusal(app, edit(token_for(app, world.young, world.meeting))) == "tampered"


def test_a_token_for_another_participant_cannot_be_forged_from_ours(app, world):
    token = token_for(app, world.young, world.meeting)
    signature = token.split(".")[1]
    # Same signature, someone else's id in the payload.
    other = URLSafeSerializer("x").dump_payload([world.mentor.id, world.meeting.id, 0, 2_000_000_000])
    assert refusal(app, other.decode() + "." + signature) == "tampered"


def test_a_value_signed_with_another_salt_or_key_is_tampered(app, world):
    payload = [world.young.id, world.meeting.id, 0, 2_000_000_000]
    with app.app_context():
        other_salt = URLSafeSerializer(app.config["SECRET_KEY"], salt="another.purpose").dumps(payload)
    other_key = URLSafeSerializer("not-our-key", salt=SALT).dumps(payload)
    assert refusal(app, other_salt) == "tampered"
    assert refusal(app, other_key) == "tampered"


def test_a_token_signed_with_a_retired_key_still_works_during_rotation(app, world):
    payload = [world.young.id, world.meeting.id, 0, 2_000_000_000]
    old = URLSafeSerializer("the-old-secret", salt=SALT).dumps(payload)
    assert refusal(app, old) == "tampered"
    before = app.config.get("SECRET_KEY_FALLBACKS")
    app.config["SECRET_KEY_FALLBACKS"] = ["the-old-secret"]
    try:
        assert read(app, old).participant_id == world.young.id
    finally:
        app.config["SECRET_KEY_FALLBACKS"] = before


def test_a_token_expires_a_day_after_the_meeting(app, world):
    token = token_for(app, world.young, world.meeting)
    end = world.meeting.ends_at
    assert read(app, token, now=end + timedelta(hours=23)).participant_id == world.young.id
    assert refusal(app, token, now=end + timedelta(days=1)) == "expired"
    with app.app_context():
        past = make_token(world.young.id, world.meeting.id, 0, datetime.now(UTC) - timedelta(seconds=1))
    assert refusal(app, past) == "expired"


def test_a_token_for_an_older_version_of_a_moved_meeting_is_superseded(app, world):
    token = token_for(app, world.young, world.meeting)
    update_rows(app, Meeting, world.meeting.id, sequence=1)
    assert refusal(app, token) == "superseded"
    moved = reload(app, Meeting, world.meeting.id)
    assert read(app, token_for(app, world.young, moved)).sequence == 1


def test_a_token_of_a_removed_participant_is_refused(app, world):
    token = token_for(app, world.young, world.meeting)
    update_rows(app, Participant, world.young.id, removed_at=datetime.now(UTC))
    assert refusal(app, token) == "removed"


def test_a_token_of_a_cancelled_meeting_is_refused(app, world):
    token = token_for(app, world.young, world.meeting)
    update_rows(app, Meeting, world.meeting.id, status="cancelled", sequence=1)
    assert refusal(app, token) == "cancelled"


def test_a_token_naming_a_participant_of_another_meeting_is_refused(app, world):
    with app.app_context():
        token = make_token(world.young.id, world.meeting.id + 1000, 0, expiry_for(world.meeting))
    assert refusal(app, token) == "removed"


def test_apply_answer_changes_once_and_is_idempotent(app, world):
    participant = reload(app, Participant, world.young.id)
    assert apply_answer(participant, "accepted") is True
    assert participant.partstat == "accepted" and participant.responded_at is not None
    first_answered = participant.responded_at
    assert apply_answer(participant, "accepted") is False
    assert participant.responded_at == first_answered
    assert apply_answer(participant, "declined") is True
    with pytest.raises(ValueError, match="maybe"):
        apply_answer(participant, "maybe")
    with pytest.raises(ValueError):
        apply_answer(participant, "needs_action")  # not an answer: one cannot un-answer by link
