"""SQL statements per page, through HTTP, on a seed-scale region: a case with a few dozen entries and the
case with 100,000 cost the same statements, and no page needs more than 8 (session, access check, content,
access-log write). The first and a deep timeline page cost the same too (keyset, never OFFSET)."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from portal.cases.models import Case
from portal.extensions import db
from portal.orgs.models import User
from portal.scale import BENCH_HUB, BENCH_STAFF, SCALE_PASSWORD, SCALE_TOTP_SECRET
from portal.timeline import cursor
from portal.timeline.models import TimelineEntry

MOST = 8
CASES, ENTRIES = 250, 200_000  # the longest timeline then has 100,000 entries
NOTE = {"kind": "note", "channel": "", "visibility": "team", "body": "Talked about the week."}


@pytest.fixture
def region(app):
    result = app.test_cli_runner().invoke(
        args=["seed-scale", "--cases", str(CASES), "--entries", str(ENTRIES), "--seed", "3"]
    )
    assert result.exit_code == 0, result.output
    entries = sa.func.count(TimelineEntry.id)
    with app.app_context():
        rows = db.session.execute(
            sa.select(Case.id, entries)
            .join(User, User.id == Case.case_manager_id)
            .outerjoin(TimelineEntry, TimelineEntry.case_id == Case.id)
            .where(User.email == BENCH_HUB)
            .group_by(Case.id)
            .order_by(entries.desc(), Case.id)
        ).all()
        (big, big_n), (small, small_n) = rows[0], rows[-1]
        deep = db.session.execute(
            sa.select(TimelineEntry.created_at, TimelineEntry.id)
            .where(TimelineEntry.case_id == big)
            .order_by(TimelineEntry.created_at.desc(), TimelineEntry.id.desc())
            .offset(50_000)
            .limit(1)
        ).one()
    assert big_n == 100_000 and small_n <= 50, (big_n, small_n)
    return small, big, cursor.encode(*deep)


def _counter(client, count_queries):
    """The page's statements; the savepoint a test request commits to is the test harness's, not the page's."""
    token = client.csrf_token()

    def statements(method: str, url: str, **kwargs) -> int:
        if method == "post":
            kwargs.update(csrf=False, headers={"X-CSRFToken": token, **kwargs.get("headers", {})})
        with count_queries() as counted:
            response = getattr(client, method)(url, **kwargs)
        assert response.status_code == 200, (url, response.status_code)
        return sum(1 for s in counted.statements if not s.startswith(("SAVEPOINT", "RELEASE SAVEPOINT")))

    return statements


def test_every_page_costs_the_same_few_statements_for_a_small_and_a_huge_case(app, region, count_queries):
    small, big, deep = region
    client = app.test_client()
    assert client.login(BENCH_HUB, SCALE_PASSWORD, totp_secret=SCALE_TOTP_SECRET).status_code == 302
    client.get("/cases/")  # warm up: the first request after sign-in may touch the session row
    statements = _counter(client, count_queries)

    first = client.get("/cases/").get_data(as_text=True)
    later = re.search(r'hx-get="(/cases/\?after=[^"]+)"', first).group(1)
    counts = {
        "my cases": (statements("get", "/cases/"), statements("get", later)),
        "my cases, htmx show more": (statements("get", later, headers={"HX-Request": "true"}),) * 2,
    }
    for name, path in {
        "overview": "",
        "timeline": "/timeline",
        "plan": "/plan",
        "contacts": "/contacts",
        "meetings": "/meetings",
    }.items():
        counts[name] = (statements("get", f"/cases/{small}{path}"), statements("get", f"/cases/{big}{path}"))
    counts["timeline, deep page"] = (
        statements("get", f"/cases/{big}/timeline"),
        statements("get", f"/cases/{big}/timeline?before={deep}"),
    )
    counts["timeline, htmx show more deep down"] = (
        statements("get", f"/cases/{small}/timeline?before={deep}", headers={"HX-Request": "true"}),
        statements("get", f"/cases/{big}/timeline?before={deep}", headers={"HX-Request": "true"}),
    )
    counts["add a note"] = tuple(
        statements("post", f"/cases/{case}/timeline/new", data=NOTE, htmx=True) for case in (small, big)
    )

    unequal = {name: pair for name, pair in counts.items() if pair[0] != pair[1]}
    assert not unequal, counts
    too_many = {name: pair for name, pair in counts.items() if max(pair) > MOST}
    assert not too_many, counts


def test_a_partner_reads_the_huge_timeline_with_the_same_statements(app, region, count_queries):
    """The bench staff member (school, with the timeline consent) on the 100,000-entry case."""
    _, big, deep = region
    client = app.test_client()
    assert client.login(BENCH_STAFF, SCALE_PASSWORD).status_code == 302
    statements = _counter(client, count_queries)
    client.get(f"/cases/{big}/timeline")
    first, deeper = (
        statements("get", f"/cases/{big}/timeline"),
        statements("get", f"/cases/{big}/timeline?before={deep}"),
    )
    assert first == deeper <= MOST
