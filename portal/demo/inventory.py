"""What the database already holds: enough to decide whether the seed may run, and whether it must."""

from __future__ import annotations

import sqlalchemy as sa

from portal.cases.models import Case, YoungPerson
from portal.demo.people import DEMO_DOMAIN, ORGANISATIONS, STAFF, staff_email
from portal.demo.plan import DemoPlan
from portal.extensions import db
from portal.orgs.models import Organisation, User
from portal.timeline.models import TimelineEntry


def foreign_user_count() -> int:
    """Accounts that are not demo accounts: their presence means this is somebody's real database."""
    query = sa.select(sa.func.count()).select_from(User).where(~User.email.endswith(f"@{DEMO_DOMAIN}"))
    return db.session.execute(query).scalar_one()


def is_complete(plan: DemoPlan) -> bool:
    """Whether everything of the plan is there: its people (base_complete) and the work in its cases."""
    return base_complete(plan) and not awaiting_work(plan)


def base_complete(plan: DemoPlan) -> bool:
    """Whether every organisation, account and young person of the plan is already there (3 counts)."""
    emails = [staff_email(spec) for spec in STAFF] + [c.young.email for c in plan.cases if c.young.has_login]
    names = [case.young.name for case in plan.cases]
    wanted = (
        (Organisation.name, [spec.name for spec in ORGANISATIONS]),
        (User.email, emails),
        (YoungPerson.name, names),
    )
    for column, keys in wanted:
        found = db.session.execute(sa.select(sa.func.count(column)).where(column.in_(keys))).scalar_one()
        if found < len(set(keys)):
            return False
    return True


def awaiting_work(plan: DemoPlan) -> dict[str, int]:
    """Case ids, by young person, of the demo cases whose work has not been written yet: those with an
    empty timeline. Every case's work writes to its timeline, so a case with any entry (from an earlier
    seed, or from someone trying the demo) is left as it is."""
    names = [case.young.name for case in plan.cases if case.work]
    has_entry = sa.select(TimelineEntry.id).where(TimelineEntry.case_id == Case.id).exists()
    query = (
        sa.select(YoungPerson.name, Case.id)
        .join(Case, Case.young_person_id == YoungPerson.id)
        .where(YoungPerson.name.in_(names), ~has_entry)
    )
    return {name: case_id for name, case_id in db.session.execute(query)}
