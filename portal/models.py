"""Every model, imported once so SQLAlchemy's metadata (and so Alembic) sees the whole schema."""

from portal.audit.models import AccessLogEntry, AuditEvent, LogSeal
from portal.auth.models import UserSession
from portal.cases.models import Case, Consent, ExternalContact, TeamMember, YoungPerson
from portal.orgs.models import Organisation, User, UserIdentity
from portal.plans.models import Goal, Plan, PlanAction
from portal.timeline.models import EntryRedaction, TimelineEntry

__all__ = [
    "AccessLogEntry",
    "AuditEvent",
    "Case",
    "Consent",
    "EntryRedaction",
    "ExternalContact",
    "Goal",
    "LogSeal",
    "Organisation",
    "Plan",
    "PlanAction",
    "TeamMember",
    "TimelineEntry",
    "User",
    "UserIdentity",
    "UserSession",
    "YoungPerson",
]
