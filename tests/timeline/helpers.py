"""Small helpers of the timeline tests."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from portal.db import now_utc
from portal.extensions import db
from portal.timeline.models import TimelineEntry

HTMX = {"HX-Request": "true"}
MORE_LINK = re.compile(r'<li class="show-more">\s*<a href="([^"]+)"')
ENTRY_ID = re.compile(r'<li id="entry-(\d+)"')


def signed_in(app, user):
    client = app.test_client()
    assert client.login(user.email).status_code == 302
    return client


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.execute(sa.select(sa.func.count()).select_from(model).where(*where)).scalar_one()


def rows(app, query) -> list:
    with app.app_context():
        return list(db.session.execute(query).scalars())


def entry_ids(page: str) -> list[int]:
    return [int(n) for n in ENTRY_ID.findall(page)]


def more_link(page: str) -> str | None:
    match = MORE_LINK.search(page)
    return match.group(1).replace("&amp;", "&") if match else None


def bulk_entries(app, case, author, n: int, *, created_at=None, **fields) -> None:
    """n entries in one INSERT; all at `created_at` when given (equal timestamps), else a second apart."""
    start = now_utc()
    values = [
        {
            "case_id": case.id,
            "kind": fields.get("kind", "note"),
            "channel": fields.get("channel"),
            "author_id": author.id if author else None,
            "author_organisation_id": author.organisation_id if author else None,
            "visibility": fields.get("visibility", "team"),
            "shared_with_young_person": False,
            "body": f"{fields.get('body', 'Bulk note')} {i}",
            "created_at": created_at or start - timedelta(seconds=n - i),
        }
        for i in range(n)
    ]
    with app.app_context():
        db.session.execute(sa.insert(TimelineEntry), values)
        db.session.commit()
