"""Replay the work of one demo case (steps.py) through the services people use, step by step.

Each step runs as its author, with the access the rules give that author on the day of the step, in
the author's language (plan changes and meeting lines are written in the writer's language), and under
the story's clock (clock.py). The services then check the story as they check a request: a note with a
visibility its writer may not choose, or an owner who is not on the team, stops the seed with the
service's own refusal. Meetings are written without invitations (meetings.py says why).
"""

from __future__ import annotations

from datetime import date, timedelta
from operator import attrgetter

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from portal.audit.events import record_change
from portal.cases.models import Case, Consent, ExternalContact
from portal.db import now_utc
from portal.demo import meetings
from portal.demo.clock import StoryClock
from portal.demo.inventory import awaiting_work
from portal.demo.plan import DemoPlan
from portal.demo.work.steps import (
    YOUNG,
    ZONE,
    Action,
    ActionMarked,
    Answer,
    CallMeeting,
    Goal,
    GoalMarked,
    Note,
    Record,
    Redact,
    Step,
    Task,
    Withdrawn,
    Written,
)
from portal.extensions import db
from portal.orgs.models import Organisation, User
from portal.plans import services as plans
from portal.policy import Actor, CaseAccess
from portal.policy.loading import load_case_access
from portal.timeline import services as timeline
from portal.timeline.models import EntryKind, Visibility
from portal.validation import InvalidInput
from portal.youth import queries as youth_queries
from portal.youth import services as youth


class Workspace:
    def __init__(self, case: Case, staff: dict[str, User], orgs: dict[str, Organisation], clock: StoryClock):
        self.case, self.staff, self.orgs, self.clock = case, staff, orgs, clock
        self.goals: dict = {}
        self.actions: dict = {}
        self.entries: dict = {}
        self.meetings: dict[str, meetings.Called] = {}
        self._access: dict[tuple[str, date], CaseAccess] = {}

    def replay(self, steps: tuple[Step, ...]) -> None:
        for step in sorted(steps, key=attrgetter("at")):  # stable: steps at the same moment keep their order
            writer = self.user(getattr(step, "by", None) or "hub")
            with self.clock.at(step.at), force_locale(writer.locale or "sv"):
                HANDLERS[type(step)](self, step)

    # --- who ---------------------------------------------------------------------------------------------
    def user(self, who: str) -> User:
        if who == "hub":
            return self.case.case_manager
        if who == YOUNG:
            return db.session.get(User, self.case.young_person.user_id)
        return self.staff[who]

    def actor(self, who: str) -> Actor:
        return Actor.of(self.user(who))

    def access(self, who: str, step) -> CaseAccess:
        """The author's access on the day of the step (consents are dated; the team is as it is now)."""
        day = step.at.astimezone(ZONE).date()
        if (who, day) not in self._access:
            access = load_case_access(self.actor(who), self.case.id, day)
            if access is None:
                raise LookupError(f"demo: {who} has no access to the case of {self.case.young_person.name}")
            self._access[(who, day)] = access
        return self._access[(who, day)]

    def guardian(self) -> ExternalContact:
        query = sa.select(ExternalContact).where(
            ExternalContact.case_id == self.case.id, ExternalContact.relation == "guardian"
        )
        return db.session.execute(query).scalars().first()


def _note(ws: Workspace, step: Note) -> None:
    data = {
        "body": step.body,
        "kind": EntryKind.CONTACT_ATTEMPT.value if step.channel else EntryKind.NOTE.value,
        "channel": step.channel,
        "visibility": step.visibility,
        "shared_with_young_person": step.shared,
    }
    actor, access = ws.actor(step.by), ws.access(step.by, step)
    if step.corrects:
        entry = timeline.correct_entry(actor, access, ws.entries[step.corrects], data)
    else:
        entry = timeline.add_note(actor, access, data)
    if step.key:
        ws.entries[step.key] = entry


def _redact(ws: Workspace, step: Redact) -> None:
    timeline.redact_entry(ws.actor(step.by), ws.access(step.by, step), ws.entries[step.entry].id, step.reason)


