"""Meetings of a case: the list, calling one, moving, inviting and removing people, cancelling, the
record afterwards, and the public RSVP and calendar links that work without signing in.

Which meetings a reader sees is decided by visibility.meeting_filter (through the queries) and nowhere
here. The participant list of a meeting swaps in place with htmx; without JavaScript the same forms post
and redirect back to the meeting.
"""

from __future__ import annotations

from babel import dates as babel_dates
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, get_timezone
from flask_babel import gettext as _
from flask_login import current_user

from portal.meetings import queries, rsvp, services
from portal.meetings.forms import (
    ANSWER_BUTTONS,
    ANSWER_LABELS,
    ANSWERS,
    CHANNEL_LABELS,
    DELIVERY_LABELS,
    ConfirmForm,
    InviteForm,
    MeetingForm,
    MoveForm,
    RecordForm,
    RsvpForm,
)
from portal.meetings.ics import calendar_for
from portal.meetings.messages import MEETING_ENDPOINT, external_url
from portal.meetings.models import MeetingStatus
from portal.outbox.queries import permanent_failures
from portal.plans.queries import owner_candidates
from portal.policy import Action, CaseAccess, Relation, can, current_actor, public, requires, reveal
from portal.policy.visibility import allowed_visibilities
from portal.timeline.labels import VISIBILITY_CHOICES
from portal.validation import InvalidInput
from portal.web.events import Event
from portal.web.htmx import is_htmx, render_page_or_fragment

bp = Blueprint("meetings", __name__)
CASE = "/cases/<int:case_id>/meetings"


@bp.app_template_global("meeting_when")
def meeting_when(meeting, zone: str | None = None) -> str:
    """ "Tuesday 14 October 2025, 14:00-15:00 (CEST)": in the reader's zone, or in `zone` (the RSVP page
    uses the meeting's own, as its reader has no account to say where they are)."""
    tz = services.zone_named(zone) if zone else get_timezone()
    locale = get_locale()
    start, end = meeting.starts_at.astimezone(tz), meeting.ends_at.astimezone(tz)
    day = babel_dates.format_date(start.date(), "full", locale=locale)
    clock = [babel_dates.format_time(t, "short", tzinfo=tz, locale=locale) for t in (start, end)]
    return f"{day}, {clock[0]}\u2013{clock[1]} ({start.tzname()})"  # an en dash between the times


@bp.app_template_global("meeting_labels")
def meeting_labels() -> dict:
    return {
        "answer": ANSWER_LABELS,
        "button": ANSWER_BUTTONS,
        "delivery": DELIVERY_LABELS,
        "channel": CHANNEL_LABELS,
    }


@bp.app_template_global("next_meeting")
def next_meeting(access: CaseAccess) -> dict | None:
    """For the case overview (templates/meetings/_next_meeting.html): the next meeting this reader may see,
    and for the hub how many invitations could not be delivered. Logged as a read of the meetings section
    only when something is shown, so an overview without meetings discloses nothing more than before."""
    if not access.decide(Action.MEETINGS_VIEW).allowed:
        return None
    upcoming = queries.next_meeting(access)
    failed = 0
    if _manages(access):
        failed = sum(1 for f in permanent_failures(access.case.id) if f.meeting_id is not None)
    if upcoming is None and not failed:
        return None
    reveal(access, Action.MEETINGS_VIEW)
    links = _answer_links(access, [upcoming]) if upcoming else {}
    return {"view": upcoming, "failed": failed, "answer_links": links}


@bp.route(CASE)
@requires(Action.MEETINGS_VIEW, case_arg="case_id")
def meetings(case_id: int, access: CaseAccess):
    page = queries.meetings_page(access, with_delivery=_manages(access))
    answer_links = _answer_links(access, page.upcoming)
    return render_template("meetings/meetings.html", page=page, answer_links=answer_links, **_base(access))


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


