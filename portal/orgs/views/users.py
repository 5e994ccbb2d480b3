"""Administration: the user list, creating a user (with an invitation by mail) and editing one."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.auth import activation, password_reset
from portal.auth import queries as auth_queries
from portal.db import now_utc
from portal.orgs import queries, services
from portal.orgs.forms import (
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
    organisation_choices,
)
from portal.orgs.models import Role
from portal.orgs.views import LABELS, bp
from portal.policy import Action, current_actor, requires
from portal.validation import InvalidInput


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
