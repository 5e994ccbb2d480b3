"""column_rows (portal/column_rows.py) reads on the request's own transaction and, as the session's autoflush
would, sees what the session holds but has not written yet."""

from __future__ import annotations

import sqlalchemy as sa

from portal.column_rows import column_rows
from portal.extensions import db
from portal.orgs.models import Organisation


def test_rows_include_changes_pending_in_the_session(app):
    with app.app_context():
        db.session.add(Organisation(name="Pending skola", kind="school"))
        names = column_rows(
            sa.select(Organisation.name).where(Organisation.name == "Pending skola")
        ).scalars()
        assert list(names) == ["Pending skola"]
        db.session.rollback()  # the same transaction: nothing of it stays
        assert (
            column_rows(sa.select(Organisation.id).where(Organisation.name == "Pending skola")).first()
            is None
        )