@bp.route(f"{CASE}/<int:meeting_id>")
@requires(Action.MEETINGS_VIEW, case_arg="case_id")
def meeting(case_id: int, meeting_id: int, access: CaseAccess):
    view = queries.meeting_view(access, meeting_id, with_delivery=_manages(access)) or abort(404)
    return render_template("meetings/meeting.html", **_meeting_context(access, view))


@bp.route(f"{CASE}/<int:meeting_id>/move", methods=["GET", "POST"])
@requires(Action.MEETING_MANAGE, case_arg="case_id")
def move(case_id: int, meeting_id: int, access: CaseAccess):
    meeting = queries.visible_meeting(access, meeting_id) or abort(404)
    reveal(access, Action.MEETINGS_VIEW)  # the page shows the meeting being moved
    if request.method == "GET":
        form = MoveForm(formdata=None, **_schedule_fields(meeting))
        return render_template("meetings/move.html", form=form, meeting=meeting, **_base(access))
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
    return render_template("meetings/move.html", form=form, meeting=meeting, **_base(access)), 422


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
        return render_template("meetings/cancel.html", form=form, meeting=meeting, **_base(access)), 422
    return render_template("meetings/cancel.html", form=form, meeting=meeting, **_base(access))


@bp.route(f"{CASE}/<int:meeting_id>/record", methods=["GET", "POST"])
@requires(Action.MEETING_MANAGE, case_arg="case_id")
def record(case_id: int, meeting_id: int, access: CaseAccess):
    meeting = queries.visible_meeting(access, meeting_id) or abort(404)
    # The page shows the meeting and the plan's goals and owners: both reads are logged.
    reveal(access, Action.MEETINGS_VIEW, Action.PLAN_VIEW)
    form = _record_form(access, formdata=None if request.method == "GET" else request.form)
    if request.method == "GET":
        return _render_record(access, meeting, form)
    if "more" in request.form and len(form.actions) < form.actions.max_entries:
        form.actions.append_entry()  # one more row, without JavaScript; nothing is saved yet
        return _render_record(access, meeting, form)
    if form.validate():
        try:
            entry = services.write_record(current_actor(), access, meeting, form.data)
        except InvalidInput as error:
            error.attach_to(form)
        else:
            flash(_("The meeting record was saved."), "success")
            return redirect(url_for("timeline.timeline", case_id=case_id, _anchor=f"entry-{entry.id}"))
    return _render_record(access, meeting, form, 422)


@bp.route(f"{CASE}/<int:meeting_id>.ics")
@requires(Action.MEETINGS_VIEW, case_arg="case_id")
def meeting_ics(case_id: int, meeting_id: int, access: CaseAccess):
    meeting = queries.visible_meeting(access, meeting_id) or abort(404)
    return _calendar(meeting)


# --- public: the signed link is the key ---------------------------------------------------------------


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
    return _calendar(target[1])


# --- helpers ------------------------------------------------------------------------------------------


def _manages(access: CaseAccess) -> bool:
    return can(Action.MEETING_MANAGE, access)


def _base(access: CaseAccess) -> dict:
    return {"access": access, "case": access.case, "manages": _manages(access)}


def _answer_links(access: CaseAccess, views) -> dict[int, str]:
    """The reader's own RSVP page for each upcoming meeting they are invited to: answering while signed in
    goes through the same signed link as from the mail."""
    links = {}
    for view in views:
        if not services.is_open(view.meeting):
            continue
        for participant in view.participants:
            if _is_reader(access, participant):
                token = rsvp.make_token(participant, view.meeting)
                links[view.meeting.id] = url_for("meetings.rsvp", token=token)
    return links


def _is_reader(access: CaseAccess, participant) -> bool:
    """Whether this participant row is the person reading (to offer them their own answer buttons)."""
    if participant.is_young_person:
        return access.relation is Relation.YOUNG_PERSON
    return participant.user_id is not None and participant.user_id == access.actor.user_id


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


