"""A small case for the timeline tests: the hub, a mentor whose school holds the timeline consent, a
social worker whose organisation holds none, a volunteer, and the young person."""

from __future__ import annotations

from types import SimpleNamespace

import pytest


@pytest.fixture
def team(make):
    municipality, school, social, ngo = (
        make.org("municipality"),
        make.org("school"),
        make.org("social_services"),
        make.org("youth_ngo"),
    )
    hub = make.user("case_manager", org=municipality)
    young = make.user("young_person")
    case = make.case(manager=hub, young_user=young)
    mentor = make.user("staff", org=school)
    social_worker = make.user("staff", org=social)
    volunteer = make.user("volunteer", org=ngo)
    for user in (mentor, social_worker, volunteer):
        make.member(case, user)
    consent = make.consent(case, school, scopes=("timeline", "plan"))
    return SimpleNamespace(
        case=case,
        hub=hub,
        mentor=mentor,
        social_worker=social_worker,
        volunteer=volunteer,
        young=young,
        school=school,
        consent=consent,
        url=f"/cases/{case.id}/timeline",
    )
