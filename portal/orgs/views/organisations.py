"""Administration: the organisations of the region (register, kinds, which may create accounts on first sign-in)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.orgs import queries, services
from portal.orgs.forms import (
    OrganisationForm,
)
from portal.orgs.views import LABELS, bp
from portal.policy import Action, current_actor, requires
from portal.validation import InvalidInput


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
