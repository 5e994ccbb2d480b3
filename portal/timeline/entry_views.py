"""What the timeline's reads give back: the filters asked for, one page of entries, each entry as its
reader may see it (portal/timeline/queries.py fills them; display.py puts them into words)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from portal.timeline import cursor as cursors


@dataclass(frozen=True, slots=True)
class Filters:
    kind: str | None = None
    organisation_id: int | None = None
    before: cursors.Cursor | None = None


@dataclass(frozen=True, slots=True)
class Redaction:
    by: str | None
    at: datetime
    reason: str


@dataclass(frozen=True, slots=True)
class EntryRef:
    """Another entry this one links to: enough to find it in the timeline."""

    id: int
    created_at: datetime

    @property
    def cursor(self) -> str:
        return cursors.encode_starting_at(self.created_at, self.id)


@dataclass(frozen=True, slots=True)
class WrittenEntry:
    """An entry as this request has just written it (portal.timeline.services.record_entry)."""

    id: int
    kind: str
    channel: str | None
    created_at: datetime
    author_id: int | None
    visibility: str
    shared_with_young_person: bool
    body: str
    corrects_id: int | None

    @property
    def redaction(self) -> None:
        return None  # an entry just written has not been removed


@dataclass(slots=True)
class EntryView:
    """One entry as a reader may see it. A redacted entry never carries its body out of the database."""

    id: int
    kind: str
    channel: str | None
    created_at: datetime
    author_id: int | None
    author_name: str | None
    organisation_name: str | None
    visibility: str
    shared_with_young_person: bool
    body: str | None
    corrects_id: int | None
    redaction: Redaction | None
    corrects: EntryRef | None = None  # None also when the corrected entry is not visible to this reader
    corrected_by: list[EntryRef] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Page:
    entries: list[EntryView]
    next_cursor: str | None  # None on the last page
