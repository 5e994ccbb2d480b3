"""My cases lists exactly the cases a reader can open: the list query and the single-case rules agree.

The young person has no case list: /me takes them to their own case, whose staff pages do not exist for
them (404); the staff list itself is refused (403, a role that lists no cases, like the administrator).
"""

from __future__ import annotations

import pytest

from tests.policy.rows import CASE_READ
from tests.policy.world import RELATIONS, build_world

YOUNG = ("young_person", "other_young_person")


@pytest.mark.parametrize("relation", [r for r in RELATIONS if r not in ("anonymous", "admin", *YOUNG)])
def test_my_cases_matches_the_case_rules(app, make, relation):
    world = build_world(make)
    client = app.test_client()
    client.login(world.users[relation].email)
    page = client.get("/cases/").get_data(as_text=True)
    listed = f'href="/cases/{world.case.id}"' in page
    assert listed == (CASE_READ[relation] == 200)
    opened = client.get(f"/cases/{world.case.id}").status_code
    assert (opened == 200) == listed


@pytest.mark.parametrize("relation", YOUNG)
def test_a_young_person_is_taken_to_their_own_case_and_never_to_the_staff_list(app, make, relation):
    world = build_world(make)
    own = world.case if relation == "young_person" else world.other_case
    client = app.test_client()
    client.login(world.users[relation].email)
    assert client.get("/cases/").status_code == 403
    start = client.get("/me")
    assert start.status_code == 302 and start.headers["Location"].endswith(f"/me/{own.id}")
    assert client.get(f"/me/{own.id}").status_code == 200
    for case in (world.case, world.other_case):
        assert client.get(f"/cases/{case.id}").status_code == 404
    page = client.get(f"/me/{own.id}").get_data(as_text=True)
    assert 'href="/cases' not in page  # no link on their page leads to a staff page
