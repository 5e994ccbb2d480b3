from __future__ import annotations

from flask import Blueprint, redirect, url_for
from flask_login import current_user

from portal.orgs.models import Role
from portal.policy import public

bp = Blueprint("web", __name__)


@bp.route("/")
@public  # only redirects: to sign-in, or to the signed-in user's start page
def home():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if current_user.role == Role.ADMIN:
        return redirect(url_for("orgs.users"))
    return redirect(url_for("cases.my_cases"))


@bp.route("/healthz")
@public  # for the load balancer; says nothing about data
def healthz():
    return {"status": "ok"}
