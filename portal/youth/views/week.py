"""My week: the week plan and to-do list the young person and their team both add to; the young person
ticks tasks off (in place with htmx, or a plain form and a redirect without JavaScript). The team sees
the same week, with its progress, under the case (/cases/<id>/week)."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from portal.i18n import local_today
from portal.policy import Action, reveal
from portal.policy import requires as requires_access  # `week` is a view name here
from portal.validation import InvalidInput
from portal.web.htmx import is_htmx, render_page_or_fragment
from portal.youth import queries, services
from portal.youth.forms import DoneForm, TaskForm
from portal.youth.views import bp

# who -> (page template, the page's endpoint, where its form adds a task)
PAGES = {
    "youth": ("youth/week.html", "youth.week", "youth.week"),
    "team": ("youth/case_week.html", "youth.case_week", "youth.case_add_task"),
}


def _monday(raw: str | None) -> date:
    try:
        chosen = date.fromisoformat(raw) if raw else local_today()
    except ValueError:
        chosen = local_today()
    return queries.monday_of(chosen)


def _render(access, who: str, form: TaskForm, monday: date, status: int = 200):
    reveal(access, Action.WEEK_VIEW)
    page, endpoint, add_endpoint = PAGES[who]
    week = queries.week(access.case.id, monday)
    form.week.data = monday.isoformat()
    return render_page_or_fragment(
        page,
        "youth/_week.html",
        status,
        access=access,
        case=access.case,
        week=week,
        form=form,
        done_form=DoneForm(),
        endpoint=endpoint,
        add_endpoint=add_endpoint,
        today=local_today(),
        may_tick=access.decide(Action.WEEK_TICK).allowed,
    )


def _add(access, who: str):
    form = TaskForm()
    monday = _monday(request.form.get("week"))
    if form.validate():
        try:
            services.add_task(access.actor, access, form.text.data, form.day.data, monday)
        except InvalidInput as error:
            error.attach_to(form)
        else:
            flash(_("Added to your week.") if who == "youth" else _("Added to the week."), "success")
            return redirect(url_for(PAGES[who][1], case_id=access.case.id, week=monday.isoformat()))
    return _render(access, who, form, monday, 422)


@bp.route("/me/<int:case_id>/week", methods=["GET", "POST"])
@requires_access(Action.YOUTH_PAGES, case_arg="case_id")
def week(case_id: int, access):
    if request.method == "POST":
        return _add(access, "youth")
    return _render(access, "youth", TaskForm(), _monday(request.args.get("week")))


@bp.route("/me/<int:case_id>/week/<int:task_id>/done", methods=["POST"])
@requires_access(Action.WEEK_TICK, case_arg="case_id")
def tick(case_id: int, task_id: int, access):
    task = queries.task_in_case(access.case.id, task_id)
    if task is None:
        abort(404)
    form = DoneForm()
    if not form.validate() or form.done.data not in ("0", "1"):
        abort(422)
    services.set_done(access.actor, access, task, form.done.data == "1")
    monday = queries.monday_of(task.day) if task.day else _monday(request.form.get("week"))
    if is_htmx():
        return _render(access, "youth", TaskForm(), monday)
    return redirect(url_for("youth.week", case_id=access.case.id, week=monday.isoformat()))


@bp.route("/cases/<int:case_id>/week")
@requires_access(Action.WEEK_TEAM, case_arg="case_id")
def case_week(case_id: int, access):
    return _render(access, "team", TaskForm(), _monday(request.args.get("week")))


@bp.route("/cases/<int:case_id>/week", methods=["POST"], endpoint="case_add_task")
@requires_access(Action.WEEK_TEAM, case_arg="case_id")
def case_add_task(case_id: int, access):
    return _add(access, "team")
