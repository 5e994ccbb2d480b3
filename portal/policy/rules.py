"""The rules, as tables a person can read: who may do what, and why.

Two tables decide everything:
- ROLE_ACTIONS: actions that do not concern one case, granted by role alone.
- CASE_RULES: for each action on a case, the relations that may do it and whether the reader's
  organisation must hold the young person's consent for a section. A relation missing from a row is denied.
Anything not in a table is denied; an unknown action raises.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from portal.cases.models import Scope
from portal.orgs.models import Role
from portal.policy.actions import Action
from portal.policy.actors import Actor


class Relation(StrEnum):
    """How the actor stands to one case. NONE means the case does not exist for them (404)."""

    HUB = "hub"  # the case manager: the young person's contact point
    DEPUTY = "deputy"  # stands in for the hub with the same rights
    STAFF = "staff"  # team member from a partner organisation
    VOLUNTEER = "volunteer"  # team member from a volunteer organisation: least privilege
    YOUNG_PERSON = "young_person"  # the young person whose case it is
    NONE = "none"


ALWAYS = "always"  # the relation alone grants the action, no consent needed

ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    # Administrators run the organisation register and review access; they never see case content.
    Role.ADMIN: frozenset({Action.ADMIN_ORGS, Action.ADMIN_USERS, Action.ADMIN_ACCESS_LOG}),
    # Case managers open cases and are the hub of the cases they open.
    Role.CASE_MANAGER: frozenset({Action.CASE_LIST, Action.CASE_CREATE}),
    Role.STAFF: frozenset({Action.CASE_LIST}),
    Role.VOLUNTEER: frozenset({Action.CASE_LIST}),
    # A young person starts from their own page (/me, portal/youth), never from the staff case list:
    # they have one case, and the list is a staff page (403 like any other role-level denial).
    Role.YOUNG_PERSON: frozenset({Action.YOUTH_START}),
}
# Everyone who signs in runs their own account (their sessions, their password): nobody else's.
ROLE_ACTIONS = {role: actions | {Action.ACCOUNT_OWN} for role, actions in ROLE_ACTIONS.items()}

HUB_ONLY = {Relation.HUB: ALWAYS, Relation.DEPUTY: ALWAYS}

CASE_RULES: dict[Action, dict[Relation, str]] = {
    # The basic view: the case exists and who the hub is. Every relation sees it, consent or not,
    # so that a team member knows whom to call.
    Action.CASE_VIEW_BASIC: {
        Relation.HUB: ALWAYS,
        Relation.DEPUTY: ALWAYS,
        Relation.STAFF: ALWAYS,
        Relation.VOLUNTEER: ALWAYS,
        Relation.YOUNG_PERSON: ALWAYS,
    },
    # The young person's own details (birth date, phone, guardian): the contacts consent opens them
    # to partner staff; volunteers get the contact card only (ALWAYS for the young person themself).
    Action.CASE_VIEW_PERSON: {
        **HUB_ONLY,
        Relation.STAFF: Scope.CONTACTS,
        Relation.VOLUNTEER: Scope.CONTACTS,
        Relation.YOUNG_PERSON: ALWAYS,
    },
    # The contact list (team and external contacts): partner staff with the contacts consent; volunteers
    # see only the hub's card (basic view) and the young person's (CASE_VIEW_PERSON).
    Action.CONTACTS_VIEW: {**HUB_ONLY, Relation.STAFF: Scope.CONTACTS, Relation.YOUNG_PERSON: ALWAYS},
    Action.CONTACTS_MANAGE: HUB_ONLY,
    # Consents are shown to the hub and to the young person who gave them.
    Action.CONSENT_VIEW: {**HUB_ONLY, Relation.YOUNG_PERSON: ALWAYS},
    # The plan: partners with the plan consent; a volunteer with it sees only the actions they own
    # (the query narrows it, portal/policy/visibility.py). The young person sees the plan made with them.
    Action.PLAN_VIEW: {
        **HUB_ONLY,
        Relation.STAFF: Scope.PLAN,
        Relation.VOLUNTEER: Scope.PLAN,
        Relation.YOUNG_PERSON: ALWAYS,
    },
    Action.PLAN_EDIT: HUB_ONLY,
    # Updating an action's status: the hub always; a partner only for actions they own (object check in
    # visibility.may_update_action), and only while their organisation holds the plan consent.
    Action.PLAN_ACTION_UPDATE: {**HUB_ONLY, Relation.STAFF: Scope.PLAN, Relation.VOLUNTEER: Scope.PLAN},
    # The timeline: partners with the timeline consent, narrowed entry by entry by visibility; a volunteer
    # sees only what they wrote; the young person only what is shared with them.
    Action.TIMELINE_VIEW: {
        **HUB_ONLY,
        Relation.STAFF: Scope.TIMELINE,
        Relation.VOLUNTEER: ALWAYS,
        Relation.YOUNG_PERSON: ALWAYS,
    },
    # Writing to the hub needs no consent: information may always flow *to* the case manager. Which
    # visibilities a writer may choose is decided in visibility.allowed_visibilities.
    Action.ENTRY_ADD: {**HUB_ONLY, Relation.STAFF: ALWAYS, Relation.VOLUNTEER: ALWAYS},
    Action.ENTRY_REDACT: HUB_ONLY,
    # Meetings: every partner sees the meetings they are invited to, even in the basic view; with the
    # meetings consent, all of the case's meetings (visibility.meeting_rule narrows the list).
    Action.MEETINGS_VIEW: {
        **HUB_ONLY,
        Relation.STAFF: ALWAYS,
        Relation.VOLUNTEER: ALWAYS,
        Relation.YOUNG_PERSON: ALWAYS,
    },
    Action.MEETING_MANAGE: HUB_ONLY,
    Action.CASE_EDIT: HUB_ONLY,
    Action.TEAM_MANAGE: HUB_ONLY,
    Action.CONSENT_MANAGE: HUB_ONLY,
    # --- The young person's own pages (portal/youth). ---
    # The pages themselves are theirs alone: the team has its own pages for the same sections, so a hub
    # opening a young person's page is in scope but not allowed (403), anyone else finds nothing (404).
    Action.YOUTH_PAGES: {Relation.YOUNG_PERSON: ALWAYS},
    # The week plan is part of the plan the young person makes with their helpers: the hub always; a
    # mentor or other partner on the team while their organisation holds the plan consent.
    Action.WEEK_VIEW: {
        **HUB_ONLY,
        Relation.STAFF: Scope.PLAN,
        Relation.VOLUNTEER: Scope.PLAN,
        Relation.YOUNG_PERSON: ALWAYS,
    },
    # The team's own page of the week (progress, adding a task): the same people but the young person,
    # who adds and ticks off on their own page (YOUTH_PAGES) and never reaches a staff page.
    Action.WEEK_TEAM: {**HUB_ONLY, Relation.STAFF: Scope.PLAN, Relation.VOLUNTEER: Scope.PLAN},
    # Ticking a task off is the young person's own doing; the team sees the progress.
    Action.WEEK_TICK: {Relation.YOUNG_PERSON: ALWAYS},
    # Asking for help, withdrawing a consent they gave, asking for a change and reading who has looked at
    # their file are the young person's rights over their own case (withdrawal takes effect at once).
    Action.HELP_ASK: {Relation.YOUNG_PERSON: ALWAYS},
    Action.CONSENT_WITHDRAW: {Relation.YOUNG_PERSON: ALWAYS},
    Action.CONSENT_CHANGE_ASK: {Relation.YOUNG_PERSON: ALWAYS},
    Action.ACCESS_LOG_OWN: {Relation.YOUNG_PERSON: ALWAYS},
}


# The young person has one consolidated surface of their own (portal/youth, /me/<case>): these are its gate
# actions. The staff pages of their case carry staff notes, staff wording and staff forms; they do not exist
# for the young person (the guard answers 404), even where the same section is theirs to read on their own
# pages, which still reveal PLAN_VIEW, MEETINGS_VIEW, ... through CASE_RULES above.
YOUNG_PERSON_PAGES: frozenset[Action] = frozenset(
    {
        Action.YOUTH_START,  # /me: a role action, listed so the set names the whole surface
        Action.YOUTH_PAGES,  # my page, my week, notes for me, my consents, answering a meeting invite
        Action.WEEK_TICK,
        Action.HELP_ASK,
        Action.CONSENT_WITHDRAW,
        Action.CONSENT_CHANGE_ASK,
        Action.ACCESS_LOG_OWN,
    }
)


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    grounds: str = ""
    consent_id: int | None = None


@dataclass(frozen=True, slots=True)
class CaseAccess:
    """Everything the rules need about one actor and one case, loaded in a constant number of queries."""

    case: object
    actor: Actor
    relation: Relation
    consents: dict[Scope, int] = field(default_factory=dict)  # scope -> id of a valid consent granting it

    def decide(self, action: Action) -> Decision:
        rule = CASE_RULES.get(action)
        if rule is None:
            raise KeyError(f"no case rule for {action!r}")
        need = rule.get(self.relation)
        if need is None:
            return Decision(False)
        if need == ALWAYS:
            return Decision(True, grounds=f"relation:{self.relation.value}")
        consent_id = self.consents.get(Scope(need))
        if consent_id is None:
            return Decision(False)
        return Decision(True, grounds=f"consent:{need}", consent_id=consent_id)


def role_allows(actor: Actor, action: Action) -> bool:
    if not isinstance(action, Action):
        raise KeyError(f"unknown action {action!r}")
    if action in CASE_RULES:
        raise KeyError(f"{action!r} concerns one case: decide it on a CaseAccess")
    return action in ROLE_ACTIONS.get(actor.role or "", frozenset())
