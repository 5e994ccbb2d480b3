"""Who is invited: choosing people from the case (every address checked before anything is written),
inviting one more person to a meeting, and removing one."""

from __future__ import annotations

from collections.abc import Iterable

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _

from portal.audit.events import record_change
from portal.db import now_utc
from portal.extensions import db
from portal.meetings import queries
from portal.meetings.models import Meeting, Participant
from portal.meetings.services.outbox_rows import send_cancellations, send_invites
from portal.meetings.services.state import still_open
from portal.outbox.models import MessageKind
from portal.phone import normalise_phone
from portal.policy import Actor, CaseAccess
from portal.validation import InvalidInput


def participant_rows(access: CaseAccess, keys: Iterable[str] | None) -> list[dict]:
    """The chosen people as the column values of their participant rows, without the meeting (the caller
    sets it and writes them). Every check runs before anything is written. Every row has the same keys,
    so a meeting's participants are written in one INSERT."""
    keys = list(dict.fromkeys(keys or ()))
    if not keys:
        raise InvalidInput("participants", _("Invite at least one person."))
    available = {invitee.key: invitee for invitee in queries.invitees(access.case)}
    if any(key not in available for key in keys):
        raise InvalidInput(
            "participants", _("Choose people from the team, the young person or the case's contacts.")
        )
    language = access.case.young_person.language
    languages = current_app.config["LANGUAGES"]
    fallback = language if language in languages else "sv"
    chosen = []
    for key in keys:
        invitee = available[key]
        email, phone = _checked(invitee)
        row = {
            "user_id": invitee.user_id,
            "external_contact_id": invitee.external_contact_id,
            "is_young_person": invitee.is_young_person,
            "name": invitee.name,
            "email": email,
            "phone": phone,
            # People without a language of their own get the young person's: the case's local language.
            "locale": invitee.locale if invitee.locale in languages else fallback,
        }
        chosen.append(row)
    return chosen


def _checked(invitee: queries.Invitee) -> tuple[str | None, str | None]:
    """The invitee's addresses, normalised; a refusal naming the person when one is missing or invalid."""
    if not invitee.email and not invitee.phone:
        raise InvalidInput(
            "participants",
            _("%(name)s has no email address or phone number. Add one first.", name=invitee.name),
        )
    email = phone = None
    if invitee.email:
        try:
            email = validate_email(invitee.email, check_deliverability=False).normalized
        except EmailNotValidError:
            raise InvalidInput(
                "participants",
                _("The email address of %(name)s is not valid. Correct it first.", name=invitee.name),
            ) from None
    if invitee.phone:
        phone = normalise_phone(invitee.phone)
        if phone is None:
            raise InvalidInput(
                "participants",
                _("The phone number of %(name)s is not valid. Correct it first.", name=invitee.name),
            )
    return email, phone


def invite(actor: Actor, access: CaseAccess, meeting: Meeting, key: str) -> Participant:
    """Invite one more person to the meeting as it is now (its current SEQUENCE)."""
    still_open(meeting)
    if key in {queries.invitee_key(p) for p in queries.active_participants(meeting)}:
        raise InvalidInput("invitee", _("This person is already invited."))
    [row] = participant_rows(access, [key])
    participant = Participant(meeting_id=meeting.id, **row)
    db.session.add(participant)
    db.session.flush()
    send_invites(meeting, [participant], MessageKind.INVITE)
    record_change(
        actor, "meeting.invite", "meeting", meeting.id, case_id=meeting.case_id, participant_id=participant.id
    )
    return participant


def remove_participant(actor: Actor, access: CaseAccess, meeting: Meeting, participant: Participant) -> None:
    """The removed person gets a cancellation; the others are not told (their invite is unchanged)."""
    still_open(meeting)
    if len(queries.active_participants(meeting)) <= 1:
        raise InvalidInput(None, _("A meeting needs at least one participant. Cancel the meeting instead."))
    participant.removed_at = now_utc()
    send_cancellations(meeting, [participant])
    record_change(
        actor,
        "meeting.uninvite",
        "meeting",
        meeting.id,
        case_id=meeting.case_id,
        participant_id=participant.id,
    )
