"""The administration area: organisations, users and the access-log review.

Administrators see no case content (separation of duties): these pages show people and organisations,
and the access log by case number only.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from portal.auth import activation, password_reset, two_factor
from portal.auth import queries as auth_queries
from portal.auth.sessions import current_session_id
from portal.db import now_utc
from portal.orgs import queries, services
from portal.orgs.forms import (
    KIND_LABELS,
    LOCALE_LABELS,
    ROLE_LABELS,
    AccessLogFilterForm,
    ConfirmForm,
    OrganisationForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
    organisation_choices,
)
from portal.orgs.models import Role
from portal.policy import Action, current_actor, requires
from portal.validation import InvalidInput

bp = Blueprint("orgs", __name__, url_prefix="/admin")

LABELS = {"kind_labels": KIND_LABELS, "role_labels": ROLE_LABELS, "locale_labels": LOCALE_LABELS}


# --- Organisations -----------------------------------------------------------------------------


@bp.route("/organisations")
@requires(Action.ADMIN_ORGS)
def organisations():
    rows = queries.organisations_with_user_counts()
    return render_template("admin/organisations.html", rows=rows, **LABELS)


@bp.route("/organisations/new", methods=["GET", "POST"])
@requires(Action.ADMIN_ORGS)
def new_organisation():
    form = OrganisationForm()
    if request.method == "POST":
        if form.validate():
            try:
                org = services.create_organisation(current_actor(), form.name.data, form.kind.data)
            except InvalidInput as error:
                error.attach_to(form)
            else:
                flash(_("Organisation %(name)s created.", name=org.name), "success")
                return redirect(url_for("orgs.organisations"))
        return render_template("admin/organisation_form.html", form=form, org=None), 422
    return render_template("admin/organisation_form.html", form=form, org=None)


@bp.route("/organisations/<int:org_id>/edit", methods=["GET", "POST"])
@requires(Action.ADMIN_ORGS)
def edit_organisation(org_id: int):
    org = queries.organisation_by_id(org_id) or abort(404)
    # The stored values fill the form on GET only: a POST is judged on what was sent, so a POST missing
    # a field is refused instead of silently keeping the old value.
    form = OrganisationForm(obj=org if request.method == "GET" else None)
    if request.method == "POST":
        if form.validate():
            try:
                services.update_organisation(current_actor(), org, form.name.data, form.kind.data)
            except InvalidInput as error:
                error.attach_to(form)
            else:
                flash(_("Organisation %(name)s saved.", name=org.name), "success")
                return redirect(url_for("orgs.organisations"))
        return render_template("admin/organisation_form.html", form=form, org=org), 422
    return render_template("admin/organisation_form.html", form=form, org=org)


# --- Users -------------------------------------------------------------------------------------


@bp.route("/users")
@requires(Action.ADMIN_USERS)
def users():
    organisations = queries.all_organisations()
    filters = UserFilterForm(formdata=request.args)
    filters.org.choices = organisation_choices(organisations, _("All organisations"))
    filters.validate()
    # A filter value that is not a real choice (a stale or edited link) is ignored, not an error page.
    org_id = None if filters.org.errors else filters.org.data
    role = None if filters.role.errors else filters.role.data
    return render_template(
        "admin/users.html",
        users=queries.users(organisation_id=org_id, role=role or None),
        filters=filters,
        **LABELS,
    )


def _user_fields(form: UserEditForm) -> services.UserFields:
    return services.UserFields(
        name=form.name.data,
        phone=form.phone.data,
        organisation_id=form.organisation_id.data,
        role=form.role.data,
        locale=form.locale.data,
    )


@bp.route("/users/new", methods=["GET", "POST"])
@requires(Action.ADMIN_USERS)
def new_user():
    form = UserCreateForm()
    form.organisation_id.choices = organisation_choices(queries.all_organisations(), _("No organisation"))
    if request.method == "POST":
        if form.validate():
            try:
                user = services.create_user(
                    current_actor(),
                    _user_fields(form),
                    form.email.data,
                    send_invitation=form.send_invitation.data,
                )
            except InvalidInput as error:
                error.attach_to(form)
            else:
                flash(_created_message(user, invited=form.send_invitation.data), "success")
                return redirect(url_for("orgs.edit_user", user_id=user.id))
        return render_template("admin/user_form.html", form=form, user=None), 422
    return render_template("admin/user_form.html", form=form, user=None)


def _created_message(user, invited: bool) -> str:
    if activation.may_invite(user) and invited:
        return _(
            "User %(name)s created. An invitation to choose a password is on its way to %(email)s.",
            name=user.name,
            email=user.email,
        )
    if user.role == Role.YOUNG_PERSON:
        return _(
            "User %(name)s created. Young people sign in with a link by email or a code by SMS: "
            "no invitation is needed.",
            name=user.name,
        )
    return _("User %(name)s created, without an invitation.", name=user.name)


def _render_user_form(form, user, status: int = 200):
    """The user page: the form, and for an existing user their sessions and invitation."""
    extra = {}
    if user is not None:
        extra = {
            "live_sessions": len(auth_queries.live_sessions(user.id)),
            "invitation": auth_queries.latest_invitation(user.id),
            "may_invite": activation.may_invite(user),
            "may_reset": password_reset.may_reset(user),
            "now": now_utc(),
        }
    return render_template("admin/user_form.html", form=form, user=user, **extra), status


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@requires(Action.ADMIN_USERS)
def edit_user(user_id: int):
    user = queries.user_by_id(user_id) or abort(404)
    form = UserEditForm(obj=user if request.method == "GET" else None)  # see edit_organisation
    form.organisation_id.choices = organisation_choices(queries.all_organisations(), _("No organisation"))
    if request.method == "POST":
        if form.validate():
            try:
                services.update_user(current_actor(), user, _user_fields(form))
            except InvalidInput as error:
                error.attach_to(form)
            else:
                flash(_("User %(name)s saved.", name=user.name), "success")
                return redirect(url_for("orgs.users"))
        return _render_user_form(form, user, 422)
    return _render_user_form(form, user)


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


# --- Access log --------------------------------------------------------------------------------


@bp.route("/access-log")
@requires(Action.ADMIN_ACCESS_LOG)
def access_log():
    """Who read which case section, newest first. Reading this page is not case content: no log row."""
    filters = AccessLogFilterForm(formdata=request.args)
    filters.org.choices = organisation_choices(queries.all_organisations(), _("All organisations"))
    filters.validate()
    criteria = {
        "user_id": None if filters.user.errors else filters.user.data,
        "reader": None if filters.reader.errors else (filters.reader.data or None),
        "organisation_id": None if filters.org.errors else filters.org.data,
        "outside_team_only": bool(filters.outside_team.data),
    }
    page = queries.access_log_page(before=request.args.get("before", type=int), **criteria)
    # The paging links keep the filters: only the ones set, so the URLs stay readable.
    kept = {
        "user": criteria["user_id"],
        "reader": criteria["reader"],
        "org": criteria["organisation_id"],
        "outside_team": "y" if criteria["outside_team_only"] else None,
    }
    kept = {key: value for key, value in kept.items() if value is not None}
    return render_template(
        "admin/access_log.html",
        page=page,
        filters=filters,
        older_url=url_for("orgs.access_log", **kept, before=page.next_before) if page.next_before else None,
        newest_url=url_for("orgs.access_log", **kept) if "before" in request.args else None,
        **LABELS,
    )
