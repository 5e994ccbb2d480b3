"""Reads for the young person's pages. Each page costs a fixed number of queries whatever the size of the
case: the rules come from the CaseAccess the guard loaded; lists are one query each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from portal.audit.models import AccessLogEntry
from portal.cases import queries as case_queries
from portal.cases.models import Case, CaseStatus, Consent, YoungPerson
from portal.extensions import db
from portal.meetings import rsvp
from portal.meetings.queries import MeetingView, meetings_page
from portal.orgs.models import Organisation, User
from portal.policy import Actor, CaseAccess
from portal.youth.models import WeekTask


def own_case_id(actor: Actor) -> int | None:
    """The young person's case: the open one, else the latest (a closed case stays readable to them)."""
    query = (
        sa.select(Case.id)
        .join(YoungPerson, YoungPerson.id == Case.young_person_id)
        .where(YoungPerson.user_id == actor.user_id)
        .order_by((Case.status == CaseStatus.CLOSED.value).asc(), Case.opened_on.desc(), Case.id.desc())
        .limit(1)
    )
    return db.session.execute(query).scalar_one_or_none()


@dataclass(frozen=True)
class MyMeeting:
    view: MeetingView
    token: str | None  # the young person's own signed RSVP token (answer and calendar links)
    answer: str | None


def my_meetings(access: CaseAccess) -> list[MyMeeting]:
    """Upcoming meetings the young person is invited to, each with their own answer and token."""
    result = []
    for view in meetings_page(access, with_delivery=False).upcoming:
        own = next((p for p in view.participants if p.is_young_person), None)
        if view.meeting.status != "scheduled":
            own = None  # a cancelled meeting is shown, but cannot be answered
        token = rsvp.make_token(own, view.meeting) if own else None
        result.append(MyMeeting(view, token, own.partstat if own else None))
    return result


# --- the week ----------------------------------------------------------------------------------------
@dataclass
class Week:
    monday: date
    days: list[tuple[date, list[WeekTask]]] = field(default_factory=list)
    todo: list[WeekTask] = field(default_factory=list)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def previous(self) -> date:
        return self.monday - timedelta(days=7)

    @property
    def next(self) -> date:
        return self.monday + timedelta(days=7)

    @property
    def tasks(self) -> list[WeekTask]:
        return [task for _, tasks in self.days for task in tasks] + self.todo

    @property
    def done(self) -> int:
        return sum(task.done_at is not None for task in self.tasks)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week(case_id: int, monday: date) -> Week:
    """The tasks of one week (by day) and the to-do list (open ones, and those ticked off this week)."""
    sunday = monday + timedelta(days=6)
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    week_start = datetime.combine(monday, time.min, zone)
    query = (
        sa.select(WeekTask)
        .where(WeekTask.case_id == case_id, WeekTask.removed_at.is_(None))
        .where(
            sa.or_(
                WeekTask.day.between(monday, sunday),
                sa.and_(
                    WeekTask.day.is_(None),
                    sa.or_(WeekTask.done_at.is_(None), WeekTask.done_at >= week_start),
                ),
            )
        )
        .order_by(WeekTask.day, WeekTask.created_at, WeekTask.id)
    )
    by_day: dict[date, list[WeekTask]] = {monday + timedelta(days=n): [] for n in range(7)}
    result = Week(monday)
    for task in db.session.execute(query).scalars():
        if task.day is None:
            result.todo.append(task)
        else:
            by_day[task.day].append(task)
    result.days = list(by_day.items())
    return result


def task_in_case(case_id: int, task_id: int) -> WeekTask | None:
    query = sa.select(WeekTask).where(
        WeekTask.id == task_id, WeekTask.case_id == case_id, WeekTask.removed_at.is_(None)
    )
    return db.session.execute(query).scalar_one_or_none()


# --- consent and the access log ----------------------------------------------------------------------
def consents(case_id: int) -> list[Consent]:
    return case_queries.consents(case_id)


def consent_in_case(case_id: int, consent_id: int) -> Consent | None:
    return case_queries.consent_in_case(case_id, consent_id)


@dataclass(frozen=True)
class LookedAt:
    at: datetime
    organisation: str | None
    role: str
    sections: list[str]
    name: str | None  # only when the installation shows staff names to young people


def who_looked(access: CaseAccess, show_names: bool, limit: int = 200) -> list[LookedAt]:
    """Who has read this case, newest first; the young person's own reads are left out."""
    query = (
        sa.select(AccessLogEntry, Organisation.name, User.name)
        .outerjoin(Organisation, Organisation.id == AccessLogEntry.organisation_id)
        .join(User, User.id == AccessLogEntry.user_id)
        .where(AccessLogEntry.case_id == access.case.id, AccessLogEntry.user_id != access.actor.user_id)
        .order_by(AccessLogEntry.at.desc(), AccessLogEntry.id.desc())
        .limit(limit)
    )
    return [
        LookedAt(
            at=entry.at,
            organisation=org_name,
            role=entry.role,
            sections=[s for s in entry.section.split(",") if s],
            name=user_name if show_names else None,
        )
        for entry, org_name, user_name in db.session.execute(query)
    ]
