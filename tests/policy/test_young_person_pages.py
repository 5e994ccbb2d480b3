"""The young person's own pages are the only pages of their case: every other route of it answers 404.

Walks the URL map, so a staff page added later is covered without a new row: any endpoint taking a
case_id whose gate action (the @requires on the view) is not in rules.YOUNG_PERSON_PAGES must not exist for
the young person whose case it is, for every method it answers; each of their own pages answers 200.
"""

from __future__ import annotations

from flask import url_for

from portal.policy.rules import YOUNG_PERSON_PAGES
from tests.policy.world import build_world

# Values for the other arguments of the routes: real objects of the case, so a 404 cannot come from a
# missing meeting or entry: the guard answers before the view looks anything up.
ARGUMENTS = {
    "meeting_id": lambda world: world.meeting.id,
    "entry_id": lambda world: world.entry.id,
    "contact_id": lambda world: world.contact.id,
    "goal_id": lambda world: world.goal.id,
    "action_id": lambda world: world.action.id,
    "member_id": lambda world: world.member.id,
    "consent_id": lambda world: world.consent.id,
    "participant_id": lambda world: world.participant.id,
    "user_id": lambda world: world.users["hub"].id,
    "token": lambda world: world.rsvp_token,
    "task_id": lambda world: 0,
}
# The vCard route serves both kinds of contact: a user of the team, or an external contact.
VCARD_KINDS = {"user": lambda world: world.users["hub"].id, "external": lambda world: world.contact.id}


def _values(arguments: set[str], world) -> list[dict]:
    values = {name: ARGUMENTS[name](world) for name in arguments - {"case_id", "kind"}}
    if "kind" not in arguments:
        return [values]
    return [{**values, "kind": kind, "contact_id": contact(world)} for kind, contact in VCARD_KINDS.items()]


def _case_routes(app, world):
    """(endpoint, method, url, gate action) for every route of one case."""
    routes = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "case_id" not in rule.arguments:
                continue
            gate = app.view_functions[rule.endpoint].soffa_access
            for values in _values(set(rule.arguments), world):
                url = url_for(rule.endpoint, case_id=world.case.id, **values)
                methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
                routes += [(rule.endpoint, method, url, gate) for method in methods]
    return routes


def test_every_staff_route_of_their_own_case_is_404_for_the_young_person(app, make, client):
    world = build_world(make)
    routes = [route for route in _case_routes(app, world) if route[3] not in YOUNG_PERSON_PAGES]
    assert len({endpoint for endpoint, *_ in routes}) >= 30  # the walk found the staff pages
    assert client.login(world.users["young_person"].email).status_code == 302
    wrong = []
    for endpoint, method, url, _gate in routes:
        response = client.get(url) if method == "GET" else client.post(url, data={})
        if response.status_code != 404:
            wrong.append(f"{method} {url} ({endpoint}): {response.status_code}")
    assert not wrong, "staff pages the young person reaches:\n" + "\n".join(wrong)


def test_each_of_their_own_pages_answers_200(app, make, client):
    world = build_world(make)
    pages = {
        endpoint: url
        for endpoint, method, url, gate in _case_routes(app, world)
        if gate in YOUNG_PERSON_PAGES and method == "GET"
    }
    assert {"youth.home", "youth.week", "youth.notes", "youth.consents", "youth.who_looked"} <= set(pages)
    assert client.login(world.users["young_person"].email).status_code == 302
    wrong = [
        f"{url} ({endpoint}): {status}"
        for endpoint, url in pages.items()
        if (status := client.get(url).status_code) != 200
    ]
    assert not wrong, "\n".join(wrong)
    assert client.get("/me").headers["Location"].endswith(pages["youth.home"])
