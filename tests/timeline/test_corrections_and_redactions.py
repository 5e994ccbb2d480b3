"""Entries are never edited: an author corrects their own entry with a new one pointing at it, and the
hub removes content with a reason (the fact, who and why stay visible to everyone)."""

from __future__ import annotations

import re

import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.timeline.models import EntryRedaction, TimelineEntry
from tests.timeline.helpers import count, entry_ids, rows, signed_in


def _corrections_of(app, entry) -> list[TimelineEntry]:
    return rows(app, sa.select(TimelineEntry).where(TimelineEntry.corrects_id == entry.id))


class TestCorrections:
    def test_an_author_corrects_their_own_entry(self, app, team, make):
        original = make.entry(team.case, team.mentor, body="Alva missed maths", visibility="team")
        make.entry(team.case, team.hub, body="Something in between", visibility="team")
        client = signed_in(app, team.mentor)

        form = client.get(f"{team.url}/{original.id}/correct")
        assert form.status_code == 200
        html = form.get_data(as_text=True)
        assert "Alva missed maths" in html
        assert '<option selected value="team">' in html  # the original's visibility is proposed

        response = client.post(
            f"{team.url}/{original.id}/correct",
            data={"kind": "note", "body": "Alva missed physics, not maths", "visibility": "team"},
        )

        [correction] = _corrections_of(app, original)
        assert response.status_code == 302
        assert response.headers["Location"] == f"{team.url}#entry-{correction.id}"
        assert (correction.author_id, correction.body) == (team.mentor.id, "Alva missed physics, not maths")
        [unchanged] = rows(app, sa.select(TimelineEntry.body).where(TimelineEntry.id == original.id))
        assert unchanged == "Alva missed maths"  # never edited in place
        assert count(
            app, AuditEvent, AuditEvent.action == "entry.correct", AuditEvent.target_id == correction.id
        )

        page = signed_in(app, team.hub).get(team.url).get_data(as_text=True)
        assert entry_ids(page)[0] == correction.id
        new_part, old_part = page.split(f'<li id="entry-{original.id}"')
        assert "Correction of an earlier entry" in new_part.split(f'<li id="entry-{correction.id}"')[1]
        assert "Corrected by a later entry" in old_part.split("</li>")[0]
        # The link of the correction leads to a page that starts with the corrected entry.
        link = new_part.split("Correction of an earlier entry")[0].rsplit('href="', 1)[1].split('"')[0]
        assert link.endswith(f"#entry-{original.id}")
        target = signed_in(app, team.hub).get(link.replace("&amp;", "&").split("#")[0])
        assert entry_ids(target.get_data(as_text=True))[0] == original.id

    def test_an_entry_the_writer_cannot_see_does_not_exist_for_them(self, app, team, make):
        private = make.entry(team.case, team.hub, visibility="case_manager")
        elsewhere = make.entry(make.case(manager=team.hub), team.mentor)
        client = signed_in(app, team.mentor)
        assert client.get(f"{team.url}/{private.id}/correct").status_code == 404
        assert client.post(f"{team.url}/{private.id}/correct", data={"body": "x"}).status_code == 404
        assert client.get(f"{team.url}/{elsewhere.id}/correct").status_code == 404
        assert client.get(f"{team.url}/999999/correct").status_code == 404

    def test_a_visible_entry_of_someone_else_cannot_be_corrected(self, app, team, make):
        theirs = make.entry(team.case, team.hub, visibility="team")
        client = signed_in(app, team.mentor)
        assert client.get(f"{team.url}/{theirs.id}/correct").status_code == 403
        assert client.post(f"{team.url}/{theirs.id}/correct", data={"body": "x"}).status_code == 403
        assert _corrections_of(app, theirs) == []
        assert "/correct" not in client.get(team.url).get_data(as_text=True)

    def test_records_the_portal_made_are_not_corrected(self, app, team, make):
        plan_change = make.entry(team.case, team.hub, kind="plan_change", body="Goal added")
        assert signed_in(app, team.hub).get(f"{team.url}/{plan_change.id}/correct").status_code == 403

    def test_staff_without_the_timeline_consent_correct_what_they_wrote(self, app, team, make):
        own = make.entry(team.case, team.social_worker, visibility="case_manager", body="Wrong date")
        client = signed_in(app, team.social_worker)
        response = client.post(f"{team.url}/{own.id}/correct", data={"body": "The meeting is on Friday"})
        assert response.status_code == 302
        assert response.headers["Location"] == f"{team.url}/new"  # not the timeline they cannot read
        assert len(_corrections_of(app, own)) == 1

    def test_a_bad_correction_is_refused_and_nothing_saved(self, app, team, make):
        original = make.entry(team.case, team.volunteer, visibility="case_manager")
        client = signed_in(app, team.volunteer)
        for data in (
            {"body": " "},
            {"body": "x", "visibility": "team"},
            {"body": "x", "shared_with_young_person": "y"},
        ):
            assert client.post(f"{team.url}/{original.id}/correct", data=data).status_code == 422
        assert _corrections_of(app, original) == []

    def test_a_correction_shown_without_the_entry_it_corrects(self, app, team, make):
        private = make.entry(team.case, team.hub, visibility="case_manager", body="Private first version")
        signed_in(app, team.hub).post(
            f"{team.url}/{private.id}/correct", data={"body": "Shared second version", "visibility": "team"}
        )
        page = signed_in(app, team.mentor).get(team.url).get_data(as_text=True)
        assert "Shared second version" in page and "Correction of an earlier entry" in page
        assert "Private first version" not in page
        assert f"entry-{private.id}" not in page  # no link to what they cannot see


