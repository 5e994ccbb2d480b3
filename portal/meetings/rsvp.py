"""Signed RSVP links: answering an invite without signing in.

A token names one participant and one version (SEQUENCE) of one meeting, and when it stops working
(a day after the meeting ends). It does not carry the answer: the same token sits behind the accept,
maybe and decline links, and the answer travels next to it in the URL. Signed with the app's
SECRET_KEY (older keys in SECRET_KEY_FALLBACKS still verify) and a salt of its own, so no other
signed value of Soffa can pass as an RSVP.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadData, URLSafeSerializer

from portal.db import now_utc
from portal.extensions import db
from portal.meetings.models import Meeting, MeetingStatus, Participant, PartStat

SALT = "soffa.meetings.rsvp"
VALID_AFTER_END = timedelta(days=1)  # late answers ("I was there") still count on the day after
ANSWERS = frozenset({PartStat.ACCEPTED.value, PartStat.TENTATIVE.value, PartStat.DECLINED.value})


class InvalidRsvp(Exception):
    """A link that cannot be used. `reason` is one of:

    tampered   - not signed by us (edited, truncated, or made up)
    expired    - the meeting is over (a day after its end)
    cancelled  - the meeting was cancelled
    removed    - this participant is no longer invited
    superseded - the meeting was moved since this link was sent: the answer was about another time
                 or place, so it is refused; the newest invite (sent on the move) carries a fresh link
    """

    REASONS = ("tampered", "expired", "cancelled", "removed", "superseded")

    def __init__(self, reason: str):
        if reason not in self.REASONS:
            raise ValueError(f"unknown reason {reason!r}")
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class RsvpClaim:
    participant_id: int
    meeting_id: int
    sequence: int
    expires_at: datetime
    # Loaded by read_token() (one query), so the view can answer without reading them again.
    participant: Participant | None = None
    meeting: Meeting | None = None


def expiry_for(meeting: Meeting) -> datetime:
    return meeting.ends_at + VALID_AFTER_END


def make_token(
    participant: Participant | int,
    meeting: Meeting | int,
    sequence: int | None = None,
    expires_at: datetime | None = None,
) -> str:
    """A token for this participant and this version of the meeting.

    Takes the rows (`make_token(participant, meeting)`: the meeting's current sequence and end) or
    plain ids with an explicit `sequence` and `expires_at`.
    """
    if isinstance(meeting, Meeting):
        sequence = meeting.sequence if sequence is None else sequence
        expires_at = expiry_for(meeting) if expires_at is None else expires_at
        meeting = meeting.id
    if isinstance(participant, Participant):
        participant = participant.id
    if sequence is None or expires_at is None:
        raise TypeError("make_token() with ids needs sequence and expires_at")
    # A short list, not a dict: the token also goes out by SMS, where every character counts.
    return _serializer().dumps([participant, meeting, sequence, int(expires_at.timestamp())])


def read_claim(token: str, now: datetime | None = None) -> RsvpClaim:
    """Check signature and expiry only (no database): raises InvalidRsvp("tampered" | "expired")."""
    try:
        payload = _serializer().loads(token)
    except BadData:
        raise InvalidRsvp("tampered") from None
    if not (isinstance(payload, list) and len(payload) == 4 and all(type(v) is int for v in payload)):
        raise InvalidRsvp("tampered")  # signed by us, but not an RSVP token (cannot happen with the salt)
    participant_id, meeting_id, sequence, expires = payload
    claim = RsvpClaim(participant_id, meeting_id, sequence, datetime.fromtimestamp(expires, UTC))
    if (now or now_utc()) >= claim.expires_at:
        raise InvalidRsvp("expired")
    return claim


def read_token(token: str, now: datetime | None = None) -> RsvpClaim:
    """The claim, with its participant and meeting, if the link may still be answered."""
    claim = read_claim(token, now)
    row = db.session.execute(
        sa.select(Participant, Meeting)
        .join(Meeting, Meeting.id == Participant.meeting_id)
        .where(Participant.id == claim.participant_id, Meeting.id == claim.meeting_id)
    ).one_or_none()
    if row is None:
        raise InvalidRsvp("removed")  # signed by us, so the row existed: it has been deleted since
    participant, meeting = row
    if meeting.status == MeetingStatus.CANCELLED.value:
        raise InvalidRsvp("cancelled")
    if participant.removed_at is not None:
        raise InvalidRsvp("removed")
    if claim.sequence < meeting.sequence:
        raise InvalidRsvp("superseded")
    return RsvpClaim(
        claim.participant_id, claim.meeting_id, claim.sequence, claim.expires_at, participant, meeting
    )


def apply_answer(participant: Participant, answer: str) -> bool:
    """Set the participant's answer; False when it already was that answer (a repeated click).

    No commit and no audit or timeline entry: the caller's service does those in its transaction.
    """
    if answer not in ANSWERS:
        raise ValueError(f"unknown RSVP answer {answer!r}")
    if participant.partstat == answer:
        return False
    participant.partstat = answer
    participant.responded_at = now_utc()
    return True


def _serializer() -> URLSafeSerializer:
    config = current_app.config
    # itsdangerous signs with the last key and accepts every key in the list: rotation without
    # breaking links already sent.
    keys = [*(config.get("SECRET_KEY_FALLBACKS") or []), config["SECRET_KEY"]]
    return URLSafeSerializer(keys, salt=SALT)
