"""Access log writes: one row per response that showed case content, in the request's own transaction."""

from __future__ import annotations

import sqlalchemy as sa
from flask import g, request

from portal.audit.models import AccessLogEntry
from portal.extensions import db

# A Core INSERT on the table, built once: it runs at once, without the unit of work's bookkeeping (and the
# ORM's bulk-insert set-up) for rows nobody reads back in this request.
_INSERT = sa.insert(AccessLogEntry.__table__)


def flush_disclosures(actor) -> None:
    """Write the queued disclosures of this request as one row per case, now.

    Writing here makes a failing write raise before the response is returned, so the request
    ends in an error page instead of case data.
    """
    disclosures = g.pop("disclosures", [])
    written = g.setdefault("access_log_rows", [])
    by_case: dict[int, list] = {}
    for access, section, decision in disclosures:
        by_case.setdefault(access.case.id, []).append((access, section, decision))
    for items in by_case.values():
        access = items[0][0]
        sections = list(dict.fromkeys(section for _, section, _ in items))
        grounds = list(dict.fromkeys(decision.grounds for _, _, decision in items))
        consent_id = next((d.consent_id for _, _, d in items if d.consent_id), None)
        row = {
            "user_id": actor.user_id,
            "organisation_id": actor.organisation_id,
            "role": actor.role,
            "case_id": access.case.id,
            "young_person_id": access.case.young_person_id,
            "section": ",".join(sections)[:100],
            "grounds": ",".join(grounds)[:120],
            "consent_id": consent_id,
            "ip": request.remote_addr,
        }
        written.append(row)
    if by_case:
        db.session.execute(_INSERT, written[-len(by_case) :])


def keep_after_rollback() -> None:
    """An error answer (e.g. a form shown again with 422) rolls back the request's changes, but what it
    showed was still read: write its access-log rows again, on their own."""
    rows = g.pop("access_log_rows", [])
    if rows:
        db.session.add_all(AccessLogEntry(**row) for row in rows)
        db.session.commit()
