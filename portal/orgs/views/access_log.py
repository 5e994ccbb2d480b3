"""Administration: the access-log review (who read which case section), by case number only."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _

from portal.orgs import queries
from portal.orgs.forms import (
    AccessLogFilterForm,
    organisation_choices,
)
from portal.orgs.views import LABELS, bp
from portal.policy import Action, requires


@bp.route("/access-log")
@requires(Action.ADMIN_ACCESS_LOG)
def access_log():
    """Who read which case section, newest first. Reading this page is not case content: no log row."""
    filters = AccessLogFilterForm(formdata=request.args)
    filters.org.choices = organisation_choices(queries.all_organisations(), _("All organisations"))
    filters.validate()
    criteria = {
        "user_id": None if filters.user.errors else filters.user.data,
        "reader": None if filters.reader.errors else (filters.reader.data or None),
        "organisation_id": None if filters.org.errors else filters.org.data,
        "outside_team_only": bool(filters.outside_team.data),
    }
    page = queries.access_log_page(before=request.args.get("before", type=int), **criteria)
    # The paging links keep the filters: only the ones set, so the URLs stay readable.
    kept = {
        "user": criteria["user_id"],
        "reader": criteria["reader"],
        "org": criteria["organisation_id"],
        "outside_team": "y" if criteria["outside_team_only"] else None,
    }
    kept = {key: value for key, value in kept.items() if value is not None}
    return render_template(
        "admin/access_log.html",
        page=page,
        filters=filters,
        older_url=url_for("orgs.access_log", **kept, before=page.next_before) if page.next_before else None,
        newest_url=url_for("orgs.access_log", **kept) if "before" in request.args else None,
        **LABELS,
    )
