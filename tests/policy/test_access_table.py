"""Every route x every relation -> the status it must answer. A route without a row fails the suite.

Each area keeps its rows in tests/policy/rows_<area>.py; the building blocks are in rows.py.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import tests.policy
from tests.policy.world import RELATIONS, build_world

TABLE: dict = {}
for module in pkgutil.iter_modules(tests.policy.__path__):
    if module.name.startswith("rows_"):
        TABLE.update(importlib.import_module(f"tests.policy.{module.name}").ROWS)


def test_every_route_has_a_row(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}
    in_table = {name.split("#")[0] for name in TABLE}
    assert endpoints - in_table == set(), "add these routes to the access table"
    assert in_table - endpoints == set(), "the table names routes that no longer exist"


@pytest.mark.parametrize("endpoint", sorted(TABLE))
def test_access(app, make, db_connection, endpoint):
    """One world per route; each relation runs inside a savepoint rolled back after it, so a POST by one
    relation (a removal, a withdrawal) never changes what the next one meets."""
    method, template, expected = TABLE[endpoint]
    world = build_world(make)
    url = world.url(template)
    wrong = []
    for relation in RELATIONS:
        savepoint = db_connection.begin_nested()
        try:
            client = app.test_client()
            if relation != "anonymous":
                assert client.login(world.users[relation].email).status_code == 302
            response = client.get(url) if method == "GET" else client.post(url, data={})
            if response.status_code != expected[relation]:
                wrong.append(f"{relation}: expected {expected[relation]}, got {response.status_code}")
        finally:
            savepoint.rollback()
    assert not wrong, f"{method} {url}\n" + "\n".join(wrong)
