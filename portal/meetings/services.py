"""Writes on meetings: call, move, invite, remove, cancel, answer, and the record afterwards.

Every change writes its outbox rows (portal.outbox.services.emit) in the same transaction as the change,
so an invite is sent exactly when the meeting it describes was saved; the request commits once. Messages
are keyed by the meeting's SEQUENCE: a moved meeting gets new updates and new reminders, and the old
reminders find a newer SEQUENCE when they run and are dropped as stale (portal.meetings.messages).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit
from uuid import uuid4
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import dates as babel_dates
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import force_locale, format_date, get_locale
from flask_babel import gettext as _

from portal.audit.events import record_change
from portal.db import now_utc
from portal.extensions import db
from portal.meetings import queries, rsvp
from portal.meetings.models import Meeting, MeetingStatus, Participant, PartStat
from portal.outbox.models import Channel, MessageKind
from portal.outbox.services import emit
from portal.phone import normalise_phone
from portal.plans import queries as plan_queries
from portal.plans import services as plan_services
from portal.policy import Actor, CaseAccess
from portal.policy.visibility import allowed_visibilities
from portal.timeline.models import EntryKind, TimelineEntry, Visibility
from portal.timeline.services import record_entry
from portal.validation import InvalidInput

DEFAULT_ZONE = "Europe/Stockholm"
MIN_MINUTES, MAX_MINUTES = 15, 480
# Reminders: 24 h before by mail to everyone with an address, 2 h before by SMS where SMS is used.
REMINDERS = ((Channel.EMAIL, timedelta(hours=24)), (Channel.SMS, timedelta(hours=2)))


class InvalidRow(InvalidInput):
    """A refusal about one row of the record's agreed actions: shown next to that row's field."""

    def __init__(self, index: int, field: str, message: str):
        super().__init__(field, message)
        self.index = index

    def attach_to(self, form) -> None:
        target = form.actions.entries[self.index].form[self.field]
        target.errors = [*target.errors, self.message]


@dataclass(frozen=True)
class Saved:
    meeting: Meeting
    changed: bool = True
    time_note: str | None = None  # what was chosen for a local time that did not exist or existed twice


# --- time ---------------------------------------------------------------------------------------------


def zone_named(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)  # an unknown zone in a user row must not stop a meeting


def local_to_utc(day: date, clock: time, zone: ZoneInfo) -> tuple[datetime, str | None]:
    """The UTC instant of a wall-clock time in `zone`, and a note when the wall clock was ambiguous.

    A time the clocks skip (spring forward) is moved forward by the gap; a time that happens twice
    (fall back) is taken the first time, still on summer time. Both are said, never guessed in silence.
    """
    naive = datetime.combine(day, clock.replace(second=0, microsecond=0))
    first = naive.replace(tzinfo=zone)  # fold=0: before the transition
    chosen = first.astimezone(UTC)
    local = chosen.astimezone(zone)
    values = {"time": clock.strftime("%H:%M"), "date": format_date(day, "long"), "zone": zone.key}
    if local.replace(tzinfo=None) != naive:
        note = _(
            "%(time)s does not exist on %(date)s in %(zone)s: the clocks are put forward that night. "
            "The meeting starts at %(chosen)s (%(abbr)s) instead.",
            chosen=local.strftime("%H:%M"),
            abbr=local.tzname(),
            **values,
        )
        return chosen, note
    if first.utcoffset() != naive.replace(tzinfo=zone, fold=1).utcoffset():
        note = _(
            "%(time)s happens twice on %(date)s in %(zone)s: the clocks are put back that night. "
            "The meeting starts at the first %(time)s (%(abbr)s, %(utc)s UTC).",
            abbr=local.tzname(),
            utc=chosen.strftime("%H:%M"),
            **values,
        )
        return chosen, note
    return chosen, None


def local_label(meeting: Meeting, locale=None) -> str:
    """The meeting's start in its own zone, for texts that are stored (timeline): "3 Dec 2026, 10:00"."""
    local = meeting.starts_at.astimezone(zone_named(meeting.timezone))
    locale = locale or get_locale()
    day = babel_dates.format_date(local.date(), "medium", locale=locale)
    return f"{day}, {babel_dates.format_time(local, 'short', tzinfo=local.tzinfo, locale=locale)}"


