"""seed-scale at a small size, on both databases: counts, references that hold together, the 200-case
manager as the benchmark sees them through HTTP, and the refusals."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.scale import BENCH_HUB, BENCH_STAFF, SCALE_PASSWORD, SCALE_TOTP_SECRET

CASES, ENTRIES = 300, 3000


def seed(app, *args: str):
    return app.test_cli_runner().invoke(args=["seed-scale", *args])


def scalar(app, sql: str, **params):
    with app.app_context():
        return db.session.execute(sa.text(sql), params).scalar_one()


@pytest.fixture
def region(app):
    result = seed(app, "--cases", str(CASES), "--entries", str(ENTRIES), "--seed", "7")
    assert result.exit_code == 0, result.output
    return result


def test_counts(app, region):
    assert scalar(app, "SELECT count(*) FROM case_file") == CASES
    assert scalar(app, "SELECT count(*) FROM young_person") == CASES
    assert scalar(app, "SELECT count(*) FROM plan") == CASES
    assert scalar(app, "SELECT count(*) FROM timeline_entry") == ENTRIES
    assert scalar(app, "SELECT count(DISTINCT kind) FROM organisation") == 7  # every kind
    assert scalar(app, "SELECT count(*) FROM meeting_participant") > scalar(
        app, "SELECT count(*) FROM meeting"
    )
    # The longest timeline: half the entries at this size (100,000 once there are 200,000 or more).
    assert (
        scalar(app, "SELECT max(n) FROM (SELECT count(*) AS n FROM timeline_entry GROUP BY case_id) t")
        == 1500
    )
    assert f"{CASES:,} case_file" in region.output and SCALE_PASSWORD in region.output


def test_teams_consents_and_authors_hold_together(app, region):
    sizes = "SELECT count(*) AS n FROM team_member GROUP BY case_id"
    assert scalar(app, f"SELECT min(n) FROM ({sizes}) t") >= 3  # noqa: S608 - our own SQL
    assert scalar(app, f"SELECT max(n) FROM ({sizes}) t") <= 8  # noqa: S608
    # Each team member's organisation holds a consent on that case.
    assert not scalar(
        app,
        "SELECT count(*) FROM team_member m JOIN user_account u ON u.id = m.user_id WHERE NOT EXISTS "
        "(SELECT 1 FROM consent c WHERE c.case_id = m.case_id AND c.organisation_id = u.organisation_id)",
    )
    # Every entry is by the system, the hub, or a member of that case's team, with their organisation.
    assert not scalar(
        app,
        "SELECT count(*) FROM timeline_entry e JOIN case_file c ON c.id = e.case_id "
        "JOIN user_account u ON u.id = e.author_id WHERE u.organisation_id <> e.author_organisation_id OR "
        "(e.author_id <> c.case_manager_id AND NOT EXISTS (SELECT 1 FROM team_member m "
        "WHERE m.case_id = e.case_id AND m.user_id = e.author_id))",
    )
    # Participants of a meeting are the hub or members of the meeting's case (or the young person).
    assert not scalar(
        app,
        "SELECT count(*) FROM meeting_participant p JOIN meeting g ON g.id = p.meeting_id "
        "JOIN case_file c ON c.id = g.case_id WHERE p.user_id IS NOT NULL AND p.user_id <> c.case_manager_id "
        "AND NOT EXISTS (SELECT 1 FROM team_member m WHERE m.case_id = c.id AND m.user_id = p.user_id)",
    )
    assert not scalar(app, "SELECT count(*) FROM plan_action a JOIN plan_goal g ON g.id = a.goal_id "
                      "WHERE g.case_id <> a.case_id")  # fmt: skip


def test_the_bench_hub_sees_exactly_200_cases(app, region, client):
    assert client.login(BENCH_HUB, SCALE_PASSWORD, totp_secret=SCALE_TOTP_SECRET).status_code == 302
    seen, url = [], "/cases/"
    while url:  # 50 a page, walked through the "show more" links
        page = client.get(url).get_data(as_text=True)
        seen += re.findall(r'href="/cases/(\d+)"', page)
        more = re.search(r'<tr class="show-more">\s*<td colspan="5"><a href="([^"]+)"', page)
        url = more.group(1).replace("&amp;", "&") if more else None
        assert url is None or re.fullmatch(r"/cases/\?after=\d+", url)  # a case id: no name in the URL
    assert len(seen) == len(set(seen)) == 200
    # The cursor is looked up among the hub's own cases: another case's id gives no rows to page from.
    other = scalar(app, "SELECT min(id) FROM case_file WHERE case_manager_id <> "
                   "(SELECT id FROM user_account WHERE email = :e)", e=BENCH_HUB)  # fmt: skip
    page = client.get(f"/cases/?after={other}").get_data(as_text=True)
    assert not re.findall(r'href="/cases/(\d+)"', page)
    # Staff on two of the hub's cases, one of them the longest timeline, which they may read.
    longest = scalar(
        app, "SELECT case_id FROM timeline_entry GROUP BY case_id ORDER BY count(*) DESC LIMIT 1"
    )
    staff = app.test_client()
    assert staff.login(BENCH_STAFF, SCALE_PASSWORD).status_code == 302
    assert staff.get(f"/cases/{longest}/timeline").status_code == 200


def test_a_database_with_data_is_refused_without_force(app, region):
    again = seed(app, "--cases", "5")
    assert again.exit_code == 1
    assert "not empty" in again.output and "--force" in again.output
    assert scalar(app, "SELECT count(*) FROM case_file") == CASES

    forced = seed(app, "--cases", "5", "--entries", "20", "--force")
    assert forced.exit_code == 0, forced.output
    assert scalar(app, "SELECT count(*) FROM case_file") == 5
    assert scalar(app, "SELECT count(*) FROM timeline_entry") == 20
    assert scalar(app, "SELECT count(*) FROM user_account WHERE email = :e", e=BENCH_HUB) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cases", "0"], "'--cases': 0 is not in the range 1<=x<=1000000"),
        (["--cases", "1000001"], "'--cases'"),
        (["--cases", "-3"], "'--cases'"),
        (["--cases", "10", "--entries", "-1"], "'--entries': -1 is not in the range"),
        (["--cases", "10", "--entries", "50000001"], "'--entries'"),
        (["--entries", "100"], "Missing option '--cases'"),
        (["--cases", "ten"], "'ten' is not a valid integer"),
    ],
)
def test_arguments_out_of_range_exit_2_with_a_message(app, args, message):
    result = seed(app, *args)
    assert result.exit_code == 2
    assert message in result.output
    assert scalar(app, "SELECT count(*) FROM organisation") == 0
