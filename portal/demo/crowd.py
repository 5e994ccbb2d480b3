"""The rest of the caseload, drawn from a seeded random source: the same 35 cases on every run."""

from __future__ import annotations

from datetime import timedelta

from portal.cases.models import Outcome
from portal.demo.people import (
    CONTACT_DOMAIN,
    DANISH_FIRST,
    DANISH_LAST,
    STAFF,
    SWEDISH_FIRST,
    SWEDISH_LAST,
    email_for,
)
from portal.demo.plan import CasePlan, ConsentPlan, ContactPlan, Draw, MemberPlan
from portal.demo.stories import ALL_SCOPES, PURPOSES

CROWD_SIZE = 35
# Statuses of the generated cases (the stories add 2 active, 2 referred, 1 paused).
STATUSES = ["referred"] * 4 + ["active"] * 20 + ["paused"] * 4 + ["closed"] * 7
HUBS, HUB_WEIGHTS = ("anna", "mikael", "fatima"), (4, 3, 3)  # Anna is the busiest hub
OPENED_DAYS_AGO = {"referred": (1, 20), "active": (20, 300), "paused": (60, 300), "closed": (200, 500)}

# Who joins a team, by track: the first person is the anchor, extras are drawn from the rest.
IN_SCHOOL_ANCHORS = ("erik", "lena", "ahmed")
IN_SCHOOL_EXTRAS = ("sofia", "maria", "petra", "sara", "daniel", "jonas", "tove", "kevin")
LEFT_SCHOOL_ANCHORS = ("johan", "nils", "amina")
LEFT_SCHOOL_EXTRAS = ("johan", "nils", "sara", "daniel", "jonas", "tove", "kevin")

ORG_OF = {spec.key: spec.org for spec in STAFF}
CASE_ROLE_OF = {spec.key: spec.case_role for spec in STAFF}
# headspace volunteers get the contact card and meetings, never the plan or the timeline.
SCOPE_CHOICES = {"headspace": ("contacts", "meetings")}


def crowd_cases(draw: Draw) -> list[CasePlan]:
    rng = draw.rng
    statuses = STATUSES[:]
    rng.shuffle(statuses)
    outcomes = iter([outcome.value for outcome in Outcome] * 2)  # every outcome at least once
    cases = []
    for status in statuses:
        age = rng.randint(15, 20)
        # Up to 16 everyone is still in school; KAA (left school) is for those of 17 and older.
        in_school = age <= 16 or rng.random() < (0.85 if age == 17 else 0.2)
        danish = rng.random() < 0.12
        young = draw.young(_unique_name(draw, danish), age, "da" if danish else "sv")
        opened = rng.randint(*OPENED_DAYS_AGO[status])
        manager = rng.choices(HUBS, HUB_WEIGHTS)[0]
        deputy = rng.choice([hub for hub in HUBS if hub != manager]) if rng.random() < 0.3 else None
        members = _team(draw, in_school, status, opened)
        closed = status == "closed"
        cases.append(
            CasePlan(
                young=young,
                track="in_school_at_risk" if in_school else "left_school",
                status=status,
                manager=manager,
                deputy=deputy,
                opened_on=draw.days_ago(opened),
                closed_on=draw.days_ago(opened - rng.randint(90, 180)) if closed else None,
                outcome=next(outcomes) if closed else None,
                members=members,
                consents=() if status == "referred" else _consents(draw, members, age, opened),
                contacts=_contacts(draw) if rng.random() < 0.2 else (),
            )
        )
    return cases


def _unique_name(draw: Draw, danish: bool) -> str:
    first, last = (DANISH_FIRST, DANISH_LAST) if danish else (SWEDISH_FIRST, SWEDISH_LAST)
    while True:
        name = f"{draw.rng.choice(first)} {draw.rng.choice(last)}"
        if name not in draw.names:
            return name


def _team(draw: Draw, in_school: bool, status: str, opened: int) -> tuple[MemberPlan, ...]:
    rng = draw.rng
    anchors, extras = (
        (IN_SCHOOL_ANCHORS, IN_SCHOOL_EXTRAS) if in_school else (LEFT_SCHOOL_ANCHORS, LEFT_SCHOOL_EXTRAS)
    )
    keys = [rng.choice(anchors)]
    extra_count = 0 if status == "referred" else rng.randint(0, 3)
    keys += [key for key in rng.sample(extras, extra_count) if key not in keys]
    return tuple(
        MemberPlan(key, CASE_ROLE_OF[key], draw.days_ago(max(opened - rng.randint(0, 20), 0))) for key in keys
    )


def _consents(draw: Draw, members, age: int, opened: int) -> tuple[ConsentPlan, ...]:
    rng = draw.rng
    consents = []
    for org in dict.fromkeys(ORG_OF[member.staff] for member in members):
        if rng.random() < 0.15:
            continue  # not asked yet: this team member sees only the basic view
        choices = SCOPE_CHOICES.get(org, ALL_SCOPES)
        scopes = tuple(scope for scope in choices if rng.random() < 0.7) or choices[-1:]
        oral = rng.random() < 0.3
        consents.append(
            ConsentPlan(
                org=org,
                scopes=scopes,
                purpose=PURPOSES[org],
                form="oral" if oral else "written",
                given_by="guardian" if age < 18 and rng.random() < 0.5 else "young_person",
                given_on=draw.days_ago(max(opened - rng.randint(0, 14), 0)),
                expires_on=draw.today + timedelta(days=rng.randint(60, 330)) if rng.random() < 0.5 else None,
            )
        )
    return tuple(consents)


def _contacts(draw: Draw) -> tuple[ContactPlan, ...]:
    kind = draw.rng.choice(("psychologist", "housing_support", "guardian"))
    if kind == "psychologist":
        return (ContactPlan("Jonas Friberg", "psychologist", "BUP Åkerby", draw.phones.take(), None),)
    if kind == "housing_support":
        return (ContactPlan("Boendestödet", "housing_support", "Åkerby kommun", draw.phones.take(), None),)
    name = f"{draw.rng.choice(('Susanne', 'Ulf', 'Birgitta'))} {draw.rng.choice(SWEDISH_LAST)}"
    return (ContactPlan(name, "guardian", None, draw.phones.take(), email_for(name, CONTACT_DOMAIN)),)
