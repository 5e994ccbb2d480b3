"""Team management lives on the contact list now: the overview keeps the person, consent and status."""

from __future__ import annotations

import re

from config import BASE_DIR
from portal.audit.models import AccessLogEntry, AuditEvent
from portal.cases.models import TeamMember
from tests.platform.test_architecture import database_use


def test_the_overview_no_longer_shows_or_manages_the_team(client, world):
    client.login(world.hub.email)
    overview = client.get(f"/cases/{world.case.id}").get_data(as_text=True)
    assert 'id="team"' not in overview and "Add a team member" not in overview
    assert world.mentor.name not in overview
    assert 'id="consents"' in overview  # consent stays on the overview
    contacts = client.get(f"/cases/{world.case.id}/contacts").get_data(as_text=True)
    assert 'id="team"' in contacts and "Add a team member" in contacts


def test_adding_a_team_member_without_javascript_redirects_to_the_contact_list(
    client, make, world, count_rows
):
    counsellor = make.user("staff", org=world.school, name="Kim Kurator")
    client.login(world.hub.email)
    response = client.post(
        f"/cases/{world.case.id}/contacts/team", data={"user_id": counsellor.id, "case_role": "kurator"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/cases/{world.case.id}/contacts"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The team member was added." in page and "Kim Kurator" in page and "School counsellor" in page
    assert count_rows(AuditEvent, AuditEvent.action == "team.add", AuditEvent.case_id == world.case.id) == 1


def test_removing_with_htmx_swaps_the_team_region_and_logs_what_it_showed(client, world, count_rows):
    client.login(world.hub.email)
    before = count_rows(AccessLogEntry, AccessLogEntry.user_id == world.hub.id)
    response = client.post(f"/cases/{world.case.id}/contacts/team/{world.member.id}/remove", htmx=True)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "team-changed"
    body = response.get_data(as_text=True)
    assert "<html" not in body and 'id="team"' in body and "No team members yet." in body
    assert count_rows(TeamMember, TeamMember.id == world.member.id, TeamMember.removed_at.is_not(None)) == 1
    after = count_rows(
        AccessLogEntry, AccessLogEntry.user_id == world.hub.id, AccessLogEntry.section == "contacts"
    )
    assert after == before + 1  # the fragment shows the list: a read, logged


def test_a_membership_of_another_case_or_an_unknown_one_is_not_found(client, make, world):
    other = make.case(manager=world.hub)
    foreign = make.member(other, make.user("staff"))
    client.login(world.hub.email)
    assert client.post(f"/cases/{world.case.id}/contacts/team/{foreign.id}/remove").status_code == 404
    assert client.post(f"/cases/{world.case.id}/contacts/team/999999/remove").status_code == 404


def test_the_contact_list_views_never_touch_the_database():
    # tests/platform/test_architecture.py globs portal/*/views.py, which misses this sub-package.
    source = (BASE_DIR / "portal" / "cases" / "contacts" / "views.py").read_text(encoding="utf-8")
    assert database_use(source) == []


def _offered(page: str) -> list[str]:
    form = page[page.index('name="user_id"') :]
    return re.findall(r"<option[^>]*>([^<(]+) \(", form[: form.index("</select>")])


def test_the_form_offers_the_people_around_the_case_and_finds_anyone_else(client, make, world):
    """A region has thousands of staff: the form never lists them all (it was every active user)."""
    make.user("staff", org=world.school, name="Kim Kurator")  # the school holds consent
    nurse = make.user("staff", org=make.org("health", name="Vårdcentralen"), name="Siv 50% Sjöström")
    client.login(world.hub.email)
    url = f"/cases/{world.case.id}/contacts"

    offered = _offered(client.get(url).get_data(as_text=True))
    assert "Kim Kurator" in offered and "Hanna Hub" in offered  # the school's and the hub's people
    assert "Siv 50% Sjöström" not in offered  # an organisation with nothing to do with the case

    found = _offered(client.get(url, query_string={"find": "  50%  sjö"}).get_data(as_text=True))
    assert found == ["Siv 50% Sjöström"]  # by name, any case, "%" taken literally
    assert _offered(client.get(url, query_string={"find": "%"}).get_data(as_text=True)) == found
    fragment = client.get(url, query_string={"find": nurse.email}, headers={"HX-Request": "true"})
    assert _offered(fragment.get_data(as_text=True)) == found  # by email; htmx swaps the team region

    added = client.post(f"{url}/team", data={"user_id": nurse.id, "case_role": "other"}, htmx=True)
    assert added.status_code == 200 and "Siv 50% Sjöström" in added.get_data(as_text=True)
