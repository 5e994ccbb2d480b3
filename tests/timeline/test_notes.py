"""Adding a note: in place with htmx, as a plain form without JavaScript, refused with 422 when the input
or the chosen visibility is not allowed (nothing saved), and shown as text whatever it contains."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.audit.models import AccessLogEntry, AuditEvent
from portal.timeline.models import TimelineEntry
from tests.timeline.helpers import ENTRY_ID, HTMX, count, entry_ids, rows, signed_in


def _entries(app, case) -> list[TimelineEntry]:
    query = sa.select(TimelineEntry).where(TimelineEntry.case_id == case.id).order_by(TimelineEntry.id)
    return rows(app, query)


def test_the_hub_adds_a_note_in_place(app, team, make):
    older = make.entry(team.case, team.hub, body="An older note")
    client = signed_in(app, team.hub)
    logged_before = count(app, AccessLogEntry, AccessLogEntry.user_id == team.hub.id)

    response = client.post(
        f"{team.url}/new",
        data={
            "kind": "note",
            "body": "Met Alva at school.\nNext: https://skolverket.se",
            "visibility": "team",
        },
        htmx=True,
    )

    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "timeline-changed"
    html = response.get_data(as_text=True)
    assert "<html" not in html  # a fragment: the fresh form and the new entry
    [entry] = [e for e in _entries(app, team.case) if e.id != older.id]
    assert (entry.kind, entry.visibility, entry.author_id) == ("note", "team", team.hub.id)
    assert entry.author_organisation_id == team.hub.organisation_id
    assert entry.body == "Met Alva at school.\nNext: https://skolverket.se"
    form, added = html.split('hx-swap-oob="afterbegin:#timeline-entries"')
    assert 'id="note-form"' in form and "Met Alva" not in form  # the form is empty again
    assert f'<li id="entry-{entry.id}"' in added
    assert "Met Alva at school.<br>" in added
    assert 'href="https://skolverket.se" rel="noopener noreferrer nofollow"' in added
    assert count(app, AuditEvent, AuditEvent.action == "entry.add", AuditEvent.target_id == entry.id) == 1
    # The answer showed timeline content, so it was logged as a read.
    assert count(app, AccessLogEntry, AccessLogEntry.user_id == team.hub.id) == logged_before + 1

    page = client.get(team.url).get_data(as_text=True)
    assert entry_ids(page)[:2] == [entry.id, older.id]  # newest first


@pytest.mark.parametrize(
    ("writer", "note"),
    [
        ("hub", {"visibility": "agency", "shared_with_young_person": ""}),
        ("hub", {"visibility": "team", "shared_with_young_person": "y"}),
        ("mentor", {"visibility": "agency"}),
        ("volunteer", {"visibility": "case_manager"}),
    ],
)
def test_the_added_entry_is_shown_as_the_timeline_shows_it(app, team, writer, note):
    """The entry put in place is made from what was written, not read back: it must be the same entry, word
    for word and link for link, as the timeline page then shows that reader."""
    client = signed_in(app, getattr(team, writer))
    data = {"kind": "contact_attempt", "channel": "phone", "body": "Rang Alva.\nSvar: ja", **note}
    html = client.post(f"{team.url}/new", data=data, htmx=True).get_data(as_text=True)
    [entry_id] = ENTRY_ID.findall(html)
    page = client.get(team.url).get_data(as_text=True)

    def entry_html(text: str) -> str:
        start = text.index(f'<li id="entry-{entry_id}"')
        return text[start : text.index("</li>", start)]

    assert entry_html(html) == entry_html(page)


def test_without_javascript_the_note_is_added_and_the_timeline_shown_again(app, team):
    client = signed_in(app, team.mentor)

    response = client.post(
        f"{team.url}/new", data={"kind": "contact_attempt", "channel": "sms", "body": "Texted Alva"}
    )

    assert response.status_code == 302
    [entry] = _entries(app, team.case)
    assert response.headers["Location"] == f"{team.url}#entry-{entry.id}"
    assert (entry.kind, entry.channel, entry.visibility) == ("contact_attempt", "sms", "case_manager")
    page = client.get(team.url).get_data(as_text=True)
    assert "Your note was added." in page
    assert "Contact attempt: SMS" in page and "Texted Alva" in page


def test_a_channel_sent_with_a_plain_note_is_dropped(app, team):
    client = signed_in(app, team.hub)
    client.post(f"{team.url}/new", data={"kind": "note", "channel": "phone", "body": "Just a note"})
    [entry] = _entries(app, team.case)
    assert (entry.kind, entry.channel) == ("note", None)


def test_the_most_private_visibility_is_the_default(app, team):
    page = signed_in(app, team.hub).get(team.url).get_data(as_text=True)
    assert '<option selected value="case_manager">Case manager only</option>' in page
    assert 'value="agency"' in page and 'value="team"' in page
    assert 'name="shared_with_young_person"' in page


def test_a_volunteers_only_choice_is_the_case_manager(app, team):
    client = signed_in(app, team.volunteer)
    page = client.get(team.url).get_data(as_text=True)
    assert '<option selected value="case_manager">Case manager only</option>' in page
    assert 'value="team"' not in page and 'value="agency"' not in page.split('id="visibility"')[1]
    assert 'name="shared_with_young_person"' not in page

    assert client.post(f"{team.url}/new", data={"body": "Had coffee with Alva"}).status_code == 302
    [entry] = _entries(app, team.case)
    assert (entry.visibility, entry.shared_with_young_person) == ("case_manager", False)
    assert "Had coffee with Alva" in client.get(team.url).get_data(as_text=True)  # they read their own


LONG = "x" * 5001


@pytest.mark.parametrize(
    ("writer", "data", "message"),
    [
        ("hub", {"body": ""}, "Write the note."),
        ("hub", {"body": "  \n\t "}, "Write the note."),
        ("hub", {"body": LONG}, "at most 5000 characters"),
        ("hub", {"body": "Called", "kind": "contact_attempt"}, "Choose how you tried to make contact."),
        ("hub", {"body": "Called", "kind": "contact_attempt", "channel": "pigeon"}, "Not a valid choice"),
        ("hub", {"body": "Changed the plan", "kind": "plan_change"}, "Not a valid choice"),
        ("hub", {"body": "Hello", "visibility": "everyone"}, "You cannot choose this visibility"),
        ("volunteer", {"body": "Hello", "visibility": "team"}, "You cannot choose this visibility"),
        ("volunteer", {"body": "Hello", "visibility": "agency"}, "You cannot choose this visibility"),
        ("volunteer", {"body": "Hello", "shared_with_young_person": "y"}, "cannot share notes"),
        ("social_worker", {"body": "Hello", "visibility": "team"}, "You cannot choose this visibility"),
        ("social_worker", {"body": "Hello", "shared_with_young_person": "y"}, "cannot share notes"),
    ],
)
@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_bad_input_is_refused_and_nothing_saved(app, team, writer, data, message, htmx):
    client = signed_in(app, getattr(team, writer))
    audit_before = count(app, AuditEvent)

    response = client.post(f"{team.url}/new", data=data, htmx=htmx)

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert 'id="note-form"' in html
    assert ("<html" in html) is not htmx  # htmx gets the form to swap; a browser without JS the page
    assert _entries(app, team.case) == []
    assert count(app, AuditEvent) == audit_before


def test_a_note_of_5000_characters_after_stripping_is_accepted(app, team):
    client = signed_in(app, team.hub)
    response = client.post(f"{team.url}/new", data={"body": "  " + "y" * 5000 + "\n\n"})
    assert response.status_code == 302
    [entry] = _entries(app, team.case)
    assert entry.body == "y" * 5000


def test_script_and_html_in_a_note_show_as_text(app, team):
    client = signed_in(app, team.hub)
    body = '<script>alert("x")</script><b onclick="steal()">bold</b> javascript:alert(1)'
    client.post(f"{team.url}/new", data={"body": body, "visibility": "team"})

    for reader in (team.hub, team.mentor):
        page = signed_in(app, reader).get(team.url).get_data(as_text=True)
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b onclick=&#34;steal()&#34;&gt;" in page
        assert "<script>alert" not in page and "<b onclick" not in page
        assert 'href="javascript' not in page


class TestStaffWithoutTheTimelineConsent:
    """They may write to the case manager, but the timeline stays closed to them."""

    def test_they_cannot_read_the_timeline(self, app, team):
        assert signed_in(app, team.social_worker).get(team.url).status_code == 403

    def test_they_write_on_a_page_of_its_own_and_get_a_confirmation(self, app, team, make):
        make.entry(team.case, team.hub, body="A team note they must not read", visibility="team")
        client = signed_in(app, team.social_worker)

        form = client.get(f"{team.url}/new").get_data(as_text=True)
        assert "no consent from the young person to read this timeline" in form
        assert '<option selected value="case_manager">Case manager only</option>' in form
        assert 'value="team"' not in form.split('id="visibility"')[1]

        response = client.post(f"{team.url}/new", data={"body": "Alva's family moved"})
        assert response.status_code == 302
        assert response.headers["Location"] == f"{team.url}/new"
        confirmation = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "Your note was sent to the case manager." in confirmation
        assert "A team note they must not read" not in confirmation
        assert "Alva&#39;s family moved" not in confirmation  # a confirmation, not the timeline

        written = [e for e in _entries(app, team.case) if e.author_id == team.social_worker.id]
        assert [(e.body, e.visibility) for e in written] == [("Alva's family moved", "case_manager")]
        assert "Alva&#39;s family moved" in signed_in(app, team.hub).get(team.url).get_data(as_text=True)

    def test_through_htmx_they_get_the_confirmation_and_no_entries(self, app, team, make):
        make.entry(team.case, team.hub, body="A team note they must not read", visibility="team")
        client = signed_in(app, team.social_worker)
        logged_before = count(app, AccessLogEntry, AccessLogEntry.user_id == team.social_worker.id)

        response = client.post(f"{team.url}/new", data={"body": "Called the family"}, headers=HTMX)

        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert "Your note was sent to the case manager." in html
        assert "hx-swap-oob" not in html and "A team note" not in html
        assert count(app, AccessLogEntry, AccessLogEntry.user_id == team.social_worker.id) == logged_before


def test_an_agency_note_cannot_be_shared_with_the_young_person(app, make):
    """The hub cannot read another agency's internal note, so it must never reach the young person."""
    manager = make.user("case_manager")
    school = make.org("school")
    mentor = make.user("staff", org=school)
    case = make.case(manager=manager)
    make.member(case, mentor)
    make.consent(case, school, scopes=("timeline",))
    client = app.test_client()
    client.login(mentor.email)
    response = client.post(
        f"/cases/{case.id}/timeline/new",
        data={"kind": "note", "body": "Internal", "visibility": "agency", "shared_with_young_person": "y"},
    )
    assert response.status_code == 422
    assert "cannot be shared with the young person" in response.get_data(as_text=True)


def test_wtforms_own_messages_are_in_the_readers_language(app, team):
    """WTForms' catalogues are loaded once per language (portal/web/forms.py): each reader still gets theirs."""
    client = signed_in(app, team.hub)
    bad = {"body": "Called", "kind": "contact_attempt", "channel": "pigeon"}
    for accept, message in [
        ("sv", "Inte ett giltigt val"),
        ("en", "Not a valid choice"),
        ("sv", "Inte ett giltigt val"),
    ]:
        response = client.post(f"{team.url}/new", data=bad, headers={"Accept-Language": accept})
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
