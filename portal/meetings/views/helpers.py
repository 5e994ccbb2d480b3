"""What several meetings pages share: the common template context, the reader's own answer links, the
meeting page's context (with the invite form for the hub), and the calendar file response."""

from __future__ import annotations

from flask import Response, url_for
from flask_babel import gettext as _

from portal.meetings import queries, rsvp, services
from portal.meetings.forms import InviteForm
from portal.meetings.ics import calendar_for
from portal.meetings.messages import MEETING_ENDPOINT
from portal.meetings.models import MeetingStatus
from portal.outbox.content import public_url
from portal.policy import Action, CaseAccess, can, reveal


def manages(access: CaseAccess) -> bool:
    return can(Action.MEETING_MANAGE, access)


def base_context(access: CaseAccess) -> dict:
    return {"access": access, "case": access.case, "manages": manages(access)}


def answer_links(access: CaseAccess, views) -> dict[int, str]:
    """The reader's own RSVP page for each upcoming meeting they are invited to: answering while signed in
    goes through the same signed link as from the mail."""
    links = {}
    for view in views:
        if not services.is_open(view.meeting):
            continue
        own = queries.reader_row(access, view.participants)
        if own is not None:
            links[view.meeting.id] = url_for("meetings.rsvp", token=rsvp.make_token(own, view.meeting))
    return links


def meeting_context(access: CaseAccess, view, **forms) -> dict:
    meeting = view.meeting
    context = {
        **base_context(access),
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
    context["answer_links"] = answer_links(access, [view])
    return context


def calendar_file(meeting) -> Response:
    participants = queries.active_participants(meeting)
    method = "CANCEL" if meeting.status == MeetingStatus.CANCELLED.value else "REQUEST"
    # On the configured base URL, as in the mail: a request's Host header is the client's word.
    details = public_url(MEETING_ENDPOINT, case_id=meeting.case_id, meeting_id=meeting.id)
    body = calendar_for(meeting, participants, method, meeting.organizer, details_url=details)
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'attachment; filename="meeting.ics"'
    return response
