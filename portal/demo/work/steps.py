"""The work in a demo case as plain data: what people did, in order, each step with the moment it happened.

A case's work is a tuple of steps: notes, plan changes, meetings, answers, week tasks. The builder
(workspace.py) replays them through the domain services, so the audit trail and the timeline read as if
people had used the portal over the past weeks. Steps refer to each other by short keys ("math", "first")
that stay within one case; `by` and `owner` are StaffSpec keys, or YOUNG for the young person's account.
Times are UTC; `Calendar` turns "38 days ago at 14:00 in Åkerby" into one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

YOUNG = "young"  # the young person's own account
GUARDIAN = "guardian"  # the case's external contact with relation "guardian" (as a meeting invitee)
ZONE = ZoneInfo("Europe/Stockholm")  # where Åkerby is: the portal's home zone (BABEL_DEFAULT_TIMEZONE)


@dataclass(frozen=True, slots=True)
class Note:
    """A note, or a contact attempt when `channel` is set (phone, sms, letter, visit)."""

    at: datetime
    by: str
    body: str
    visibility: str = "team"  # team | agency | case_manager
    shared: bool = False  # shared with the young person (their "Notes for you")
    channel: str | None = None
    key: str | None = None
    corrects: str | None = None  # key of the note this one corrects


@dataclass(frozen=True, slots=True)
class Redact:
    at: datetime
    by: str
    entry: str  # key of the note
    reason: str


@dataclass(frozen=True, slots=True)
class Goal:
    at: datetime
    by: str
    key: str
    area: str  # LifeArea value
    text: str


@dataclass(frozen=True, slots=True)
class GoalMarked:
    at: datetime
    by: str
    goal: str
    status: str  # reached | dropped


@dataclass(frozen=True, slots=True)
class Agreed:
    """An action agreed on: added on its own (Action) or in a meeting record (Record.actions)."""

    goal: str
    key: str
    text: str
    owner: str
    due_on: date | None


@dataclass(frozen=True, slots=True)
class Action:
    at: datetime
    by: str
    action: Agreed


@dataclass(frozen=True, slots=True)
class ActionMarked:
    """A status change; done on the day of `at` when the status is done."""

    at: datetime
    by: str
    action: str
    status: str  # planned | in_progress | done | dropped


@dataclass(frozen=True, slots=True)
class Written:
    """The plan was written together with the young person, on the day of `at`."""

    at: datetime
    by: str


@dataclass(frozen=True, slots=True)
class CallMeeting:
    at: datetime
    by: str
    key: str
    title: str
    starts_at: datetime
    minutes: int
    place: str
    invitees: tuple[str, ...]  # StaffSpec keys, YOUNG, GUARDIAN
    agenda: str | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    at: datetime
    meeting: str
    who: str  # one of the meeting's invitees
    answer: str  # accepted | tentative | declined


@dataclass(frozen=True, slots=True)
class Record:
    at: datetime
    by: str
    meeting: str
    body: str
    actions: tuple[Agreed, ...] = ()
    visibility: str = "team"


@dataclass(frozen=True, slots=True)
class Task:
    """A task in the young person's week (a day) or on their to-do list (no day)."""

    at: datetime
    by: str
    text: str
    day: date | None
    done_at: datetime | None = None  # ticked off by the young person


@dataclass(frozen=True, slots=True)
class Withdrawn:
    """The young person withdrew their consent for an organisation from their own page."""

    at: datetime
    org: str  # OrgSpec key


# Any one of the steps above.
Step = (
    Note
    | Redact
    | Goal
    | GoalMarked
    | Action
    | ActionMarked
    | Written
    | CallMeeting
    | Answer
    | Record
    | Task
    | Withdrawn
)


@dataclass(frozen=True, slots=True)
class Calendar:
    """Moments relative to the demo's today, in Åkerby's wall-clock time."""

    today: date

    def day(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    def ago(self, days: int, clock: str = "09:00") -> datetime:
        return self.on(self.today - timedelta(days=days), clock)

    @staticmethod
    def on(day: date, clock: str = "09:00") -> datetime:
        hours, minutes = (int(part) for part in clock.split(":"))
        return datetime.combine(day, time(hours, minutes), ZONE).astimezone(UTC)

    def after(self, day: date, days: int, clock: str = "09:00") -> datetime:
        """`days` after `day` (a meeting, say) at `clock`."""
        return self.on(day + timedelta(days=days), clock)

    def workday_before(self, days: int) -> date:
        """The day `days` ago, moved back to the Friday when it falls on a weekend: meetings are on workdays."""
        day = self.today - timedelta(days=days)
        return day - timedelta(days=max(day.weekday() - 4, 0))

    def workday_after(self, days: int) -> date:
        day = self.today + timedelta(days=days)
        return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() > 4 else 0)

    @property
    def monday(self) -> date:
        return self.today - timedelta(days=self.today.weekday())
