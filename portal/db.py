"""Declarative base, naming convention, UTC datetimes and engine settings shared by every model."""

from __future__ import annotations

from contextvars import ContextVar
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import has_request_context
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

from portal import sqlite_writers

# Named constraints make Alembic migrations reproducible on PostgreSQL and SQLite alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


def contains_pattern(text: str) -> str:
    """A LIKE pattern for "contains text", with LIKE's wildcards in the text taken literally (escape "\\")."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def now_utc() -> datetime:
    return datetime.now(UTC)


# Set while the demo replays a step of its story (portal/demo/clock.py): rows written then carry the
# step's moment. Rows the ORM writes are stamped by the clock at flush; rows written with a Core INSERT
# (timeline entries, audit events) take their time from row_time().
story_time: ContextVar[datetime | None] = ContextVar("story_time", default=None)


def row_time() -> datetime:
    """The time a row written now carries: now, or the story's moment while the demo replays it."""
    return story_time.get() or now_utc()


class UTCDateTime(sa.types.TypeDecorator):
    """Timezone-aware UTC in Python on every database (SQLite stores naive values)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    """WAL + busy timeout: readers never block the writer and a busy writer waits instead of failing.

    isolation_level=None hands transaction control to SQLAlchemy (the hooks below), which makes
    SAVEPOINTs work; pysqlite's own implicit transactions break them.
    """
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # The log is copied into the database file by a background thread (portal/sqlite_checkpoints.py), not
    # by the request that commits past SQLite's mark; the mark stays (about 40 MB), far above what the
    # thread lets the log grow to under load (under 4,000 pages at 700 requests/s), in case it falls
    # behind or is turned off.
    cursor.execute("PRAGMA wal_autocheckpoint=10000")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection):
    """Outside requests (commands, tests' outer transactions): a plain BEGIN, as always.

    In a request, nothing yet: see _sqlite_write_lock_first.
    """
    if connection.dialect.name == "sqlite" and not has_request_context():
        connection.exec_driver_sql("BEGIN")


@event.listens_for(Engine, "before_cursor_execute")
def _sqlite_write_lock_first(connection, cursor, statement, *_args):
    """In a request, SQLite reads run on their own until the first write, which opens the transaction
    with BEGIN IMMEDIATE (the write lock, waited for up to busy_timeout).

    A transaction that has read and then writes must upgrade its read snapshot to the write lock;
    when another request has committed meanwhile (every page writes an access-log row), SQLite refuses
    at once with "database is locked", busy_timeout or not. Taking the lock before the first write
    means no snapshot has to be upgraded. The reads before it each see the latest commit, as
    PostgreSQL's READ COMMITTED does; everything from the first write to the commit is atomic.
    """
    if connection.dialect.name != "sqlite" or not has_request_context():
        return
    is_read = statement.lstrip()[:6].upper() == "SELECT"
    if not is_read and not connection.connection.dbapi_connection.in_transaction:
        sqlite_writers.wait_for_turn(connection)  # queue in the kernel, not in SQLite's sleeping retries
        cursor.execute("BEGIN IMMEDIATE")
