"""Reads of the plan. The plan page costs the same few queries whatever the number of goals and actions:
one for the plan row, one for the goals, one for the actions (owners and their organisations joined)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from portal.cases.models import Case, TeamMember
from portal.extensions import db
from portal.orgs.models import User
from portal.plans.models import ActionStatus, Goal, LifeArea, Plan, PlanAction
from portal.policy import CaseAccess
from portal.policy.visibility import action_filter, goal_filter


@dataclass
class GoalWithActions:
    goal: Goal
    actions: list[PlanAction] = field(default_factory=list)


@dataclass
class PlanView:
    areas: list[tuple[str, list[GoalWithActions]]]  # life areas in their fixed order, only those with goals
    actions: list[PlanAction]  # every action this reader sees
    written_on: date | None
    written_by: str | None

    def summary(self, today: date) -> dict[str, int]:
        return {
            "total": len(self.actions),
            "done": sum(action.status == ActionStatus.DONE for action in self.actions),
            "overdue": sum(action.is_overdue(today) for action in self.actions),
        }


def plan_view(access: CaseAccess) -> PlanView:
    case_id = access.case.id
    written = db.session.execute(
        sa.select(Plan.written_with_young_person_on, User.name)
        .outerjoin(User, User.id == Plan.written_confirmed_by_id)
        .where(Plan.case_id == case_id)
    ).first()
    visible_actions = sa.and_(PlanAction.case_id == case_id, action_filter(access))
    goals_query = (
        sa.select(Goal)
        .where(Goal.case_id == case_id, goal_filter(access, visible_actions))
        .order_by(Goal.created_at, Goal.id)
    )
    goals = list(db.session.execute(goals_query).scalars())
    actions = list(
        db.session.execute(
            sa.select(PlanAction)
            .where(visible_actions)
            # Soonest due first, undated last, then in the order they were added.
            .order_by(PlanAction.due_on.is_(None), PlanAction.due_on, PlanAction.id)
        )
        .unique()
        .scalars()
    )
    by_goal = {goal.id: GoalWithActions(goal) for goal in goals}
    for action in actions:
        if action.goal_id in by_goal:
            by_goal[action.goal_id].actions.append(action)
    areas = []
    for area in LifeArea:
        in_area = [item for item in by_goal.values() if item.goal.life_area == area.value]
        if in_area:
            areas.append((area.value, in_area))
    return PlanView(
        areas=areas,
        actions=actions,
        written_on=written[0] if written else None,
        written_by=written[1] if written else None,
    )


def plan_row(case_id: int) -> Plan | None:
    return db.session.execute(sa.select(Plan).where(Plan.case_id == case_id)).scalar_one_or_none()


def goal_in_case(case_id: int, goal_id: int) -> Goal | None:
    return db.session.execute(
        sa.select(Goal).where(Goal.id == goal_id, Goal.case_id == case_id)
    ).scalar_one_or_none()


def action_in_case(case_id: int, action_id: int) -> PlanAction | None:
    query = sa.select(PlanAction).where(PlanAction.id == action_id, PlanAction.case_id == case_id)
    return db.session.execute(query).unique().scalar_one_or_none()


def owner_candidates(case: Case) -> list[User]:
    """Who may own an action: the hub, the deputy and the active team, each once, active accounts only."""
    team = (
        db.session.execute(
            sa.select(User)
            .join(TeamMember, TeamMember.user_id == User.id)
            .where(TeamMember.case_id == case.id, TeamMember.removed_at.is_(None))
            .order_by(User.name, User.id)
        )
        .unique()
        .scalars()
    )
    people = {}
    for user in (case.case_manager, case.deputy, *team):
        if user is not None and user.active:
            people.setdefault(user.id, user)
    return list(people.values())
