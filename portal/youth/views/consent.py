"""Who may see what: the young person's consents, withdrawing one, and asking for a change."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from portal.i18n import local_today
from portal.policy import Action, requires, reveal
from portal.validation import InvalidInput
from portal.youth import queries, services
from portal.youth.forms import ChangeRequestForm, ContinueForm
from portal.youth.views import bp


def _consents_page(access, form: ChangeRequestForm, status: int = 200):
    reveal(access, Action.CONSENT_VIEW)
    page = render_template(
        "youth/consents.html",
        access=access,
        case=access.case,
        consents=queries.consents(access.case.id),
        today=local_today(),
        form=form,
    )
    return page, status


@bp.route("/me/<int:case_id>/consents")
@requires(Action.YOUTH_PAGES, case_arg="case_id")
def consents(case_id: int, access):
    return _consents_page(access, ChangeRequestForm())


def _own_consent(access, consent_id: int):
    consent = queries.consent_in_case(access.case.id, consent_id)
    if consent is None:
        abort(404)
    return consent


@bp.route("/me/<int:case_id>/consents/<int:consent_id>/withdraw", methods=["GET", "POST"])
@requires(Action.CONSENT_WITHDRAW, case_arg="case_id")
def withdraw_consent(case_id: int, consent_id: int, access):
    consent = _own_consent(access, consent_id)
    form = ContinueForm()
    if form.validate_on_submit():
        if services.withdraw(access.actor, access, consent):
            flash(
                _(
                    "Done. %(organisation)s can no longer see your information. %(name)s has been told.",
                    organisation=consent.organisation.name,
                    name=access.case.case_manager.name,
                ),
                "success",
            )
        return redirect(url_for("youth.consents", case_id=case_id))
    reveal(access, Action.CONSENT_VIEW)
    return render_template("youth/withdraw.html", access=access, case=access.case, consent=consent, form=form)


@bp.route("/me/<int:case_id>/consents/ask", methods=["POST"])
@requires(Action.CONSENT_CHANGE_ASK, case_arg="case_id")
def ask_for_change(case_id: int, access):
    form = ChangeRequestForm()
    if form.validate():
        try:
            services.ask_for_change(access.actor, access, form.text.data)
        except InvalidInput as error:
            error.attach_to(form)
        else:
            hub = access.case.case_manager.name
            flash(_("Your question was sent to %(name)s, who will contact you.", name=hub), "success")
            return redirect(url_for("youth.consents", case_id=case_id))
    return _consents_page(access, form, 422)


@bp.route("/me/<int:case_id>/looked")
@requires(Action.ACCESS_LOG_OWN, case_arg="case_id")
def who_looked(case_id: int, access):
    show_names = current_app.config["SHOW_STAFF_NAMES_TO_YOUNG_PERSON"]
    return render_template(
        "youth/who_looked.html",
        access=access,
        case=access.case,
        entries=queries.who_looked(access, show_names),
        show_names=show_names,
    )
