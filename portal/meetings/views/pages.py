"""Reading meetings while signed in: the list, one meeting, and its calendar file."""

from __future__ import annotations

from flask import abort, render_template

from portal.meetings import queries
from portal.meetings.views.blueprint import CASE, bp
from portal.meetings.views.helpers import answer_links, base_context, calendar_file, manages, meeting_context
from portal.policy import Action, CaseAccess, requires


@bp.route(CASE)
@requires(Action.MEETINGS_VIEW, case_arg="case_id")
def meetings(case_id: int, access: CaseAccess):
    page = queries.meetings_page(access, with_delivery=manages(access))
    links = answer_links(access, page.upcoming)
    return render_template("meetings/meetings.html", page=page, answer_links=links, **base_context(access))


@bp.route(f"{CASE}/<int:meeting_id>")
@requires(Action.MEETINGS_VIEW, case_arg="case_id")
def meeting(case_id: int, meeting_id: int, access: CaseAccess):
    view = queries.meeting_view(access, meeting_id, with_delivery=manages(access)) or abort(404)
    return render_template("meetings/meeting.html", **meeting_context(access, view))


@bp.route(f"{CASE}/<int:meeting_id>.ics")
@requires(Action.MEETINGS_VIEW, case_arg="case_id")
def meeting_ics(case_id: int, meeting_id: int, access: CaseAccess):
    meeting = queries.visible_meeting(access, meeting_id) or abort(404)
    return calendar_file(meeting)
