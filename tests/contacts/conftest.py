"""A case with a hub, a deputy, a team member from a consenting school and one external contact."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from portal.extensions import db


@dataclass
class ContactsCase:
    case: object
    hub: object
    deputy: object
    mentor: object  # staff, on the team, organisation holds the contacts consent
    member: object  # the mentor's team membership
    school: object
    consent: object
    guardian: object  # an external contact


@pytest.fixture
def world(make) -> ContactsCase:
    municipality = make.org("municipality", name="Åkerby kommun")
    school = make.org("school", name="Norra gymnasiet")
    hub = make.user("case_manager", org=municipality, name="Hanna Hub", phone="+46701111111")
    deputy = make.user("case_manager", org=municipality, name="Dana Deputy", phone="+46702222222")
    mentor = make.user("staff", org=school, name="Mats Mentor", phone="+46703333333")
    case = make.case(manager=hub, deputy_id=deputy.id)
    member = make.member(case, mentor, case_role="mentor")
    consent = make.consent(case, school, scopes=("contacts",))
    guardian = make.external_contact(
        case, name="Greta Guardian", relation="guardian", phone="+46704444444", email="greta@example.org"
    )
    return ContactsCase(case, hub, deputy, mentor, member, school, consent, guardian)


@pytest.fixture
def count_rows(app):
    def count(model, *where) -> int:
        with app.app_context():
            query = sa.select(sa.func.count()).select_from(model).where(*where)
            return db.session.execute(query).scalar_one()

    return count
