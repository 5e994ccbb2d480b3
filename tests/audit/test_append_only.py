"""The logs are append-only in the database itself: raw SQL cannot change or remove a row."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.audit import sealing
from portal.extensions import db
from tests.audit.helpers import add_access_rows, add_audit_rows

CHANGES = {
    "access_log_entry": ["UPDATE access_log_entry SET role = 'admin'", "DELETE FROM access_log_entry"],
    "audit_event": ["UPDATE audit_event SET action = 'nothing.happened'", "DELETE FROM audit_event"],
    "log_seal": ["UPDATE log_seal SET hash = 'forged'", "DELETE FROM log_seal"],
}


@pytest.fixture
def logged(app, make):
    manager = make.user("case_manager")
    case = make.case(manager=manager)
    add_access_rows(app, case, manager)
    add_audit_rows(app, case, manager)
    with app.app_context():
        sealing.seal("access")  # a log_seal row to try to change as well
    return case


def _count(table: str) -> int:
    return db.session.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()  # noqa: S608 - fixed names


@pytest.mark.parametrize(
    ("table", "statement"),
    [(table, statement) for table, statements in CHANGES.items() for statement in statements],
)
def test_the_database_refuses_to_change_a_log_row(app, logged, table, statement):
    with app.app_context():
        before = db.session.execute(sa.text(f"SELECT * FROM {table} ORDER BY id")).all()  # noqa: S608
        assert before, f"no {table} rows to try it on"
        # begin_nested: the failed statement rolls back to a savepoint and the test goes on.
        with pytest.raises(sa.exc.DBAPIError) as refused, db.session.begin_nested():
            db.session.execute(sa.text(statement))
        assert "append-only" in str(refused.value)
        after = db.session.execute(sa.text(f"SELECT * FROM {table} ORDER BY id")).all()  # noqa: S608
        assert after == before


def test_appending_is_still_allowed(app, logged, make):
    with app.app_context():
        before = _count("access_log_entry")
    add_access_rows(app, logged, make.user("case_manager"), n=1)
    with app.app_context():
        assert _count("access_log_entry") == before + 1