def _record_form(access: CaseAccess, formdata) -> RecordForm:
    allowed = allowed_visibilities(access)
    form = RecordForm(formdata=formdata, visibility=allowed[0].value if allowed else None)
    form.visibility.choices = [(v.value, VISIBILITY_CHOICES[v.value]) for v in allowed]
    goals = [("", _("Choose the goal")), *((g.id, g.text) for g in queries.open_goals(access.case.id))]
    owners = [("", _("Choose the owner")), *((u.id, u.name) for u in owner_candidates(access.case))]
    for row in form.actions:
        row.goal_id.choices, row.owner_id.choices = goals, owners
    return form


def _flash_time_note(saved: services.Saved) -> None:
    if saved.time_note:
        flash(saved.time_note, "warning")


def _render_new(access: CaseAccess, form, invitees, status: int = 200):
    reveal(access, Action.CONTACTS_VIEW)  # the form lists the team and the case's contacts
    page = render_template("meetings/new.html", form=form, invitees=invitees, **_base(access))
    return page, status


def _meeting_context(access: CaseAccess, view, **forms) -> dict:
    meeting = view.meeting
    context = {
        **_base(access),
        "view": view,
        "meeting": meeting,
        "is_open": services.is_open(meeting),
        "may_record": services.may_record(meeting),
        **forms,
    }
    if context["manages"] and context["is_open"]:
        reveal(access, Action.CONTACTS_VIEW)  # the invite form lists the team and the case's contacts
        invited = {queries.invitee_key(p) for p in view.participants}
        choices = [(i.key, i.name) for i in queries.invitees(access.case) if i.key not in invited]
        form = context.get("invite_form") or InviteForm(formdata=None)
        form.invitee.choices = [("", _("Choose a person")), *choices]
        context["invite_form"] = form
    context["answer_links"] = _answer_links(access, [view])
    return context


def _render_participants(access: CaseAccess, meeting_id: int, status: int = 200, trigger=None, **forms):
    """htmx gets the participant region; without JavaScript the whole meeting page."""
    reveal(access, Action.MEETINGS_VIEW)
    view = queries.meeting_view(access, meeting_id, with_delivery=_manages(access))
    return render_page_or_fragment(
        "meetings/meeting.html",
        "meetings/_participants.html",
        status=status,
        trigger=trigger,
        **_meeting_context(access, view, **forms),
    )


def _after_change(access: CaseAccess, meeting_id: int, message: str):
    if is_htmx():
        return _render_participants(access, meeting_id, trigger=[Event.MEETINGS_CHANGED])
    flash(message, "success")
    return redirect(url_for("meetings.meeting", case_id=access.case.id, meeting_id=meeting_id))


def _render_record(access: CaseAccess, meeting, form, status: int = 200):
    may_record = services.may_record(meeting)
    page = render_template(
        "meetings/record.html", form=form, meeting=meeting, may_record=may_record, **_base(access)
    )
    return page, status


def _render_rsvp(token: str, participant, meeting, form, chosen: str | None, status: int = 200):
    view = queries.views_of([meeting])[0]
    page = render_template(
        "meetings/rsvp.html", token=token, participant=participant, view=view, form=form, chosen=chosen
    )
    return page, status


REFUSAL_STATUS = {"tampered": 400, "expired": 410, "cancelled": 410, "removed": 410, "superseded": 410}


def _refused(reason: str):
    return render_template("meetings/rsvp_refused.html", reason=reason), REFUSAL_STATUS[reason]


def _calendar(meeting) -> Response:
    participants = queries.active_participants(meeting)
    method = "CANCEL" if meeting.status == MeetingStatus.CANCELLED.value else "REQUEST"
    # On the configured base URL, as in the mail: a request's Host header is the client's word.
    details = external_url(MEETING_ENDPOINT, case_id=meeting.case_id, meeting_id=meeting.id)
    body = calendar_for(meeting, participants, method, meeting.organizer, details_url=details)
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'attachment; filename="meeting.ics"'
    return response
