"""Reads for the administration area. Nothing here touches case content: the access log is read
by its own columns (case id, section, grounds), never joined to the young person."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from portal.audit.models import AccessLogEntry
from portal.db import contains_pattern
from portal.extensions import db
from portal.orgs.models import Organisation, User

ACCESS_LOG_PAGE_SIZE = 50
# Grounds that name a consent: the reader got in through their organisation's consent, not as hub,
# deputy or the young person. A row can hold several grounds ("relation:staff,consent:contacts").
CONSENT_GROUNDS = "%consent:%"


def all_organisations() -> list[Organisation]:
    return list(db.session.execute(sa.select(Organisation).order_by(Organisation.name)).scalars())


def organisations_with_user_counts() -> list[tuple[Organisation, int]]:
    user_count = sa.func.count(User.id)
    query = (
        sa.select(Organisation, user_count)
        .outerjoin(User, User.organisation_id == Organisation.id)
        .group_by(Organisation.id)
        .order_by(Organisation.name)
    )
    return [(org, count) for org, count in db.session.execute(query)]


def organisation_by_id(organisation_id: int) -> Organisation | None:
    return db.session.get(Organisation, organisation_id)


def all_users() -> list[User]:
    return list(db.session.execute(sa.select(User).order_by(User.name, User.id)).unique().scalars())


def users(organisation_id: int | None = None, role: str | None = None) -> list[User]:
    query = sa.select(User).order_by(User.name, User.id)
    if organisation_id is not None:
        query = query.where(User.organisation_id == organisation_id)
    if role:
        query = query.where(User.role == role)
    return list(db.session.execute(query).unique().scalars())


def user_by_id(user_id: int) -> User | None:
    return db.session.get(User, user_id)


@dataclass(frozen=True, slots=True)
class AccessLogRow:
    id: int
    at: object
    reader_name: str
    organisation_name: str | None
    role: str
    case_id: int
    section: str
    grounds: str


@dataclass(frozen=True, slots=True)
class AccessLogPage:
    rows: list[AccessLogRow]
    next_before: int | None  # the ?before= of the next (older) page; None on the last page


def access_log_page(
    *,
    before: int | None = None,
    user_id: int | None = None,
    reader: str | None = None,
    organisation_id: int | None = None,
    outside_team_only: bool = False,
    page_size: int = ACCESS_LOG_PAGE_SIZE,
) -> AccessLogPage:
    """Newest first, by id (ids grow with time). Keyset paging: `before` is the last id already shown,
    so a page costs the same at row one million as at row one (no OFFSET)."""
    query = (
        sa.select(
            AccessLogEntry.id,
            AccessLogEntry.at,
            User.name,
            Organisation.name,
            AccessLogEntry.role,
            AccessLogEntry.case_id,
            AccessLogEntry.section,
            AccessLogEntry.grounds,
        )
        .join(User, User.id == AccessLogEntry.user_id)
        # The organisation the reader belonged to when they read, not the one they have now.
        .outerjoin(Organisation, Organisation.id == AccessLogEntry.organisation_id)
        .order_by(AccessLogEntry.id.desc())
        .limit(page_size + 1)  # one more than shown tells whether an older page exists
    )
    if before is not None:
        query = query.where(AccessLogEntry.id < before)
    if user_id is not None:
        query = query.where(AccessLogEntry.user_id == user_id)
    if reader:
        pattern = contains_pattern(reader)
        readers = sa.select(User.id).where(
            sa.or_(User.name.ilike(pattern, escape="\\"), User.email.ilike(pattern, escape="\\"))
        )
        query = query.where(AccessLogEntry.user_id.in_(readers))
    if organisation_id is not None:
        query = query.where(AccessLogEntry.organisation_id == organisation_id)
    if outside_team_only:
        query = query.where(AccessLogEntry.grounds.like(CONSENT_GROUNDS))
    rows = [AccessLogRow(*row) for row in db.session.execute(query)]
    has_more = len(rows) > page_size
    rows = rows[:page_size]
    return AccessLogPage(rows=rows, next_before=rows[-1].id if has_more else None)
