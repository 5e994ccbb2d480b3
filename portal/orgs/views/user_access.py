"""Administration: a user's way in: deactivate and reactivate, reset the authenticator, sign out everywhere,
and mail a link to choose a password (an invitation or a reset)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from portal.auth import two_factor
from portal.auth.sessions import current_session_id
from portal.orgs import queries, services
from portal.orgs.forms import (
    ConfirmForm,
)
from portal.orgs.views import bp
from portal.policy import Action, current_actor, requires


@bp.route("/users/<int:user_id>/deactivate", methods=["GET", "POST"])
@requires(Action.ADMIN_USERS)
def deactivate_user(user_id: int):
    """GET asks for confirmation; POST deactivates and ends every session of the user at once."""
    user = queries.user_by_id(user_id) or abort(404)
    form = ConfirmForm()
    is_self = user.id == current_actor().user_id
    if request.method == "POST" and form.validate():
        try:
            services.deactivate_user(current_actor(), user)
        except services.NotAllowed as refused:
            form.form_errors.append(str(refused))
            return render_template(
                "admin/user_status.html", form=form, user=user, activate=False, is_self=True
            ), 422
        flash(_("%(name)s is deactivated and signed out everywhere.", name=user.name), "success")
        return redirect(url_for("orgs.users"))
    return render_template("admin/user_status.html", form=form, user=user, activate=False, is_self=is_self)


@bp.route("/users/<int:user_id>/reactivate", methods=["GET", "POST"])
@requires(Action.ADMIN_USERS)
def reactivate_user(user_id: int):
    """GET asks for confirmation; POST lets the user sign in again (with their old password)."""
    user = queries.user_by_id(user_id) or abort(404)
    form = ConfirmForm()
    if request.method == "POST" and form.validate():
        services.reactivate_user(current_actor(), user)
        flash(_("%(name)s can sign in again.", name=user.name), "success")
        return redirect(url_for("orgs.users"))
    return render_template("admin/user_status.html", form=form, user=user, activate=True, is_self=False)


@bp.route("/users/<int:user_id>/reset-two-factor", methods=["POST"])
@requires(Action.ADMIN_USERS)
def reset_two_factor(user_id: int):
    """A lost phone: the user sets up a new authenticator at their next sign-in (audited)."""
    user = queries.user_by_id(user_id) or abort(404)
    two_factor.reset(current_actor(), user)
    flash(_("%(name)s sets up two-step sign-in again at the next sign-in.", name=user.name), "success")
    return redirect(url_for("orgs.edit_user", user_id=user.id))


@bp.route("/users/<int:user_id>/end-sessions", methods=["POST"])
@requires(Action.ADMIN_USERS)
def end_user_sessions(user_id: int):
    """Sign the user out on every device at once (audited); deactivation does the same and more."""
    user = queries.user_by_id(user_id) or abort(404)
    ended = services.end_user_sessions(current_actor(), user, keep_id=current_session_id())
    flash(
        ngettext(
            "%(name)s is signed out of %(num)d session.",
            "%(name)s is signed out of %(num)d sessions.",
            ended,
            name=user.name,
        ),
        "success",
    )
    return redirect(url_for("orgs.edit_user", user_id=user.id))


@bp.route("/users/<int:user_id>/invite", methods=["POST"])
@requires(Action.ADMIN_USERS)
def invite_user(user_id: int):
    """Send a new invitation link (the earlier one stops working), e.g. when the first one expired."""
    return _mail_a_link(
        user_id, services.resend_invitation, _("A new invitation is on its way to %(email)s.")
    )


@bp.route("/users/<int:user_id>/send-password-reset", methods=["POST"])
@requires(Action.ADMIN_USERS)
def send_password_reset(user_id: int):
    """Mail a link to choose a new password (an earlier one stops working), e.g. for someone who cannot
    reach the sign-in page's "Forgot your password?" themselves."""
    sent = _("A link to choose a new password is on its way to %(email)s.")
    return _mail_a_link(user_id, services.send_password_reset, sent)


def _mail_a_link(user_id: int, send, sent: str):
    """Send a link to choose a password (services.NotAllowed when not sensible), then back to the user page.
    sent: the message once done, translated already, with the user's address as %(email)s."""
    user = queries.user_by_id(user_id) or abort(404)
    try:
        send(current_actor(), user)
    except services.NotAllowed as refused:
        flash(str(refused), "error")
    else:
        flash(sent % {"email": user.email}, "success")
    return redirect(url_for("orgs.edit_user", user_id=user.id))
