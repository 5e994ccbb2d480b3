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
    if current_user.role == Role.YOUNG_PERSON:
        return redirect(url_for("youth.start"))  # the young person's own pages, not the staff case list
    return redirect(url_for("cases.my_cases"))


@bp.route("/healthz")
@public  # for the load balancer; says nothing about data
def healthz():
    return {"status": "ok"}


@public  # benchmark only: does nothing, measures the stack's ceiling; added by wsgi.py when SOFFA_BENCH=1
def bare():
    return "ok", 200, {"Content-Type": "text/plain"}


def add_bench_route(app) -> None:
    """`/_bare` for scripts/bench. Never on the blueprint: an app made without SOFFA_BENCH=1 (the tests'
    app included) has no such URL, so it needs no row in the access table."""
    app.add_url_rule("/_bare", "bench_bare", bare)