class TestRedactions:
    def test_the_hub_removes_content_and_everyone_sees_who_why_and_when(self, app, team, make):
        entry = make.entry(team.case, team.mentor, visibility="team", shared_with_young_person=True,
                           body="Alva's health details")  # fmt: skip
        hub = signed_in(app, team.hub)
        assert "Alva&#39;s health details" in hub.get(f"{team.url}/{entry.id}/redact").get_data(as_text=True)

        response = hub.post(
            f"{team.url}/{entry.id}/redact", data={"reason": "Health data <b>not</b> for the team"}
        )

        assert response.status_code == 302
        assert response.headers["Location"] == f"{team.url}#entry-{entry.id}"
        [redaction] = rows(app, sa.select(EntryRedaction).where(EntryRedaction.entry_id == entry.id))
        assert (redaction.redacted_by_id, redaction.reason) == (
            team.hub.id,
            "Health data <b>not</b> for the team",
        )
        assert (
            count(app, AuditEvent, AuditEvent.action == "entry.redact", AuditEvent.target_id == entry.id) == 1
        )
        # The team on the timeline, the young person (it was shared with them) on their own notes page.
        for reader, url, anchor in (
            (team.hub, team.url, f'<li id="entry-{entry.id}"'),
            (team.mentor, team.url, f'<li id="entry-{entry.id}"'),
            (team.young, f"/me/{team.case.id}/notes", f'<li class="card note" id="note-{entry.id}"'),
        ):
            page = signed_in(app, reader).get(url).get_data(as_text=True)
            assert anchor in page
            assert "Alva&#39;s health details" not in page
            assert f"Removed by {team.hub.name} on " in page
            assert "Health data &lt;b&gt;not&lt;/b&gt; for the team" in page
        author = signed_in(app, team.mentor)
        assert "Alva&#39;s health details" not in author.get(f"{team.url}/{entry.id}/correct").get_data(
            as_text=True
        )
        assert author.post(f"{team.url}/{entry.id}/correct", data={"body": "again"}).status_code == 422

    def test_the_date_of_the_removal_is_shown(self, app, team, make):
        entry = make.entry(team.case, team.hub)
        make.redaction(entry, team.hub, reason="Duplicate")
        page = signed_in(app, team.hub).get(team.url).get_data(as_text=True)
        assert re.search(
            rf"Removed by {team.hub.name} on [A-Z][a-z]{{2}} \d{{1,2}}, \d{{4}}: Duplicate", page
        )

    def test_a_reason_is_required_and_short(self, app, team, make):
        entry = make.entry(team.case, team.hub)
        hub = signed_in(app, team.hub)
        for reason in ("", "   ", "r" * 501):
            response = hub.post(f"{team.url}/{entry.id}/redact", data={"reason": reason})
            assert response.status_code == 422
        assert "at most 500 characters" in response.get_data(as_text=True)
        assert count(app, EntryRedaction) == 0
        assert count(app, AuditEvent, AuditEvent.action == "entry.redact") == 0

    def test_removing_twice_is_refused(self, app, team, make):
        entry = make.entry(team.case, team.hub)
        hub = signed_in(app, team.hub)
        assert hub.post(f"{team.url}/{entry.id}/redact", data={"reason": "One"}).status_code == 302
        again = hub.post(f"{team.url}/{entry.id}/redact", data={"reason": "Two"})
        assert again.status_code == 422
        assert "already been removed" in again.get_data(as_text=True)
        assert rows(app, sa.select(EntryRedaction.reason)) == ["One"]

    def test_the_hub_cannot_remove_what_they_cannot_see(self, app, team, make):
        internal = make.entry(team.case, team.mentor, visibility="agency")
        assert (
            signed_in(app, team.hub)
            .post(f"{team.url}/{internal.id}/redact", data={"reason": "x"})
            .status_code
            == 404
        )
        assert count(app, EntryRedaction) == 0
