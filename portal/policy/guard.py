"""View decorators: every endpoint is either @public or @requires(...); a test walks the URL map to prove it.

@requires(action, case_arg="case_id") loads the case for the current actor, answers 404 when the case
does not exist for them and 403 when it does but the action is not theirs, and hands the view a
CaseAccess. For the young person, the staff pages of their own case do not exist either (404): only the
pages of rules.YOUNG_PERSON_PAGES do. Read actions are disclosed (and so access-logged) before the view runs.
"""

from __future__ import annotations

from functools import wraps

from flask import abort, g
from flask_login import current_user

from portal.audit.access_log import flush_disclosures
from portal.extensions import login_manager
from portal.i18n import local_today
from portal.policy.actions import READ_SECTIONS, Action
from portal.policy.actors import Actor
from portal.policy.loading import load_case_access
from portal.policy.rules import YOUNG_PERSON_PAGES, CaseAccess, Relation, role_allows

PUBLIC = "public"


def current_actor() -> Actor:
    if "actor" not in g:
        g.actor = Actor.of(current_user)
    return g.actor


def get_or_404(actor: Actor, case_id: int, action: Action) -> CaseAccess:
    access = load_case_access(actor, case_id, local_today())
    if access is None:
        abort(404)  # out of scope: the case does not exist for this actor
    if access.relation is Relation.YOUNG_PERSON and action not in YOUNG_PERSON_PAGES:
        # The young person's case is theirs, but its staff pages are not: they have their own (/me). The
        # page does not exist for them (404), not "forbidden"; reveal() still grants sections on their pages.
        abort(404)
    if not access.decide(action).allowed:
        abort(403)  # in scope, but this action is not theirs
    return access


def reveal(access: CaseAccess, *actions: Action) -> set[Action]:
    """The subset of read actions the actor may see; each one granted is queued for the access log."""
    granted = set()
    for action in actions:
        decision = access.decide(action)
        if decision.allowed:
            granted.add(action)
            g.setdefault("disclosures", []).append((access, READ_SECTIONS[action], decision))
    return granted


def public(view):
    view.soffa_access = PUBLIC
    return view


def requires(action: Action, *, case_arg: str | None = None):
    if action not in Action.__members__.values():
        raise KeyError(f"unknown action {action!r}")

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            actor = current_actor()
            if not actor.is_authenticated:
                return login_manager.unauthorized()
            if case_arg is None:
                if not role_allows(actor, action):
                    abort(403)
                return view(*args, **kwargs)
            access = get_or_404(actor, kwargs[case_arg], action)
            if action in READ_SECTIONS:
                reveal(access, action)
            response = view(*args, access=access, **kwargs)
            # Written before the response leaves, in the request's transaction: no log row, no data.
            flush_disclosures(actor)
            return response

        wrapped.soffa_access = action
        return wrapped

    return decorator
