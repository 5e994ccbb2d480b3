from __future__ import annotations

from flask import Blueprint, render_template

from portal.orgs import queries
from portal.policy import Action, requires

bp = Blueprint("orgs", __name__, url_prefix="/admin")


@bp.route("/organisations")
@requires(Action.ADMIN_ORGS)
def organisations():
    return render_template("admin/organisations.html", organisations=queries.all_organisations())


@bp.route("/users")
@requires(Action.ADMIN_USERS)
def users():
    return render_template("admin/users.html", users=queries.all_users())
