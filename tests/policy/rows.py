"""Building blocks of the access table: the expected status of a route for each relation, in RELATIONS order.

Allowed form posts are sent empty, so "allowed" shows as 422 (validated, refused, nothing saved) and is
told apart from 403 (in scope, not allowed) and 404 (the case does not exist for this reader).

The young person ("yp") has pages of their own (/me, rows_youth.py); every staff page of their own case is 404
for them, the page does not exist (policy.rules.YOUNG_PERSON_PAGES), and the staff case list is 403 (a role
that lists no cases, like the administrator's).
"""

from __future__ import annotations

from tests.policy.world import RELATIONS

LOGIN = 302  # anonymous: sent to sign in


def row(*statuses: int) -> dict[str, int]:
    """Statuses in the order of RELATIONS:
    anon admin hub deputy staffC staffN volC volN yp otherCM otherYP sameOrg otherOrg"""
    return dict(zip(RELATIONS, statuses, strict=True))


#                anon   admin hub  dep  stC  stN  voC  voN  yp   oCM  oYP  same other
CASE_READ = row(LOGIN, 404, 200, 200, 200, 200, 200, 200, 404, 404, 404, 404, 404)
HUB_PAGE = row(LOGIN, 404, 200, 200, 403, 403, 403, 403, 404, 404, 404, 404, 404)
HUB_FORM = row(LOGIN, 404, 422, 422, 403, 403, 403, 403, 404, 404, 404, 404, 404)
HUB_ACTION = row(LOGIN, 404, 302, 302, 403, 403, 403, 403, 404, 404, 404, 404, 404)
# Everyone who works on cases: not the administrator (no case content), not a young person (their start is /me).
CASE_WORKERS = row(LOGIN, 403, 200, 200, 200, 200, 200, 200, 403, 200, 403, 200, 200)
CASE_MANAGERS = row(LOGIN, 403, 200, 200, 403, 403, 403, 403, 403, 200, 403, 403, 403)
CASE_MANAGERS_POST = {**CASE_MANAGERS, "hub": 422, "deputy": 422, "other_case_manager": 422}
ADMIN_ONLY = row(LOGIN, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403)
ADMIN_ONLY_POST = {**ADMIN_ONLY, "admin": 422}
PUBLIC = dict.fromkeys(RELATIONS, 200)
