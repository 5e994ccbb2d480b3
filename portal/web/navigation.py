"""The main navigation in the page header, worked out once per role and language.

Which links a user gets depends on their role only (policy.role_allows), their words on the language and
their addresses on nothing that changes while the portal runs. Every page showed them by asking can(),
url_for and gettext six times over; here each role's links are made once per language and a page only
marks the one it belongs to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from flask import request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.policy import Action
from portal.policy.actors import Actor
from portal.policy.rules import role_allows

WORKSPACE = ("cases", "plans", "timeline", "contacts", "meetings")  # blueprints under "My cases"

# (what the link needs, its endpoint, its words, whether a request (endpoint, blueprint) is on its page)
LINKS: tuple[tuple[Action, str, object, Callable[[str, str | None], bool]], ...] = (
    (Action.YOUTH_START, "youth.start", _l("My page"), lambda _e, blueprint: blueprint == "youth"),
    (Action.CASE_LIST, "cases.my_cases", _l("My cases"), lambda _e, blueprint: blueprint in WORKSPACE),
    (Action.ADMIN_USERS, "orgs.users", _l("Users"), lambda e, _b: e.startswith("orgs.") and "user" in e),
    (Action.ADMIN_ACCESS_LOG, "orgs.access_log", _l("Access log"), lambda e, _b: e == "orgs.access_log"),
    (
        Action.ADMIN_ORGS,
        "orgs.organisations",
        _l("Organisations"),
        lambda e, _b: e.startswith("orgs.") and "organisation" in e,
    ),
    (Action.ACCOUNT_OWN, "auth.my_account", _l("My account"), lambda e, _b: e == "auth.my_account"),
)


@dataclass(frozen=True, slots=True)
class NavLink:
    url: str
    label: str
    current: bool


def main_nav() -> list[NavLink]:
    """The signed-in user's links, the one of the page they are on marked (aria-current)."""
    links = _links(current_user.role, str(get_locale()), request.script_root)
    endpoint, blueprint = request.endpoint or "", request.blueprint
    return [NavLink(url, label, on_page(endpoint, blueprint)) for url, label, on_page in links]


@lru_cache(maxsize=64)
def _links(role: str, language: str, script_root: str) -> tuple:
    # `language` and `script_root` are keys only: the words and addresses are those of this request.
    actor = Actor(user_id=None, organisation_id=None, role=role)
    return tuple(
        (url_for(endpoint), str(label), on_page)
        for action, endpoint, label, on_page in LINKS
        if role_allows(actor, action)  # the same rule as can(action) in a template: the role decides
    )
