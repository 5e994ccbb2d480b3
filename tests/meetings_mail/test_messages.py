"""build(message): the invite mail (structure, headers, links, language), SMS, and stale messages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import policy
from email.parser import BytesParser
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date, format_skeleton

from portal.meetings.models import Meeting, Participant
from portal.meetings.rsvp import read_token
from portal.outbox.envelopes import OutgoingEmail, OutgoingSms, Stale
from tests.meetings_mail.conftest import (
    AGENDA,
    attendees,
    build,
    only_event,
    outbox,
    parse_ics,
    reload,
    update_rows,
)

KINDS = ("invite", "update", "reminder")


def mail_for(app, world, participant, kind="invite", **kwargs):
    message = outbox(app, kind, "email", reload(app, Meeting, world.meeting.id), participant, **kwargs)
    out = build(app, message)
    assert isinstance(out, OutgoingEmail), out
    return out


def wire(out: OutgoingEmail):
    """The mail as a receiver parses it from the bytes on the wire."""
    return BytesParser(policy=policy.default).parsebytes(out.message.as_bytes())


def part(mail, content_type: str):
    return next(p for p in mail.walk() if p.get_content_type() == content_type)


def text_of(mail) -> str:
    return part(mail, "text/plain").get_content()


def all_text(mail) -> str:
    """Every header and every decoded part, to search for what must not be there."""
    found = [f"{name}: {value}" for name, value in mail.items()]
    for piece in mail.walk():
        if not piece.is_multipart():
            content = piece.get_content()
            found.append(content.decode() if isinstance(content, bytes) else content)
    return "\n".join(found)


def local_start(world) -> datetime:
    return world.meeting.starts_at.astimezone(ZoneInfo("Europe/Stockholm"))


# --- structure and headers ----------------------------------------------------------------------------


def test_an_invite_is_text_html_and_a_calendar_part_with_the_same_file_attached(app, world):
    out = mail_for(app, world, world.mentor)
    assert out.to == world.mentor.email
    mail = wire(out)
    assert mail.get_content_type() == "multipart/mixed"
    alternative, attachment = mail.iter_parts()
    assert alternative.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in alternative.iter_parts()] == [
        "text/plain",
        "text/html",
        "text/calendar",
    ]
    calendar_part = part(mail, "text/calendar")
    assert calendar_part.get_param("method") == "REQUEST"
    assert calendar_part.get_param("charset") == "utf-8"
    assert attachment.get_content_type() == "application/ics"
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_content() == calendar_part.get_content().encode()
    parsed = parse_ics(attachment.get_content())
    assert parsed["METHOD"] == "REQUEST"
    assert only_event(parsed)["UID"] == world.meeting.uid
    assert set(attendees(only_event(parsed))) == {f"mailto:{world.mentor.email}", "mailto:sara@example.org"}


def test_the_headers_name_sender_recipient_and_a_stable_message_id(app, world):
    message = outbox(app, "invite", "email", world.meeting, world.mentor)
    first, again = wire(build(app, message)), wire(build(app, message))
    assert str(first["To"]) == f"Ali Mentor <{world.mentor.email}>"
    assert first["From"] == app.config.get("MAIL_FROM", "Soffa <no-reply@soffa.local>")
    assert str(first["Reply-To"]) == "Maria Lind <maria.lind@kommun.example>"
    assert first["Subject"].startswith("Invitation: Follow-up meeting, ")
    assert abs(first["Date"].datetime - datetime.now(UTC)) < timedelta(minutes=1)
    assert first["Auto-Submitted"] == "auto-generated"
    assert first["Message-ID"] == again["Message-ID"]
    assert first["Message-ID"].startswith(f"<soffa.outbox.{message.id}@")


def test_the_mail_says_when_where_and_who(app, world):
    text = text_of(wire(mail_for(app, world, world.mentor)))
    assert "Follow-up meeting" in text
    assert "Room 4, Town Hall" in text
    assert "https://video.example/r/abc" in text
    assert "Maria Lind" in text
    assert "Ali Mentor, Sara Ek, Per Psykolog" in text
    assert format_date(local_start(world), "full", locale="en") in text


def links_in(text: str) -> list[str]:
    return [word for word in text.split() if word.startswith("http")]


def test_the_links_are_signed_for_this_participant_and_this_version(app, world):
    text = text_of(wire(mail_for(app, world, world.young)))
    adapter = app.url_map.bind("127.0.0.1:5000")
    answers = {}
    for link in links_in(text):
        if link.startswith("https://video"):
            continue
        assert link.startswith("http://127.0.0.1:5000/")
        endpoint, args = adapter.match(urlsplit(link).path)
        with app.app_context():
            claim = read_token(args["token"])
        assert (claim.participant_id, claim.meeting_id, claim.sequence) == (
            world.young.id,
            world.meeting.id,
            0,
        )
        if endpoint == "meetings.rsvp" and urlsplit(link).query:
            answers[parse_qs(urlsplit(link).query)["answer"][0]] = link
        else:
            assert endpoint in ("meetings.rsvp", "meetings.ics")
    assert set(answers) == {"accepted", "tentative", "declined"}
    html = part(wire(mail_for(app, world, world.young)), "text/html").get_content()
    assert all(f'href="{link}"' in html for link in answers.values())


def test_the_young_person_is_never_sent_to_a_staff_page_even_when_their_row_names_their_account(
    app, world, make
):
    young_user = make.user("young_person")
    update_rows(app, Participant, world.young.id, user_id=young_user.id)
    links = links_in(text_of(wire(mail_for(app, world, reload(app, Participant, world.young.id)))))
    assert links and not [link for link in links if "/cases/" in link]
    assert any("/rsvp/" in link for link in links)


def test_links_use_the_configured_base_url(app, world):
    before = app.config["BASE_URL"]
    app.config["BASE_URL"] = "https://soffa.kommun.example/portal"
    try:
        text = text_of(wire(mail_for(app, world, world.mentor)))
    finally:
        app.config["BASE_URL"] = before
    soffa_links = [link for link in links_in(text) if not link.startswith("https://video")]
    assert soffa_links and all(
        link.startswith("https://soffa.kommun.example/portal/") for link in soffa_links
    )
    # A team user can sign in: "details" is the meeting page itself.
    assert (
        f"https://soffa.kommun.example/portal/cases/{world.case_id}/meetings/{world.meeting.id}"
        in soffa_links
    )


def test_building_reads_the_database_once(app, world, count_queries):
    message = outbox(app, "invite", "email", world.meeting, world.mentor)
    with app.app_context(), count_queries() as counted:
        from portal.meetings.messages import build as build_now

        assert isinstance(build_now(message), OutgoingEmail)
    selects = [
        statement for statement in counted.statements if statement.lstrip().upper().startswith("SELECT")
    ]
    assert len(selects) == 1, selects


# --- no case content ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_the_agenda_is_in_no_mail_and_no_sms(app, world, kind):
    mail = wire(mail_for(app, world, world.young, kind=kind))
    assert AGENDA not in all_text(mail)
    assert AGENDA.encode() not in mail.as_bytes()
    sms = build(app, outbox(app, kind, "sms", world.meeting, world.young))
    assert AGENDA not in sms.text


def test_the_agenda_is_not_in_a_cancellation_either(app, world):
    update_rows(app, Meeting, world.meeting.id, status="cancelled", sequence=1)
    assert AGENDA not in all_text(wire(mail_for(app, world, world.young, kind="cancel")))
    assert AGENDA not in build(app, outbox(app, "cancel", "sms", world.meeting, world.young)).text


# --- language -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "weekday_and_month"), [("sv", "lördag"), ("da", "lørdag"), ("en", "Saturday")]
)
def test_dates_are_written_in_the_recipients_language(app, world, make, locale, weekday_and_month):
    # A Saturday morning one to two weeks ahead: no mail is built for a meeting that is over, so the date
    # cannot be a fixed one.
    today = datetime.now(UTC)
    days_ahead = (5 - today.weekday()) % 7 + 7
    saturday = (today + timedelta(days=days_ahead)).replace(hour=9, minute=0, second=0, microsecond=0)
    update_rows(app, Meeting, world.meeting.id, starts_at=saturday, ends_at=saturday + timedelta(hours=1))
    reader = make.participant(world.meeting, name="Reader", email="reader@example.org", locale=locale)
    mail = wire(mail_for(app, world, reader))
    expected = format_date(saturday.astimezone(ZoneInfo("Europe/Stockholm")), "full", locale=locale)
    assert weekday_and_month in expected
    assert expected in text_of(mail)
    assert expected in part(mail, "text/html").get_content()
    assert f'<html lang="{locale}">' in part(mail, "text/html").get_content()
    assert mail["Content-Language"] == locale


def test_one_recipients_language_does_not_leak_into_the_next(app, world):
    swedish = text_of(wire(mail_for(app, world, world.young)))
    english = text_of(wire(mail_for(app, world, world.mentor)))
    start = local_start(world)
    assert format_date(start, "full", locale="sv") in swedish
    assert format_date(start, "full", locale="en") in english
    assert format_date(start, "full", locale="sv") not in english


# --- injection ----------------------------------------------------------------------------------------


def test_line_breaks_in_names_and_titles_never_add_a_header(app, world, make):
    update_rows(app, Meeting, world.meeting.id, title="Plan\r\nBcc: evil@example.org")
    eve = make.participant(world.meeting, name="Eve\r\nBcc: evil2@example.org", email="eve@example.org")
    out = mail_for(app, world, eve)
    headers = out.message.as_bytes().split(b"\r\n\r\n")[0]
    assert b"\nBcc:" not in headers and b"\rBcc:" not in headers
    mail = wire(out)
    assert mail["Bcc"] is None
    assert [address.addr_spec for address in mail["To"].addresses] == ["eve@example.org"]
    assert mail["To"].addresses[0].display_name == "Eve Bcc: evil2@example.org"
    assert "\n" not in mail["Subject"] and "Plan Bcc: evil@example.org" in mail["Subject"]
    # The calendar still holds one event, the title kept as text.
    event = only_event(parse_ics(part(mail, "text/calendar").get_content().encode()))
    assert event["SUMMARY"] == "Plan\nBcc: evil@example.org"


def test_markup_in_a_title_is_escaped_in_the_html_part(app, world):
    update_rows(app, Meeting, world.meeting.id, title="<script>alert(1)</script> & more", place="A & B")
    mail = wire(mail_for(app, world, world.mentor))
    html = part(mail, "text/html").get_content()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert "<script>alert(1)</script> & more" in text_of(mail)  # plain text is not HTML: no entities
    assert "Where: A & B" in text_of(mail)


# --- SMS ----------------------------------------------------------------------------------------------


def test_the_sms_has_time_place_and_a_link_but_no_title(app, world):
    sms = build(app, outbox(app, "invite", "sms", world.meeting, world.young))
    assert isinstance(sms, OutgoingSms)
    assert sms.to == "+46701234567"
    assert (
        format_skeleton("MMMEd", local_start(world), locale="sv") in sms.text
    )  # the young person's language
    assert "Room 4, Town Hall" in sms.text
    assert "Follow-up meeting" not in sms.text
    link = sms.text.split()[-1]
    endpoint, args = app.url_map.bind("127.0.0.1:5000").match(urlsplit(link).path)
    assert endpoint == "meetings.rsvp"
    with app.app_context():
        assert read_token(args["token"]).participant_id == world.young.id
    # GSM 03.38 characters only (no narrow spaces or dashes from the date format): one message, not two.
    assert all(ord(char) < 0x2000 for char in sms.text)
    assert len(sms.text) <= 160


def test_the_sms_for_each_kind(app, world):
    update_rows(app, Participant, world.contact.id, locale="en")
    update_rows(app, Participant, world.young.id, locale="en")
    texts = {kind: build(app, outbox(app, kind, "sms", world.meeting, world.contact)).text for kind in KINDS}
    assert texts["invite"].startswith("Meeting ")
    assert texts["update"].startswith("Meeting moved: ")
    assert texts["reminder"].startswith("Reminder: meeting ")
    update_rows(app, Participant, world.contact.id, removed_at=datetime.now(UTC))
    removed = build(app, outbox(app, "cancel", "sms", world.meeting, world.contact)).text
    assert removed.startswith("You are no longer invited to the meeting ")
    update_rows(app, Meeting, world.meeting.id, status="cancelled", sequence=1)
    cancelled = build(app, outbox(app, "cancel", "sms", world.meeting, world.young)).text
    assert cancelled.startswith("Cancelled: the meeting ")


def test_an_sms_for_a_video_meeting_says_so(app, world):
    update_rows(app, Meeting, world.meeting.id, place=None)
    update_rows(app, Participant, world.young.id, locale="en")
    assert ", by video. Answer: " in build(app, outbox(app, "invite", "sms", world.meeting, world.young)).text


# --- updates and cancellations ----------------------------------------------------------------------


def test_an_update_carries_the_raised_sequence(app, world):
    update_rows(app, Meeting, world.meeting.id, sequence=1)
    mail = wire(mail_for(app, world, world.mentor, kind="update"))
    assert mail["Subject"].startswith("Changed: ")
    assert "The meeting has been changed" in text_of(mail)
    assert "You have answered that you will come." in text_of(mail)
    assert only_event(parse_ics(part(mail, "application/ics").get_content()))["SEQUENCE"] == 1


def test_a_cancelled_meeting_sends_a_cancel_to_everyone(app, world):
    update_rows(app, Meeting, world.meeting.id, status="cancelled", sequence=1)
    mail = wire(mail_for(app, world, world.mentor, kind="cancel"))
    assert part(mail, "text/calendar").get_param("method") == "CANCEL"
    parsed = parse_ics(part(mail, "application/ics").get_content())
    event = only_event(parsed)
    assert (parsed["METHOD"], event["STATUS"], event["SEQUENCE"]) == ("CANCEL", "CANCELLED", 1)
    assert len(attendees(event)) == 2
    assert "This meeting is cancelled." in text_of(mail)
    assert "?answer=" not in text_of(mail)  # nothing left to answer


def test_a_removed_participant_gets_a_cancel_naming_only_them(app, world):
    update_rows(app, Participant, world.mentor.id, removed_at=datetime.now(UTC))
    mail = wire(mail_for(app, world, world.mentor, kind="cancel"))
    parsed = parse_ics(part(mail, "application/ics").get_content())
    event = only_event(parsed)
    assert (parsed["METHOD"], event["STATUS"]) == ("CANCEL", "CANCELLED")
    assert list(attendees(event)) == [f"mailto:{world.mentor.email}"]
    assert "You are no longer invited to this meeting." in text_of(mail)
    assert "Ali Mentor" not in text_of(mail).split("Invited: ")[1]


# --- stale messages -----------------------------------------------------------------------------------


def stale(app, world, participant, kind="invite", channel="email", **kwargs) -> str:
    out = build(
        app, outbox(app, kind, channel, reload(app, Meeting, world.meeting.id), participant, **kwargs)
    )
    assert isinstance(out, Stale), out
    return out.reason


@pytest.mark.parametrize("kind", KINDS)
def test_a_message_for_an_older_version_is_stale(app, world, kind):
    update_rows(app, Meeting, world.meeting.id, sequence=1)
    assert "changed" in stale(app, world, world.mentor, kind=kind, sequence=0)
    assert isinstance(
        build(app, outbox(app, kind, "email", world.meeting, world.mentor, sequence=1)), OutgoingEmail
    )


@pytest.mark.parametrize("kind", KINDS)
def test_nothing_but_a_cancel_goes_to_a_cancelled_meeting(app, world, kind):
    update_rows(app, Meeting, world.meeting.id, status="cancelled", sequence=1)
    assert "cancelled" in stale(app, world, world.mentor, kind=kind, sequence=1)


@pytest.mark.parametrize("kind", KINDS)
def test_nothing_but_their_cancel_goes_to_a_removed_participant(app, world, kind):
    update_rows(app, Participant, world.mentor.id, removed_at=datetime.now(UTC))
    assert "removed" in stale(app, world, world.mentor, kind=kind)


def test_a_cancel_to_someone_still_invited_to_a_meeting_still_on_is_stale(app, world):
    assert "still invited" in stale(app, world, world.mentor, kind="cancel")


def test_no_reminder_after_the_start_or_to_someone_who_declined(app, world):
    update_rows(app, Participant, world.young.id, partstat="declined")
    assert "declined" in stale(app, world, world.young, kind="reminder")
    now = datetime.now(UTC)
    update_rows(
        app, Meeting, world.meeting.id, starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=1)
    )
    assert "started" in stale(app, world, world.mentor, kind="reminder")
    update_rows(
        app, Meeting, world.meeting.id, starts_at=now - timedelta(hours=2), ends_at=now - timedelta(hours=1)
    )
    assert "over" in stale(app, world, world.mentor, kind="invite")


def test_a_channel_without_an_address_is_stale(app, world):
    assert "email" in stale(app, world, world.contact, channel="email")
    assert "phone" in stale(app, world, world.mentor, channel="sms")


def test_a_participant_of_another_meeting_is_stale(app, world):
    message = outbox(app, "invite", "email", world.meeting, world.mentor)
    message.participant_id = world.mentor.id + 1000
    assert isinstance(build(app, message), Stale)


def test_a_message_that_is_not_about_a_meeting_is_refused(app, world):
    message = outbox(app, "notice", "email", world.meeting, world.mentor)
    with pytest.raises(ValueError, match="not about a meeting"):
        build(app, message)
    message = outbox(app, "invite", "email", world.meeting, world.mentor)
    message.meeting_sequence = None
    with pytest.raises(ValueError, match="meeting_sequence"):
        build(app, message)


def test_an_address_no_mail_header_can_carry_fails_permanently(app, world, make):
    from portal.outbox.errors import PermanentFailure

    broken = make.participant(world.meeting, name="Broken", email="not an address")
    with pytest.raises(PermanentFailure) as failure:
        build(app, outbox(app, "invite", "email", world.meeting, broken))
    assert "not an address" not in str(failure.value)  # the reason is stored: no personal data in it
