"""Inviting one more person to a meeting and removing one. With htmx the participant region swaps in
place; without JavaScript the same forms post and redirect back to the meeting."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _

from portal.meetings import queries, services
from portal.meetings.forms import ConfirmForm, InviteForm
from portal.meetings.views.blueprint import CASE, bp
from portal.meetings.views.helpers import manages, meeting_context
from portal.policy import Action, CaseAccess, current_actor, requires, reveal
from portal.validation import InvalidInput
from portal.web.events import Event
from portal.web.htmx import is_htmx, render_page_or_fragment


@bp.route(f"{CASE}/<int:meeting_id>/participants", methods=["POST"])
@requires(Action.MEETING_MANAGE, case_arg="case_id")
def invite(case_id: int, meeting_id: int, access: CaseAccess):
    meeting = queries.visible_meeting(access, meeting_id) or abort(404)
    form = InviteForm()
    if form.validate():
        try:
            participant = services.invite(current_actor(), access, meeting, form.invitee.data)
        except InvalidInput as error:
            error.attach_to(form)
        else:
            return _after_change(access, meeting.id, _("%(name)s was invited.", name=participant.name))
    return _render_participants(access, meeting.id, status=422, invite_form=form)


@bp.route(f"{CASE}/<int:meeting_id>/participants/<int:participant_id>/remove", methods=["POST"])
@requires(Action.MEETING_MANAGE, case_arg="case_id")
def remove_participant(case_id: int, meeting_id: int, participant_id: int, access: CaseAccess):
    meeting = queries.visible_meeting(access, meeting_id) or abort(404)
    participant = queries.participant_in_meeting(meeting, participant_id) or abort(404)
    form = ConfirmForm()
    try:
        services.remove_participant(current_actor(), access, meeting, participant)
    except InvalidInput as error:
        error.attach_to(form)
        return _render_participants(access, meeting.id, status=422, remove_form=form)
    message = _("%(name)s was removed and gets a cancellation.", name=participant.name)
    return _after_change(access, meeting.id, message)


def _render_participants(access: CaseAccess, meeting_id: int, status: int = 200, trigger=None, **forms):
    """htmx gets the participant region; without JavaScript the whole meeting page."""
    reveal(access, Action.MEETINGS_VIEW)
    view = queries.meeting_view(access, meeting_id, with_delivery=manages(access))
    return render_page_or_fragment(
        "meetings/meeting.html",
        "meetings/_participants.html",
        status=status,
        trigger=trigger,
        **meeting_context(access, view, **forms),
    )


def _after_change(access: CaseAccess, meeting_id: int, message: str):
    if is_htmx():
        return _render_participants(access, meeting_id, trigger=[Event.MEETINGS_CHANGED])
    flash(message, "success")
    return redirect(url_for("meetings.meeting", case_id=access.case.id, meeting_id=meeting_id))
