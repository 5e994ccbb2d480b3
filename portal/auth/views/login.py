"""Sign-in with email and password, and sign-out."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth import limits, two_factor
from portal.auth.forms import LoginForm
from portal.auth.oidc import providers
from portal.auth.redirects import safe_next
from portal.auth.services import authenticate, sign_in, start_second_factor
from portal.auth.sessions import end_current_session
from portal.auth.views import bp
from portal.policy import public

NEXT_KEY = "second_factor_next"  # where to go once the second factor is given (views/two_factor.py)


def _login_limit_key() -> str:
    return limits.key_for(request.form.get("email"))


def render_login(form: LoginForm, status: int = 200):
    return render_template("auth/login.html", form=form, providers=providers()), status


@bp.route("/login", methods=["GET", "POST"])
@public
@limits.sign_in_limit(_login_limit_key, lambda response: response.status_code != 302)  # only failures count
def login():
    if current_user.is_authenticated:
        return redirect(url_for("web.home"))
    form = LoginForm(next=request.args.get("next", ""))
    if request.method != "POST":  # GET and HEAD show the form
        return render_login(form)
    if not form.validate():
        return render_login(form, 422)
    user = authenticate(form.email.data, form.password.data)
    if user is None:
        form.form_errors.append(_("Wrong email or password."))
        return render_login(form, 401)
    if two_factor.required_for(user):
        # Password right, not signed in yet: the code page (or enrolment) finishes the sign-in.
        start_second_factor(user)
        session[NEXT_KEY] = safe_next(form.next.data, url_for("web.home"))
        return redirect(url_for("auth.second_factor" if user.totp_secret else "auth.enrol"))
    sign_in(user)
    return redirect(safe_next(form.next.data, url_for("web.home")))


@bp.route("/logout", methods=["POST"])
@public  # ending one's own session needs no right; CSRF still guards it
def logout():
    end_current_session("logout")
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))
