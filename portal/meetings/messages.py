"""build(message): the mail or SMS for one outbox message about a meeting, or Stale when it no longer holds.

Runs in a worker job (an app context, no request): the meeting is read again here, so a message written
before a move, a cancellation or a removal is skipped rather than sent. What goes out is time, place,
video link, who is invited and links; never the agenda or anything else from the case.
"""

from __future__ import annotations

from email import policy
from email.errors import MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime as mail_date
from email.utils import parseaddr
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton, format_time, get_timezone_name
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from portal.db import now_utc
from portal.extensions import db
from portal.meetings import ics
from portal.meetings.models import Meeting, MeetingStatus, Participant, PartStat
from portal.meetings.rsvp import make_token
from portal.outbox.content import public_url, recipient_locale
from portal.outbox.envelopes import OutgoingEmail, OutgoingSms, Stale
from portal.outbox.errors import PermanentFailure
from portal.outbox.models import Channel, MessageKind, OutboxMessage

DEFAULT_FROM = "Soffa <no-reply@soffa.local>"
# Body parts in quoted-printable/base64 (7bit): any SMTP server carries them, 8BITMIME or not.
MAIL_POLICY = policy.SMTP.clone(cte_type="7bit")
REQUEST_KINDS = {MessageKind.INVITE.value, MessageKind.UPDATE.value, MessageKind.REMINDER.value}
ANSWER_ORDER = (PartStat.ACCEPTED.value, PartStat.TENTATIVE.value, PartStat.DECLINED.value)
# Views of the meetings blueprint the mail links to (GET on the RSVP page only preselects an answer:
# link scanners in mail systems open every link, so saving an answer takes a POST).
RSVP_ENDPOINT = "meetings.rsvp"
ICS_ENDPOINT = "meetings.ics"
MEETING_ENDPOINT = "meetings.meeting"
# Babel's narrow spaces and dashes, outside the GSM 03.38 alphabet: one of them makes an SMS UCS-2 (half
# the length per message) and a Subject an encoded-word. Plain stand-ins for the short form.
_PLAIN = str.maketrans({"\u202f": " ", "\u2009": " ", "\u00a0": " ", "\u2013": "-", "\u2014": "-"})


def build(message: OutboxMessage) -> OutgoingEmail | OutgoingSms | Stale:
    if message.kind not in (*REQUEST_KINDS, MessageKind.CANCEL.value):
        raise ValueError(f"outbox message {message.id} ({message.kind}) is not about a meeting")
    meeting, participants = _load(message.meeting_id)
    recipient = next((p for p in participants if p.id == message.participant_id), None)
    if meeting is None or recipient is None:
        return Stale("the meeting or the participant no longer exists")
    if reason := stale_reason(message, meeting, recipient):
        return Stale(reason)
    with force_locale(recipient_locale(recipient.locale)):
        if message.channel == Channel.SMS.value:
            if not recipient.phone:
                return Stale("the participant has no phone number")
            return OutgoingSms(to=recipient.phone, text=_sms_text(message.kind, meeting, recipient))
        if not recipient.email:
            return Stale("the participant has no email address")
        return OutgoingEmail(to=recipient.email, message=_email(message, meeting, recipient, participants))


def stale_reason(message: OutboxMessage, meeting: Meeting, recipient: Participant) -> str | None:
    """Why this message must not be sent now, or None when it still holds."""
    cancelled = meeting.status == MeetingStatus.CANCELLED.value
    removed = recipient.removed_at is not None
    if message.kind == MessageKind.CANCEL.value:
        # A CANCEL removes the event from the recipient's calendar: only send it while that is true.
        if not (cancelled or removed):
            return "the participant is still invited and the meeting still on"
        return None
    if message.meeting_sequence is None:
        raise ValueError(f"outbox message {message.id}: a meeting message needs its meeting_sequence")
    if cancelled:
        return "the meeting is cancelled"
    if removed:
        return "the participant was removed"
    if message.meeting_sequence != meeting.sequence:
        return "the meeting was changed after this message was written"
    now = now_utc()
    if message.kind == MessageKind.REMINDER.value:
        if now >= meeting.starts_at:
            return "the meeting has started"
        if recipient.partstat == PartStat.DECLINED.value:
            return "the participant declined"
    elif now >= meeting.ends_at:
        return "the meeting is over"
    return None


