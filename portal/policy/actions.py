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

    # Actions on one case, decided by relationship x consent (portal/policy/rules.py).
    CASE_VIEW_BASIC = "case.view_basic"
    CASE_VIEW_PERSON = "case.view_person"
    CASE_EDIT = "case.edit"
    TEAM_VIEW = "team.view"
    TEAM_MANAGE = "team.manage"
    CONSENT_VIEW = "consent.view"
    CONSENT_MANAGE = "consent.manage"


# The section of a case each read action discloses; the guard writes one access-log row per response.
READ_SECTIONS: dict[Action, str] = {
    Action.CASE_VIEW_BASIC: "basic",
    Action.CASE_VIEW_PERSON: "person",
    Action.TEAM_VIEW: "team",
    Action.CONSENT_VIEW: "consent",
}
