"""Writes on the plan. Each change writes an audit event (who, what, before and after) and a plan-change
entry on the timeline, in the request's transaction; the request commits once."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _

from portal.audit.events import record_change
from portal.extensions import db
from portal.i18n import local_today
from portal.plans import queries
from portal.plans.labels import plan_label
from portal.plans.models import ActionStatus, Goal, GoalStatus, LifeArea, Plan, PlanAction
from portal.policy import Actor, CaseAccess
from portal.timeline.models import EntryKind, Visibility
from portal.timeline.services import record_entry
from portal.validation import InvalidInput


def _on_timeline(actor: Actor, case_id: int, body: str) -> None:
    # Plan changes go to the whole team: the plan is shared. NB the timeline narrows by the *timeline*
    # consent (visibility.entry_rule), so these bodies reach readers without the plan consent too.
    record_entry(actor, case_id, kind=EntryKind.PLAN_CHANGE, body=body, visibility=Visibility.TEAM)


def _check(value: str, allowed, field: str, message: str) -> None:
    """Services refuse codes the database would refuse, whatever form (or none) the caller used."""
    if value not in {member.value for member in allowed}:
        raise InvalidInput(field, message)


def _owner(access: CaseAccess, owner_id: int | None):
    for person in queries.owner_candidates(access.case):
        if person.id == owner_id:
            return person
    raise InvalidInput("owner_id", _("Choose someone on the team, the case manager or the deputy."))


def add_goal(actor: Actor, access: CaseAccess, life_area: str, text: str) -> Goal:
    _check(life_area, LifeArea, "life_area", _("Choose one of the life areas."))
    goal = Goal(case_id=access.case.id, life_area=life_area, text=text, created_by_id=actor.user_id)
    db.session.add(goal)
    db.session.flush()
    record_change(
        actor, "plan.goal_add", "goal", goal.id, case_id=goal.case_id, life_area=life_area, text=text
    )
    _on_timeline(
        actor,
        goal.case_id,
        _('Goal "%(text)s" added (%(area)s)', text=text, area=plan_label("life_area", life_area)),
    )
    return goal


def update_goal(actor: Actor, access: CaseAccess, goal: Goal, life_area: str, text: str, status: str) -> bool:
    """Change a goal; False when nothing changed (then nothing is recorded either)."""
    _check(life_area, LifeArea, "life_area", _("Choose one of the life areas."))
    _check(status, GoalStatus, "status", _("Choose one of the statuses."))
    before = {"life_area": goal.life_area, "text": goal.text, "status": goal.status}
    after = {"life_area": life_area, "text": text, "status": status}
    changed = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if not changed:
        return False
    goal.life_area, goal.text, goal.status = life_area, text, status
    record_change(actor, "plan.goal_edit", "goal", goal.id, case_id=goal.case_id, changed=changed)
    if "status" in changed:
        body = _(
            'Goal "%(text)s" marked %(status)s', text=text, status=plan_label("goal_status", status).lower()
        )
    else:
        body = _('Goal "%(text)s" changed', text=text)
    _on_timeline(actor, goal.case_id, body)
    return True


def add_action(
    actor: Actor, access: CaseAccess, goal: Goal, text: str, owner_id: int | None, due_on: date | None
) -> PlanAction:
    owner = _owner(access, owner_id)
    action = PlanAction(
        goal_id=goal.id,
        case_id=goal.case_id,
        text=text,
        owner_id=owner.id,
        owner_organisation_id=owner.organisation_id,  # the organisation it is owned for, kept as it was
        due_on=due_on,
        status=ActionStatus.PLANNED.value,
    )
    db.session.add(action)
    db.session.flush()
    record_change(
        actor,
        "plan.action_add",
        "plan_action",
        action.id,
        case_id=action.case_id,
        goal_id=goal.id,
        text=text,
        owner_id=owner.id,
        due_on=due_on.isoformat() if due_on else None,
    )
    _on_timeline(
        actor, action.case_id, _('Action "%(text)s" added, owner %(owner)s', text=text, owner=owner.name)
    )
    return action


def _set_status(action: PlanAction, status: str) -> None:
    """Done fills the done date; leaving done clears it, so the date always means 'done since'."""
    if status == ActionStatus.DONE and action.status != ActionStatus.DONE:
        action.done_on = local_today()
    elif status != ActionStatus.DONE:
        action.done_on = None
    action.status = status


def update_action(
    actor: Actor,
    access: CaseAccess,
    action: PlanAction,
    text: str,
    owner_id: int | None,
    due_on: date | None,
    status: str,
) -> bool:
    """Change an action; False when nothing changed (then nothing is recorded either)."""
    _check(status, ActionStatus, "status", _("Choose one of the statuses."))
    changed = {}
    if owner_id != action.owner_id:
        owner = _owner(access, owner_id)
        changed["owner_id"] = [action.owner_id, owner.id]
        action.owner_id, action.owner_organisation_id = owner.id, owner.organisation_id
    elif owner_id not in {person.id for person in queries.owner_candidates(access.case)}:
        # The owner has left the team since: the action needs a new owner before it can be saved.
        raise InvalidInput("owner_id", _("This person is no longer on the team. Choose a new owner."))
    if text != action.text:
        changed["text"] = [action.text, text]
        action.text = text
    if due_on != action.due_on:
        changed["due_on"] = [_iso(action.due_on), _iso(due_on)]
        action.due_on = due_on
    if status != action.status:
        changed["status"] = [action.status, status]
        _set_status(action, status)
    if not changed:
        return False
    record_change(
        actor, "plan.action_edit", "plan_action", action.id, case_id=action.case_id, changed=changed
    )
    _on_timeline(actor, action.case_id, _describe_action_change(action, changed))
    return True


def update_action_status(actor: Actor, access: CaseAccess, action: PlanAction, status: str) -> bool:
    """The owner's (or the hub's) status update; False when the status was already that."""
    _check(status, ActionStatus, "status", _("Choose one of the statuses."))
    if status == action.status:
        return False
    before = action.status
    _set_status(action, status)
    record_change(
        actor,
        "plan.action_status",
        "plan_action",
        action.id,
        case_id=action.case_id,
        before=before,
        after=status,
        done_on=_iso(action.done_on),
    )
    _on_timeline(actor, action.case_id, _describe_status(action))
    return True


def mark_written_together(actor: Actor, access: CaseAccess, written_on: date) -> Plan:
    """Record when the plan was written together with the young person (one plan row per case)."""
    if written_on > local_today():
        raise InvalidInput("written_on", _("This date cannot be in the future."))
    plan = queries.plan_row(access.case.id)
    if plan is None:
        plan = Plan(case_id=access.case.id)
        db.session.add(plan)
    before = plan.written_with_young_person_on
    if before == written_on:
        return plan  # the same date again changes nothing
    plan.written_with_young_person_on, plan.written_confirmed_by_id = written_on, actor.user_id
    db.session.flush()
    record_change(
        actor,
        "plan.written_together",
        "plan",
        plan.id,
        case_id=access.case.id,
        before=_iso(before),
        after=written_on.isoformat(),
    )
    _on_timeline(
        actor,
        access.case.id,
        _("The plan was written together with the young person on %(date)s", date=format_date(written_on)),
    )
    return plan


def _describe_status(action: PlanAction) -> str:
    return _(
        'Action "%(text)s" marked %(status)s',
        text=action.text,
        status=plan_label("action_status", action.status).lower(),
    )


def _describe_action_change(action: PlanAction, changed: dict) -> str:
    if set(changed) == {"status"}:
        return _describe_status(action)
    return _('Action "%(text)s" changed', text=action.text)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
