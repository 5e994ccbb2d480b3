"""The plan of a case: goals by life area, each with its actions.

The hub edits everything (plain forms, redirect after saving). An action's owner updates its status in
place with htmx: the row swaps and `plan-changed` lets the summary refresh; without JavaScript the same
form posts and redirects back. Every answer that shows plan content is access-logged (policy.reveal).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.i18n import local_today
from portal.plans import queries, services
from portal.plans.forms import (
    ActionEditForm,
    ActionForm,
    ActionStatusForm,
    GoalEditForm,
    GoalForm,
    WrittenTogetherForm,
)
from portal.plans.labels import ACTION_STATUS_CHOICES, plan_label
from portal.policy import Action, CaseAccess, current_actor, requires, reveal
from portal.policy.visibility import may_update_action
from portal.validation import InvalidInput
from portal.web.events import Event
from portal.web.htmx import is_htmx, render_page_or_fragment

bp = Blueprint("plans", __name__, url_prefix="/cases/<int:case_id>/plan")


@bp.route("")
@requires(Action.PLAN_VIEW, case_arg="case_id")
def plan(case_id: int, access: CaseAccess):
    # An htmx GET (the summary refreshing on plan-changed) gets the plan region only.
    return render_page_or_fragment("plans/plan.html", "plans/_plan.html", **_plan_context(access))


@bp.route("/goals", methods=["POST"])
@requires(Action.PLAN_EDIT, case_arg="case_id")
def add_goal(case_id: int, access: CaseAccess):
    form = GoalForm()
    if form.validate():
        try:
            goal = services.add_goal(current_actor(), access, form.life_area.data, form.text.data)
        except InvalidInput as error:
            error.attach_to(form)
        else:
            flash(_("The goal was added. Next: add its actions."), "success")
            return redirect(url_for("plans.plan", case_id=case_id, _anchor=f"goal-{goal.id}"))
    return _render_plan(access, status=422, goal_form=form)


@bp.route("/written", methods=["POST"])
@requires(Action.PLAN_EDIT, case_arg="case_id")
def mark_written(case_id: int, access: CaseAccess):
    form = WrittenTogetherForm()
    if form.validate():
        try:
            services.mark_written_together(current_actor(), access, form.written_on.data)
        except InvalidInput as error:
            error.attach_to(form)
        else:
            flash(_("Saved: the plan was written together with the young person."), "success")
            return redirect(url_for("plans.plan", case_id=case_id))
    return _render_plan(access, status=422, written_form=form)


@bp.route("/goals/<int:goal_id>/edit", methods=["GET", "POST"])
@requires(Action.PLAN_EDIT, case_arg="case_id")
def edit_goal(case_id: int, goal_id: int, access: CaseAccess):
    goal = queries.goal_in_case(case_id, goal_id) or abort(404)
    form = GoalEditForm(obj=_shown_on_get(goal))
    if form.is_submitted():
        if form.validate():
            try:
                changed = services.update_goal(
                    current_actor(), access, goal, form.life_area.data, form.text.data, form.status.data
                )
            except InvalidInput as error:
                error.attach_to(form)
            else:
                _flash_saved(changed, _("The goal was saved."))
                return redirect(url_for("plans.plan", case_id=case_id, _anchor=f"goal-{goal.id}"))
        return _render_form(access, "plans/goal_form.html", 422, form=form, goal=goal)
    return _render_form(access, "plans/goal_form.html", form=form, goal=goal)


@bp.route("/goals/<int:goal_id>/actions/new", methods=["GET", "POST"])
@requires(Action.PLAN_EDIT, case_arg="case_id")
def add_action(case_id: int, goal_id: int, access: CaseAccess):
    goal = queries.goal_in_case(case_id, goal_id) or abort(404)
    form = _with_owners(ActionForm(), access)
    if form.is_submitted():
        if form.validate():
            try:
                action = services.add_action(
                    current_actor(), access, goal, form.text.data, form.owner_id.data, form.due_on.data
                )
            except InvalidInput as error:
                error.attach_to(form)
            else:
                flash(_("The action was added."), "success")
                return redirect(url_for("plans.plan", case_id=case_id, _anchor=f"action-{action.id}"))
        return _render_form(access, "plans/action_form.html", 422, form=form, goal=goal, action=None)
    return _render_form(access, "plans/action_form.html", form=form, goal=goal, action=None)


@bp.route("/actions/<int:action_id>/edit", methods=["GET", "POST"])
@requires(Action.PLAN_EDIT, case_arg="case_id")
def edit_action(case_id: int, action_id: int, access: CaseAccess):
    action = queries.action_in_case(case_id, action_id) or abort(404)
    goal = queries.goal_in_case(case_id, action.goal_id) or abort(404)
    form = _with_owners(ActionEditForm(obj=_shown_on_get(action)), access, current_owner=action.owner)
    context = {"form": form, "goal": goal, "action": action}
    if form.is_submitted():
        if form.validate():
            try:
                changed = services.update_action(
                    current_actor(),
                    access,
                    action,
                    form.text.data,
                    form.owner_id.data,
                    form.due_on.data,
                    form.status.data,
                )
            except InvalidInput as error:
                error.attach_to(form)
            else:
                _flash_saved(changed, _("The action was saved."))
                return redirect(url_for("plans.plan", case_id=case_id, _anchor=f"action-{action.id}"))
        return _render_form(access, "plans/action_form.html", 422, **context)
    return _render_form(access, "plans/action_form.html", **context)


@bp.route("/actions/<int:action_id>/status", methods=["POST"])
@requires(Action.PLAN_ACTION_UPDATE, case_arg="case_id")
def update_action_status(case_id: int, action_id: int, access: CaseAccess):
    action = queries.action_in_case(case_id, action_id) or abort(404)
    if not may_update_action(access, action):
        abort(403)  # in scope, but not an action of theirs
    form = ActionStatusForm()
    if form.validate():
        try:
            changed = services.update_action_status(current_actor(), access, action, form.status.data)
        except InvalidInput as error:
            error.attach_to(form)
        else:
            if is_htmx():
                return _render_row(access, action, trigger=[Event.PLAN_CHANGED] if changed else None)
            _flash_saved(changed, _("The status was saved."))
            return redirect(url_for("plans.plan", case_id=case_id, _anchor=f"action-{action.id}"))
    if is_htmx():
        return _render_row(access, action, status=422, errors=form.status.errors)
    return _render_plan(access, status=422, row_errors={action.id: form.status.errors})


def _flash_saved(changed: bool, message: str) -> None:
    if changed:
        flash(message, "success")
    else:
        flash(_("Nothing was changed."), "info")


def _plan_context(access: CaseAccess, **extra) -> dict:
    view = queries.plan_view(access)
    today = local_today()
    updatable = {action.id for action in view.actions if may_update_action(access, action)}
    row_context = _row_context(access, today)
    context = {
        **row_context,
        "plan": view,
        "updatable": updatable,
        # The last column holds the controls; it exists only for readers who can use some of them.
        "show_controls": bool(updatable) or row_context["may_edit"],
        "summary": view.summary(today),
        "row_errors": {},
        **extra,
    }
    if access.decide(Action.PLAN_EDIT).allowed:
        context.setdefault("goal_form", GoalForm(formdata=None))
        context.setdefault(
            "written_form", WrittenTogetherForm(formdata=None, written_on=view.written_on or today)
        )
    return context


def _row_context(access: CaseAccess, today) -> dict:
    return {
        "access": access,
        "case": access.case,
        "today": today,
        "plan_label": plan_label,
        "status_choices": ACTION_STATUS_CHOICES,
        "may_edit": access.decide(Action.PLAN_EDIT).allowed,
    }


def _render_plan(access: CaseAccess, status: int = 200, **extra):
    """The whole plan page again, e.g. a form with its errors; what it shows is access-logged."""
    reveal(access, Action.PLAN_VIEW)
    return render_template("plans/plan.html", **_plan_context(access, **extra)), status


def _render_row(access: CaseAccess, action, status: int = 200, trigger=None, errors=()):
    """One action's row for htmx to swap in place."""
    reveal(access, Action.PLAN_VIEW)
    return render_page_or_fragment(
        "plans/plan.html",
        "plans/_action_row.html",
        status=status,
        trigger=trigger,
        action=action,
        updatable={action.id},
        show_controls=True,
        row_errors={action.id: list(errors)},
        **_row_context(access, local_today()),
    )


def _render_form(access: CaseAccess, template: str, status: int = 200, **context):
    # The form shows the goal (and the action) it is about: plan content, so the read is logged.
    reveal(access, Action.PLAN_VIEW)
    return render_template(
        template, access=access, case=access.case, plan_label=plan_label, **context
    ), status


def _shown_on_get(obj):
    """Edit forms start from the stored values when shown; a post must carry every field itself
    (a missing field is an error, not a silent 'keep what was there')."""
    return obj if request.method == "GET" else None


def _with_owners(form, access: CaseAccess, current_owner=None):
    case = access.case
    people = queries.owner_candidates(case)
    roles = {case.case_manager_id: _("case manager"), case.deputy_id: _("deputy")}
    choices = [("", _("Choose the owner"))]
    for person in people:
        organisation = person.organisation.name if person.organisation else ""
        role = f", {roles[person.id]}" if person.id in roles else ""
        choices.append((person.id, f"{person.name} ({organisation}{role})"))
    if current_owner is not None and current_owner.id not in {person.id for person in people}:
        # Kept visible so the hub sees who owned it; saving asks for a new owner.
        choices.append((current_owner.id, _("%(name)s (no longer on the team)", name=current_owner.name)))
    form.owner_id.choices = choices
    return form
