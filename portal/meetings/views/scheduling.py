"""Calling, moving and cancelling a meeting (the hub or the deputy)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.meetings import queries, services
from portal.meetings.forms import ConfirmForm, MeetingForm, MoveForm
from portal.meetings.views.blueprint import CASE, bp
from portal.meetings.views.helpers import base_context
from portal.policy import Action, CaseAccess, current_actor, requires, reveal
from portal.validation import InvalidInput


@bp.route(f"{CASE}/new", methods=["GET", "POST"])
@requires(Action.MEETING_MANAGE, case_arg="case_id")
def new(case_id: int, access: CaseAccess):
    invitees = queries.invitees(access.case)
    form = MeetingForm()
    form.participants.choices = [(invitee.key, invitee.name) for invitee in invitees]
    if form.is_submitted():
        if form.validate():
            try:
                saved = services.create_meeting(current_actor(), access, form.data, current_user.timezone)
            except InvalidInput as error:
                error.attach_to(form)
            else:
                flash(_("The meeting was called. The invitations are being sent."), "success")
                _flash_time_note(saved)
                return redirect(url_for("meetings.meeting", case_id=case_id, meeting_id=saved.meeting.id))
        return _render_new(access, form, invitees, 422)
    return _render_new(access, form, invitees)


@bp.route(f"{CASE}/<int:meeting_id>/move", methods=["GET", "POST"])
@requires(Action.MEETING_MANAGE, case_arg="case_id")
def move(case_id: int, meeting_id: int, access: CaseAccess):
    meeting = queries.visible_meeting(access, meeting_id) or abort(404)
    reveal(access, Action.MEETINGS_VIEW)  # the page shows the meeting being moved
    if request.method == "GET":
        form = MoveForm(formdata=None, **_schedule_fields(meeting))
        return render_template("meetings/move.html", form=form, meeting=meeting, **base_context(access))
    form = MoveForm()
    if form.validate():
        try:
            saved = services.move_meeting(current_actor(), access, meeting, form.data)
        except InvalidInput as error:
            error.attach_to(form)
        else:
            if saved.changed:
                flash(_("The meeting was moved. Everyone invited gets an update."), "success")
            else:
                flash(_("Nothing was changed."), "info")
            _flash_time_note(saved)
            return redirect(url_for("meetings.meeting", case_id=case_id, meeting_id=meeting.id))
    return render_template("meetings/move.html", form=form, meeting=meeting, **base_context(access)), 422


@bp.route(f"{CASE}/<int:meeting_id>/cancel", methods=["GET", "POST"])
@requires(Action.MEETING_MANAGE, case_arg="case_id")
def cancel(case_id: int, meeting_id: int, access: CaseAccess):
    meeting = queries.visible_meeting(access, meeting_id) or abort(404)
    reveal(access, Action.MEETINGS_VIEW)  # the page shows the meeting being cancelled
    form = ConfirmForm()
    if request.method == "POST":
        try:
            services.cancel_meeting(current_actor(), access, meeting)
        except InvalidInput as error:
            error.attach_to(form)
        else:
            flash(_("The meeting was cancelled. Everyone invited gets a cancellation."), "success")
            return redirect(url_for("meetings.meetings", case_id=case_id))
        return render_template(
            "meetings/cancel.html", form=form, meeting=meeting, **base_context(access)
        ), 422
    return render_template("meetings/cancel.html", form=form, meeting=meeting, **base_context(access))


def _schedule_fields(meeting) -> dict:
    """The move form starts from the meeting's time in its own zone (the zone it was called in)."""
    zone = services.zone_named(meeting.timezone)
    starts = meeting.starts_at.astimezone(zone)
    return {
        "day": starts.date(),
        "start": starts.time(),
        "duration": int((meeting.ends_at - meeting.starts_at).total_seconds() // 60),
        "place": meeting.place,
        "video_url": meeting.video_url,
    }


def _flash_time_note(saved: services.Saved) -> None:
    if saved.time_note:
        flash(saved.time_note, "warning")


def _render_new(access: CaseAccess, form, invitees, status: int = 200):
    reveal(access, Action.CONTACTS_VIEW)  # the form lists the team and the case's contacts
    page = render_template("meetings/new.html", form=form, invitees=invitees, **base_context(access))
    return page, status
