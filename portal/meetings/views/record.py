"""The record afterwards: what was said on the timeline, and the agreed actions in the plan."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.meetings import queries, services
from portal.meetings.forms import RecordForm
from portal.meetings.views.blueprint import CASE, bp
from portal.meetings.views.helpers import base_context
from portal.plans.queries import owner_candidates
from portal.policy import Action, CaseAccess, current_actor, requires, reveal
from portal.policy.visibility import allowed_visibilities
from portal.timeline.labels import VISIBILITY_CHOICES
from portal.validation import InvalidInput


@bp.route(f"{CASE}/<int:meeting_id>/record", methods=["GET", "POST"])
@requires(Action.MEETING_MANAGE, case_arg="case_id")
def record(case_id: int, meeting_id: int, access: CaseAccess):
    meeting = queries.visible_meeting(access, meeting_id) or abort(404)
    # The page shows the meeting and the plan's goals and owners: both reads are logged.
    reveal(access, Action.MEETINGS_VIEW, Action.PLAN_VIEW)
    form = _record_form(access, formdata=None if request.method == "GET" else request.form)
    if request.method == "GET":
        return _render_record(access, meeting, form)
    if "more" in request.form and len(form.actions) < form.actions.max_entries:
        form.actions.append_entry()  # one more row, without JavaScript; nothing is saved yet
        return _render_record(access, meeting, form)
    if form.validate():
        try:
            entry = services.write_record(current_actor(), access, meeting, form.data)
        except InvalidInput as error:
            error.attach_to(form)
        else:
            flash(_("The meeting record was saved."), "success")
            return redirect(url_for("timeline.timeline", case_id=case_id, _anchor=f"entry-{entry.id}"))
    return _render_record(access, meeting, form, 422)


def _record_form(access: CaseAccess, formdata) -> RecordForm:
    allowed = allowed_visibilities(access)
    form = RecordForm(formdata=formdata, visibility=allowed[0].value if allowed else None)
    form.visibility.choices = [(v.value, VISIBILITY_CHOICES[v.value]) for v in allowed]
    goals = [("", _("Choose the goal")), *((g.id, g.text) for g in queries.open_goals(access.case.id))]
    owners = [("", _("Choose the owner")), *((u.id, u.name) for u in owner_candidates(access.case))]
    for row in form.actions:
        row.goal_id.choices, row.owner_id.choices = goals, owners
    return form


def _render_record(access: CaseAccess, meeting, form, status: int = 200):
    may_record = services.may_record(meeting)
    page = render_template(
        "meetings/record.html", form=form, meeting=meeting, may_record=may_record, **base_context(access)
    )
    return page, status
