"""Every action the portal authorizes. An action not listed here cannot be checked (it raises)."""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    # Organisation-wide actions, decided by role alone.
    CASE_LIST = "case.list"
    CASE_CREATE = "case.create"
    ADMIN_ORGS = "admin.orgs"
    ADMIN_USERS = "admin.users"
    ADMIN_ACCESS_LOG = "admin.access_log"
    YOUTH_START = "youth.start"  # a young person's way in to their own pages (/me), before a case is chosen
    ACCOUNT_OWN = "account.own"  # a person's own account pages: sessions, password, recovery codes

    # Actions on one case, decided by relationship x consent (portal/policy/rules.py).
    CASE_VIEW_BASIC = "case.view_basic"
    CASE_VIEW_PERSON = "case.view_person"
    CASE_EDIT = "case.edit"
    CONTACTS_VIEW = "contacts.view"  # the contact list: hub, deputy, team, external contacts
    CONTACTS_MANAGE = "contacts.manage"  # external contacts without accounts
    TEAM_MANAGE = "team.manage"
    CONSENT_VIEW = "consent.view"
    CONSENT_MANAGE = "consent.manage"
    PLAN_VIEW = "plan.view"
    PLAN_EDIT = "plan.edit"  # goals, actions, owners, due dates, "written with the young person"
    PLAN_ACTION_UPDATE = (
        "plan.action_update"  # the status of one action; owners only, see policy.may_update_action
    )
    TIMELINE_VIEW = "timeline.view"
    ENTRY_ADD = "entry.add"
    ENTRY_REDACT = "entry.redact"
    MEETINGS_VIEW = "meetings.view"  # narrowed per meeting by visibility.meeting_rule
    MEETING_MANAGE = "meeting.manage"  # call, move, cancel, invite, write the record
    # The young person's own pages (portal/youth): each page reveals the sections it shows.
    YOUTH_PAGES = "youth.pages"
    WEEK_VIEW = "week.view"  # the week plan and to-do list (the section read, for the access log)
    WEEK_TEAM = "week.team"  # the team's page of it under the case: see progress, add a task
    WEEK_TICK = "week.tick"  # tick a task off (or back on)
    HELP_ASK = "help.ask"  # "I need help": a notice to the case manager
    CONSENT_WITHDRAW = "consent.withdraw"  # the young person withdraws a consent they gave
    CONSENT_CHANGE_ASK = "consent.change_ask"  # ... or asks the hub to change one
    ACCESS_LOG_OWN = "access_log.own"  # who has looked at my file


# The section of a case each read action discloses; the guard writes one access-log row per response.
READ_SECTIONS: dict[Action, str] = {
    Action.CASE_VIEW_BASIC: "basic",
    Action.CASE_VIEW_PERSON: "person",
    Action.CONTACTS_VIEW: "contacts",
    Action.CONSENT_VIEW: "consent",
    Action.PLAN_VIEW: "plan",
    Action.TIMELINE_VIEW: "timeline",
    Action.MEETINGS_VIEW: "meetings",
    Action.WEEK_VIEW: "week",
}
