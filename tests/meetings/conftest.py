"""A case with everyone a meeting can have: the hub, the deputy, a mentor whose school holds the meetings
consent, a social worker whose organisation holds none, a volunteer, the young person (phone, no email),
and external contacts: one with email, one with a phone only, one with neither."""

from __future__ import annotations

from types import SimpleNamespace

import pytest


@pytest.fixture
def mc(make):
    municipality, school, social, ngo = (
        make.org("municipality"),
        make.org("school"),
        make.org("social_services"),
        make.org("youth_ngo"),
    )
    hub = make.user("case_manager", org=municipality, name="Hanna Hub", locale="en")
    deputy = make.user("case_manager", org=municipality, name="Dag Deputy")
    young = make.user("young_person", name="Alva Berg")
    case = make.case(manager=hub, deputy_id=deputy.id, young_user=young, young_name="Alva Berg")
    mentor = make.user("staff", org=school, name="Mira Mentor", phone="+46701111111")
    social_worker = make.user("staff", org=social, name="Siv Social")
    volunteer = make.user("volunteer", org=ngo, name="Vera Volunteer")
    for user in (mentor, social_worker, volunteer):
        make.member(case, user)
    make.consent(case, school, scopes=("meetings", "plan", "timeline"))
    return SimpleNamespace(
        case=case,
        hub=hub,
        deputy=deputy,
        young=young,
        mentor=mentor,
        social_worker=social_worker,
        volunteer=volunteer,
        guardian=make.external_contact(case, name="Gunnel Guardian", email="gunnel@example.org"),
        psychologist=make.external_contact(
            case, name="Per Psychologist", phone="+46702222222", relation="other"
        ),
        nowhere=make.external_contact(case, name="Nils Nowhere", relation="other"),
        url=f"/cases/{case.id}/meetings",
    )
