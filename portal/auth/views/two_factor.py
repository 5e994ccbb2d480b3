"""The second step of a password sign-in: the code from the authenticator app, or enrolling one.

Both pages belong to a half-signed-in browser (a pending session row, portal/auth/sessions.py); anyone
else is sent back to the sign-in page. Wrong codes count against the same rate-limit counter as wrong
passwords (per address and account, portal/auth/limits.py) and are logged and audited.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth import limits, two_factor
from portal.auth.forms import EnrolForm, SecondFactorForm
from portal.auth.redirects import safe_next
from portal.auth.services import SECOND_FACTOR_USER
from portal.auth.sessions import pending_session
from portal.auth.views import bp
from portal.auth.views.login import NEXT_KEY
from portal.policy import Action, public, requires

ENROL_SECRET = "totp_enrol_secret"  # noqa: S105 - a session key, not a secret
CODES_ONCE = "recovery_codes_once"


def _code_limit_key() -> str:
    # The sign-in form's key (address and the account's email): one counter for passwords and codes.
    return limits.key_for(session.get(SECOND_FACTOR_USER))


def _limited(view):
    return limits.sign_in_limit(_code_limit_key, lambda response: response.status_code != 302)(view)


def _not_half_signed_in():
    if current_user.is_authenticated:
        return redirect(url_for("web.home"))
    return redirect(url_for("auth.login"))


def _next_url() -> str:
    return safe_next(session.get(NEXT_KEY), url_for("web.home"))


@bp.route("/login/code", methods=["GET", "POST"])
@public  # the second step of signing in: the pending session row decides who this is
@_limited
def second_factor():
    row = pending_session()
    if row is None:
        return _not_half_signed_in()
    if row.user.totp_secret is None:
        return redirect(url_for("auth.enrol"))
    form = SecondFactorForm()
    if request.method != "POST":
        return render_template("auth/second_factor.html", form=form)
    if not form.validate():
        return render_template("auth/second_factor.html", form=form), 422
    next_url = _next_url()
    if not two_factor.second_factor(row, form.code.data):
        form.code.errors.append(_("This code is not right, or it was used already. Try the next code."))
        return render_template("auth/second_factor.html", form=form), 401
    return redirect(next_url)


@bp.route("/login/enrol", methods=["GET", "POST"])
@public  # enrolling the first authenticator is part of signing in: the pending session row decides
@_limited
def enrol():
    row = pending_session()
    if row is None:
        return _not_half_signed_in()
    if row.user.totp_secret is not None:
        return redirect(url_for("auth.second_factor"))  # enrolled already: a reset is an administrator's
    # The new secret waits in the signed session cookie until a first code confirms it: shown on this page
    # anyway, and only to the browser that gave the right password.
    secret = session.get(ENROL_SECRET) or two_factor.new_secret()
    session[ENROL_SECRET] = secret
    form = EnrolForm()
    page = {"form": form, "secret": secret, "qr_code": two_factor.qr_code_data_uri(row.user, secret)}
    if request.method != "POST":
        return render_template("auth/enrol.html", **page)
    if not form.validate():
        return render_template("auth/enrol.html", **page), 422
    next_url = _next_url()
    codes = two_factor.enrol(row, secret, form.code.data)
    if codes is None:
        form.code.errors.append(_("This code is not right. Check the app's clock and try the next code."))
        return render_template("auth/enrol.html", **page), 401
    # Shown once, on the next page, then gone: the database keeps only their hashes.
    session[CODES_ONCE] = codes
    session[NEXT_KEY] = next_url
    return redirect(url_for("auth.recovery_codes"))


@bp.route("/account/recovery-codes")
@requires(Action.ACCOUNT_OWN)
def recovery_codes():
    codes = session.pop(CODES_ONCE, None)
    next_url = safe_next(session.pop(NEXT_KEY, None), url_for("web.home"))
    if not codes:
        flash(_("Recovery codes are shown only once."), "info")
        return redirect(next_url)
    return render_template("auth/recovery_codes.html", codes=codes, next_url=next_url)
