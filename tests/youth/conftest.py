"""A young person with a case, a hub who can be reached, a mentor on the team and a consent."""

from __future__ import annotations

from dataclasses import dataclass

import pytest


@dataclass
class Youth:
    hub: object
    young: object
    case: object
    mentor: object
    school: object
    consent: object

    @property
    def me(self) -> str:
        return f"/me/{self.case.id}"


@pytest.fixture
def youth(make) -> Youth:
    municipality = make.org("municipality", name="Soffa Municipality")
    school = make.org("school", name="North School")
    hub = make.user("case_manager", org=municipality, name="Hanna Hub", phone="+46701112233", locale="en")
    young = make.user("young_person", name="Alex Young", phone="+46709998877", locale="en")
    case = make.case(manager=hub, young_user=young, young_name="Alex Young")
    mentor = make.user("staff", org=school, name="Mika Mentor")
    make.member(case, mentor)
    consent = make.consent(case, school)
    return Youth(hub=hub, young=young, case=case, mentor=mentor, school=school, consent=consent)


@pytest.fixture
def young_client(client, youth):
    assert client.login(youth.young.email).status_code == 302
    return client
