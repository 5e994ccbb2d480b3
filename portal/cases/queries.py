"""Reads about cases. Lists start from policy.scoped_cases(); single rows are looked up inside one case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from portal.cases.models import Case, CaseStatus, Consent, TeamMember, YoungPerson
from portal.column_rows import column_rows
from portal.db import contains_pattern
from portal.extensions import db
from portal.orgs.models import Organisation, Role, User
from portal.policy import scoped_cases

TEAM_ROLES = (Role.STAFF.value, Role.VOLUNTEER.value, Role.CASE_MANAGER.value)


MY_CASES_PAGE = 50


@dataclass(frozen=True, slots=True)
class CaseRow:
    """One line of My cases: plain values, not a case with its people loaded."""

    id: int
    young_person_name: str
    track: str
    status: str
    case_manager_name: str
    opened_on: date


@dataclass(frozen=True, slots=True)
class CasesPage:
    cases: list[CaseRow]
    next_cursor: int | None  # the last case shown; None on the last page


Manager = aliased(User, name="manager")


def my_cases(actor, after: int | None = None) -> CasesPage:
    """One page of the actor's cases: open ones first, then by the young person's name (keyset, no OFFSET).

    A case manager with 200 cases gets 50 at a time: rendering every row was most of the page's cost.
    The cursor is the id of the last case shown; its (closed, name) is looked up in the same statement,
    among the actor's own cases only, so no name travels in a URL and another case's id gives no page.
    """
    query = _my_cases_select(actor.role, after is not None)
    rows = column_rows(query, {"viewer_id": actor.user_id, "after": after})
    cases = [CaseRow(*row) for row in rows]
    more = len(cases) > MY_CASES_PAGE
    cases = cases[:MY_CASES_PAGE]
    return CasesPage(cases, cases[-1].id if more else None)


@cache
def _my_cases_select(role: str | None, after: bool) -> sa.Select:
    """Built once per role and page kind (first or later): the actor and cursor are bound parameters."""
    closed = Case.status == CaseStatus.CLOSED.value
    query = (
        scoped_cases(role)
        .with_only_columns(
            Case.id, YoungPerson.name, Case.track, Case.status, Manager.name, Case.opened_on,
            maintain_column_froms=True,
        )
        .join(Manager, Manager.id == Case.case_manager_id)
    )  # fmt: skip
    if after:
        anchor = (
            scoped_cases(role)
            .with_only_columns(
                closed.label("closed"), YoungPerson.name.label("name"), Case.id.label("id"),
                maintain_column_froms=True,
            )
            .where(Case.id == sa.bindparam("after"))
            .subquery("anchor")
        )  # fmt: skip
        later_in_group = sa.or_(
            YoungPerson.name > anchor.c.name,
            sa.and_(YoungPerson.name == anchor.c.name, Case.id > anchor.c.id),
        )
        query = query.join(anchor, sa.true()).where(
            sa.or_(closed > anchor.c.closed, sa.and_(closed == anchor.c.closed, later_in_group))
        )
    return query.order_by(closed, YoungPerson.name, Case.id).limit(MY_CASES_PAGE + 1)


def team(case_id: int) -> list[TeamMember]:
    query = (
        sa.select(TeamMember)
        .where(TeamMember.case_id == case_id, TeamMember.removed_at.is_(None))
        .order_by(TeamMember.added_at, TeamMember.id)
    )
    return list(db.session.execute(query).unique().scalars())


def team_member_in_case(case_id: int, member_id: int) -> TeamMember | None:
    query = sa.select(TeamMember).where(
        TeamMember.id == member_id, TeamMember.case_id == case_id, TeamMember.removed_at.is_(None)
    )
    return db.session.execute(query).unique().scalar_one_or_none()


def active_membership(case_id: int, user_id: int) -> TeamMember | None:
    query = sa.select(TeamMember).where(
        TeamMember.case_id == case_id, TeamMember.user_id == user_id, TeamMember.removed_at.is_(None)
    )
    return db.session.execute(query).unique().scalar_one_or_none()


def consents(case_id: int) -> list[Consent]:
    return list(db.session.execute(_consents_select(), {"case_id": case_id}).scalars())


@cache
def _consents_select() -> sa.Select:
    # Built once: every case overview shows the consents.
    return (
        sa.select(Consent)
        .where(Consent.case_id == sa.bindparam("case_id"))
        .order_by(Consent.given_on.desc(), Consent.id.desc())
    )


def consent_in_case(case_id: int, consent_id: int) -> Consent | None:
    query = sa.select(Consent).where(Consent.id == consent_id, Consent.case_id == case_id)
    return db.session.execute(query).unique().scalar_one_or_none()


CANDIDATES_SHOWN = 50
FOUND_SHOWN = 20


def team_candidates(case: Case, find: str | None = None) -> list[User]:
    """People who can join a team: active staff, volunteers and case managers.

    A region has thousands of them, so the form never lists them all. Without a search: the people of
    the organisations already around this case (the hub's, the team's, those holding consent), the
    usual picks. With one: anyone whose name or email contains it, in any organisation. Both capped.
    """
    query = (
        sa.select(User)
        .join(User.organisation)
        .where(User.active.is_(True), User.role.in_(TEAM_ROLES))
        .order_by(Organisation.name, User.name, User.id)
    )
    if find:
        pattern = contains_pattern(find)
        matches = sa.or_(User.name.ilike(pattern, escape="\\"), User.email.ilike(pattern, escape="\\"))
        return list(db.session.execute(query.where(matches).limit(FOUND_SHOWN)).unique().scalars())
    around = sa.union(
        sa.select(User.organisation_id).where(User.id == case.case_manager_id),
        sa.select(User.organisation_id)
        .join(TeamMember, TeamMember.user_id == User.id)
        .where(TeamMember.case_id == case.id, TeamMember.removed_at.is_(None)),
        sa.select(Consent.organisation_id).where(Consent.case_id == case.id),
    )
    query = query.where(User.organisation_id.in_(around)).limit(CANDIDATES_SHOWN)
    return list(db.session.execute(query).unique().scalars())


def team_candidate(user_id: int) -> User | None:
    query = sa.select(User).where(User.id == user_id, User.active.is_(True), User.role.in_(TEAM_ROLES))
    return db.session.execute(query).unique().scalar_one_or_none()


def deputy_candidates(actor) -> list[User]:
    query = (
        sa.select(User)
        .where(User.role == Role.CASE_MANAGER.value, User.active.is_(True), User.id != actor.user_id)
        .order_by(User.name)
    )
    return list(db.session.execute(query).unique().scalars())


def organisation_choices() -> list[tuple[int, str]]:
    """(id, name) of every organisation, for the consent form: plain rows, not hundreds of objects."""
    query = sa.select(Organisation.id, Organisation.name).order_by(Organisation.name, Organisation.id)
    return [(row.id, row.name) for row in db.session.execute(query)]


def organisation(organisation_id: int) -> Organisation | None:
    return db.session.get(Organisation, organisation_id)
