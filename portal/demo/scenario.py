"""The whole demo for a given day: staff phones first, then the stories, then the crowd (order matters:
every part draws from the same seeded random source and the same book of phone numbers)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from portal.demo.crowd import crowd_cases
from portal.demo.people import STAFF, Role
from portal.demo.plan import DemoPlan, Draw
from portal.demo.stories import story_cases
from portal.demo.work.crowd import crowd_work


def demo_plan(today: date) -> DemoPlan:
    draw = Draw(today)
    phones = {spec.key: draw.phones.take() if spec.role != Role.ADMIN else None for spec in STAFF}
    crowd = [replace(case, work=crowd_work(case, today)) for case in crowd_cases(draw)]
    cases = story_cases(draw) + crowd
    return DemoPlan(staff_phones=phones, cases=cases)
