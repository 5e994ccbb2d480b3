"""Names of the HX-Trigger events regions listen to (hx-trigger="<name> from:body"); one list, no typos."""

from enum import StrEnum


class Event(StrEnum):
    TEAM_CHANGED = "team-changed"
    CONSENT_CHANGED = "consent-changed"
    CONTACTS_CHANGED = "contacts-changed"
    PLAN_CHANGED = "plan-changed"
    TIMELINE_CHANGED = "timeline-changed"
    MEETINGS_CHANGED = "meetings-changed"
