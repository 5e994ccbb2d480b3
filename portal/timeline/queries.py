"""Reads of the timeline: pages of entries, newest first, walked by keyset on (created_at, id).

Every read starts from visibility.entry_rule(access): which entries a reader sees is decided there
and nowhere else. A page costs the same few queries whatever the size of the case or the depth of the
page: one for the entries (walking the index ix_timeline_case_created backwards, never OFFSET) and one
for the corrections linking entries of the page to each other.
"""

from __future__ import annotations

from functools import cache

import sqlalchemy as sa

from portal.extensions import db
from portal.orgs.models import Organisation, User
from portal.policy import CaseAccess
from portal.policy.visibility import ENTRY_CONDITIONS, EntryRule, entry_rule, viewer_params
from portal.timeline import cursor as cursors
from portal.timeline.entry_views import EntryRef, EntryView, Filters, Page, Redaction, WrittenEntry
from portal.timeline.models import EntryRedaction, TimelineEntry

PAGE_SIZE = 25

# Table columns, not mapped attributes: the reads below return plain rows, and a statement without ORM
# entities skips the ORM's per-execution work (compile state, result set-up), about a fifth of its cost.
timeline = TimelineEntry.__table__
organisation = Organisation.__table__
redaction = EntryRedaction.__table__
author = User.__table__.alias("author")
redactor = User.__table__.alias("redactor")


# Every statement below is built once per shape (the reader's EntryRule and which filters are set) with
# the values as bound parameters, and reused: building a statement and computing its cache key cost more
# than running it on an indexed page.


@cache
def entries_select(rule: EntryRule) -> sa.Select:
    """The entries of the case this reader may see, with author, organisation and redaction, unordered."""
    redacted = redaction.c.id.is_not(None)
    return (
        sa.select(
            timeline.c.id,
            timeline.c.kind,
            timeline.c.channel,
            timeline.c.created_at,
            timeline.c.author_id,
            author.c.name.label("author_name"),
            organisation.c.name.label("organisation_name"),
            timeline.c.visibility,
            timeline.c.shared_with_young_person,
            # Redacted content is hidden from everyone: it is not even read.
            sa.case((redacted, sa.null()), else_=timeline.c.body).label("body"),
            timeline.c.corrects_id,
            redaction.c.reason.label("redaction_reason"),
            redaction.c.redacted_at,
            redactor.c.name.label("redacted_by"),
        )
        .select_from(timeline)
        .outerjoin(author, author.c.id == timeline.c.author_id)
        .outerjoin(organisation, organisation.c.id == timeline.c.author_organisation_id)
        .outerjoin(redaction, redaction.c.entry_id == timeline.c.id)
        .outerjoin(redactor, redactor.c.id == redaction.c.redacted_by_id)
        .where(timeline.c.case_id == sa.bindparam("case_id"), ENTRY_CONDITIONS[rule])
    )


@cache
def page_select(rule: EntryRule, by_kind: bool, by_organisation: bool, before: bool) -> sa.Select:
    """One page, newest first, plus one row to tell whether another page follows."""
    query = entries_select(rule)
    if by_kind:
        query = query.where(timeline.c.kind == sa.bindparam("kind"))
    if by_organisation:
        query = query.where(timeline.c.author_organisation_id == sa.bindparam("organisation_id"))
    if before:
        at, entry_id = (
            sa.bindparam("before_at", type_=timeline.c.created_at.type),
            sa.bindparam("before_id"),
        )
        # Strictly older than the cursor in (created_at, id) order. The "<=" bounds the index range, so a
        # deep page starts right at the cursor instead of reading past the newer entries.
        query = query.where(
            timeline.c.created_at <= at,
            sa.or_(timeline.c.created_at < at, timeline.c.id < entry_id),
        )
    return query.order_by(timeline.c.created_at.desc(), timeline.c.id.desc()).limit(PAGE_SIZE + 1)


def _params(access: CaseAccess, **more) -> dict:
    return {"case_id": access.case.id, **viewer_params(access), **more}


def timeline_page(access: CaseAccess, filters: Filters) -> Page:
    before = filters.before
    query = page_select(
        entry_rule(access), bool(filters.kind), filters.organisation_id is not None, before is not None
    )
    params = _params(
        access,
        kind=filters.kind,
        organisation_id=filters.organisation_id,
        before_at=before.created_at if before else None,
        before_id=before.id if before else None,
    )
    rows = db.session.execute(query, params).all()
    entries = [_view(row) for row in rows[:PAGE_SIZE]]
    _link_corrections(access, entries)
    more = len(rows) > PAGE_SIZE
    last = entries[-1] if entries else None
    return Page(entries, cursors.encode(last.created_at, last.id) if more and last else None)


