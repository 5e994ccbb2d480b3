"""My cases lists exactly the cases a reader can open: the list query and the single-case rules agree."""

from __future__ import annotations

import pytest

from tests.policy.rows import CASE_READ
from tests.policy.world import RELATIONS, build_world


@pytest.mark.parametrize("relation", [r for r in RELATIONS if r not in ("anonymous", "admin")])
def test_my_cases_matches_the_case_rules(app, make, relation):
    world = build_world(make)
    client = app.test_client()
    client.login(world.users[relation].email)
    page = client.get("/cases/").get_data(as_text=True)
    listed = f'href="/cases/{world.case.id}"' in page
    assert listed == (CASE_READ[relation] == 200)
    opened = client.get(f"/cases/{world.case.id}").status_code
    assert (opened == 200) == listed
