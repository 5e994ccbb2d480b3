"""Activating an account from an administrator's invitation: choose a password, then sign in.

Opening the link moves its secret out of the address bar at once (into the signed session cookie, then a
clean URL), so it is not left in history or sent on in a Referer. Nothing is used up by opening it: a mail
system that opens links to scan them does no harm. The link is used up only when a password that passes
the rules (portal/auth/password_rules.py) is saved. Then the person is signed in as at any sign-in: case
managers and administrators go on to set up their authenticator app (the enrolment step of sign-in).
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _

from portal.auth import activation, two_factor
from portal.auth.forms import NewPasswordForm
from portal.auth.services import sign_in, start_second_factor
from portal.auth.tokens import Refused
from portal.auth.views import bp
from portal.auth.views.login import NEXT_KEY
from portal.policy import public
from portal.validation import InvalidInput

PENDING = "activation_link"  # session key: the secret of the link being used
REFUSAL_STATUS = {"unknown": 400, "used": 410, "expired": 410}


def _refused(reason: str):
    page = render_template(
        "auth/activation_refused.html", reason=reason, hours=current_app.config["ACTIVATION_HOURS"]
    )
    return page, REFUSAL_STATUS.get(reason, 400)


@bp.route("/activate/<secret>")
@public  # the secret in the link is the authority; opening it uses nothing up
def open_activation(secret: str):
    try:
        activation.check(secret)
    except Refused as refusal:
        return _refused(refusal.reason)
    session[PENDING] = secret
    return redirect(url_for("auth.activate"), 303)


@bp.route("/activate", methods=["GET", "POST"])
@public  # finishes an activation begun by a valid link in this browser's session
def activate():
    secret = session.get(PENDING)
    if not secret:
        return _refused("unknown")
    try:
        user = activation.check(secret)
    except Refused as refusal:
        session.pop(PENDING, None)
        return _refused(refusal.reason)
    form = NewPasswordForm()
    if not form.is_submitted():
        return render_template("auth/activate.html", form=form, user=user)
    if form.validate():
        try:
            activation.activate(secret, form.new_password.data)
        except InvalidInput as error:
            error.attach_to(form)
        except Refused as refusal:  # used up in another tab meanwhile
            session.pop(PENDING, None)
            return _refused(refusal.reason)
        else:
            return _sign_in(user)
    return render_template("auth/activate.html", form=form, user=user), 422


def _sign_in(user):
    """As the sign-in form does after a right password (a fresh session either way: no fixation)."""
    home = url_for("web.home")
    if two_factor.required_for(user):
        start_second_factor(user)  # clears the session, the link's secret with it
        session[NEXT_KEY] = home
        return redirect(url_for("auth.second_factor" if user.totp_secret else "auth.enrol"))
    sign_in(user, method="activation")
    flash(_("Your password is saved. Welcome to Soffa."), "success")
    return redirect(home)
