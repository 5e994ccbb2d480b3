"""Organisations of every kind and their staff, one set per municipality, plus the fixed benchmark accounts."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime

from portal.orgs.models import Organisation, OrgKind, Role, User
from portal.scale import sizes as S
from portal.scale.text import TOWNS, person_name
from portal.scale.writer import Writer

DOMAIN = "scale.soffa.se"
BENCH_HUB = f"bench-hub@{DOMAIN}"  # case manager of exactly 200 cases (the longest timeline among them)
BENCH_STAFF = f"bench-staff@{DOMAIN}"  # school staff on the bench hub's first two cases, with consent
BENCH_ADMIN = f"bench-admin@{DOMAIN}"
CREATED_AT = datetime(2023, 1, 1, tzinfo=UTC)
# Case managers and administrators must give a TOTP code after the password (portal/auth/two_factor.py):
# every generated one shares this published secret, so scripts/bench can compute the codes.
SCALE_TOTP_SECRET = "SCALEBENCHSCALEBENCHSCALEBENCH23"  # noqa: S105 - generated benchmark data only


@dataclass
class Member:
    user_id: int
    org_id: int
    org_kind: str


@dataclass
class Municipality:
    number: int
    office_id: int  # the municipal follow-up team, where case managers sit
    managers: list[int] = field(default_factory=list)
    staff: list[Member] = field(default_factory=list)


@dataclass
class Region:
    municipalities: list[Municipality]
    bench_hub: int
    bench_staff: Member
    names: dict[int, str]  # user id -> name, for meeting participants (copied at invitation)


def build_region(writer: Writer, rng: random.Random, sizes: S.Sizes, password_hash: str) -> Region:
    orgs, users = Organisation.__table__, User.__table__

    def org(name: str, kind: str) -> int:
        org_id = writer.new_id(orgs)
        writer.add(orgs, {"id": org_id, "name": name, "kind": kind, "created_at": CREATED_AT})
        return org_id

    names: dict[int, str] = {}

    def user(role: str, org_id: int | None, email: str | None = None, name: str | None = None) -> int:
        user_id = writer.new_id(users)
        names[user_id] = name or person_name(rng)
        writer.add(users, user_row(user_id, role, org_id, password_hash, email, names[user_id]))
        return user_id

    municipalities = []
    for number in range(sizes.municipalities):
        town = f"{TOWNS[number % len(TOWNS)]} {number // len(TOWNS) + 1}"
        place = Municipality(number, org(f"{town} kommun, uppföljningsteamet", OrgKind.MUNICIPALITY))
        cases_here = _cases_in(number, sizes)
        place.managers = [
            user(Role.CASE_MANAGER, place.office_id) for _ in range(sizes.managers_for(cases_here))
        ]
        for kind, per_org in S.STAFF_PER_ORG.items():
            count = S.SCHOOLS_PER_MUNICIPALITY if kind == "school" else 1
            for n in range(count):
                org_id = org(_org_name(town, kind, n), kind)
                role = Role.VOLUNTEER if kind == OrgKind.YOUTH_NGO else Role.STAFF
                place.staff.extend(Member(user(role, org_id), org_id, kind) for _ in range(per_org))
        municipalities.append(place)

    first = municipalities[0]
    hub = user(Role.CASE_MANAGER, first.office_id, BENCH_HUB, "Bench Hub")
    school = next(member for member in first.staff if member.org_kind == "school")
    staff = Member(user(Role.STAFF, school.org_id, BENCH_STAFF, "Bench Staff"), school.org_id, "school")
    user(Role.ADMIN, first.office_id, BENCH_ADMIN, "Bench Admin")
    return Region(municipalities, hub, staff, names)


def user_row(user_id, role, org_id, password_hash, email=None, name="") -> dict:
    return {
        "id": user_id,
        "email": email or f"{role.replace('_', '-')}-{user_id}@{DOMAIN}",
        "name": name,
        "phone": None,
        "organisation_id": org_id,
        "role": role,
        "locale": "sv",
        "timezone": "Europe/Stockholm",
        "password_hash": password_hash,
        "totp_secret": SCALE_TOTP_SECRET if role in ("case_manager", "admin") else None,
        "totp_last_step": None,
        "password_changed_at": None,
        "active": True,
        "created_at": CREATED_AT,
    }


def _cases_in(number: int, sizes: S.Sizes) -> int:
    """Cases are dealt to municipalities in turn (see cases.py), so each gets an equal share."""
    return len(range(number, sizes.cases, sizes.municipalities))


def _org_name(town: str, kind: str, n: int) -> str:
    names = {
        "school": f"{town} gymnasium {n + 1}",
        "social_services": f"{town} socialtjänst",
        "job_centre": f"Arbetsförmedlingen {town}",
        "health": f"Elevhälsan {town}",
        "youth_ngo": f"headspace {town}",
        "other": f"Fritidsgården {town}",
    }
    return names[kind]
