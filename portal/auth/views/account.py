"""My account: the signed-in person's own sessions (see them, end one, end all the others), password and
recovery codes.

Only ever one's own: sessions are looked up by id *and* the signed-in user, so another person's session
id answers 404 as if it did not exist. Ending a session ends its row at once, so the other browser is
signed out on its very next request (portal/auth/sessions.py).

Who sees a password form: whoever has a password, to change it (the current one is required). Nobody is
offered to *set* a first password here. A person who signs in through their organisation's OpenID provider
keeps one way in that their organisation controls (its multi-factor rules, and switching the account off
when they leave); a local password beside it would outlive both. A young person signs in with a one-time
link or code instead, with nothing to remember or leak. A first password comes only with an invitation.
"""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal.auth import account, limits, queries
from portal.auth.devices import describe
from portal.auth.forms import ConfirmForm, NewRecoveryCodesForm, PasswordChangeForm
from portal.auth.sessions import current_session_id, end_current_session
from portal.auth.views import bp
from portal.auth.views.login import NEXT_KEY
from portal.auth.views.two_factor import CODES_ONCE
from portal.policy import Action, current_actor, requires
from portal.validation import InvalidInput

FAILED_CHECK = "wrong_current_password"  # g flag: this answer is a failure the sign-in limit counts


def render_account(
    form: PasswordChangeForm | None = None, status: int = 200, codes_form: NewRecoveryCodesForm | None = None
):
    this_session = current_session_id()
    sessions = [
        {"row": row, "device": describe(row.user_agent), "current": row.id == this_session}
        for row in queries.live_sessions(current_user.id)
    ]
    config = current_app.config
    page = render_template(
        "auth/account.html",
        idle_minutes=int(config["STAFF_IDLE_TIMEOUT"].total_seconds() // 60),
        lifetime_hours=int(config["SESSION_ABSOLUTE_LIFETIME"].total_seconds() // 3600),
        sessions=sessions,
        others=sum(1 for item in sessions if not item["current"]),
        has_password=account.has_password(current_user),
        form=form or PasswordChangeForm(),
        codes_form=codes_form or NewRecoveryCodesForm(),
        confirm=ConfirmForm(),
    )
    return page, status


@bp.route("/account")
@requires(Action.ACCOUNT_OWN)
def my_account():
    return render_account()


@bp.route("/account/sessions/<int:session_id>/end", methods=["POST"])
@requires(Action.ACCOUNT_OWN)
def end_session(session_id: int):
    row = queries.live_session(current_user.id, session_id) or abort(404)  # not yours: it does not exist
    if row.id == current_session_id():
        end_current_session("logout")
        flash(_("You are signed out."), "info")
        return redirect(url_for("auth.login"))
    account.end_own_session(current_actor(), row)
    flash(_("That session is signed out."), "success")
    return redirect(url_for("auth.my_account"))


@bp.route("/account/sessions/end-others", methods=["POST"])
@requires(Action.ACCOUNT_OWN)
def end_other_sessions():
    ended = account.end_other_sessions(current_actor(), keep_id=current_session_id())
    flash(
        ngettext("%(num)d other session signed out.", "%(num)d other sessions signed out.", ended), "success"
    )
    return redirect(url_for("auth.my_account"))


def _password_limit_key() -> str:
    return limits.key_for(current_user.email if current_user.is_authenticated else "")


@bp.route("/account/password", methods=["POST"])
@requires(Action.ACCOUNT_OWN)
@limits.sign_in_limit(_password_limit_key, lambda response: bool(g.get(FAILED_CHECK)))
def change_password():
    form = PasswordChangeForm()
    if not form.validate():
        return render_account(form, 422)
    try:
        ended = account.change_password(
            current_actor(),
            current_user,
            form.current_password.data,
            form.new_password.data,
            sign_out_others=form.sign_out_others.data,
            keep_id=current_session_id(),
        )
    except account.WrongPassword as error:
        g.setdefault(FAILED_CHECK, True)
        error.attach_to(form)
        return render_account(form, 422)
    except InvalidInput as error:
        error.attach_to(form)
        return render_account(form, 422)
    message = _("Your password is changed.")
    if ended:
        message += " " + ngettext(
            "%(num)d other session signed out.", "%(num)d other sessions signed out.", ended
        )
    flash(message, "success")
    return redirect(url_for("auth.my_account"))


@bp.route("/account/recovery-codes/new", methods=["POST"])
@requires(Action.ACCOUNT_OWN)
@limits.sign_in_limit(_password_limit_key, lambda response: bool(g.get(FAILED_CHECK)))
def new_recovery_codes():
    """Ten new recovery codes for someone with two-step sign-in, shown once on the page the first ones were."""
    if current_user.totp_secret is None:
        flash(_("You have no two-step sign-in, so no recovery codes."), "info")
        return redirect(url_for("auth.my_account"))
    form = NewRecoveryCodesForm()
    if not form.validate():
        return render_account(status=422, codes_form=form)
    try:
        codes = account.renew_recovery_codes(current_actor(), current_user, form.proof.data)
    except account.WrongPassword as error:
        g.setdefault(FAILED_CHECK, True)
        error.attach_to(form)
        return render_account(status=422, codes_form=form)
    session[CODES_ONCE] = codes
    session[NEXT_KEY] = url_for("auth.my_account")
    return redirect(url_for("auth.recovery_codes"))
