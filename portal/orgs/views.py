"""The administration area: organisations, users and the access-log review.

Administrators see no case content (separation of duties): these pages show people and organisations,
and the access log by case number only.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.auth import two_factor
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
                    current_actor(), _user_fields(form), form.email.data, form.password.data
                )
            except InvalidInput as error:
                error.attach_to(form)
            else:
                flash(_("User %(name)s created.", name=user.name), "success")
                return redirect(url_for("orgs.users"))
        return render_template("admin/user_form.html", form=form, user=None), 422
    return render_template("admin/user_form.html", form=form, user=None)


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
        return render_template("admin/user_form.html", form=form, user=user), 422
    return render_template("admin/user_form.html", form=form, user=user)


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
