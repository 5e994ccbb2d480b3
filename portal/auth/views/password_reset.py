"""A forgotten password: ask for a link on the sign-in page, open it, choose a new password, sign in again.

Asking answers the same whatever the address (known or not, with a password or not: see
portal/auth/password_reset.py for who gets a mail), and is rate-limited the same either way
(portal/auth/limits.py). The link's two pages are views/link_pages.py's. Saving the new password signs
nobody in: every session of the account ends, and the person signs in on the sign-in page with the new
password and, where their role needs it, the code from their authenticator app.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.auth import limits, password_reset
from portal.auth.forms import ForgotPasswordForm
from portal.auth.views import bp
from portal.auth.views.link_pages import LinkPages
from portal.policy import public


def _minutes() -> dict:
    return {"minutes": current_app.config["PASSWORD_RESET_MINUTES"]}


PAGES = LinkPages(
    check=password_reset.LINK.check,
    set_password=password_reset.reset,
    pending_key="password_reset_link",
    form_endpoint="auth.reset_password",
    form_template="auth/reset_password.html",
    refused_template="auth/reset_refused.html",
    refused_values=_minutes,
)


@bp.route("/password/forgot", methods=["GET", "POST"])
@public  # for people who cannot sign in; the answer never tells whether the address is known
@limits.link_request_limit
def forgot_password():
    form = ForgotPasswordForm()
    if request.method != "POST":
        return render_template("auth/forgot_password.html", form=form, **_minutes())
    if not form.validate():
        return render_template("auth/forgot_password.html", form=form, **_minutes()), 422
    password_reset.request_by_email(form.email.data)
    return redirect(url_for("auth.forgot_password_sent"))


@bp.route("/password/forgot/sent")
@public  # says only "if this address may have a link, it is on its way"
def forgot_password_sent():
    return render_template("auth/forgot_password_sent.html", **_minutes())


@bp.route("/password/reset/<secret>")
@public  # the secret in the link is the authority; opening it uses nothing up
def open_password_reset(secret: str):
    return PAGES.open(secret)


@bp.route("/password/reset", methods=["GET", "POST"])
@public  # finishes a reset begun by a valid link in this browser's session
def reset_password():
    return PAGES.choose(done=_sign_in_again)


def _sign_in_again(user):
    flash(_("Your new password is saved, and you are signed out everywhere. Sign in with it."), "success")
    return redirect(url_for("auth.login"))
