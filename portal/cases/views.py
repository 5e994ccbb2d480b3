"""Case pages: My cases, opening a case, the overview and consent (the team lives on the contact list).

The overview shows each section only when the rules grant it (policy.reveal), and one access-log row
records what this reader saw. Consent forms work with htmx (the region swaps in place) and
without JavaScript (a full page and a redirect).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.cases import queries, services
from portal.cases.blank_status import blank_status_fields
from portal.cases.forms import ConsentForm, NewCaseForm, StatusForm
from portal.i18n import local_today
from portal.meetings import queries as meeting_queries
from portal.policy import Action, CaseAccess, can, current_actor, requires, reveal
from portal.validation import InvalidInput
from portal.web.events import Event
from portal.web.htmx import is_htmx, render_page_or_fragment

bp = Blueprint("cases", __name__, url_prefix="/cases")


@bp.route("/")
@requires(Action.CASE_LIST)
def my_cases():
    """50 cases at a time; htmx "show more" appends the next rows, without JavaScript it is a page."""
    after = request.args.get("after", type=int)
    page = queries.my_cases(current_actor(), after)
    return render_page_or_fragment("cases/my_cases.html", "cases/_case_rows.html", cases=page, after=after)


@bp.route("/new", methods=["GET", "POST"])
@requires(Action.CASE_CREATE)
def new_case():
    actor = current_actor()
    form = NewCaseForm()
    form.deputy_id.choices = [(0, _("No deputy yet"))] + [
        (u.id, u.name) for u in queries.deputy_candidates(actor)
    ]
    if form.is_submitted():
        if form.validate():
            try:
                case = services.create_case(actor, form.data)
            except InvalidInput as error:
                error.attach_to(form)
            else:
                flash(_("The case was opened. Next: add the team and record consent."), "success")
                return redirect(url_for("cases.overview", case_id=case.id))
        return render_template("cases/new.html", form=form), 422
    return render_template("cases/new.html", form=form)


@bp.route("/<int:case_id>")
@requires(Action.CASE_VIEW_BASIC, case_arg="case_id")
def overview(case_id: int, access: CaseAccess):
    return _render_overview(access)


@bp.route("/<int:case_id>/status", methods=["POST"])
@requires(Action.CASE_EDIT, case_arg="case_id")
def change_status(case_id: int, access: CaseAccess):
    form = StatusForm()
    if not form.validate():
        return _render_overview(access, status_form=form, status=422)
    services.change_status(current_actor(), access, form.status.data, form.outcome.data or None)
    flash(_("The case status was changed."), "success")
    return redirect(url_for("cases.overview", case_id=case_id))


@bp.route("/<int:case_id>/consents", methods=["POST"])
@requires(Action.CONSENT_MANAGE, case_arg="case_id")
def record_consent(case_id: int, access: CaseAccess):
    form = _consent_form()
    if form.validate():
        try:
            services.record_consent(current_actor(), access, form.data)
        except InvalidInput as error:
            error.attach_to(form)
        else:
            return _after_change(access, "consents", _("The consent was recorded."), Event.CONSENT_CHANGED)
    return _render_region(access, "consents", status=422, consent_form=form)


@bp.route("/<int:case_id>/consents/new")
@requires(Action.CONSENT_MANAGE, case_arg="case_id")
def consent_form(case_id: int, access: CaseAccess):
    """The form to record a consent. The overview loads it (htmx) when the hub opens "Record a consent"
    instead of building it on every view; without JavaScript the overview links to it as a page."""
    return render_page_or_fragment(
        "cases/record_consent.html",
        "cases/_consent_form.html",
        access=access,
        case=access.case,
        consent_form=_consent_form(formdata=None),
    )


@bp.route("/<int:case_id>/consents/<int:consent_id>/withdraw", methods=["POST"])
@requires(Action.CONSENT_MANAGE, case_arg="case_id")
def withdraw_consent(case_id: int, consent_id: int, access: CaseAccess):
    consent = queries.consent_in_case(case_id, consent_id) or abort(404)
    services.withdraw_consent(current_actor(), access, consent)
    return _after_change(access, "consents", _("The consent was withdrawn."), Event.CONSENT_CHANGED)


def _consent_form(**kwargs) -> ConsentForm:
    form = ConsentForm(**kwargs)
    form.organisation_id.choices = queries.organisation_choices()
    return form


def _overview_context(access: CaseAccess, *sections_wanted: Action, whole_page: bool = True, **forms) -> dict:
    case = access.case
    next_meeting = None
    if whole_page and can(Action.MEETINGS_VIEW, access):
        # The hub also sees how many invitations could not be delivered.
        with_failures = can(Action.MEETING_MANAGE, access)
        next_meeting = meeting_queries.next_meeting(access, with_failures=with_failures)
    if next_meeting is not None:
        # Logged as a read of the meetings section only when the card is shown: an overview without
        # meetings discloses nothing more than before.
        sections_wanted = (*sections_wanted, Action.MEETINGS_VIEW)
    shown = reveal(access, *sections_wanted)
    context = {
        "access": access,
        "case": case,
        "shown": shown,
        "today": local_today(),
        "next_meeting": next_meeting,
        **forms,
    }
    if Action.CONSENT_VIEW in shown:
        context["consents"] = queries.consents(case.id)
        # The form itself is loaded when opened (consent_form above); one sent back with errors is in `forms`.
        context["may_manage_consents"] = can(Action.CONSENT_MANAGE, access)
    if can(Action.CASE_EDIT, access) and "status_form" not in forms:
        context["blank_status_fields"] = blank_status_fields(case.status, case.outcome)
    return context


def _render_overview(access: CaseAccess, status: int = 200, **forms):
    context = _overview_context(access, Action.CASE_VIEW_PERSON, Action.CONSENT_VIEW, **forms)
    return render_template("cases/overview.html", **context), status


REGIONS = {"consents": Action.CONSENT_VIEW}


def _render_region(access: CaseAccess, region: str, status: int = 200, trigger=None, **forms):
    """htmx gets just the region; without JavaScript the whole overview is shown again."""
    if not is_htmx():
        return _render_overview(access, status=status, **forms)
    context = _overview_context(access, REGIONS[region], whole_page=False, **forms)
    return render_page_or_fragment(
        "cases/overview.html", f"cases/_{region}.html", status=status, trigger=trigger, **context
    )


def _after_change(access: CaseAccess, region: str, message: str, event: Event):
    if is_htmx():
        return _render_region(access, region, trigger=[event])
    flash(message, "success")
    return redirect(url_for("cases.overview", case_id=access.case.id))