def _goal(ws: Workspace, step: Goal) -> None:
    ws.goals[step.key] = plans.add_goal(ws.actor(step.by), ws.access(step.by, step), step.area, step.text)


def _goal_marked(ws: Workspace, step: GoalMarked) -> None:
    goal = ws.goals[step.goal]
    plans.update_goal(
        ws.actor(step.by), ws.access(step.by, step), goal, goal.life_area, goal.text, step.status
    )


def _action(ws: Workspace, step: Action) -> None:
    agreed = step.action
    owner = ws.user(agreed.owner)
    ws.actions[agreed.key] = plans.add_action(
        ws.actor(step.by),
        ws.access(step.by, step),
        ws.goals[agreed.goal],
        agreed.text,
        owner.id,
        agreed.due_on,
    )


def _action_marked(ws: Workspace, step: ActionMarked) -> None:
    action = ws.actions[step.action]
    plans.update_action_status(ws.actor(step.by), ws.access(step.by, step), action, step.status)
    if action.done_on is not None:
        action.done_on = step.at.astimezone(ZONE).date()  # the service says "today"; the story, that day


def _written(ws: Workspace, step: Written) -> None:
    plans.mark_written_together(ws.actor(step.by), ws.access(step.by, step), step.at.astimezone(ZONE).date())


def _task(ws: Workspace, step: Task) -> None:
    by = ws.access(step.by, step)
    monday = youth_queries.monday_of(step.day or step.at.astimezone(ZONE).date())
    task = youth.add_task(ws.actor(step.by), by, step.text, step.day, monday)
    if step.done_at is not None:
        # Ticked off by the young person, a moment ago at the latest (a plan for today may say later).
        done_at = min(step.done_at, now_utc() - timedelta(minutes=1))
        with ws.clock.at(done_at):
            youth.set_done(ws.actor(YOUNG), ws.access(YOUNG, step), task, True)
            task.done_at = done_at


def _withdrawn(ws: Workspace, step: Withdrawn) -> None:
    """What the young person's withdrawal writes (portal.youth.services.withdraw), without the notice to
    the hub: the consent row itself was written withdrawn with the case (builder.py)."""
    young = ws.actor(YOUNG)
    consent = db.session.execute(
        sa.select(Consent).where(
            Consent.case_id == ws.case.id, Consent.organisation_id == ws.orgs[step.org].id
        )
    ).scalar_one()
    record_change(young, "consent.withdraw", "consent", consent.id, case_id=ws.case.id)
    with force_locale(ws.case.case_manager.locale or "sv"):  # the hub reads the entry
        body = _(
            "%(name)s withdrew the consent for %(organisation)s.",
            name=ws.case.young_person.name,
            organisation=ws.orgs[step.org].name,
        )
    timeline.record_entry(
        young,
        ws.case.id,
        kind=EntryKind.CONSENT_CHANGE,
        body=body,
        visibility=Visibility.CASE_MANAGER,
        shared_with_young_person=True,
    )


HANDLERS = {
    Note: _note,
    Redact: _redact,
    Goal: _goal,
    GoalMarked: _goal_marked,
    Action: _action,
    ActionMarked: _action_marked,
    Written: _written,
    Task: _task,
    Withdrawn: _withdrawn,
    CallMeeting: meetings.call,
    Answer: meetings.answer,
    Record: meetings.record,
}


def write_work(
    plan: DemoPlan, staff: dict[str, User], orgs: dict[str, Organisation]
) -> tuple[int, list[str]]:
    """Replay the work of every demo case whose timeline is still empty. Each case in a savepoint of its
    own: a case someone changed by hand since (a team member removed, say) may refuse a step, and is then
    left as it is. Returns how many cases got their work, and the names of those left alone."""
    waiting = awaiting_work(plan)
    written, skipped = 0, []
    clock = StoryClock()
    with clock.running():
        for case_plan in plan.cases:
            case_id = waiting.get(case_plan.young.name)
            if case_id is None:
                continue
            try:
                with db.session.begin_nested():
                    Workspace(db.session.get(Case, case_id), staff, orgs, clock).replay(case_plan.work)
            except (InvalidInput, LookupError):
                skipped.append(case_plan.young.name)
            else:
                written += 1
    return written, skipped
