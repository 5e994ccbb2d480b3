"""Fixtures of the administration tests: a signed-in administrator."""

from __future__ import annotations

import pytest


@pytest.fixture
def admin(make):
    return make.user("admin")


@pytest.fixture
def admin_client(client, admin):
    response = client.login(admin.email)
    assert response.status_code == 302
    return client


@pytest.fixture
def client_factory(app):
    """More browsers: each one its own cookie jar."""
    return app.test_client
