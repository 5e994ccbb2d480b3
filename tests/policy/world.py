"""One case and everyone who may or may not reach it: the relations of the access table."""

from __future__ import annotations

from dataclasses import dataclass

from tests.factories import Factory

RELATIONS = (
    "anonymous",
    "admin",
    "hub",
    "deputy",
    "staff_consent",  # team member whose organisation holds consent for every section
    "staff_no_consent",  # team member whose organisation holds none
    "volunteer_consent",
    "volunteer_no_consent",
    "young_person",  # the young person whose case it is
    "other_case_manager",  # hub of another case
    "other_young_person",
    "same_org_not_on_team",  # works where consent was given, but is not on this team
    "other_org_staff",
)


@dataclass
class World:
    case: object
    other_case: object
    member: object  # a removable team membership
    consent: object  # a withdrawable consent
    users: dict
    goal: object
    action: object  # a plan action owned by staff_consent
    volunteer_action: object  # a plan action owned by volunteer_consent
    entry: object  # a team-visible note by the hub
    contact: object  # an external contact
    meeting: object  # next week, called by the hub; invited: hub, staff_consent, young_person, volunteer_no_consent
    participant: object  # staff_consent's invitation to `meeting`
    rsvp_token: str  # the signed RSVP link of `participant`

    def url(self, template: str) -> str:
        return template.format(
            case=self.case.id,
            member=self.member.id,
            consent=self.consent.id,
            goal=self.goal.id,
            action=self.action.id,
            volunteer_action=self.volunteer_action.id,
            entry=self.entry.id,
            contact=self.contact.id,
            meeting=self.meeting.id,
            participant=self.participant.id,
            rsvp_token=self.rsvp_token,
            user=self.users["staff_consent"].id,
            org=self.users["staff_consent"].organisation_id,
        )


def build_world(make: Factory) -> World:
    municipality = make.org("municipality")
    school = make.org("school")
    social = make.org("social_services")
    ngo = make.org("youth_ngo")
    ngo_without = make.org("youth_ngo")
    job_centre = make.org("job_centre")
    users = {
        "admin": make.user("admin", org=municipality),
        "hub": make.user("case_manager", org=municipality),
        "deputy": make.user("case_manager", org=municipality),
        "staff_consent": make.user("staff", org=school),
        "staff_no_consent": make.user("staff", org=social),
        "volunteer_consent": make.user("volunteer", org=ngo),
        "volunteer_no_consent": make.user("volunteer", org=ngo_without),
        "young_person": make.user("young_person"),
        "other_case_manager": make.user("case_manager", org=municipality),
        "other_young_person": make.user("young_person"),
        "same_org_not_on_team": make.user("staff", org=school),
        "other_org_staff": make.user("staff", org=job_centre),
    }
    case = make.case(manager=users["hub"], young_user=users["young_person"], deputy_id=users["deputy"].id)
    other_case = make.case(manager=users["other_case_manager"], young_user=users["other_young_person"])
    for name in ("staff_consent", "staff_no_consent", "volunteer_consent", "volunteer_no_consent"):
        make.member(case, users[name])
    member = make.member(case, make.user("staff", org=job_centre))
    consent = make.consent(case, school)
    make.consent(case, ngo)
    goal = make.goal(case, users["hub"])
    meeting = make.meeting(case, users["hub"])
    make.participant(meeting, users["hub"])
    participant = make.participant(meeting, users["staff_consent"])
    make.participant(meeting, is_young_person=True, name="Young Person", phone="+46701234567")
    make.participant(meeting, users["volunteer_no_consent"])
    return World(
        case=case,
        other_case=other_case,
        member=member,
        consent=consent,
        users=users,
        goal=goal,
        action=make.plan_action(goal, owner=users["staff_consent"]),
        volunteer_action=make.plan_action(goal, owner=users["volunteer_consent"]),
        entry=make.entry(case, users["hub"], visibility="team"),
        contact=make.external_contact(case),
        meeting=meeting,
        participant=participant,
        rsvp_token=_rsvp_token(make, participant, meeting),
    )


def _rsvp_token(make: Factory, participant, meeting) -> str:
    from portal.meetings.rsvp import make_token

    with make.app.app_context():
        return make_token(participant, meeting)
