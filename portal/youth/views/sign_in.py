"""Passwordless sign-in for young people: ask for a link by mail or a code by SMS, then use it.

Asking answers the same whether or not the address or number belongs to anyone (no account discovery).
Opening a link moves its secret out of the address bar at once (into the session, then a clean URL);
signing in takes a press of "Continue", so a mail system that opens links to scan them uses up nothing.
"""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from portal.auth import limits
from portal.extensions import limiter
from portal.policy import public
from portal.youth import sign_in
from portal.youth.forms import CodeForm, CodeRequestForm, ContinueForm, LinkRequestForm
from portal.youth.views import bp

PENDING_LINK = "sign_in_link"  # session keys: the link being used, the code token being checked
PENDING_CODE = "sign_in_code"
REFUSAL_STATUS = {"unknown": 400, "used": 410, "expired": 410, "too_many": 429}


def _refused(reason: str):
    page = render_template("youth/sign_in_refused.html", reason=reason)
    return page, REFUSAL_STATUS.get(reason, 400)


@bp.route("/sign-in/link/new", methods=["GET", "POST"])
@public  # for people who are not signed in yet; the answer never tells whether the address is known
@limits.link_request_limit
def request_link():
    form = LinkRequestForm()
    if request.method == "POST":
        if not form.validate():
            return render_template("youth/request_link.html", form=form), 422
        sign_in.send_link(form.email.data)
        return redirect(url_for("youth.link_sent"))
    return render_template("youth/request_link.html", form=form)


@bp.route("/sign-in/link/sent")
@public  # says only "if this address is known, a link is on its way"
def link_sent():
    return render_template("youth/link_sent.html", minutes=current_app.config["SIGN_IN_TOKEN_MINUTES"])


@bp.route("/sign-in/link/<secret>")
@public  # the secret in the link is the authority; nothing is used up by opening it
def open_link(secret: str):
    try:
        sign_in.check_link(secret)
    except sign_in.Refused as refusal:
        return _refused(refusal.reason)
    session[PENDING_LINK] = secret
    return redirect(url_for("youth.continue_link"), 303)  # the secret leaves the address bar and history


@bp.route("/sign-in/link", methods=["GET", "POST"])
@public  # finishes a sign-in begun by a valid link in this browser's session
def continue_link():
    form = ContinueForm()
    secret = session.get(PENDING_LINK)
    if not secret:
        return _refused("unknown")
    if request.method == "POST":
        if not form.validate():
            return _refused("unknown")
        session.pop(PENDING_LINK, None)
        try:
            sign_in.use_link(secret)
        except sign_in.Refused as refusal:
            return _refused(refusal.reason)
        return redirect(url_for("youth.start"))
    try:
        sign_in.check_link(secret)
    except sign_in.Refused as refusal:
        session.pop(PENDING_LINK, None)
        return _refused(refusal.reason)
    return render_template("youth/continue_link.html", form=form)


@bp.route("/sign-in/code/new", methods=["GET", "POST"])
@public  # as request_link, by SMS
@limits.link_request_limit
def request_code():
    form = CodeRequestForm()
    if request.method == "POST":
        if not form.validate():
            return render_template("youth/request_code.html", form=form), 422
        # 0 when nobody has the number: the next page looks the same, and every code is refused.
        session[PENDING_CODE] = sign_in.send_code(form.phone.data) or 0
        return redirect(url_for("youth.enter_code"))
    return render_template("youth/request_code.html", form=form)


@bp.route("/sign-in/code", methods=["GET", "POST"])
@public  # the code, checked against the token this browser asked for, is the authority
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"],
    methods=["POST"],
    # Only wrong or refused codes count, not an empty form: guessing is what the limit is for.
    deduct_when=lambda response: response.status_code not in (200, 302, 422),
)
def enter_code():
    form = CodeForm()
    minutes = current_app.config["SIGN_IN_TOKEN_MINUTES"]
    if request.method == "POST":
        if not form.validate():
            return render_template("youth/enter_code.html", form=form, minutes=minutes), 422
        try:
            sign_in.use_code(session.get(PENDING_CODE), form.code.data)
        except sign_in.Refused as refusal:
            if refusal.reason != "wrong":
                session.pop(PENDING_CODE, None)
                return _refused(refusal.reason)
            form.code.errors = [*form.code.errors, _("That code did not work. Check the SMS and try again.")]
            # 401 commits (portal/__init__.py): the wrong guess is counted against the code.
            return render_template("youth/enter_code.html", form=form, minutes=minutes), 401
        return redirect(url_for("youth.start"))
    return render_template("youth/enter_code.html", form=form, minutes=minutes)
