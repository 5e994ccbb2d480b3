"""The demo's work as data: every step refers to what came before it, on any day of the week the demo
is seeded; and a demo database made before the work existed gets it, except in cases written in since."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from operator import attrgetter

import pytest
import sqlalchemy as sa

from portal.cases.models import Case, YoungPerson
from portal.demo import seed
from portal.demo.builder import Builder
from portal.demo.plan import DemoPlan
from portal.demo.scenario import demo_plan
from portal.demo.work.steps import (
    YOUNG,
    Action,
    ActionMarked,
    Answer,
    Calendar,
    CallMeeting,
    Goal,
    GoalMarked,
    Note,
    Record,
    Redact,
)
from portal.extensions import db
from portal.i18n import local_today
from portal.timeline.models import TimelineEntry


@pytest.mark.parametrize("weekday", range(7))
def test_every_step_follows_what_it_refers_to(weekday):
    today = date(2026, 3, 2) + timedelta(days=weekday)  # a Monday, then each day of that week
    midnight, tomorrow = Calendar.on(today, "00:00"), Calendar.on(today + timedelta(days=1), "00:00")
    for case in demo_plan(today).cases:
        assert case.work, case.young.name
        team = {case.manager, case.deputy} | {m.staff for m in case.members if m.removed_on is None}
        entries, goals, actions, meetings = set(), set(), set(), {}
        for step in sorted(case.work, key=attrgetter("at")):
            assert step.at < midnight, (case.young.name, step)  # nothing later than yesterday
            assert getattr(step, "by", YOUNG) in team | {YOUNG}, (case.young.name, step)
            if isinstance(step, Note):
                assert step.corrects is None or step.corrects in entries
                entries.add(step.key)
            elif isinstance(step, Redact):
                assert step.entry in entries
            elif isinstance(step, Goal):
                goals.add(step.key)
            elif isinstance(step, GoalMarked):
                assert step.goal in goals
            elif isinstance(step, ActionMarked):
                assert step.action in actions
            elif isinstance(step, CallMeeting):
                assert set(step.invitees) - {YOUNG, "guardian"} <= team
                meetings[step.key] = step
            elif isinstance(step, Answer):
                assert (
                    step.who in meetings[step.meeting].invitees and step.at < meetings[step.meeting].starts_at
                )
            agreed = (
                (step.action,)
                if isinstance(step, Action)
                else step.actions
                if isinstance(step, Record)
                else ()
            )
            if isinstance(step, Record):
                assert step.at > meetings[step.meeting].starts_at  # written afterwards
            for action in agreed:
                assert action.goal in goals and action.owner in team
                actions.add(action.key)
        recorded = {step.meeting for step in case.work if isinstance(step, Record)}
        for key, meeting in meetings.items():
            assert key in recorded or meeting.starts_at > tomorrow  # the others are still to come


def test_a_demo_made_before_the_work_gets_it_but_cases_written_in_are_left_alone(app, make):
    with app.app_context():
        plan = demo_plan(local_today())
        Builder(DemoPlan(plan.staff_phones, [replace(case, work=()) for case in plan.cases])).build()
        db.session.commit()
        wilma = db.session.execute(
            sa.select(Case.id).join(YoungPerson).where(YoungPerson.name == "Wilma Falk")
        ).scalar_one()
        db.session.add(TimelineEntry(case_id=wilma, kind="note", visibility="team", body="Skrivet för hand"))
        db.session.commit()
    make.user("staff")  # an account added while trying the demo: still a demo database
    with app.app_context():
        assert "the work in 39 cases" in seed()
        bodies = db.session.execute(sa.select(TimelineEntry.body).where(TimelineEntry.case_id == wilma))
        assert bodies.scalars().all() == ["Skrivet för hand"]
        assert seed() == "demo data already present"
