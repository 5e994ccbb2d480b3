"""A case with a plan and the people around it: the hub, a mentor who owns an action, a colleague on the
team who does not, a volunteer who owns one, and a social worker whose organisation gave no plan consent."""

from __future__ import annotations

from dataclasses import dataclass

import pytest


@dataclass
class PlanCase:
    case: object
    hub: object
    deputy: object
    mentor: object  # staff, school with plan consent, owns `action`
    colleague: object  # staff, same school, on the team, owns nothing
    volunteer: object  # volunteer, NGO with plan consent, owns `volunteer_action`
    social_worker: object  # staff on the team, organisation without plan consent
    outsider: object  # staff, not on the team
    goal: object
    action: object
    volunteer_action: object
    school_consent: object


@pytest.fixture
def plan_case(make) -> PlanCase:
    municipality, school, ngo, social = (
        make.org("municipality"),
        make.org("school"),
        make.org("youth_ngo"),
        make.org("social_services"),
    )
    hub = make.user("case_manager", org=municipality, name="Hanna Hub")
    deputy = make.user("case_manager", org=municipality, name="Dag Deputy")
    case = make.case(manager=hub, deputy_id=deputy.id, young_name="Alva Berg")
    people = {
        "mentor": make.user("staff", org=school, name="Mira Mentor"),
        "colleague": make.user("staff", org=school, name="Carl Colleague"),
        "volunteer": make.user("volunteer", org=ngo, name="Vera Volunteer"),
        "social_worker": make.user("staff", org=social, name="Siv Social"),
    }
    for person in people.values():
        make.member(case, person)
    school_consent = make.consent(case, school, scopes=("plan",))
    make.consent(case, ngo, scopes=("plan",))
    make.consent(case, social, scopes=("timeline", "contacts"))  # everything but the plan
    goal = make.goal(case, hub, text="Finish the first year of upper-secondary school")
    return PlanCase(
        case=case,
        hub=hub,
        deputy=deputy,
        outsider=make.user("staff", org=school),
        goal=goal,
        action=make.plan_action(goal, owner=people["mentor"], text="Book a study visit"),
        volunteer_action=make.plan_action(goal, owner=people["volunteer"], text="Climbing club together"),
        school_consent=school_consent,
        **people,
    )
