"""Every model, imported once so SQLAlchemy's metadata (and so Alembic) sees the whole schema."""

from portal.audit.models import AccessLogEntry, AuditEvent, LogSeal
from portal.auth.models import RecoveryCode, SignInToken, UserSession
from portal.cases.models import Case, Consent, ExternalContact, TeamMember, YoungPerson
from portal.meetings.models import Meeting, Participant
from portal.orgs.models import Organisation, User, UserIdentity
from portal.outbox.models import OutboxMessage
from portal.plans.models import Goal, Plan, PlanAction
from portal.timeline.models import EntryRedaction, TimelineEntry
from portal.youth.models import WeekTask

__all__ = [
    "AccessLogEntry",
    "AuditEvent",
    "Case",
    "Consent",
    "EntryRedaction",
    "ExternalContact",
    "Goal",
    "LogSeal",
    "Meeting",
    "Organisation",
    "OutboxMessage",
    "Participant",
    "Plan",
    "PlanAction",
    "RecoveryCode",
    "SignInToken",
    "TeamMember",
    "TimelineEntry",
    "User",
    "UserIdentity",
    "UserSession",
    "WeekTask",
    "YoungPerson",
]
