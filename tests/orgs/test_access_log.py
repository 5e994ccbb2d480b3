"""Access-log review: newest first, keyset pages of 50, filters, and never the young person's name."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from portal.audit.models import AccessLogEntry
from portal.extensions import db

ROW = re.compile(r"<tr>\s*<td>[^<]*</td>\s*<th scope=\"row\">")
CASE_CELL = re.compile(r"<td>(\d+)</td>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>\s*</tr>")


def _log(app, case, reader, n: int, grounds: str = "relation:hub", section: str = "basic") -> list[int]:
    """Insert n rows straight into the log, oldest first; returns their ids. "{i}" in section numbers rows."""
    start = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
    with app.app_context():
        rows = [
            AccessLogEntry(
                at=start + timedelta(minutes=i),
                user_id=reader.id,
                organisation_id=reader.organisation_id,
                role=reader.role,
                case_id=case.id,
                young_person_id=case.young_person_id,
                section=section.format(i=i),
                grounds=grounds,
            )
            for i in range(n)
        ]
        db.session.add_all(rows)
        db.session.commit()
        return [row.id for row in rows]


def _log_count(app) -> int:
    with app.app_context():
        return db.session.execute(sa.select(sa.func.count(AccessLogEntry.id))).scalar_one()


def _shown_ids(body: str, ids_by_section: dict[str, int]) -> list[int]:
    """The ids of the rows shown, read back from the unique section written into each row."""
    return [ids_by_section[section] for _case, section, _grounds in CASE_CELL.findall(body)]


def test_pages_of_50_newest_first_with_keyset_links(app, admin_client, make):
    manager = make.user("case_manager", name="Hanna Hub")
    case = make.case(manager=manager, young_name="Vera Hemlig")
    # A unique section per row lets the test read back which rows a page shows, in which order.
    ids = _log(app, case, manager, 120, section="s{i}")
    by_section = {f"s{i}": row_id for i, row_id in enumerate(ids)}
    before_count = _log_count(app)

    first = admin_client.get("/admin/access-log")
    body = first.get_data(as_text=True)
    assert first.status_code == 200
    shown = _shown_ids(body, by_section)
    assert shown == sorted(ids, reverse=True)[:50]
    assert "Hanna Hub" in body and str(case.id) in body and "relation:hub" in body
    assert "Vera Hemlig" not in body
    older = re.search(r'href="([^"]+)" rel="next"', body).group(1).replace("&amp;", "&")
    assert older == f"/admin/access-log?before={shown[-1]}"

    second = admin_client.get(older).get_data(as_text=True)
    shown2 = _shown_ids(second, by_section)
    assert shown2 == sorted(ids, reverse=True)[50:100]
    third_url = re.search(r'href="([^"]+)" rel="next"', second).group(1).replace("&amp;", "&")
    third = admin_client.get(third_url).get_data(as_text=True)
    assert _shown_ids(third, by_section) == sorted(ids, reverse=True)[100:]
    assert 'rel="next"' not in third  # the last page has no older link
    assert "Vera Hemlig" not in second + third
    # Reading the log is not case content: no access-log row for it.
    assert _log_count(app) == before_count


def test_exactly_one_page_has_no_older_link(app, admin_client, make):
    manager = make.user("case_manager")
    _log(app, make.case(manager=manager), manager, 50)
    body = admin_client.get("/admin/access-log").get_data(as_text=True)
    assert len(CASE_CELL.findall(body)) == 50
    assert 'rel="next"' not in body


def test_keyset_not_offset(app, admin_client, make):
    """The older pages filter on the id (WHERE id < before) and skip no rows with OFFSET."""
    manager = make.user("case_manager")
    _log(app, make.case(manager=manager), manager, 3)
    seen: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if "FROM access_log_entry" in statement:
            seen.append((statement, parameters))

    with app.app_context():
        engine = db.engines[None]
    target = engine.engine if isinstance(engine, sa.Connection) else engine
    sa.event.listen(target, "before_cursor_execute", record)
    try:
        admin_client.get("/admin/access-log?before=999999999")
    finally:
        sa.event.remove(target, "before_cursor_execute", record)
    [(statement, parameters)] = seen
    assert "access_log_entry.id <" in statement
    if "OFFSET" in statement.upper():  # SQLite's dialect always writes "LIMIT ? OFFSET ?": it must be 0
        assert list(parameters)[-1] == 0


def test_filters_by_reader_organisation_and_outside_team(app, admin_client, make):
    manager = make.user("case_manager", name="Hanna Hub")
    case = make.case(manager=manager)
    school = make.org("school", name="Skolan")
    mentor = make.user("staff", org=school, name="Mentor Mats")
    nurse = make.user("staff", org=make.org("health", name="Vården"), name="Sköterska Siv")
    _log(app, case, manager, 2, grounds="relation:hub")
    _log(app, case, mentor, 2, grounds="relation:staff", section="basic")
    _log(app, case, mentor, 1, grounds="relation:staff,consent:contacts", section="basic,person")
    _log(app, case, nurse, 1, grounds="consent:contacts", section="team")

    def readers(url: str) -> list[str]:
        body = admin_client.get(url).get_data(as_text=True)
        return re.findall(r'<th scope="row">([^<]+)</th>', body)

    assert sorted(readers("/admin/access-log")) == sorted(
        ["Hanna Hub"] * 2 + ["Mentor Mats"] * 3 + ["Sköterska Siv"]
    )
    assert readers(f"/admin/access-log?user={mentor.id}") == ["Mentor Mats"] * 3
    assert readers(f"/admin/access-log?org={school.id}") == ["Mentor Mats"] * 3
    assert sorted(readers("/admin/access-log?outside_team=y")) == ["Mentor Mats", "Sköterska Siv"]
    assert readers(f"/admin/access-log?outside_team=y&org={school.id}") == ["Mentor Mats"]
    # The reader is found by part of their name or email, not picked from a list of every user.
    assert readers("/admin/access-log?reader=+mats+") == ["Mentor Mats"] * 3
    assert readers(f"/admin/access-log?reader={nurse.email.upper()}") == ["Sköterska Siv"]
    assert readers("/admin/access-log?reader=%25") == []  # "%" is a character here, not a wildcard
    page = admin_client.get("/admin/access-log").get_data(as_text=True)
    assert 'name="reader"' in page and "Mentor Mats &lt;" not in page and "Mentor Mats <" not in page
    # A broken filter value is ignored rather than failing the page.
    assert admin_client.get("/admin/access-log?user=abc&before=xyz").status_code == 200


def test_filters_survive_paging(app, admin_client, make):
    manager = make.user("case_manager")
    case = make.case(manager=manager)
    nurse = make.user("staff", org=make.org("health"))
    _log(app, case, nurse, 55, grounds="consent:contacts")
    _log(app, case, manager, 5)
    body = admin_client.get(f"/admin/access-log?user={nurse.id}&outside_team=y").get_data(as_text=True)
    older = re.search(r'href="([^"]+)" rel="next"', body).group(1).replace("&amp;", "&")
    assert f"user={nurse.id}" in older and "outside_team=y" in older
    second = admin_client.get(older).get_data(as_text=True)
    assert len(CASE_CELL.findall(second)) == 5
    assert manager.name not in second.split("<table", 1)[1]