def links_for(meeting: Meeting, recipient: Participant) -> dict[str, str]:
    """The recipient's signed links: one per answer, the answer page (SMS), the calendar file, and
    "details": the meeting page for a team member who can sign in, else the answer page, which shows time,
    place and who is invited without an account. The young person never gets the meeting page: staff
    pages do not exist for them (policy.rules.YOUNG_PERSON_PAGES)."""
    token = make_token(recipient, meeting)
    links = {answer: public_url(RSVP_ENDPOINT, token=token, answer=answer) for answer in ANSWER_ORDER}
    links["choose"] = public_url(RSVP_ENDPOINT, token=token)
    links["calendar"] = public_url(ICS_ENDPOINT, token=token)
    links["details"] = (
        public_url(MEETING_ENDPOINT, case_id=meeting.case_id, meeting_id=meeting.id)
        if recipient.user_id is not None and not recipient.is_young_person
        else links["choose"]
    )
    return links


def when_text(meeting: Meeting, language: str, short: bool = False) -> str:
    """The meeting's time in its own zone, written the way the recipient's language writes dates."""
    zone = ZoneInfo(meeting.timezone)
    start, end = meeting.starts_at.astimezone(zone), meeting.ends_at.astimezone(zone)
    locale = Locale.parse(language)
    if short:  # subject and SMS: "sön 28 mars 10:00"
        text = locale.datetime_formats["short"].format(
            format_time(start, "short", locale=locale), format_skeleton("MMMEd", start, locale=locale)
        )
        return text.translate(_PLAIN)
    if start.date() == end.date():
        twelve_hour = "h" in locale.time_formats["short"].pattern
        times = format_interval(start, end, "hm" if twelve_hour else "Hm", tzinfo=zone, locale=locale)
        return locale.datetime_formats["full"].format(times, format_date(start, "full", locale=locale))
    return " \u2013 ".join(
        locale.datetime_formats["full"].format(
            format_time(moment, "short", locale=locale), format_date(moment, "full", locale=locale)
        )
        for moment in (start, end)
    )


def _load(meeting_id: int | None) -> tuple[Meeting | None, list[Participant]]:
    """The meeting (with its organiser, joined) and all its participants, removed ones included: one
    query. populate_existing: a long-lived worker session must not answer from an old copy."""
    rows = db.session.execute(
        sa.select(Meeting, Participant)
        .join(Participant, Participant.meeting_id == Meeting.id)
        .where(Meeting.id == meeting_id)
        .order_by(Participant.id)
        .execution_options(populate_existing=True)
    ).all()
    return (rows[0][0] if rows else None), [participant for _meeting, participant in rows]


