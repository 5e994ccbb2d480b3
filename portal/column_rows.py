"""Plain rows of a statement that selects columns, read on the request's own transaction.

A statement written with mapped attributes (Case.id, Meeting.title) is "ORM-enabled": run through the
session, each execution sets up the ORM's result machinery even when it selects only columns and gives
back plain rows. On the session's connection the same statement gives the same rows without that set-up,
about 45 µs less per execution (2 % of a page; measured on My cases and the case overview).

For statements that select entities, use the session: on a connection they would give columns, not objects.
"""

from __future__ import annotations

from sqlalchemy.engine import CursorResult
from sqlalchemy.sql import Executable

from portal.extensions import db


def column_rows(statement: Executable, params: dict | None = None) -> CursorResult:
    # Changes not yet written are flushed first, as the session's own autoflush would before a query.
    if db.session.autoflush:
        db.session.flush()
    return db.session.connection().execute(statement, params)
