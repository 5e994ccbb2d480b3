"""Writes to the timeline. Other areas record their changes here (plan changes, consent changes, meeting
records), so the timeline is the one stream of what happened in a case.

`record_entry` only writes (its callers have checked the rules). Notes written by people go through
`add_note` / `correct_entry`, which validate the input against what this writer may choose.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from portal.audit.events import record_change
from portal.db import row_time
from portal.extensions import db
from portal.policy import Actor, CaseAccess
from portal.policy.visibility import allowed_visibilities, may_share_with_young_person
from portal.timeline.entry_views import WrittenEntry
from portal.timeline.labels import WRITTEN_KINDS
from portal.timeline.models import ContactChannel, EntryKind, EntryRedaction, TimelineEntry, Visibility
from portal.validation import InvalidInput

MAX_BODY = 5000  # characters, after stripping
MAX_REASON = 500

# A Core INSERT, built once: the entry is written at once and its id read back, without the unit of
# work's bookkeeping for an object nobody changes afterwards (with the audit event written the same way,
# adding a note went from 2.18 to 1.81 ms in-process).
_INSERT_ENTRY = sa.insert(TimelineEntry.__table__)


def record_entry(
    actor: Actor,
    case_id: int,
    *,
    kind: EntryKind,
    body: str,
    visibility: Visibility = Visibility.TEAM,
    shared_with_young_person: bool = False,
    channel: str | None = None,
    corrects_id: int | None = None,
) -> WrittenEntry:
    """Append one entry. Callers have checked the rules; this only writes (the request commits)."""
    entry = {
        "kind": kind.value,
        "channel": channel,
        "created_at": row_time(),
        "author_id": actor.user_id,
        "visibility": visibility.value,
        "shared_with_young_person": shared_with_young_person,
        "body": body,
        "corrects_id": corrects_id,
    }
    db.session.flush()  # what is pending goes first, as the unit of work would order it
    written = db.session.execute(
        _INSERT_ENTRY, {**entry, "case_id": case_id, "author_organisation_id": actor.organisation_id}
    )
    return WrittenEntry(id=written.inserted_primary_key[0], **entry)


@dataclass(frozen=True, slots=True)
class Note:
    """A note that passed every check: safe to write."""

    kind: EntryKind
    channel: str | None
    body: str
    visibility: Visibility
    shared_with_young_person: bool


def check_note(access: CaseAccess, data: dict) -> Note:
    """The rules of a note, whatever form it came from. Raises InvalidInput (the view answers 422)."""
    body = (data.get("body") or "").strip()
    if not body:
        raise InvalidInput("body", _("Write the note."))
    if len(body) > MAX_BODY:
        raise InvalidInput("body", _("A note can be at most %(max)d characters.", max=MAX_BODY))
    kind = data.get("kind") or EntryKind.NOTE.value
    if kind not in WRITTEN_KINDS:
        raise InvalidInput("kind", _("Choose a note or a contact attempt."))
    channel = data.get("channel") or None
    if kind == EntryKind.CONTACT_ATTEMPT.value:
        if channel not in {c.value for c in ContactChannel}:
            raise InvalidInput("channel", _("Choose how you tried to make contact."))
    else:
        channel = None  # only contact attempts have a channel
    allowed = allowed_visibilities(access)
    visibility = data.get("visibility") or (allowed[0].value if allowed else "")
    if visibility not in {v.value for v in allowed}:
        raise InvalidInput("visibility", _("You cannot choose this visibility on this case."))
    shared = bool(data.get("shared_with_young_person"))
    if shared and not may_share_with_young_person(access):
        raise InvalidInput(None, _("You cannot share notes with the young person on this case."))
    if shared and visibility == Visibility.AGENCY.value:
        # The hub cannot read another agency's internal note, so it must not reach the young person either.
        raise InvalidInput(
            "visibility", _("A note for your organisation only cannot be shared with the young person.")
        )
    return Note(EntryKind(kind), channel, body, Visibility(visibility), shared)


def add_note(actor: Actor, access: CaseAccess, data: dict) -> WrittenEntry:
    note = check_note(access, data)
    entry = _write(actor, access, note)
    record_change(
        actor,
        "entry.add",
        "timeline_entry",
        entry.id,
        case_id=access.case.id,
        kind=note.kind.value,
        visibility=note.visibility.value,
        shared_with_young_person=note.shared_with_young_person,
    )
    return entry


def correct_entry(actor: Actor, access: CaseAccess, original, data: dict) -> WrittenEntry:
    """`original` is an entry the writer may see and may correct (the view checked both)."""
    if original.redaction is not None:
        raise InvalidInput(None, _("This entry was removed. Write a new note instead."))
    note = check_note(access, data)
    entry = _write(actor, access, note, corrects_id=original.id)
    record_change(
        actor,
        "entry.correct",
        "timeline_entry",
        entry.id,
        case_id=access.case.id,
        corrects=original.id,
        visibility=note.visibility.value,
        shared_with_young_person=note.shared_with_young_person,
    )
    return entry


def redact_entry(actor: Actor, access: CaseAccess, entry_id: int, reason: str) -> EntryRedaction:
    """Hide an entry's content from everyone; the fact, who did it and why stay. Twice is refused (422)."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("reason", _("Give the reason."))
    if len(reason) > MAX_REASON:
        raise InvalidInput("reason", _("The reason can be at most %(max)d characters.", max=MAX_REASON))
    already = db.session.execute(
        sa.select(EntryRedaction.id).where(EntryRedaction.entry_id == entry_id)
    ).first()
    if already is not None:
        raise InvalidInput("reason", _("This entry has already been removed."))
    redaction = EntryRedaction(entry_id=entry_id, reason=reason, redacted_by_id=actor.user_id)
    db.session.add(redaction)
    db.session.flush()
    record_change(actor, "entry.redact", "timeline_entry", entry_id, case_id=access.case.id, reason=reason)
    return redaction


def _write(actor: Actor, access: CaseAccess, note: Note, corrects_id: int | None = None) -> WrittenEntry:
    return record_entry(
        actor,
        access.case.id,
        kind=note.kind,
        body=note.body,
        visibility=note.visibility,
        shared_with_young_person=note.shared_with_young_person,
        channel=note.channel,
        corrects_id=corrects_id,
    )
