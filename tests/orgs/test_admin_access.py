"""Only administrators reach the administration area: other roles get 403, anonymous visitors sign in."""

from __future__ import annotations

import pytest

ROUTE_ARGS = {"org_id", "user_id"}
NON_ADMIN_ROLES = ["case_manager", "staff", "volunteer", "young_person"]


def _admin_urls(app, org_id: int, user_id: int) -> list[tuple[str, str]]:
    """(method, url) for every route of the blueprint, found from the URL map so a new route is covered."""
    urls = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if not rule.endpoint.startswith("orgs."):
                continue
            assert set(rule.arguments) <= ROUTE_ARGS, f"teach this test the arguments of {rule.endpoint}"
            args = {"org_id": org_id, "user_id": user_id}
            url = url_for(rule.endpoint, **{name: args[name] for name in rule.arguments})
            urls += [(method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return urls


def test_the_blueprint_has_the_routes_this_test_expects(app, make):
    urls = _admin_urls(app, 1, 2)
    assert ("GET", "/admin/access-log") in urls
    assert ("POST", "/admin/users/2/deactivate") in urls
    assert len(urls) >= 14


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_other_roles_get_403_everywhere(app, client, make, role):
    org = make.org("school")
    target = make.user("staff", org=org)
    me = make.user(role)
    assert client.login(me.email).status_code == 302
    for method, url in _admin_urls(app, org.id, target.id):
        data = {
            "name": "X",
            "kind": "school",
            "role": "staff",
            "organisation_id": str(org.id),
            "locale": "sv",
        }
        response = client.get(url) if method == "GET" else client.post(url, data=data)
        assert response.status_code == 403, (role, method, url)


def test_anonymous_visitors_are_sent_to_sign_in(app, client, make):
    org = make.org("school")
    target = make.user("staff", org=org)
    for method, url in _admin_urls(app, org.id, target.id):
        response = client.get(url) if method == "GET" else client.post(url, data={})
        assert response.status_code == 302, (method, url)
        assert response.headers["Location"].startswith("/login"), (method, url)


def test_forbidden_post_changes_nothing(app, client, make):
    target = make.user("staff")
    staff = make.user("staff")
    client.login(staff.email)
    assert client.post(f"/admin/users/{target.id}/deactivate").status_code == 403
    other = app.test_client()
    other.login(target.email)
    assert other.get("/cases/").status_code == 200


def test_admin_home_is_the_user_list(client, make):
    admin = make.user("admin")
    client.login(admin.email)
    response = client.get("/")
    assert response.headers["Location"].endswith("/admin/users")
    body = client.get("/admin/users").get_data(as_text=True)
    assert "/admin/access-log" in body  # the area's own navigation links the access log
