"""Every route x every relation -> the status it must answer. A route without a row fails the suite.

Allowed form posts are sent empty, so "allowed" shows as 422 (validated, refused, nothing saved) and is
told apart from 403 (in scope, not allowed) and 404 (the case does not exist for this reader).
"""

from __future__ import annotations

import pytest

from tests.policy.world import RELATIONS, build_world

LOGIN = 302  # anonymous: sent to sign in

#                        anon  admin hub  dep  stC  stN  voC  voN  yp   oCM  oYP  sameOrg otherOrg
CASE_READ = dict(zip(RELATIONS, (LOGIN, 404, 200, 200, 200, 200, 200, 200, 200, 404, 404, 404, 404), strict=True))
HUB_FORM = dict(zip(RELATIONS, (LOGIN, 404, 422, 422, 403, 403, 403, 403, 403, 404, 404, 404, 404), strict=True))
HUB_ACTION = dict(zip(RELATIONS, (LOGIN, 404, 302, 302, 403, 403, 403, 403, 403, 404, 404, 404, 404), strict=True))
SIGNED_IN = dict(zip(RELATIONS, (LOGIN, 403, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200), strict=True))
CASE_MANAGERS = dict(
    zip(RELATIONS, (LOGIN, 403, 200, 200, 403, 403, 403, 403, 403, 200, 403, 403, 403), strict=True)
)
CASE_MANAGERS_POST = {**CASE_MANAGERS, "hub": 422, "deputy": 422, "other_case_manager": 422}
ADMIN_ONLY = dict(zip(RELATIONS, (LOGIN, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403), strict=True))
PUBLIC = dict.fromkeys(RELATIONS, 200)

# endpoint -> (method, url template, expected status per relation)
TABLE = {
    "web.home": ("GET", "/", {**dict.fromkeys(RELATIONS, 302)}),
    "web.healthz": ("GET", "/healthz", PUBLIC),
    "auth.login": ("GET", "/login", {**dict.fromkeys(RELATIONS, 302), "anonymous": 200}),
    "auth.logout": ("POST", "/logout", dict.fromkeys(RELATIONS, 302)),
    "cases.my_cases": ("GET", "/cases/", SIGNED_IN),
    "cases.new_case": ("GET", "/cases/new", CASE_MANAGERS),
    "cases.new_case#post": ("POST", "/cases/new", CASE_MANAGERS_POST),
    "cases.overview": ("GET", "/cases/{case}", CASE_READ),
    "cases.change_status": ("POST", "/cases/{case}/status", HUB_FORM),
    "cases.add_team_member": ("POST", "/cases/{case}/team", HUB_FORM),
    "cases.remove_team_member": ("POST", "/cases/{case}/team/{member}/remove", HUB_ACTION),
    "cases.record_consent": ("POST", "/cases/{case}/consents", HUB_FORM),
    "cases.withdraw_consent": ("POST", "/cases/{case}/consents/{consent}/withdraw", HUB_ACTION),
    "orgs.organisations": ("GET", "/admin/organisations", ADMIN_ONLY),
    "orgs.users": ("GET", "/admin/users", ADMIN_ONLY),
}


def test_every_route_has_a_row(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}
    in_table = {name.split("#")[0] for name in TABLE}
    assert endpoints - in_table == set(), "add these routes to the access table"
    assert in_table - endpoints == set(), "the table names routes that no longer exist"


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("endpoint", sorted(TABLE))
def test_access(app, make, endpoint, relation):
    method, template, expected = TABLE[endpoint]
    world = build_world(make)
    client = app.test_client()
    if relation != "anonymous":
        assert client.login(world.users[relation].email).status_code == 302
    url = template.format(case=world.case.id, member=world.member.id, consent=world.consent.id)
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, data={})
    assert response.status_code == expected[relation], f"{method} {url} as {relation}"
