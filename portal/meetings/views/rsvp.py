"""Public routes: answering an invite and downloading the meeting's calendar file through the signed link
in the mail or SMS, without signing in (portal.meetings.rsvp makes and checks the links)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.meetings import queries, rsvp, services
from portal.meetings.forms import ANSWER_LABELS, ANSWERS, RsvpForm
from portal.meetings.views.blueprint import bp
from portal.meetings.views.helpers import calendar_file
from portal.policy import public

REFUSAL_STATUS = {"tampered": 400, "expired": 410, "cancelled": 410, "removed": 410, "superseded": 410}


@bp.route("/rsvp/<token>", methods=["GET", "POST"], endpoint="rsvp")
@public  # No sign-in: the signed token is the authority. It names one participant and one version of one
# meeting, expires after the meeting, and is refused once the meeting moved, was cancelled or the person
# was removed (portal.meetings.rsvp). The page shows only time, place and who is invited.
def rsvp_page(token: str):
    try:
        claim = rsvp.read_token(token)
    except rsvp.InvalidRsvp as refusal:
        return _refused(refusal.reason)
    participant, meeting = claim.participant, claim.meeting
    form = RsvpForm()
    if request.method == "POST":
        if form.validate():
            changed = services.answer(participant, meeting, form.answer.data)
            answer = ANSWER_LABELS[form.answer.data]
            if changed:
                flash(_("Thank you. Your answer was saved: %(answer)s.", answer=answer), "success")
            else:
                flash(_("Your answer was already saved: %(answer)s.", answer=answer), "info")
            return redirect(url_for("meetings.rsvp", token=token))
        return _render_rsvp(token, participant, meeting, form, None, 422)
    # A GET never changes anything: a link from the mail only preselects the answer to confirm.
    chosen = request.args.get("answer")
    return _render_rsvp(token, participant, meeting, form, chosen if chosen in ANSWERS else None)


@bp.route("/meetings/<token>.ics")
@public  # The same signed link as for the RSVP, so a participant can add the meeting to a calendar without
# an account. A link from before a move still gives the meeting as it is now: the calendar shows the
# current time, which is what that person needs; a removed person or a tampered link gets nothing.
def ics(token: str):
    try:
        claim = rsvp.read_token(token)
    except rsvp.InvalidRsvp as refusal:
        if refusal.reason not in ("superseded", "cancelled"):
            return _refused(refusal.reason)
        claim = rsvp.read_claim(token)
    target = queries.rsvp_target(claim.participant_id, claim.meeting_id)
    if target is None or target[0].removed_at is not None:
        return _refused("removed")
    return calendar_file(target[1])


def _render_rsvp(token: str, participant, meeting, form, chosen: str | None, status: int = 200):
    view = queries.views_of([meeting])[0]
    page = render_template(
        "meetings/rsvp.html", token=token, participant=participant, view=view, form=form, chosen=chosen
    )
    return page, status


def _refused(reason: str):
    return render_template("meetings/rsvp_refused.html", reason=reason), REFUSAL_STATUS[reason]
