"""Reading the database in plan tests: what was saved, audited and put on the timeline."""

from __future__ import annotations

import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.plans.models import Goal, PlanAction
from portal.timeline.models import TimelineEntry


def count_rows(app, model, *where) -> int:
    with app.app_context():
        return db.session.execute(sa.select(sa.func.count()).select_from(model).where(*where)).scalar_one()


def plan_rows(app, case_id: int) -> dict[str, int]:
    """How many goals, actions, plan audit events and timeline entries a case has: 'nothing saved' checks."""
    return {
        "goals": count_rows(app, Goal, Goal.case_id == case_id),
        "actions": count_rows(app, PlanAction, PlanAction.case_id == case_id),
        "audit": count_rows(app, AuditEvent, AuditEvent.case_id == case_id, AuditEvent.action.like("plan.%")),
        "timeline": count_rows(app, TimelineEntry, TimelineEntry.case_id == case_id),
    }


def load(app, model, object_id):
    with app.app_context():
        obj = db.session.get(model, object_id)
        db.session.expunge(obj)
        return obj


def timeline_bodies(app, case_id: int) -> list[str]:
    with app.app_context():
        query = (
            sa.select(TimelineEntry.body)
            .where(TimelineEntry.case_id == case_id, TimelineEntry.kind == "plan_change")
            .order_by(TimelineEntry.id)
        )
        return list(db.session.execute(query).scalars())


def audit_events(app, case_id: int, action: str) -> list[AuditEvent]:
    with app.app_context():
        query = sa.select(AuditEvent).where(AuditEvent.case_id == case_id, AuditEvent.action == action)
        events = list(db.session.execute(query).scalars())
        for event in events:
            db.session.expunge(event)
        return events