@cache
def _one_entry_select(rule: EntryRule) -> sa.Select:
    return entries_select(rule).where(timeline.c.id == sa.bindparam("entry_id"))


def visible_entry(access: CaseAccess, entry_id: int) -> EntryView | None:
    """One entry of this case, if this reader may see it (None: the view answers 404)."""
    query = _one_entry_select(entry_rule(access))
    row = db.session.execute(query, _params(access, entry_id=entry_id)).first()
    if row is None:
        return None
    entry = _view(row)
    _link_corrections(access, [entry])
    return entry


def written_entry(entry: WrittenEntry, author_name: str, organisation_name: str | None) -> EntryView:
    """An entry this request has just written, as its author sees it (no read-back): not redacted, and
    nothing corrects it yet."""
    return EntryView(
        **{name: getattr(entry, name) for name in _STORED},
        author_name=author_name,
        organisation_name=organisation_name,
        redaction=None,
    )


@cache
def _author_organisations_select(rule: EntryRule) -> sa.Select:
    first_entry = (
        sa.select(timeline.c.id)
        .where(
            timeline.c.case_id == sa.bindparam("case_id"),
            timeline.c.author_organisation_id == organisation.c.id,
            ENTRY_CONDITIONS[rule],
        )
        .limit(1)
        .scalar_subquery()
    )
    return (
        sa.select(organisation.c.id, organisation.c.name)
        .where(first_entry.is_not(None))
        .order_by(organisation.c.name)
    )


def author_organisations(access: CaseAccess) -> list[sa.Row]:
    """Organisations that wrote entries this reader can see (id and name): the choices of the
    organisation filter. Plain rows: the filter reads two columns, loading entities cost more.

    Per organisation, the first such entry by ix_timeline_case_author_org (LIMIT 1 in a scalar subquery):
    "IN (entries of the case)", or an EXISTS that PostgreSQL may turn into a join, read every entry of a
    100,000-entry case on each page once the statement was prepared with a generic plan.
    """
    return list(db.session.execute(_author_organisations_select(entry_rule(access)), _params(access)))


@cache
def _corrections_select(rule: EntryRule) -> sa.Select:
    # Found by primary key and the corrects_id index; the case is checked on the rows found (below):
    # with "case_id = ?" in the WHERE, SQLite walks the whole case by ix_timeline_case_created instead.
    return (
        sa.select(timeline.c.id, timeline.c.created_at, timeline.c.corrects_id, timeline.c.case_id)
        .where(
            sa.or_(
                timeline.c.id.in_(sa.bindparam("targets", expanding=True)),
                timeline.c.corrects_id.in_(sa.bindparam("page_ids", expanding=True)),
            )
        )
        .where(ENTRY_CONDITIONS[rule])
        .order_by(timeline.c.created_at, timeline.c.id)
    )


def _link_corrections(access: CaseAccess, entries: list[EntryView]) -> None:
    """Fill in `corrects` and `corrected_by` from one query, keeping to what this reader may see."""
    page_ids = [e.id for e in entries]
    targets = [e.corrects_id for e in entries if e.corrects_id is not None]
    # Run even when there is nothing to link, so that a page always costs the same number of queries.
    query = _corrections_select(entry_rule(access))
    params = {**viewer_params(access), "targets": targets, "page_ids": page_ids}
    related = [row for row in db.session.execute(query, params) if row.case_id == access.case.id]
    by_id = {row.id: EntryRef(row.id, row.created_at) for row in related}
    for entry in entries:
        if entry.corrects_id is not None:
            entry.corrects = by_id.get(entry.corrects_id)
        entry.corrected_by = [EntryRef(r.id, r.created_at) for r in related if r.corrects_id == entry.id]


# The columns an EntryView takes as stored; author and organisation names and the redaction come joined.
_STORED = (
    "id", "kind", "channel", "created_at", "author_id", "visibility", "shared_with_young_person", "body",
    "corrects_id",
)  # fmt: skip
# entries_select's first columns are EntryView's first fields, in their order: a row's leading values go in
# by position (a page makes 25 of them; by name it was 3 % of the page). tests/timeline/test_queries.py
# holds the two orders together.
LEADING_FIELDS = 11


def _view(row) -> EntryView:
    redaction = None
    if row.redacted_at is not None:
        redaction = Redaction(by=row.redacted_by, at=row.redacted_at, reason=row.redaction_reason)
    return EntryView(*row[:LEADING_FIELDS], redaction)
