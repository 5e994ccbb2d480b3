"""Young people and their cases: the hub, a team of 3-8, consent for each team organisation, contacts.

Cases are dealt to municipalities in turn; the first ones (up to 200) belong to the benchmark's case
manager, who is never a deputy or a team member elsewhere, so "My cases" shows exactly those.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from portal.cases.models import Case, Consent, ExternalContact, TeamMember, YoungPerson
from portal.orgs.models import User
from portal.scale.region import DOMAIN, Member, Region, user_row
from portal.scale.sizes import Sizes
from portal.scale.text import CASE_ROLES_BY_KIND, person_name
from portal.scale.writer import Writer

TODAY = date.today()
OUTCOMES = ("completed_education", "continuing_education", "work", "moved", "declined", "other")
SCOPES = ("plan", "timeline", "contacts", "meetings")
TYPICAL_TEAM = 5  # the bench hub's second case: the "one case, five members" of the baseline


@dataclass(slots=True)
class BuiltCase:
    """What the plan, meeting and timeline generators need to know about a case."""

    id: int
    opened: datetime
    until: datetime  # closed, or now
    hub: tuple[int, int]  # (user id, organisation id)
    members: list[Member]
    young_name: str
    young_phone: str


def build_case(writer: Writer, rng: random.Random, region: Region, index: int, sizes: Sizes, pw: str):
    is_bench = index < sizes.bench_caseload
    place = region.municipalities[0 if is_bench else index % len(region.municipalities)]
    hub = region.bench_hub if is_bench else rng.choice(place.managers)
    status, opened_on, closed_on, outcome = _status(rng, keep_open=is_bench and index < 2)
    young_id, young_name, young_phone = _young_person(writer, rng, pw)
    deputies = [m for m in place.managers if m != hub]
    case_id = writer.new_id(Case.__table__)
    writer.add(
        Case.__table__,
        {
            "id": case_id,
            "young_person_id": young_id,
            "track": rng.choice(("in_school_at_risk", "in_school_at_risk", "left_school")),
            "status": status,
            "case_manager_id": hub,
            "deputy_id": rng.choice(deputies) if deputies and rng.random() < 0.25 else None,
            "opened_on": opened_on,
            "closed_on": closed_on,
            "outcome": outcome,
            "created_at": _at(opened_on),
        },
    )
    members = _team(rng, place.staff, index, region)
    opened = _at(opened_on)
    for member in members:
        writer.add(
            TeamMember.__table__,
            {
                "id": writer.new_id(TeamMember.__table__),
                "case_id": case_id,
                "user_id": member.user_id,
                "case_role": rng.choice(CASE_ROLES_BY_KIND[member.org_kind]),
                "added_at": opened,
                "added_by_id": hub,
                "removed_at": None,
            },
        )
    for org_id in dict.fromkeys(m.org_id for m in members):
        writer.add(Consent.__table__, _consent(writer, rng, case_id, org_id, opened_on, hub, always=is_bench))
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        writer.add(ExternalContact.__table__, _contact(writer, rng, case_id, opened))
    until = _at(closed_on) if closed_on else datetime.now(UTC)
    hub_org = place.office_id
    return BuiltCase(case_id, opened, until, (hub, hub_org), members, young_name, young_phone)


def _status(rng: random.Random, keep_open: bool):
    opened_on = TODAY - timedelta(days=1095 if keep_open else rng.randint(0, 1095))
    roll = rng.random()
    if keep_open or roll < 0.70:
        return "active", opened_on, None, None
    if roll < 0.75:
        return "paused", opened_on, None, None
    if roll < 0.80:
        return "referred", opened_on, None, None
    closed_on = opened_on + timedelta(days=rng.randint(0, (TODAY - opened_on).days))
    return "closed", opened_on, closed_on, rng.choice(OUTCOMES)


def _young_person(writer: Writer, rng: random.Random, pw: str) -> tuple[int, str, str]:
    name = person_name(rng)
    user_id = None
    if rng.random() < 0.10:  # some young people have signed in to their own pages
        user_id = writer.new_id(User.__table__)
        row = user_row(user_id, "young_person", None, pw, f"young-{user_id}@{DOMAIN}", name)
        writer.add(User.__table__, row)
    born = TODAY - timedelta(days=rng.randint(15 * 365, 20 * 365))
    phone = f"+467{rng.randint(10_000_000, 99_999_999)}"
    young_id = writer.new_id(YoungPerson.__table__)
    minor = (TODAY - born).days < 18 * 365
    writer.add(
        YoungPerson.__table__,
        {
            "id": young_id,
            "name": name,
            "birth_date": born,
            "national_id": f"{born:%Y%m%d}-{rng.randint(1000, 9999)}",
            "phone": phone,
            "email": f"young{young_id}@example.org",
            "language": rng.choice(("sv", "sv", "sv", "sv", "en")),
            "guardian_name": person_name(rng) if minor else None,
            "guardian_phone": f"+467{rng.randint(10_000_000, 99_999_999)}" if minor else None,
            "guardian_email": None,
            "user_id": user_id,
            "created_at": datetime.now(UTC),
        },
    )
    return young_id, name, phone


def _team(rng: random.Random, staff: list[Member], index: int, region: Region) -> list[Member]:
    if index < 2:  # the bench hub's first two cases: the bench staff account is on them
        size = TYPICAL_TEAM if index == 1 else rng.randint(3, 8)
        others = [m for m in staff if m.user_id != region.bench_staff.user_id]
        return [region.bench_staff, *rng.sample(others, min(size - 1, len(others)))]
    return rng.sample(staff, min(rng.randint(3, 8), len(staff)))


def _consent(writer: Writer, rng: random.Random, case_id, org_id, given_on, hub, always: bool) -> dict:
    scopes = set(SCOPES) if always or rng.random() < 0.85 else set(rng.sample(SCOPES, rng.randint(1, 3)))
    roll = 1.0 if always else rng.random()
    withdrawn = _at(given_on) + timedelta(days=30) if roll < 0.04 else None
    expires = given_on + timedelta(days=365) if roll < 0.10 else None  # a few were given for a year only
    return {
        "id": writer.new_id(Consent.__table__),
        "case_id": case_id,
        "organisation_id": org_id,
        **{f"scope_{scope}": scope in scopes for scope in SCOPES},
        "purpose": "Samordnat stöd för att fullfölja gymnasiet",
        "form": rng.choice(("written", "oral")),
        "evidence": "Underskriven blankett i akten",
        "given_by": "young_person",
        "given_on": given_on,
        "expires_on": expires,
        "withdrawn_at": withdrawn,
        "withdrawn_by_id": hub if withdrawn else None,
        "recorded_by_id": hub,
        "created_at": _at(given_on),
    }


def _contact(writer: Writer, rng: random.Random, case_id: int, opened: datetime) -> dict:
    relation = rng.choice(("guardian", "psychologist", "housing_support"))
    return {
        "id": writer.new_id(ExternalContact.__table__),
        "case_id": case_id,
        "name": person_name(rng),
        "relation": relation,
        "organisation_name": None if relation == "guardian" else "BUP Region",
        "phone": f"+467{rng.randint(10_000_000, 99_999_999)}",
        "email": None,
        "created_at": opened,
        "removed_at": None,
    }


def _at(day: date) -> datetime:
    return datetime.combine(day, time(8, 0), tzinfo=UTC)
