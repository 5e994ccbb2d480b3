"""Object-level rules inside a section: which timeline entries and plan actions a reader sees, which
visibilities a writer may choose, and who may update an action. Expressed as SQL conditions so lists
stay one query, whatever their size."""

from __future__ import annotations

import sqlalchemy as sa

from portal.cases.models import Scope
from portal.meetings.models import Meeting, Participant
from portal.plans.models import Goal, PlanAction
from portal.policy.actions import Action
from portal.policy.rules import CaseAccess, Relation
from portal.timeline.labels import WRITTEN_KINDS
from portal.timeline.models import EntryKind, TimelineEntry, Visibility

HUBS = (Relation.HUB, Relation.DEPUTY)


def entry_filter(access: CaseAccess):
    """The timeline entries of this case the actor may see (redacted ones are shown without content)."""
    actor = access.actor
    own = TimelineEntry.author_id == actor.user_id
    if access.relation in HUBS:
        # The hub sees everything but another agency's internal notes.
        return sa.or_(
            TimelineEntry.visibility != Visibility.AGENCY.value,
            TimelineEntry.author_organisation_id == actor.organisation_id,
        )
    if access.relation is Relation.STAFF:
        if not access.decide(Action.TIMELINE_VIEW).allowed:
            return own  # without the timeline consent: only what they wrote themselves
        # With consent: team entries, their own organisation's entries, and anything they wrote ...
        seen = sa.or_(
            TimelineEntry.visibility == Visibility.TEAM.value,
            sa.and_(
                TimelineEntry.visibility == Visibility.AGENCY.value,
                TimelineEntry.author_organisation_id == actor.organisation_id,
            ),
            own,
        )
        if access.decide(Action.PLAN_VIEW).allowed:
            return seen
        # ... but plan changes quote the plan: without the plan consent they stay out of the timeline.
        return sa.and_(seen, TimelineEntry.kind != EntryKind.PLAN_CHANGE.value)
    if access.relation is Relation.VOLUNTEER:
        return own  # least privilege: a volunteer's notes go to the hub; they read only their own
    if access.relation is Relation.YOUNG_PERSON:
        return TimelineEntry.shared_with_young_person.is_(True)  # only what was shared with them
    return sa.false()


def allowed_visibilities(access: CaseAccess) -> list[Visibility]:
    """What a writer may choose, most private first (the default). GDPR Art. 25: as few readers as possible."""
    if access.relation in HUBS:
        return [Visibility.CASE_MANAGER, Visibility.AGENCY, Visibility.TEAM]
    if access.relation is Relation.STAFF and access.decide(Action.TIMELINE_VIEW).allowed:
        return [Visibility.CASE_MANAGER, Visibility.AGENCY, Visibility.TEAM]
    if access.relation in (Relation.STAFF, Relation.VOLUNTEER):
        return [Visibility.CASE_MANAGER]  # without timeline consent, or as a volunteer: to the hub only
    return []


def may_share_with_young_person(access: CaseAccess) -> bool:
    # Volunteers write to the hub; the hub decides what reaches the young person from their notes.
    return access.relation in HUBS or (
        access.relation is Relation.STAFF and access.decide(Action.TIMELINE_VIEW).allowed
    )


def action_filter(access: CaseAccess):
    """The plan actions of this case the actor may see."""
    if access.relation is Relation.VOLUNTEER:
        return PlanAction.owner_id == access.actor.user_id  # only the actions given to them
    return sa.true()


def goal_filter(access: CaseAccess, visible_actions):
    """The goals shown: all of them, except to a volunteer, who sees only goals holding one of their actions
    (a goal without one would tell them about the plan beyond their part)."""
    if access.relation is Relation.VOLUNTEER:
        return Goal.id.in_(sa.select(PlanAction.goal_id).where(visible_actions))
    return sa.true()


def may_update_action(access: CaseAccess, action: PlanAction) -> bool:
    if not access.decide(Action.PLAN_ACTION_UPDATE).allowed:
        return False
    if access.relation in HUBS:
        return True  # the hub coordinates every action
    return action.owner_id == access.actor.user_id  # partners update the actions they own


def meeting_filter(access: CaseAccess):
    """The meetings of this case the actor may see."""
    if access.relation in HUBS:
        return sa.true()  # the hub calls the meetings
    if access.relation is Relation.STAFF and Scope.MEETINGS in access.consents:
        return sa.true()  # the meetings consent opens all of the case's meetings
    invited = sa.select(Participant.meeting_id).where(Participant.removed_at.is_(None))
    if access.relation is Relation.YOUNG_PERSON:
        return Meeting.id.in_(invited.where(Participant.is_young_person.is_(True)))
    if access.relation in (Relation.STAFF, Relation.VOLUNTEER):
        return Meeting.id.in_(invited.where(Participant.user_id == access.actor.user_id))  # invited only
    return sa.false()


def may_correct(access: CaseAccess, entry: TimelineEntry) -> bool:
    """Authors correct their own notes and contact attempts (by a new entry pointing at the old one);
    records the portal wrote (plan changes, meetings, system events) are nobody's to correct."""
    return (
        entry.author_id is not None
        and entry.author_id == access.actor.user_id
        and entry.kind in WRITTEN_KINDS
    )
