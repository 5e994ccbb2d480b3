"""The demo as plain data: what to create, with dates already resolved against today.

Building the plan touches no database, so it is cheap to compare (the same seed gives the same plan)
and the builder can create just the parts that are missing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from portal.demo.people import CONTACT_DOMAIN, GUARDIAN_FIRST, PhoneBook, email_for

if TYPE_CHECKING:
    from portal.demo.work.steps import Step

SEED = 2026  # fixed: the demo is the same on every machine and every run


@dataclass(frozen=True, slots=True)
class YoungPlan:
    name: str  # the stable key: names are unique within the demo
    birth_date: date
    language: str
    national_id: str | None
    phone: str | None
    email: str | None
    guardian_name: str | None = None
    guardian_phone: str | None = None
    guardian_email: str | None = None
    has_login: bool = False


@dataclass(frozen=True, slots=True)
class MemberPlan:
    staff: str  # StaffSpec.key
    case_role: str
    added_on: date
    removed_on: date | None = None


@dataclass(frozen=True, slots=True)
class ConsentPlan:
    org: str  # OrgSpec.key of the recipient
    scopes: tuple[str, ...]
    purpose: str
    form: str  # written | oral
    given_by: str  # young_person | guardian
    given_on: date
    expires_on: date | None = None
    withdrawn_on: date | None = None
    withdrawn_by: str = "hub"  # hub | young_person (from their own page: the young person must have a login)


@dataclass(frozen=True, slots=True)
class ContactPlan:
    name: str
    relation: str
    organisation_name: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class CasePlan:
    young: YoungPlan
    track: str
    status: str
    manager: str  # StaffSpec.key of the hub
    opened_on: date
    deputy: str | None = None
    closed_on: date | None = None
    outcome: str | None = None
    members: tuple[MemberPlan, ...] = ()
    consents: tuple[ConsentPlan, ...] = ()
    contacts: tuple[ContactPlan, ...] = ()
    work: tuple[Step, ...] = ()  # what people did in the case since it was opened (steps.py), oldest first


@dataclass(frozen=True, slots=True)
class DemoPlan:
    staff_phones: dict[str, str | None]  # StaffSpec.key -> phone
    cases: list[CasePlan]


@dataclass
class Draw:
    """The shared state of one plan: today, the seeded random source, phone numbers and names in use."""

    today: date
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))  # noqa: S311 - not security
    phones: PhoneBook = field(default_factory=PhoneBook)
    names: set[str] = field(default_factory=set)

    def days_ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def young(self, name: str, age: int, language: str = "sv", *, has_login: bool = False) -> YoungPlan:
        rng = self.rng
        self.names.add(name)
        birth = self.today - timedelta(days=age * 365 + age // 4 + rng.randint(1, 360))
        last = name.split()[-1]
        guardian = None
        if age < 18:  # minors: a guardian is on file (and often gives consent)
            guardian = f"{rng.choice(GUARDIAN_FIRST)} {last}"
        return YoungPlan(
            name=name,
            birth_date=birth,
            language=language,
            national_id=national_id(birth, language, rng) if rng.random() < 0.75 else None,
            phone=self.phones.take(),
            email=email_for(name) if has_login else _maybe(rng, email_for(name, CONTACT_DOMAIN)),
            guardian_name=guardian,
            guardian_phone=self.phones.take() if guardian else None,
            guardian_email=email_for(guardian, CONTACT_DOMAIN) if guardian else None,
            has_login=has_login,
        )


def _maybe(rng: random.Random, value: str) -> str | None:
    return value if rng.random() < 0.5 else None


def national_id(birth: date, language: str, rng: random.Random) -> str:
    """A personnummer (sv) or CPR number (da) in the right shape that belongs to nobody."""
    if language == "da":
        return f"{birth:%d%m%y}-{rng.randint(1000, 9999)}"
    serial = f"{birth:%y%m%d}{rng.randint(100, 999)}"
    # The check digit is deliberately wrong (Luhn + 5), so the number can never be a real person's.
    return f"{birth:%Y%m%d}-{serial[6:]}{(_luhn_digit(serial) + 5) % 10}"


def _luhn_digit(digits: str) -> int:
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10
