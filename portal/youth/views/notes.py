"""Notes for you: the timeline entries the team chose to share with the young person, newest first.

The staff timeline does not exist for the young person (policy.rules.YOUNG_PERSON_PAGES); this is their
own reading of it. Which entries they see is decided by visibility.entry_rule (only those shared with
them), through the same paged query as the timeline, so a long case costs the same few queries.
"""

from __future__ import annotations

from flask import abort, render_template, request

from portal.policy import Action, CaseAccess, requires, reveal
from portal.timeline import cursor
from portal.timeline.entry_views import Filters
from portal.timeline.queries import timeline_page
from portal.youth.views import bp


@bp.route("/me/<int:case_id>/notes")
@requires(Action.YOUTH_PAGES, case_arg="case_id")
def notes(case_id: int, access: CaseAccess):
    try:
        before = cursor.decode(request.args["before"]) if request.args.get("before") else None
    except cursor.BadCursor:
        abort(400)  # as on the timeline: a broken "older notes" link is refused, not restarted
    reveal(access, Action.TIMELINE_VIEW)
    return render_template(
        "youth/notes.html",
        access=access,
        case=access.case,
        notes=timeline_page(access, Filters(before=before)),
    )