def is_one_line(value: str) -> bool:
    """No line breaks of any kind and no control characters: a title or a place becomes one iCalendar
    property and one mail header value, where a line break could start a property or a header of its own."""
    return not any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in value)


def is_https_link(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme == "https" and bool(parts.hostname) and not any(ch.isspace() for ch in value)


def _when(data: dict, zone: ZoneInfo) -> tuple[datetime, datetime, str | None]:
    """Checked here as well as in the form: services refuse what the calendar cannot carry, whatever
    form (or none) the caller used."""
    for field in ("title", "place"):
        if data.get(field) and not is_one_line(data[field]):
            raise InvalidInput(field, _("Write this on one line (no line breaks)."))
    if data.get("video_url") and not is_https_link(data["video_url"]):
        raise InvalidInput("video_url", _("Give a link that starts with https://."))
    if not data.get("place") and not data.get("video_url"):
        raise InvalidInput("place", _("Give a place, a video link, or both."))
    minutes = data.get("duration") or 0
    if minutes <= 0:
        raise InvalidInput("duration", _("The meeting must end after it starts."))
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise InvalidInput("duration", _("A meeting lasts from 15 minutes to 8 hours (480 minutes)."))
    starts_at, note = local_to_utc(data["day"], data["start"], zone)
    if starts_at <= now_utc():
        raise InvalidInput("start", _("This time has passed. Choose a time in the future."))
    return starts_at, starts_at + timedelta(minutes=minutes), note


# --- participants -------------------------------------------------------------------------------------


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


def _chosen(access: CaseAccess, keys) -> list[tuple[str, Participant]]:
    """The chosen people as participant rows not yet saved (their meeting is set by the caller), each with
    its invitee key. Every check runs before anything is written."""
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
        participant = Participant(
            user_id=invitee.user_id,
            external_contact_id=invitee.external_contact_id,
            is_young_person=invitee.is_young_person,
            name=invitee.name,
            email=email,
            phone=phone,
            # People without a language of their own get the young person's: the case's local language.
            locale=invitee.locale if invitee.locale in languages else fallback,
        )
        chosen.append((key, participant))
    return chosen


# --- outbox -------------------------------------------------------------------------------------------


def channels(participant: Participant) -> list[Channel]:
    """Mail to everyone with an address; SMS to the young person, and to anyone a phone is the only way to."""
    found = [Channel.EMAIL] if participant.email else []
    if participant.phone and (participant.is_young_person or not participant.email):
        found.append(Channel.SMS)
    return found


def dedupe_key(meeting: Meeting, participant: Participant, kind: MessageKind, channel: Channel) -> str:
    return f"meeting:{meeting.id}:seq:{meeting.sequence}:participant:{participant.id}:{kind}:{channel}"


def _send(meeting: Meeting, participant: Participant, kind: MessageKind, not_before=None, only=None) -> None:
    for channel in channels(participant):
        if only is None or channel is only:
            emit(
                kind,
                channel,
                dedupe_key(meeting, participant, kind, channel),
                case_id=meeting.case_id,
                meeting_id=meeting.id,
                participant_id=participant.id,
                user_id=participant.user_id,
                meeting_sequence=meeting.sequence,
                not_before=not_before,
            )


def _invite(meeting: Meeting, participant: Participant, kind: MessageKind) -> None:
    """The invite (or update) now, and the reminders of this version of the meeting at their hour."""
    _send(meeting, participant, kind)
    now = now_utc()
    for channel, ahead in REMINDERS:
        at = meeting.starts_at - ahead
        if at > now:  # a meeting sooner than that gets no reminder: the invite itself is one
            _send(meeting, participant, MessageKind.REMINDER, not_before=at, only=channel)


def _on_timeline(actor: Actor, meeting: Meeting, body: str) -> None:
    # Who meets when is team information; the agenda never goes on the timeline.
    record_entry(actor, meeting.case_id, kind=EntryKind.SYSTEM, body=body, visibility=Visibility.TEAM)


def is_open(meeting: Meeting) -> bool:
    """Still to come (or going on) and not cancelled: it can be moved, cancelled and invited to."""
    return meeting.status == MeetingStatus.SCHEDULED.value and meeting.ends_at > now_utc()


def may_record(meeting: Meeting) -> bool:
    """The record is written once, after the meeting has started, unless it was cancelled."""
    return (
        meeting.status == MeetingStatus.SCHEDULED.value
        and meeting.starts_at <= now_utc()
        and meeting.record_entry_id is None
    )


def _still_open(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED.value:
        raise InvalidInput(None, _("This meeting was cancelled."))
    if not is_open(meeting):
        raise InvalidInput(None, _("This meeting is over."))


# --- changes ------------------------------------------------------------------------------------------


def create_meeting(actor: Actor, access: CaseAccess, data: dict, zone_name: str | None) -> Saved:
    zone = zone_named(zone_name)
    starts_at, ends_at, note = _when(data, zone)
    participants = [participant for _key, participant in _chosen(access, data.get("participants"))]
    meeting = Meeting(
        case_id=access.case.id,
        uid=f"{uuid4()}@soffa",
        sequence=0,
        status=MeetingStatus.SCHEDULED.value,
        title=data["title"],
        starts_at=starts_at,
        ends_at=ends_at,
        timezone=zone.key,
        place=data.get("place"),
        video_url=data.get("video_url"),
        agenda=data.get("agenda"),
        organizer_id=actor.user_id,  # the hub or the deputy standing in: the iCalendar ORGANIZER
    )
    db.session.add(meeting)
    db.session.flush()
    for participant in participants:
        participant.meeting_id = meeting.id
    db.session.add_all(participants)
    db.session.flush()
    for participant in participants:
        _invite(meeting, participant, MessageKind.INVITE)
    record_change(
        actor,
        "meeting.create",
        "meeting",
        meeting.id,
        case_id=meeting.case_id,
        starts_at=starts_at.isoformat(),
        participants=[p.id for p in participants],
    )
    _on_timeline(
        actor,
        meeting,
        _("Meeting called: %(title)s, %(date)s", title=meeting.title, date=local_label(meeting)),
    )
    return Saved(meeting, time_note=note)


def move_meeting(actor: Actor, access: CaseAccess, meeting: Meeting, data: dict) -> Saved:
    """A new time or place: SEQUENCE + 1, an update to everyone invited, new reminders."""
    _still_open(meeting)
    starts_at, ends_at, note = _when(data, zone_named(meeting.timezone))
    after = {
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": data.get("place"),
        "video_url": data.get("video_url"),
    }
    changed = {key: value for key, value in after.items() if getattr(meeting, key) != value}
    if not changed:
        return Saved(meeting, changed=False, time_note=note)
    before = {key: _plain(getattr(meeting, key)) for key in changed}
    for key, value in changed.items():
        setattr(meeting, key, value)
    meeting.sequence += 1
    for participant in queries.active_participants(meeting):
        _invite(meeting, participant, MessageKind.UPDATE)
    record_change(
        actor,
        "meeting.move",
        "meeting",
        meeting.id,
        case_id=meeting.case_id,
        sequence=meeting.sequence,
        before=before,
        after={key: _plain(value) for key, value in changed.items()},
    )
    _on_timeline(
        actor,
        meeting,
        _("Meeting moved: %(title)s, %(date)s", title=meeting.title, date=local_label(meeting)),
    )
    return Saved(meeting, time_note=note)


def invite(actor: Actor, access: CaseAccess, meeting: Meeting, key: str) -> Participant:
    """Invite one more person to the meeting as it is now (its current SEQUENCE)."""
    _still_open(meeting)
    if key in {queries.invitee_key(p) for p in queries.active_participants(meeting)}:
        raise InvalidInput("invitee", _("This person is already invited."))
    [(_key, participant)] = _chosen(access, [key])
    participant.meeting_id = meeting.id
    db.session.add(participant)
    db.session.flush()
    _invite(meeting, participant, MessageKind.INVITE)
    record_change(
        actor, "meeting.invite", "meeting", meeting.id, case_id=meeting.case_id, participant_id=participant.id
    )
    return participant


def remove_participant(actor: Actor, access: CaseAccess, meeting: Meeting, participant: Participant) -> None:
    """The removed person gets a cancellation; the others are not told (their invite is unchanged)."""
    _still_open(meeting)
    if len(queries.active_participants(meeting)) <= 1:
        raise InvalidInput(None, _("A meeting needs at least one participant. Cancel the meeting instead."))
    participant.removed_at = now_utc()
    _send(meeting, participant, MessageKind.CANCEL)
    record_change(
        actor,
        "meeting.uninvite",
        "meeting",
        meeting.id,
        case_id=meeting.case_id,
        participant_id=participant.id,
    )


def cancel_meeting(actor: Actor, access: CaseAccess, meeting: Meeting) -> None:
    _still_open(meeting)
    meeting.status = MeetingStatus.CANCELLED.value
    meeting.cancelled_at = now_utc()
    meeting.sequence += 1  # RFC 5546: the CANCEL carries a SEQUENCE above every request sent before
    for participant in queries.active_participants(meeting):
        _send(meeting, participant, MessageKind.CANCEL)
    record_change(
        actor, "meeting.cancel", "meeting", meeting.id, case_id=meeting.case_id, sequence=meeting.sequence
    )
    _on_timeline(
        actor,
        meeting,
        _("Meeting cancelled: %(title)s, %(date)s", title=meeting.title, date=local_label(meeting)),
    )


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
    _on_timeline(Actor.system(), meeting, body)
    return True


# --- the record ---------------------------------------------------------------------------------------


def write_record(actor: Actor, access: CaseAccess, meeting: Meeting, data: dict) -> TimelineEntry:
    """The meeting record on the timeline and the agreed actions in the plan, in one transaction."""
    if meeting.status == MeetingStatus.CANCELLED.value:
        raise InvalidInput(None, _("This meeting was cancelled: there is nothing to record."))
    if meeting.starts_at > now_utc():
        raise InvalidInput(None, _("The meeting has not started yet. Write the record afterwards."))
    if meeting.record_entry_id is not None:
        raise InvalidInput(None, _("The record of this meeting is already written. Add to it with a note."))
    allowed = [v.value for v in allowed_visibilities(access)]
    visibility = data.get("visibility") or allowed[0]
    if visibility not in allowed:
        raise InvalidInput("visibility", _("You cannot choose this visibility on this case."))
    rows = _agreed_actions(access, data.get("actions") or [])
    heading = _("Record of the meeting %(title)s, %(date)s", title=meeting.title, date=local_label(meeting))
    entry = record_entry(
        actor,
        meeting.case_id,
        kind=EntryKind.MEETING_RECORD,
        body=f"{heading}\n\n{data['body']}",
        visibility=Visibility(visibility),
    )
    db.session.flush()
    meeting.record_entry_id = entry.id
    actions = [
        plan_services.add_action(actor, access, goal, row["text"], row["owner_id"], row["due_on"])
        for goal, row in rows
    ]
    record_change(
        actor,
        "meeting.record",
        "meeting",
        meeting.id,
        case_id=meeting.case_id,
        entry_id=entry.id,
        visibility=visibility,
        actions=[action.id for action in actions],
    )
    return entry


def _agreed_actions(access: CaseAccess, rows: list[dict]) -> list[tuple]:
    """Every filled row checked before anything is written; empty rows are left out."""
    goals = {goal.id: goal for goal in queries.open_goals(access.case.id)}
    owners = {person.id for person in plan_queries.owner_candidates(access.case)}
    checked = []
    for index, row in enumerate(rows):
        if not row.get("text"):
            continue
        if row.get("goal_id") not in goals:
            message = (
                _("Choose the goal this action belongs to.") if goals else _("Add a goal to the plan first.")
            )
            raise InvalidRow(index, "goal_id", message)
        if row.get("owner_id") not in owners:
            raise InvalidRow(
                index, "owner_id", _("Choose someone on the team, the case manager or the deputy.")
            )
        checked.append((goals[row["goal_id"]], row))
    return checked


def _plain(value):
    return value.isoformat() if isinstance(value, datetime) else value
