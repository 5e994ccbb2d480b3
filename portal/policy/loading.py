"""Load what the rules need about one actor and one case: two queries at most, whatever the case's size."""

from __future__ import annotations

from datetime import date
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from portal.cases.models import Case, Consent, Scope, TeamMember, YoungPerson
from portal.column_rows import column_rows
from portal.extensions import db
from portal.orgs.models import Role
from portal.policy.actors import Actor
from portal.policy.rules import CaseAccess, Relation


def _relation(actor: Actor, case: Case, is_member: bool) -> Relation:
    # The hub and deputy rights belong to the case manager role: a demoted user loses them at once.
    if actor.role == Role.CASE_MANAGER and case.case_manager_id == actor.user_id:
        return Relation.HUB
    if actor.role == Role.CASE_MANAGER and case.deputy_id == actor.user_id:
        return Relation.DEPUTY
    # The young person reaches only the case whose young_person row is linked to their own account.
    if actor.role == Role.YOUNG_PERSON and case.young_person.user_id == actor.user_id:
        return Relation.YOUNG_PERSON
    # An active team membership makes a partner: its rights then depend on consent (rules.CASE_RULES).
    if is_member and actor.role == Role.VOLUNTEER:
        return Relation.VOLUNTEER
    if is_member and actor.role in (Role.STAFF, Role.CASE_MANAGER):
        return Relation.STAFF
    return Relation.NONE


def valid_consent_filter(today: date):
    return sa.and_(
        Consent.withdrawn_at.is_(None),
        Consent.given_on <= today,
        sa.or_(Consent.expires_on.is_(None), Consent.expires_on >= today),
    )


@cache
def _valid_consents_select() -> sa.Select:
    return (
        sa.select(Consent.id, *(getattr(Consent, f"scope_{s.value}") for s in Scope))
        .where(Consent.case_id == sa.bindparam("case_id"))
        .where(Consent.organisation_id == sa.bindparam("organisation_id"))
        .where(valid_consent_filter(sa.bindparam("today", type_=sa.Date())))
        .order_by(Consent.id)
    )


def consented_scopes(case_id: int, organisation_id: int | None, today: date) -> dict[Scope, int]:
    """Scopes the organisation holds a valid consent for, each with the id of one consent that grants it."""
    if organisation_id is None:
        return {}
    params = {"case_id": case_id, "organisation_id": organisation_id, "today": today}
    rows = column_rows(_valid_consents_select(), params).all()
    granted: dict[Scope, int] = {}
    for consent_id, *flags in rows:
        for scope, flag in zip(Scope, flags, strict=True):
            if flag:
                granted.setdefault(scope, consent_id)
    return granted


@cache
def _case_with_membership() -> sa.Select:
    """The case and whether the user is an active member of its team. Built once (every case page runs
    it); the case's joined relations make it a statement worth not rebuilding per request."""
    is_member = (
        sa.select(TeamMember.id)
        .where(
            TeamMember.case_id == Case.id,
            TeamMember.user_id == sa.bindparam("user_id"),
            TeamMember.removed_at.is_(None),
        )
        .exists()
    )
    return sa.select(Case, is_member).where(Case.id == sa.bindparam("case_id"))


def load_case_access(actor: Actor, case_id: int, today: date) -> CaseAccess | None:
    """None when the case does not exist for this actor (the caller answers 404)."""
    if not actor.is_authenticated or actor.is_admin:
        return None  # administrators have no relation to any case: separation of duties
    row = db.session.execute(_case_with_membership(), {"case_id": case_id, "user_id": actor.user_id}).first()
    if row is None:
        return None
    case, member = row
    relation = _relation(actor, case, bool(member))
    if relation is Relation.NONE:
        return None
    consents = {}
    if relation in (Relation.STAFF, Relation.VOLUNTEER):
        consents = consented_scopes(case.id, actor.organisation_id, today)
    return CaseAccess(case=case, actor=actor, relation=relation, consents=consents)


OwnCase = aliased(
    Case, name="own_case"
)  # the inner lookups of my_cases_query, not correlated to the outer case


@cache
def my_cases_query(role: str | None) -> sa.Select:
    """Cases a user of this role has a relation to, for lists; the user is the bound parameter
    "viewer_id". Mirrors _relation(); a test checks they agree. Built once per role."""
    viewer = sa.bindparam("viewer_id")
    member_of = sa.select(TeamMember.case_id).where(
        TeamMember.user_id == viewer, TeamMember.removed_at.is_(None)
    )
    if role == Role.CASE_MANAGER:
        # The same three relations as one UNION of index lookups: written with OR, PostgreSQL read every
        # case of the region to find a case manager's 200.
        condition = Case.id.in_(
            sa.union(
                sa.select(OwnCase.id).where(OwnCase.case_manager_id == viewer),
                sa.select(OwnCase.id).where(OwnCase.deputy_id == viewer),
                member_of,
            )
        )
    elif role in (Role.STAFF, Role.VOLUNTEER):
        condition = Case.id.in_(member_of)
    elif role == Role.YOUNG_PERSON:
        condition = YoungPerson.user_id == viewer
    else:
        condition = sa.false()  # admins and anonymous visitors list no cases
    return sa.select(Case).join(Case.young_person).where(condition)
