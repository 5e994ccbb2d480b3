"""THE ONLY place that decides who may see or do what. Views and templates ask here."""

from __future__ import annotations

import sqlalchemy as sa

from portal.policy.actions import Action
from portal.policy.actors import Actor
from portal.policy.guard import current_actor, get_or_404, public, requires, reveal
from portal.policy.loading import my_cases_query
from portal.policy.rules import CaseAccess, Relation, role_allows


def can(action: Action, access: CaseAccess | None = None) -> bool:
    """For templates: show a button on the same rule the view enforces."""
    if access is not None:
        return access.decide(action).allowed
    return role_allows(current_actor(), action)


def scoped_cases(role: str | None) -> sa.Select:
    """The select of cases a user of this role may list, the user being the bound parameter "viewer_id"
    (pass {"viewer_id": actor.user_id}); callers add ordering and paging."""
    return my_cases_query(role)


__all__ = [
    "Action",
    "Actor",
    "CaseAccess",
    "Relation",
    "can",
    "current_actor",
    "get_or_404",
    "public",
    "requires",
    "reveal",
    "role_allows",
    "scoped_cases",
]
