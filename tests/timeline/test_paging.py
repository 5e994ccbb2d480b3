"""Pages of 25, newest first, walked by keyset on (created_at, id): "show more" through htmx or as a plain
link, combined with the filters, refused when the cursor is malformed, and closed the moment the
timeline consent is withdrawn."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from portal.audit.models import AccessLogEntry
from portal.timeline.models import TimelineEntry
from tests.timeline.helpers import HTMX, bulk_entries, count, entry_ids, more_link, rows, signed_in


def _expected_order(app, case, *where) -> list[int]:
    query = (
        sa.select(TimelineEntry.id)
        .where(TimelineEntry.case_id == case.id, *where)
        .order_by(TimelineEntry.created_at.desc(), TimelineEntry.id.desc())
    )
    return rows(app, query)


def _walk(client, url: str, htmx: bool) -> list[list[int]]:
    """Follow "show more" to the end; the ids of each page."""
    pages = []
    while url:
        response = client.get(url, headers=HTMX if htmx and pages else {})
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        if htmx and pages:
            assert "<html" not in html  # only the next entries, to append
        pages.append(entry_ids(html))
        url = more_link(html)
    return pages


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain-links"])
def test_pages_are_complete_and_in_order_even_with_equal_timestamps(app, team, htmx):
    same_moment = datetime(2026, 5, 4, 10, 0, 0, 500000, tzinfo=UTC)
    bulk_entries(app, team.case, team.hub, 40, created_at=same_moment)
    bulk_entries(app, team.case, team.mentor, 12)  # a second apart, all newer than the 40
    bulk_entries(app, team.case, team.hub, 8, created_at=datetime(2026, 5, 4, 10, 0, 0, 499999, tzinfo=UTC))

    pages = _walk(signed_in(app, team.hub), team.url, htmx)

    assert [len(page) for page in pages] == [25, 25, 10]
    walked = [entry_id for page in pages for entry_id in page]
    assert walked == _expected_order(app, team.case)
    assert len(set(walked)) == 60


def test_a_later_page_without_javascript_offers_the_way_back(app, team):
    bulk_entries(app, team.case, team.hub, 30)
    client = signed_in(app, team.hub)
    second = client.get(more_link(client.get(team.url).get_data(as_text=True)))
    html = second.get_data(as_text=True)
    assert "<html" in html and "Back to the newest entries" in html
    assert len(entry_ids(html)) == 5


def test_filters_combine_with_the_cursor(app, team, make):
    bulk_entries(
        app, team.case, team.mentor, 30, kind="contact_attempt", channel="phone", body="Mentor called"
    )
    bulk_entries(app, team.case, team.hub, 30, kind="contact_attempt", channel="sms", body="Hub texted")
    bulk_entries(app, team.case, team.mentor, 30, kind="note", body="Mentor wrote")
    client = signed_in(app, team.hub)

    url = f"{team.url}?kind=contact_attempt&org={team.school.id}"
    pages = _walk(client, url, htmx=True)

    assert [len(page) for page in pages] == [25, 5]
    school_calls = _expected_order(
        app,
        team.case,
        TimelineEntry.kind == "contact_attempt",
        TimelineEntry.author_organisation_id == team.school.id,
    )
    assert [entry_id for page in pages for entry_id in page] == school_calls
    first = client.get(url).get_data(as_text=True)
    assert "kind=contact_attempt" in more_link(first) and f"org={team.school.id}" in more_link(first)
    assert f'<option selected value="{team.school.id}">' in first  # the filter shows what is chosen


def test_the_organisation_filter_offers_only_authors_the_reader_can_see(app, team, make):
    make.entry(team.case, team.mentor, visibility="team")
    make.entry(team.case, team.social_worker, visibility="case_manager")  # the mentor cannot see it
    page = signed_in(app, team.mentor).get(f"{team.url}/filters", headers=HTMX).get_data(as_text=True)
    options = page.split('id="filter-org"')[1].split("</select>")[0]
    assert f'value="{team.school.id}"' in options
    assert f'value="{team.social_worker.organisation_id}"' not in options


def test_the_filters_load_when_opened_and_show_open_when_in_use(app, team, make, count_queries):
    """The organisation choices cost a query: made when the reader opens the filters, not on every view."""
    make.entry(team.case, team.mentor, visibility="team")
    client = signed_in(app, team.hub)
    page = client.get(team.url).get_data(as_text=True)
    assert 'id="filter-org"' not in page and f'hx-get="{team.url}/filters"' in page
    with count_queries() as plain:
        client.get(team.url)
    logged = count(app, AccessLogEntry, AccessLogEntry.user_id == team.hub.id)
    fragment = client.get(f"{team.url}/filters", headers=HTMX).get_data(as_text=True)
    # Which organisations wrote what this reader sees is timeline content: the fragment is a logged read.
    assert count(app, AccessLogEntry, AccessLogEntry.user_id == team.hub.id) == logged + 1
    assert "<html" not in fragment and 'id="filter-org"' in fragment  # the form only
    assert f'value="{team.school.id}"' in fragment
    # Without JavaScript: the timeline with the filters open; and a filtered page shows them open.
    response = client.get(f"{team.url}/filters")
    assert response.status_code == 302 and response.headers["Location"].endswith("/timeline?filters=open")
    for url in (f"{team.url}?filters=open", f"{team.url}?org={team.school.id}", f"{team.url}?kind=note"):
        with count_queries() as opened:
            page = client.get(url).get_data(as_text=True)
        assert '<details class="timeline-filters" open>' in page and 'id="filter-org"' in page, url
        assert opened.n == plain.n + 1, (url, opened.n, plain.n)  # the organisation choices


def test_a_filter_change_through_htmx_gets_the_list_only(app, team, make):
    make.entry(team.case, team.hub, kind="note", body="A plain note")
    make.entry(team.case, team.hub, kind="contact_attempt", channel="visit", body="A home visit")
    response = signed_in(app, team.hub).get(f"{team.url}?kind=contact_attempt", headers=HTMX)
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="timeline-list">')
    assert "A home visit" in html and "A plain note" not in html
    assert "HX-Request" in response.headers["Vary"]


def test_an_empty_filter_result_says_so(app, team, make):
    make.entry(team.case, team.hub)
    html = signed_in(app, team.hub).get(f"{team.url}?kind=meeting_record").get_data(as_text=True)
    assert "No entries match these filters." in html


@pytest.mark.parametrize(
    "query",
    ["before=not-a-cursor", "before=MTIz", "before=" + "A" * 80, "kind=gossip", "org=school", "org=1.5"],
)
@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_malformed_paging_or_filters_are_refused(app, team, make, query, htmx):
    make.entry(team.case, team.hub, body="Visible note")
    response = signed_in(app, team.hub).get(f"{team.url}?{query}", headers=HTMX if htmx else {})
    assert response.status_code == 400
    assert "Visible note" not in response.get_data(as_text=True)


def test_withdrawing_the_timeline_consent_closes_the_timeline_on_the_next_request(app, team):
    bulk_entries(app, team.case, team.hub, 30, body="Team note")
    mentor = signed_in(app, team.mentor)
    first = mentor.get(team.url).get_data(as_text=True)
    show_more = more_link(first)
    assert show_more and "Team note" in first

    withdrawn = signed_in(app, team.hub).post(f"/cases/{team.case.id}/consents/{team.consent.id}/withdraw")
    assert withdrawn.status_code == 302

    more = mentor.get(show_more, headers=HTMX)  # the "show more" already on their screen
    assert more.status_code == 403
    assert "Team note" not in more.get_data(as_text=True)
    assert more.headers["HX-Retarget"] == "#messages"  # the refusal goes to the message region
    again = mentor.get(team.url)
    assert again.status_code == 403
    assert "Team note" not in again.get_data(as_text=True)


def test_an_htmx_show_more_without_a_session_is_sent_to_sign_in(app, team):
    bulk_entries(app, team.case, team.hub, 30)
    client = signed_in(app, team.hub)
    show_more = more_link(client.get(team.url).get_data(as_text=True))
    client.post("/logout")

    response = client.get(show_more, headers=HTMX)

    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/login"
