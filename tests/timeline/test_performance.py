"""A timeline page costs the same queries for 10 entries as for 5,000, on the first page as on a deep
one, and its query walks the index ix_timeline_case_created instead of sorting the case's entries."""

from __future__ import annotations

import contextlib
import re

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.timeline import cursor
from portal.timeline.models import TimelineEntry
from tests.timeline.helpers import HTMX, bulk_entries, rows, signed_in

BIG = 5000


@pytest.fixture
def cases(app, make, team):
    """The team's case with 10 entries, and a second case of the same hub and mentor with 5,000."""
    big = make.case(manager=team.hub)
    make.member(big, team.mentor)
    make.consent(big, team.school, scopes=("timeline",))
    for case, n in ((team.case, 10), (big, BIG)):
        bulk_entries(app, case, team.mentor, n // 2, visibility="team")
        bulk_entries(app, case, team.hub, n - n // 2, visibility="case_manager")
        # A correction and a redaction on each, so that those paths are on both pages.
        corrected = make.entry(case, team.hub, visibility="team")
        make.entry(case, team.hub, visibility="team", corrects_id=corrected.id)
        make.redaction(make.entry(case, team.hub), team.hub)
    return team.case, big


def _deep_cursor(app, case) -> str:
    """The cursor of the entry 4,000 places from the top."""
    query = (
        sa.select(TimelineEntry.created_at, TimelineEntry.id)
        .where(TimelineEntry.case_id == case.id)
        .order_by(TimelineEntry.created_at.desc(), TimelineEntry.id.desc())
        .offset(4000)
        .limit(1)
    )
    with app.app_context():
        created_at, entry_id = db.session.execute(query).one()
    return cursor.encode(created_at, entry_id)


@pytest.mark.parametrize("reader", ["hub", "mentor"])
def test_the_number_of_queries_does_not_grow_with_the_case(app, team, cases, count_queries, reader):
    small, big = cases
    client = signed_in(app, getattr(team, reader))
    client.get(f"/cases/{small.id}/timeline")  # warm up: first-request work is not the page's

    def queries_of(url: str, headers=None) -> int:
        with count_queries() as counted:
            response = client.get(url, headers=headers or {})
        assert response.status_code == 200
        return counted.n

    deep = _deep_cursor(app, big)
    second_of_small = f"/cases/{small.id}/timeline?before={_deep_cursor_of_small(app, small)}"
    counts = {
        "10 entries": queries_of(f"/cases/{small.id}/timeline"),
        "5,000 entries": queries_of(f"/cases/{big.id}/timeline"),
        "5,000 entries, a deep page": queries_of(f"/cases/{big.id}/timeline?before={deep}"),
    }
    assert len(set(counts.values())) == 1, counts
    # Filters in use are shown open, with their organisation choices: one query more, whatever the size.
    filtered = {
        "10 entries, filtered": queries_of(f"/cases/{small.id}/timeline?kind=note&org={team.school.id}"),
        "5,000 entries, filtered": queries_of(f"/cases/{big.id}/timeline?kind=note&org={team.school.id}"),
    }
    assert set(filtered.values()) == {counts["10 entries"] + 1}, filtered
    htmx_counts = {
        "10 entries, show more": queries_of(second_of_small, HTMX),
        "5,000 entries, show more deep down": queries_of(f"/cases/{big.id}/timeline?before={deep}", HTMX),
    }
    assert len(set(htmx_counts.values())) == 1, htmx_counts


def _deep_cursor_of_small(app, case) -> str:
    query = sa.select(TimelineEntry.created_at, TimelineEntry.id).where(TimelineEntry.case_id == case.id)
    with app.app_context():
        created_at, entry_id = db.session.execute(query.order_by(TimelineEntry.id.desc()).limit(1)).one()
    return cursor.encode(created_at, entry_id)


@contextlib.contextmanager
def captured_statements(app):
    """Every statement sent to the database, with its parameters, exactly as the driver got it."""
    seen: list[tuple[str, object]] = []

    def before(conn, cursor_, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    with app.app_context():
        engine = db.engines[None]
    target = engine.engine if isinstance(engine, sa.Connection) else engine
    sa.event.listen(target, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        sa.event.remove(target, "before_cursor_execute", before)


def _page_statement(seen) -> tuple[str, object]:
    pages = [
        (s, p)
        for s, p in seen
        if "FROM timeline_entry" in s and "ORDER BY timeline_entry.created_at DESC" in s
    ]
    assert len(pages) == 1, [s for s, _ in seen]
    return pages[0]


def _plan(app, statement: str, parameters) -> str:
    with app.app_context():
        connection = db.session.connection()
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("ANALYZE timeline_entry")  # real statistics for 5,000 rows
            lines = connection.exec_driver_sql("EXPLAIN " + statement, parameters).scalars()
            return "\n".join(lines)
        plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
        return "\n".join(row[-1] for row in plan)


@pytest.mark.parametrize("page", ["first", "deep"])
def test_the_timeline_query_walks_the_index_on_case_and_time(app, team, cases, page):
    _, big = cases
    client = signed_in(app, team.mentor)
    url = f"/cases/{big.id}/timeline" + (f"?before={_deep_cursor(app, big)}" if page == "deep" else "")

    with captured_statements(app) as seen:
        assert client.get(url).status_code == 200
    plan = _plan(app, *_page_statement(seen))

    assert "ix_timeline_case_created" in plan, plan
    # The index gives the order: no sort of the case's entries (SQLite: a temp B-tree; PostgreSQL: Sort).
    assert "TEMP B-TREE" not in plan, plan
    assert "Sort" not in plan, plan
    if page == "deep":
        # The cursor bounds the index range, so a deep page starts at the cursor (no OFFSET, no skipping).
        if db_is_sqlite(app):
            assert "ix_timeline_case_created (case_id=? AND created_at<?)" in plan, plan
        else:
            assert re.search(r"Index Cond: \(\(case_id = \d+\) AND \(created_at <= ", plan), plan


def test_no_query_of_the_page_skips_rows_with_offset(app, team, cases):
    _, big = cases
    url = f"/cases/{big.id}/timeline?before={_deep_cursor(app, big)}"
    client = signed_in(app, team.hub)
    with captured_statements(app) as seen:
        assert client.get(url).status_code == 200
    _page_statement(seen)
    if db_is_sqlite(app):
        # SQLAlchemy's SQLite dialect always writes "LIMIT ? OFFSET ?" for a LIMIT: each offset must be 0.
        offsets = [value for s, p in seen for value in _offset_values(s, p)]
        assert offsets and set(offsets) == {0}, offsets
    else:
        assert [s for s, _ in seen if "OFFSET" in s.upper()] == []


def _offset_values(statement: str, parameters) -> list:
    """The value bound to each "OFFSET ?" of a statement with positional parameters."""
    marks = re.findall(r"OFFSET \?|\?", statement)
    return [parameters[position] for position, mark in enumerate(marks) if mark != "?"]


def db_is_sqlite(app) -> bool:
    with app.app_context():
        return db.session.connection().dialect.name == "sqlite"


def test_the_big_case_really_has_5000_entries(app, cases):
    _, big = cases
    assert len(rows(app, sa.select(TimelineEntry.id).where(TimelineEntry.case_id == big.id))) == BIG + 3


def test_the_organisation_filter_probes_the_index_once_per_organisation(app, team, cases):
    """Its choices come from the first visible entry of each organisation, found by index: never a walk of
    all the case's entries, which PostgreSQL chose for IN or EXISTS once the statement was prepared."""
    _, big = cases
    client = signed_in(app, team.hub)
    with captured_statements(app) as seen:
        assert client.get(f"/cases/{big.id}/timeline/filters", headers=HTMX).status_code == 200
    [(statement, parameters)] = [(s, p) for s, p in seen if s.startswith("SELECT organisation.")]
    plan = _plan(app, statement, parameters)
    if db_is_sqlite(app):
        assert "CORRELATED SCALAR SUBQUERY" in plan and "ix_timeline_case_author_org" in plan, plan
    else:
        # A subplan per organisation, stopping at the first entry; here the case is half of a small table,
        # so PostgreSQL may start a sequential scan for it, but never hashes all of the case's entries.
        assert "SubPlan" in plan and "Limit" in plan and "Hash" not in plan, plan
