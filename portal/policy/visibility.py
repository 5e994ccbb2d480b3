"""Object-level rules inside a section: which timeline entries and plan actions a reader sees, which
visibilities a writer may choose, and who may update an action. Expressed as SQL conditions so lists
stay one query, whatever their size."""

from __future__ import annotations

from enum import StrEnum

import sqlalchemy as sa

from portal.cases.models import Scope
from portal.meetings.models import Meeting, Participant
from portal.plans.models import Goal, PlanAction
from portal.policy.actions import Action
from portal.policy.rules import CaseAccess, Relation
from portal.timeline.labels import WRITTEN_KINDS
from portal.timeline.models import EntryKind, TimelineEntry, Visibility

HUBS = (Relation.HUB, Relation.DEPUTY)


class EntryRule(StrEnum):
    """Which timeline entries a reader sees, as a named rule. The SQL of each rule is built once
    (ENTRY_CONDITIONS) with the reader as bound parameters, so the statements that use it can be built
    once too and reused by every request (SQLAlchemy then also reuses their compiled form)."""

    ALL_BUT_OTHER_AGENCIES = "all_but_other_agencies"
    TEAM_AND_OWN_AGENCY = "team_and_own_agency"
    TEAM_AND_OWN_AGENCY_NO_PLAN = "team_and_own_agency_no_plan"
    OWN = "own"
    SHARED_WITH_YOUNG_PERSON = "shared_with_young_person"
    NOTHING = "nothing"


def entry_rule(access: CaseAccess) -> EntryRule:
    """The timeline entries of this case the actor may see (redacted ones are shown without content)."""
    if access.relation in HUBS:
        # The hub sees everything but another agency's internal notes.
        return EntryRule.ALL_BUT_OTHER_AGENCIES
    if access.relation is Relation.STAFF:
        if not access.decide(Action.TIMELINE_VIEW).allowed:
            return EntryRule.OWN  # without the timeline consent: only what they wrote themselves
        # With consent: team entries, their own organisation's entries, and anything they wrote ...
        if access.decide(Action.PLAN_VIEW).allowed:
            return EntryRule.TEAM_AND_OWN_AGENCY
        # ... but plan changes quote the plan: without the plan consent they stay out of the timeline.
        return EntryRule.TEAM_AND_OWN_AGENCY_NO_PLAN
    if access.relation is Relation.VOLUNTEER:
        return EntryRule.OWN  # least privilege: a volunteer's notes go to the hub; they read only their own
    if access.relation is Relation.YOUNG_PERSON:
        return EntryRule.SHARED_WITH_YOUNG_PERSON  # only what was shared with them
    return EntryRule.NOTHING


def viewer_params(access: CaseAccess) -> dict[str, int | None]:
    """The values of the reader's bound parameters in ENTRY_CONDITIONS."""
    return {"viewer_id": access.actor.user_id, "viewer_org": access.actor.organisation_id}


def _entry_conditions() -> dict[EntryRule, sa.ColumnElement[bool]]:
    # On table columns: the timeline reads are plain Core statements (timeline/queries.py).
    entry = TimelineEntry.__table__
    viewer, viewer_org = sa.bindparam("viewer_id"), sa.bindparam("viewer_org")
    own = entry.c.author_id == viewer
    team_and_own_agency = sa.or_(
        entry.c.visibility == Visibility.TEAM.value,
        sa.and_(
            entry.c.visibility == Visibility.AGENCY.value,
            entry.c.author_organisation_id == viewer_org,
        ),
        own,
    )
    return {
        EntryRule.ALL_BUT_OTHER_AGENCIES: sa.or_(
            entry.c.visibility != Visibility.AGENCY.value,
            entry.c.author_organisation_id == viewer_org,
        ),
        EntryRule.TEAM_AND_OWN_AGENCY: team_and_own_agency,
        EntryRule.TEAM_AND_OWN_AGENCY_NO_PLAN: sa.and_(
            team_and_own_agency, entry.c.kind != EntryKind.PLAN_CHANGE.value
        ),
        EntryRule.OWN: own,
        EntryRule.SHARED_WITH_YOUNG_PERSON: entry.c.shared_with_young_person.is_(True),
        EntryRule.NOTHING: sa.false(),
    }


ENTRY_CONDITIONS = _entry_conditions()


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


class MeetingRule(StrEnum):
    """Which meetings of a case a reader sees, as a named rule: its SQL (MEETING_CONDITIONS) is built once,
    the reader a bound parameter ("viewer_id"), so the statements using it are built once too."""

    ALL = "all"
    INVITED = "invited"
    YOUNG_PERSON_INVITED = "young_person_invited"
    NOTHING = "nothing"


def meeting_rule(access: CaseAccess) -> MeetingRule:
    """The meetings of this case the actor may see."""
    if access.relation in HUBS:
        return MeetingRule.ALL  # the hub calls the meetings
    if access.relation is Relation.STAFF and Scope.MEETINGS in access.consents:
        return MeetingRule.ALL  # the meetings consent opens all of the case's meetings
    if access.relation is Relation.YOUNG_PERSON:
        return MeetingRule.YOUNG_PERSON_INVITED  # the meetings they are invited to
    if access.relation in (Relation.STAFF, Relation.VOLUNTEER):
        return MeetingRule.INVITED  # without the consent, or as a volunteer: the meetings they are invited to
    return MeetingRule.NOTHING


def _meeting_conditions() -> dict[MeetingRule, sa.ColumnElement[bool]]:
    invited = sa.select(Participant.meeting_id).where(Participant.removed_at.is_(None))
    return {
        MeetingRule.ALL: sa.true(),
        MeetingRule.INVITED: Meeting.id.in_(invited.where(Participant.user_id == sa.bindparam("viewer_id"))),
        MeetingRule.YOUNG_PERSON_INVITED: Meeting.id.in_(
            invited.where(Participant.is_young_person.is_(True))
        ),
        MeetingRule.NOTHING: sa.false(),
    }


MEETING_CONDITIONS = _meeting_conditions()


def may_correct(access: CaseAccess, entry: TimelineEntry) -> bool:
    """Authors correct their own notes and contact attempts (by a new entry pointing at the old one);
    records the portal wrote (plan changes, meetings, system events) are nobody's to correct."""
    return (
        entry.author_id is not None
        and entry.author_id == access.actor.user_id
        and entry.kind in WRITTEN_KINDS
    )
