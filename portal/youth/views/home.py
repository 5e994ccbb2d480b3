"""The young person's home: their contact point, their plan in plain words, their meetings, their team."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from portal.cases.contacts.queries import contact_list
from portal.i18n import local_today
from portal.meetings import rsvp
from portal.meetings import services as meeting_services
from portal.meetings.forms import ANSWER_LABELS, RsvpForm
from portal.plans.labels import plan_label
from portal.plans.queries import plan_view
from portal.policy import Action, current_actor, requires, reveal
from portal.youth import queries
from portal.youth.views import bp


@bp.route("/me")
@requires(Action.YOUTH_START)
def start():
    case_id = queries.own_case_id(current_actor())
    if case_id is None:
        return render_template("youth/no_case.html")
    return redirect(url_for("youth.home", case_id=case_id))


@bp.route("/me/<int:case_id>")
@requires(Action.YOUTH_PAGES, case_arg="case_id")
def home(case_id: int, access):
    # Each section shown is disclosed to the access log (the young person's own reads are kept out of
    # "who has looked at my file", but the log stays complete).
    reveal(access, Action.CASE_VIEW_BASIC, Action.PLAN_VIEW, Action.MEETINGS_VIEW, Action.CONTACTS_VIEW)
    return render_template(
        "youth/home.html",
        access=access,
        case=access.case,
        plan=plan_view(access),
        today=local_today(),
        meetings=queries.my_meetings(access),
        contacts=contact_list(access.case),
        answer_form=RsvpForm(),
        answer_labels=ANSWER_LABELS,
        plan_label=plan_label,
    )


@bp.route("/me/<int:case_id>/meetings/<token>", methods=["POST"])
@requires(Action.YOUTH_PAGES, case_arg="case_id")
def answer_meeting(case_id: int, token: str, access):
    """One tap on "Yes", "Maybe" or "No": the same signed token and service as the link in the invite."""
    try:
        claim = rsvp.read_token(token)
    except rsvp.InvalidRsvp:
        flash(_("This meeting can no longer be answered here. Ask your contact person."), "error")
        return redirect(url_for("youth.home", case_id=case_id))
    if claim.meeting.case_id != access.case.id or not claim.participant.is_young_person:
        abort(404)  # someone else's invitation does not exist on this page
    form = RsvpForm()
    if not form.validate():
        abort(422)
    meeting_services.answer(claim.participant, claim.meeting, form.answer.data)
    flash(
        _("Thank you. Your answer was saved: %(answer)s.", answer=ANSWER_LABELS[form.answer.data]), "success"
    )
    return redirect(url_for("youth.home", case_id=case_id, _anchor=f"meeting-{claim.meeting.id}"))
