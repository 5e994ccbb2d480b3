"""The contact list page, its htmx regions (team, external contacts) and the vCard downloads.

One URL gives the whole page or, for htmx, its fragment; a change swaps only its own region and names
an HX-Trigger event (team-changed, contacts-changed) so other regions can follow. Without JavaScript
the same forms post and redirect (PRG), or show the whole page again with the errors (422).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.cases import queries as case_queries
from portal.cases import services as case_services
from portal.cases.contacts import queries, services
from portal.cases.contacts.forms import ExternalContactForm
from portal.cases.contacts.labels import relation_label
from portal.cases.contacts.vcard import Card, download_name, serialize
from portal.cases.forms import TeamMemberForm
from portal.cases.labels import label
from portal.policy import Action, CaseAccess, can, current_actor, requires, reveal
from portal.validation import InvalidInput
from portal.web.events import Event
from portal.web.htmx import is_htmx, render_page_or_fragment

bp = Blueprint("contacts", __name__, url_prefix="/cases/<int:case_id>/contacts")

PAGE = "contacts/contact_list.html"
FRAGMENTS = {
    None: "contacts/_contacts.html",
    "team": "contacts/_team.html",
    "external": "contacts/_external.html",
}


@bp.route("")
@requires(Action.CONTACTS_VIEW, case_arg="case_id")
def contact_list(case_id: int, access: CaseAccess):
    """?find= narrows the people offered by the "add a team member" form (htmx swaps the team region)."""
    find = " ".join(request.args.get("find", "").split())[:100] or None
    team_form = _team_form(access, find=find, formdata=None) if can(Action.TEAM_MANAGE, access) else None
    return _render(access, team_form=team_form, find=find)


@bp.route("/<any(user, external):kind>/<int:contact_id>.vcf")
@requires(Action.CONTACTS_VIEW, case_arg="case_id")
def vcard(case_id: int, kind: str, contact_id: int, access: CaseAccess):
    card = (
        _user_card(access, contact_id) if kind == "user" else _external_card(access, contact_id)
    ) or abort(404)
    response = make_response(serialize(card))
    response.headers["Content-Type"] = "text/vcard; charset=utf-8"
    response.headers.set("Content-Disposition", "attachment", filename=download_name(card))
    return response


@bp.route("/external", methods=["POST"])
@requires(Action.CONTACTS_MANAGE, case_arg="case_id")
def add_contact(case_id: int, access: CaseAccess):
    form = ExternalContactForm()
    if form.validate():
        try:
            services.add_external_contact(current_actor(), access, form.data)
        except InvalidInput as error:
            error.attach_to(form)
        else:
            return _after_change(access, "external", _("The contact was added."), Event.CONTACTS_CHANGED)
    return _render(access, "external", status=422, contact_form=form)


@bp.route("/external/<int:contact_id>/edit", methods=["GET", "POST"])
@requires(Action.CONTACTS_MANAGE, case_arg="case_id")
def edit_contact(case_id: int, contact_id: int, access: CaseAccess):
    contact = queries.external_contact_in_case(case_id, contact_id) or abort(404)
    form = ExternalContactForm(obj=contact)
    status = 200
    if form.is_submitted():
        if form.validate():
            try:
                services.update_external_contact(current_actor(), access, contact, form.data)
            except InvalidInput as error:
                error.attach_to(form)
            else:
                flash(_("The contact was saved."), "success")
                return redirect(url_for("contacts.contact_list", case_id=case_id))
        status = 422
    reveal(access, Action.CONTACTS_VIEW)  # the form shows the contact's details: a read of the list
    page = render_template("contacts/edit.html", access=access, case=access.case, contact=contact, form=form)
    return page, status


@bp.route("/external/<int:contact_id>/remove", methods=["POST"])
@requires(Action.CONTACTS_MANAGE, case_arg="case_id")
def remove_contact(case_id: int, contact_id: int, access: CaseAccess):
    contact = queries.external_contact_in_case(case_id, contact_id) or abort(404)
    services.remove_external_contact(current_actor(), access, contact)
    return _after_change(access, "external", _("The contact was removed."), Event.CONTACTS_CHANGED)


@bp.route("/team", methods=["POST"])
@requires(Action.TEAM_MANAGE, case_arg="case_id")
def add_team_member(case_id: int, access: CaseAccess):
    form = _team_form(access)
    if form.validate():
        try:
            case_services.add_team_member(current_actor(), access, form.user_id.data, form.case_role.data)
        except InvalidInput as error:
            error.attach_to(form)
        else:
            return _after_change(access, "team", _("The team member was added."), Event.TEAM_CHANGED)
    return _render(access, "team", status=422, team_form=form)


@bp.route("/team/<int:member_id>/remove", methods=["POST"])
@requires(Action.TEAM_MANAGE, case_arg="case_id")
def remove_team_member(case_id: int, member_id: int, access: CaseAccess):
    member = case_queries.team_member_in_case(case_id, member_id) or abort(404)
    case_services.remove_team_member(current_actor(), access, member)
    return _after_change(access, "team", _("The team member was removed."), Event.TEAM_CHANGED)


def _team_form(access: CaseAccess, find: str | None = None, **kwargs) -> TeamMemberForm:
    """The people offered: a few around the case, or those found by ?find=. A posted form offers just the
    person posted, when they may join a team, so validation needs no list at all."""
    form = TeamMemberForm(**kwargs)
    if form.is_submitted() and kwargs.get("formdata", True) is not None:
        chosen = case_queries.team_candidate(form.user_id.data) if form.user_id.data else None
        people = [chosen] if chosen else []
    else:
        people = case_queries.team_candidates(access.case, find)
    form.user_id.choices = [(user.id, f"{user.name} ({user.organisation.name})") for user in people]
    return form


def _render(access: CaseAccess, region: str | None = None, status: int = 200, trigger=None, **forms):
    """The whole page, or for htmx the region asked for; either way it shows the list, so it is logged.

    For the GET the guard has queued the same read already; the access log still writes one row.
    """
    reveal(access, Action.CONTACTS_VIEW)
    context = {
        "access": access,
        "case": access.case,
        "contacts": queries.contact_list(access.case),
        "relation_label": relation_label,
        **forms,
    }
    if can(Action.TEAM_MANAGE, access) and context.get("team_form") is None:
        context["team_form"] = _team_form(access, formdata=None)
    if can(Action.CONTACTS_MANAGE, access):
        context.setdefault("contact_form", ExternalContactForm(formdata=None))
    return render_page_or_fragment(PAGE, FRAGMENTS[region], status=status, trigger=trigger, **context)


def _after_change(access: CaseAccess, region: str, message: str, event: Event):
    if is_htmx():
        return _render(access, region, trigger=[event])
    flash(message, "success")
    return redirect(url_for("contacts.contact_list", case_id=access.case.id))


def _user_card(access: CaseAccess, user_id: int) -> Card | None:
    """The hub, the deputy or an active team member of this case; anyone else does not exist here (404)."""
    case = access.case
    if user_id == case.case_manager_id:
        user, title = case.case_manager, _("Case manager")
    elif user_id == case.deputy_id:
        user, title = case.deputy, _("Deputy case manager")
    else:
        member = queries.team_member_by_user(case, user_id)
        if member is None:
            return None
        user, title = member.user, label("case_role", member.case_role)
    organisation = user.organisation.name if user.organisation else None
    return Card(f"user:{user.id}", user.name, organisation, title, user.phone, user.email)


def _external_card(access: CaseAccess, contact_id: int) -> Card | None:
    contact = queries.external_contact_in_case(access.case.id, contact_id)
    if contact is None:
        return None
    return Card(
        f"external:{contact.id}",
        contact.name,
        contact.organisation_name,
        relation_label(contact.relation),
        contact.phone,
        contact.email,
    )
