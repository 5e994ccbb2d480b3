"""The story's clock: rows written while a demo step replays carry the moment of the step, not of seeding.

The services stamp what they write with the time of writing (column defaults such as created_at and the
audit event's `at`). A demo replays two months of work in a second, so while a step runs, every new row
that leaves its time to the default gets the step's time instead, and a changed row its updated_at:
the timeline, the plan and the audit trail then tell the story in the order and at the times it happened.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import sqlalchemy as sa

from portal.db import story_time
from portal.extensions import db

# Columns filled with the time of writing when a row is inserted (their default is portal.db.now_utc).
INSERT_TIMES = ("created_at", "updated_at", "at", "redacted_at")
UPDATE_TIMES = ("updated_at",)  # columns the database would refresh on every change (onupdate)


class StoryClock:
    def __init__(self) -> None:
        self.now: datetime | None = None

    @contextmanager
    def running(self) -> Iterator[StoryClock]:
        """Listen to the session's flushes while the demo is written; stop listening afterwards."""
        session = db.session()
        sa.event.listen(session, "before_flush", self._stamp)
        try:
            yield self
        finally:
            sa.event.remove(session, "before_flush", self._stamp)

    @contextmanager
    def at(self, moment: datetime) -> Iterator[None]:
        """Rows written inside are written at `moment`. Flushed before leaving, so none takes a later time."""
        before, self.now = self.now, moment
        token = story_time.set(moment)  # for the rows written with Core statements (portal.db.row_time)
        try:
            yield
            db.session.flush()
        finally:
            self.now = before
            story_time.reset(token)

    def _stamp(self, session, _context, _instances) -> None:
        if self.now is None:
            return
        for row in session.new:
            for name in INSERT_TIMES:
                if hasattr(row, name) and getattr(row, name) is None:
                    setattr(row, name, self.now)
        for row in session.dirty:
            if session.is_modified(row):
                for name in UPDATE_TIMES:
                    if hasattr(row, name):
                        setattr(row, name, self.now)
