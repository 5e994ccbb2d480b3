"""Write the demo plan into the database, creating only what is missing.

Stable keys decide what exists: organisations by name, users by email, young people by name (a young
person found is taken to come with their case, team, consents and contacts). The work in the cases
(plans, timelines, meetings, weeks) is then replayed into every case whose timeline is still empty
(workspace.py). The caller commits once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

import sqlalchemy as sa

from portal.auth.passwords import hash_password
from portal.cases.models import Case, Consent, ExternalContact, TeamMember, YoungPerson
from portal.demo.people import DEMO_PASSWORD, ORGANISATIONS, STAFF, StaffSpec, staff_email
from portal.demo.plan import CasePlan, DemoPlan
from portal.demo.workspace import write_work
from portal.extensions import db
from portal.orgs.models import Organisation, Role, User


@dataclass
class Created:
    organisations: int = 0
    users: int = 0
    young_people: int = 0
    cases_with_work: int = 0
    cases_skipped: list[str] = field(default_factory=list)  # work refused by a service: changed by hand

    def summary(self) -> str:
        if not (self.organisations or self.users or self.young_people or self.cases_with_work):
            return "demo data already present"
        text = (
            f"created {self.organisations} organisations, {self.users} users, "
            f"{self.young_people} young people (each with a case), and the work in {self.cases_with_work} "
            "cases (plans, timelines, meetings, a week plan)"
        )
        if self.cases_skipped:
            text += f"; left alone (changed since the demo was made): {', '.join(self.cases_skipped)}"
        return text


def at_nine(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=UTC)


class Builder:
    def __init__(self, plan: DemoPlan) -> None:
        self.plan = plan
        self.created = Created()
        self._password_hash: str | None = None

    @property
    def password_hash(self) -> str:
        # argon2 is slow on purpose: hash once and share it among every new demo account.
        if self._password_hash is None:
            self._password_hash = hash_password(DEMO_PASSWORD)
        return self._password_hash

    def build(self) -> Created:
        orgs = self._organisations()
        staff = self._staff(orgs)
        self._cases(orgs, staff)
        db.session.flush()
        self.created.cases_with_work, self.created.cases_skipped = write_work(self.plan, staff, orgs)
        return self.created

    def _organisations(self) -> dict[str, Organisation]:
        names = [spec.name for spec in ORGANISATIONS]
        found = {org.name: org for org in _all(sa.select(Organisation).where(Organisation.name.in_(names)))}
        new = {spec.key: Organisation(name=spec.name, kind=spec.kind.value) for spec in ORGANISATIONS}
        new = {key: org for key, org in new.items() if org.name not in found}
        db.session.add_all(new.values())
        db.session.flush()  # ids for the users' organisation_id
        self.created.organisations += len(new)
        return {spec.key: found.get(spec.name) or new[spec.key] for spec in ORGANISATIONS}

    def _staff(self, orgs: dict[str, Organisation]) -> dict[str, User]:
        emails = {spec.key: staff_email(spec) for spec in STAFF}
        found = _users_by_email(emails.values())
        users = {}
        for spec in STAFF:
            users[spec.key] = found.get(emails[spec.key]) or self._new_user(spec, emails[spec.key], orgs)
        db.session.flush()
        return users

    def _new_user(self, spec: StaffSpec, email: str, orgs: dict[str, Organisation]) -> User:
        user = User(
            email=email,
            name=spec.name,
            role=spec.role.value,
            organisation_id=orgs[spec.org].id,
            phone=self.plan.staff_phones.get(spec.key),
            locale="sv",
            password_hash=self.password_hash,
        )
        db.session.add(user)
        self.created.users += 1
        return user

    def _cases(self, orgs: dict[str, Organisation], staff: dict[str, User]) -> None:
        names = [case.young.name for case in self.plan.cases]
        existing = set(_all(sa.select(YoungPerson.name).where(YoungPerson.name.in_(names))))
        missing = [case for case in self.plan.cases if case.young.name not in existing]
        logins = self._young_accounts([case for case in missing if case.young.has_login])
        built = [(plan, self._case(plan, staff, logins)) for plan in missing]
        db.session.flush()  # case ids for the team, consents and contacts
        for plan, case in built:
            db.session.add_all(self._around(plan, case, orgs, staff))
        self.created.young_people += len(built)

    def _young_accounts(self, plans: list[CasePlan]) -> dict[str, User]:
        found = _users_by_email(plan.young.email for plan in plans)
        for plan in plans:
            if plan.young.email not in found:
                found[plan.young.email] = User(
                    email=plan.young.email,
                    name=plan.young.name,
                    role=Role.YOUNG_PERSON.value,
                    phone=plan.young.phone,
                    locale=plan.young.language,
                    password_hash=self.password_hash,
                )
                db.session.add(found[plan.young.email])
                self.created.users += 1
        db.session.flush()  # ids for YoungPerson.user_id
        return found

    def _case(self, plan: CasePlan, staff: dict[str, User], logins: dict[str, User]) -> Case:
        young = plan.young
        person = YoungPerson(
            name=young.name,
            birth_date=young.birth_date,
            national_id=young.national_id,
            phone=young.phone,
            email=young.email,
            language=young.language,
            guardian_name=young.guardian_name,
            guardian_phone=young.guardian_phone,
            guardian_email=young.guardian_email,
            # The young person's own account: the link that makes the case theirs (Relation.YOUNG_PERSON).
            user_id=logins[young.email].id if young.has_login else None,
            created_at=at_nine(plan.opened_on),
        )
        case = Case(
            young_person=person,
            track=plan.track,
            status=plan.status,
            case_manager=staff[plan.manager],
            deputy=staff[plan.deputy] if plan.deputy else None,
            opened_on=plan.opened_on,
            closed_on=plan.closed_on,
            outcome=plan.outcome,
            created_at=at_nine(plan.opened_on),
        )
        db.session.add(case)
        return case

    def _around(self, plan: CasePlan, case: Case, orgs, staff) -> list:
        hub = staff[plan.manager]
        rows: list = [
            TeamMember(
                case_id=case.id,
                user_id=staff[member.staff].id,
                case_role=member.case_role,
                added_at=at_nine(member.added_on),
                added_by_id=hub.id,
                removed_at=at_nine(member.removed_on) if member.removed_on else None,
            )
            for member in plan.members
        ]
        for consent in plan.consents:
            rows.append(
                Consent(
                    case_id=case.id,
                    organisation_id=orgs[consent.org].id,
                    **{f"scope_{scope}": True for scope in consent.scopes},
                    purpose=consent.purpose,
                    form=consent.form,
                    evidence=_evidence(consent.form, consent.given_on),
                    given_by=consent.given_by,
                    given_on=consent.given_on,
                    expires_on=consent.expires_on,
                    withdrawn_at=at_nine(consent.withdrawn_on) if consent.withdrawn_on else None,
                    withdrawn_by_id=_withdrawn_by(consent, case, hub),
                    recorded_by_id=hub.id,
                    created_at=at_nine(consent.given_on),
                )
            )
        rows += [
            ExternalContact(
                case_id=case.id,
                name=contact.name,
                relation=contact.relation,
                organisation_name=contact.organisation_name,
                phone=contact.phone,
                email=contact.email,
                created_at=at_nine(plan.opened_on),
            )
            for contact in plan.contacts
        ]
        return rows


def _withdrawn_by(consent, case: Case, hub: User) -> int | None:
    if not consent.withdrawn_on:
        return None
    return case.young_person.user_id if consent.withdrawn_by == "young_person" else hub.id


def _evidence(form: str, given_on: date) -> str:
    if form == "written":
        return "Underskriven blankett, inskannad i akten"
    return f"Lämnat per telefon; antecknat av samordnaren {given_on.isoformat()}"


def _all(query) -> list:
    return list(db.session.execute(query).scalars())


def _users_by_email(emails) -> dict[str, User]:
    emails = list(emails)
    if not emails:
        return {}
    return {user.email: user for user in _all(sa.select(User).where(User.email.in_(emails)))}