def _email(message: OutboxMessage, meeting: Meeting, recipient: Participant, participants) -> EmailMessage:
    language = recipient_locale(recipient.locale)
    kind = message.kind
    cancel = kind == MessageKind.CANCEL.value
    # Someone removed from a meeting that still takes place gets a CANCEL naming only them.
    only = recipient if cancel and recipient.removed_at is not None else None
    links = {} if cancel else links_for(meeting, recipient)
    method = "CANCEL" if cancel else "REQUEST"
    calendar = ics.calendar_for(
        meeting,
        participants,
        method,
        meeting.organizer,
        only=only,
        details_url=links.get("details"),
        language=language,
    )
    context = {
        "language": language,
        "kind": kind,
        "removed": only is not None,
        "recipient_name": ics.single_line(recipient.name),
        "title": meeting.title,
        "when": when_text(meeting, language),
        "zone": get_timezone_name(ZoneInfo(meeting.timezone), "generic", locale=language),
        "place": meeting.place,
        "video_url": meeting.video_url,
        "organizer_name": meeting.organizer.name,
        "invited": [ics.single_line(p.name) for p in participants if p.removed_at is None],
        "partstat": recipient.partstat,
        "links": links,
    }
    context["subject"] = _subject(kind, meeting, language)

    mail = EmailMessage(policy=MAIL_POLICY)
    mail["Subject"] = context["subject"]
    mail["From"] = current_app.config.get("MAIL_FROM", DEFAULT_FROM)
    # Questions about the meeting go to the case manager who called it, not to a no-reply box.
    mail["Reply-To"] = _address(meeting.organizer.name, meeting.organizer.email)
    mail["To"] = _address(recipient.name, recipient.email)
    mail["Date"] = mail_date(now_utc())
    # The same id on every attempt: a message delivered twice (at-least-once) can be recognised as one.
    mail["Message-ID"] = f"<soffa.outbox.{message.id}@{_mail_domain(str(mail['From']))}>"
    mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to a robot
    mail.set_content(_render(f"emails/{kind}.txt", context, text=True))
    mail.add_alternative(_render(f"emails/{kind}.html", context, text=False), subtype="html")
    # The calendar part calendars act on (iMIP, RFC 6047), and the same object as a file for the rest.
    mail.add_alternative(calendar.decode("utf-8"), subtype="calendar", params={"method": method})
    mail.add_attachment(calendar, maintype="application", subtype="ics", filename="invite.ics")
    mail["Content-Language"] = language  # after the parts: adding one resets the Content-* headers
    return mail


def _address(name: str, email: str) -> Address:
    """Name and address for a header. Address() refuses CR/LF outright, so the name is made single-line
    first and the mail still goes out; an address it cannot parse will never be deliverable."""
    try:
        return Address(display_name=ics.single_line(name), addr_spec=email)
    except (ValueError, MessageError):
        raise PermanentFailure("the email address cannot be used in a mail header") from None


def _subject(kind: str, meeting: Meeting, language: str) -> str:
    title, date = ics.single_line(meeting.title), when_text(meeting, language, short=True)
    if kind == MessageKind.INVITE.value:
        return _("Invitation: %(title)s, %(date)s", title=title, date=date)
    if kind == MessageKind.UPDATE.value:
        return _("Changed: %(title)s, %(date)s", title=title, date=date)
    if kind == MessageKind.REMINDER.value:
        return _("Reminder: %(title)s, %(date)s", title=title, date=date)
    return _("Cancelled: %(title)s, %(date)s", title=title, date=date)


def _sms_text(kind: str, meeting: Meeting, recipient: Participant) -> str:
    """Short and without the title: a phone's lock screen is read by whoever holds it."""
    when = when_text(meeting, recipient_locale(recipient.locale), short=True)
    where = ics.single_line(meeting.place) if meeting.place else _("by video")
    if kind == MessageKind.CANCEL.value:
        if recipient.removed_at is not None and meeting.status != MeetingStatus.CANCELLED.value:
            return _("You are no longer invited to the meeting %(when)s.", when=when)
        return _("Cancelled: the meeting %(when)s, %(where)s.", when=when, where=where)
    link = links_for(meeting, recipient)["choose"]
    if kind == MessageKind.REMINDER.value:
        return _("Reminder: meeting %(when)s, %(where)s. %(link)s", when=when, where=where, link=link)
    if kind == MessageKind.UPDATE.value:
        return _("Meeting moved: %(when)s, %(where)s. Answer: %(link)s", when=when, where=where, link=link)
    return _("Meeting %(when)s, %(where)s. Answer: %(link)s", when=when, where=where, link=link)


def _render(name: str, context: dict, text: bool) -> str:
    """Render with the app's Jinja environment (gettext installed), without Flask's context processors,
    which expect a request. Text parts use an overlay without HTML autoescaping."""
    app = current_app._get_current_object()
    environment = app.jinja_env
    if text:
        environment = app.extensions.get("soffa.text_jinja")
        if environment is None:
            environment = app.extensions["soffa.text_jinja"] = app.jinja_env.overlay(autoescape=False)
    return environment.get_template(name).render(context)


def _mail_domain(sender: str) -> str:
    return parseaddr(sender)[1].rpartition("@")[2] or "soffa.local"
