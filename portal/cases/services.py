"""Writes on cases, team and consent. Each change writes its audit event in the same transaction."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from portal.audit.events import record_change
from portal.cases import queries
from portal.cases.models import Case, CaseStatus, Consent, Scope, TeamMember, YoungPerson
from portal.db import now_utc
from portal.extensions import db
from portal.policy import Actor, CaseAccess
from portal.validation import InvalidInput


def create_case(actor: Actor, data: dict) -> Case:
    person = YoungPerson(
        name=data["name"].strip(),
        birth_date=data.get("birth_date"),
        national_id=data.get("national_id") or None,
        phone=data.get("phone") or None,
        email=(data.get("email") or "").lower() or None,
        language=data.get("language") or "sv",
        guardian_name=data.get("guardian_name") or None,
        guardian_phone=data.get("guardian_phone") or None,
    )
    db.session.add(person)
    db.session.flush()
    deputy_id = data.get("deputy_id") or None
    if deputy_id is not None and deputy_id not in {u.id for u in queries.deputy_candidates(actor)}:
        raise InvalidInput("deputy_id", _("Choose a deputy among the case managers."))
    case = Case(
        young_person_id=person.id,
        track=data["track"],
        status=CaseStatus.REFERRED.value,
        case_manager_id=actor.user_id,  # whoever opens the case is its hub until handed over
        deputy_id=deputy_id,
        opened_on=date.today(),
    )
    db.session.add(case)
    db.session.flush()
    record_change(actor, "case.create", "case", case.id, case_id=case.id, track=case.track)
    return case


def change_status(actor: Actor, access: CaseAccess, status: str, outcome: str | None) -> None:
    case = access.case
    before = case.status
    case.status = status
    if status == CaseStatus.CLOSED:
        case.closed_on, case.outcome = case.closed_on or date.today(), outcome
    else:
        case.closed_on, case.outcome = None, None
    record_change(actor, "case.status", "case", case.id, case_id=case.id, before=before, after=status)


def add_team_member(actor: Actor, access: CaseAccess, user_id: int, case_role: str) -> TeamMember:
    case = access.case
    user = queries.team_candidate(user_id)
    if user is None:
        raise InvalidInput("user_id", _("Choose an active person from a partner organisation."))
    if user.id in (case.case_manager_id, case.deputy_id):
        raise InvalidInput("user_id", _("The case manager and the deputy are already on the team."))
    if queries.active_membership(case.id, user.id) is not None:
        raise InvalidInput("user_id", _("This person is already on the team."))
    member = TeamMember(case_id=case.id, user_id=user.id, case_role=case_role, added_by_id=actor.user_id)
    db.session.add(member)
    db.session.flush()
    record_change(
        actor, "team.add", "team_member", member.id, case_id=case.id, user_id=user.id, role=case_role
    )
    return member


def remove_team_member(actor: Actor, access: CaseAccess, member: TeamMember) -> None:
    member.removed_at = now_utc()
    record_change(
        actor, "team.remove", "team_member", member.id, case_id=access.case.id, user_id=member.user_id
    )


def record_consent(actor: Actor, access: CaseAccess, data: dict) -> Consent:
    if queries.organisation(data["organisation_id"]) is None:
        raise InvalidInput("organisation_id", _("Choose an organisation."))
    consent = Consent(
        case_id=access.case.id,
        organisation_id=data["organisation_id"],
        purpose=data["purpose"].strip(),
        form=data["form"],
        evidence=data.get("evidence") or None,
        given_by=data["given_by"],
        given_on=data["given_on"],
        expires_on=data.get("expires_on"),
        recorded_by_id=actor.user_id,
        **{f"scope_{scope.value}": bool(data.get(f"scope_{scope.value}")) for scope in Scope},
    )
    db.session.add(consent)
    db.session.flush()
    record_change(
        actor,
        "consent.record",
        "consent",
        consent.id,
        case_id=access.case.id,
        organisation_id=consent.organisation_id,
        scopes=sorted(consent.scopes),
    )
    return consent


def withdraw_consent(actor: Actor, access: CaseAccess, consent: Consent) -> None:
    if consent.withdrawn_at is not None:
        return  # withdrawing twice changes nothing
    consent.withdrawn_at, consent.withdrawn_by_id = now_utc(), actor.user_id
    record_change(actor, "consent.withdraw", "consent", consent.id, case_id=access.case.id)
