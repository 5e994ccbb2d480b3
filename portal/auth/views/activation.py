"""Activating an account from an administrator's invitation: choose a password, then sign in.

The two pages are views/link_pages.py's (the secret leaves the address bar; only a saved password uses the
link up). Then the person is signed in as at any sign-in: case managers and administrators go on to set up
their authenticator app (the enrolment step of sign-in).
"""

from __future__ import annotations

from flask import current_app, flash, redirect, session, url_for
from flask_babel import gettext as _

from portal.auth import activation, two_factor
from portal.auth.services import sign_in, start_second_factor
from portal.auth.views import bp
from portal.auth.views.link_pages import LinkPages
from portal.auth.views.login import NEXT_KEY
from portal.policy import public

PAGES = LinkPages(
    check=activation.LINK.check,
    set_password=activation.activate,
    pending_key="activation_link",
    form_endpoint="auth.activate",
    form_template="auth/activate.html",
    refused_template="auth/activation_refused.html",
    refused_values=lambda: {"hours": current_app.config["ACTIVATION_HOURS"]},
)


@bp.route("/activate/<secret>")
@public  # the secret in the link is the authority; opening it uses nothing up
def open_activation(secret: str):
    return PAGES.open(secret)


@bp.route("/activate", methods=["GET", "POST"])
@public  # finishes an activation begun by a valid link in this browser's session
def activate():
    return PAGES.choose(done=_sign_in)


def _sign_in(user):
    """As the sign-in form does after a right password (a fresh session either way: no fixation)."""
    home = url_for("web.home")
    if two_factor.required_for(user):
        start_second_factor(user)  # clears the session
        session[NEXT_KEY] = home
        return redirect(url_for("auth.second_factor" if user.totp_secret else "auth.enrol"))
    sign_in(user, method="activation")
    flash(_("Your password is saved. Welcome to Soffa."), "success")
    return redirect(home)
