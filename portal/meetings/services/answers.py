"""A participant's answer to an invite (RSVP), given through a signed link."""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from portal.audit.events import record_change
from portal.meetings import rsvp
from portal.meetings.models import Meeting, Participant, PartStat
from portal.meetings.services.state import on_timeline
from portal.meetings.services.timing import local_label
from portal.policy import Actor
from portal.validation import InvalidInput


def answer(participant: Participant, meeting: Meeting, value: str) -> bool:
    """Record an RSVP; False when it was already the answer (then nothing is written: idempotent).

    The caller has checked the signed link (bound to this participant and this meeting version)."""
    if value not in rsvp.ANSWERS:
        raise InvalidInput("answer", _("Choose an answer."))
    before = participant.partstat
    if not rsvp.apply_answer(participant, value):
        return False
    # The person holding the link; the young person and external contacts have no account (None).
    record_change(
        Actor(user_id=participant.user_id, organisation_id=None, role=None),
        "meeting.rsvp",
        "meeting_participant",
        participant.id,
        case_id=meeting.case_id,
        meeting_id=meeting.id,
        sequence=meeting.sequence,
        before=before,
        after=value,
    )
    # Written in the organiser's language: the team reads it, not the person who answered.
    with force_locale(meeting.organizer.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        values = {"name": participant.name, "date": local_label(meeting)}
        if value == PartStat.ACCEPTED:
            body = _("%(name)s accepted the meeting %(date)s", **values)
        elif value == PartStat.TENTATIVE:
            body = _("%(name)s answered maybe to the meeting %(date)s", **values)
        else:
            body = _("%(name)s declined the meeting %(date)s", **values)
    on_timeline(Actor.system(), meeting, body)
    return True
