"""Reads about cases. Lists start from policy.scoped_cases(); single rows are looked up inside one case."""

from __future__ import annotations

import sqlalchemy as sa

from portal.cases.models import Case, CaseStatus, Consent, TeamMember, YoungPerson
from portal.extensions import db
from portal.orgs.models import Organisation, Role, User
from portal.policy import scoped_cases

TEAM_ROLES = (Role.STAFF.value, Role.VOLUNTEER.value, Role.CASE_MANAGER.value)


def my_cases(actor) -> list[Case]:
    query = scoped_cases(actor).order_by(Case.status == CaseStatus.CLOSED.value, YoungPerson.name, Case.id)
    return list(db.session.execute(query).unique().scalars())


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
    query = (
        sa.select(Consent)
        .where(Consent.case_id == case_id)
        .order_by(Consent.given_on.desc(), Consent.id.desc())
    )
    return list(db.session.execute(query).unique().scalars())


def consent_in_case(case_id: int, consent_id: int) -> Consent | None:
    query = sa.select(Consent).where(Consent.id == consent_id, Consent.case_id == case_id)
    return db.session.execute(query).unique().scalar_one_or_none()


def team_candidates() -> list[User]:
    """People who can join a team: active staff, volunteers and case managers of any organisation."""
    query = (
        sa.select(User)
        .join(User.organisation)
        .where(User.active.is_(True), User.role.in_(TEAM_ROLES))
        .order_by(Organisation.name, User.name)
    )
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


def organisations() -> list[Organisation]:
    return list(db.session.execute(sa.select(Organisation).order_by(Organisation.name)).scalars())


def organisation(organisation_id: int) -> Organisation | None:
    return db.session.get(Organisation, organisation_id)
