"""Bulk rows into the database with SQLAlchemy Core: executemany (insertmanyvalues on PostgreSQL) in
batches, no ORM object per row.

Ids are given by the generator (the next free id of each table), so children can point at parents
without reading anything back. Rows wait in per-table buffers; when one buffer is full every buffer is
written, parents first (metadata order), so a foreign key never points at a row not yet written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import sqlalchemy as sa

from portal.extensions import db

BATCH_ROWS = 5000
# The database refuses UPDATE and DELETE on these (see the foundation migration): --force leaves them alone.
APPEND_ONLY = ("access_log_entry", "audit_event", "log_seal")


def tables() -> list[sa.Table]:
    """Every table of the schema, parents before children."""
    return list(db.metadata.sorted_tables)


class Writer:
    def __init__(self, batch_rows: int = BATCH_ROWS, on_flush: Callable[[], None] | None = None):
        self.batch_rows = batch_rows
        self.on_flush = on_flush or (lambda: None)
        self._pending: dict[str, list[dict]] = {}
        self._next_id: dict[str, int] = {}
        self.written: Counter[str] = Counter()

    def new_id(self, table: sa.Table) -> int:
        name = table.name
        if name not in self._next_id:
            self._next_id[name] = db.session.execute(sa.select(sa.func.max(table.c.id))).scalar() or 0
        self._next_id[name] += 1
        return self._next_id[name]

    def add(self, table: sa.Table, row: dict) -> None:
        pending = self._pending.setdefault(table.name, [])
        pending.append(row)
        if len(pending) >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        for table in tables():
            rows = self._pending.pop(table.name, None)
            if rows:
                db.session.execute(table.insert(), rows)
                self.written[table.name] += len(rows)
        self.on_flush()

    def finish(self) -> None:
        """Write what is left, move PostgreSQL's id sequences past the ids given here, commit, vacuum and analyze."""
        self.flush()
        if db.session.get_bind().dialect.name == "postgresql":
            for name in self._next_id:
                db.session.execute(
                    sa.text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608 - our table names
                        f"(SELECT coalesce(max(id), 0) + 1 FROM {name}), false)"
                    )
                )
        db.session.commit()
        bind = db.session.get_bind()
        # (Not when the session runs inside a connection's outer transaction, as in the tests: VACUUM
        # cannot run in a transaction, and would wait on that transaction's locks.)
        if bind.dialect.name == "postgresql" and isinstance(bind, sa.Engine):
            # Vacuumed and analyzed now, as autovacuum would soon: planning on an empty table's estimates
            # after a bulk load of millions of rows is not what a running region sees, and autovacuum
            # catching up on the new rows would take the CPU from whatever runs next (scripts/bench).
            with bind.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("VACUUM (ANALYZE)")


def row_counts(names: tuple[str, ...]) -> dict[str, int]:
    by_name = {table.name: table for table in tables()}
    return {
        name: db.session.execute(sa.select(sa.func.count()).select_from(by_name[name])).scalar_one()
        for name in names
    }


def empty_everything() -> None:
    """Delete every row of every table of the schema (Alembic's version table stays). The caller has
    checked that the append-only logs are empty: they are never emptied, not even for a benchmark."""
    if db.session.get_bind().dialect.name == "postgresql":
        names = ", ".join(table.name for table in tables())
        db.session.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(tables()):
            if table.name not in APPEND_ONLY:
                db.session.execute(table.delete())
    db.session.commit()
