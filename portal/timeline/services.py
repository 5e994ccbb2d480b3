"""Writes to the timeline. Other areas record their changes here (plan changes, consent changes, meeting
records), so the timeline is the one stream of what happened in a case."""

from __future__ import annotations

from portal.extensions import db
from portal.policy import Actor
from portal.timeline.models import EntryKind, TimelineEntry, Visibility


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
) -> TimelineEntry:
    """Append one entry. Callers have checked the rules; this only writes (the request commits)."""
    entry = TimelineEntry(
        case_id=case_id,
        kind=kind.value,
        channel=channel,
        author_id=actor.user_id,
        author_organisation_id=actor.organisation_id,
        visibility=visibility.value,
        shared_with_young_person=shared_with_young_person,
        body=body,
        corrects_id=corrects_id,
    )
    db.session.add(entry)
    return entry
