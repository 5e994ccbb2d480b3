from __future__ import annotations

from flask import Blueprint, render_template

from portal.cases import queries
from portal.policy import Action, current_actor, requires

bp = Blueprint("cases", __name__, url_prefix="/cases")


@bp.route("/")
@requires(Action.CASE_LIST)
def my_cases():
    return render_template("cases/my_cases.html", cases=queries.my_cases(current_actor()))
