"""Security headers on every route of the access table, for a signed-in reader and for an anonymous one."""

from __future__ import annotations

from tests.policy.test_access_table import TABLE
from tests.policy.world import build_world

CSP_DIRECTIVES = ("script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'")
# Routes that never load the user (a health check; sign-out, whose answer is a redirect to the sign-in
# page): nothing signed-in is shown, so nothing needs to stay out of caches.
NO_USER = {"web.healthz", "auth.logout"}


def _check(response, where: str, signed_in: bool) -> list[str]:
    headers = response.headers
    problems = []
    csp = headers.get("Content-Security-Policy", "")
    problems += [f"{where}: CSP lacks {d}" for d in CSP_DIRECTIVES if d not in csp]
    if "unsafe-inline" in csp:
        problems.append(f"{where}: CSP allows inline code")
    if headers.get("X-Content-Type-Options") != "nosniff":
        problems.append(f"{where}: no nosniff")
    if not headers.get("Referrer-Policy"):
        problems.append(f"{where}: no Referrer-Policy")
    if "Strict-Transport-Security" in headers:  # the test config has no secure cookies: not production
        problems.append(f"{where}: HSTS outside production")
    if signed_in and "no-store" not in headers.get("Cache-Control", ""):
        problems.append(f"{where}: signed-in answer may be cached")
    return problems


def test_every_route_sends_the_security_headers(app, make, db_connection):
    world = build_world(make)
    problems = []
    for relation in ("anonymous", "hub"):
        for endpoint, (method, template, _expected) in sorted(TABLE.items()):
            savepoint = db_connection.begin_nested()
            try:
                client = app.test_client()  # a fresh one each time: /logout must not sign out the rest
                if relation == "hub":
                    assert client.login(world.users["hub"].email).status_code == 302
                url = world.url(template)
                response = client.get(url) if method == "GET" else client.post(url, data={})
                signed_in = relation == "hub" and endpoint.split("#")[0] not in NO_USER
                problems += _check(response, f"{relation} {method} {url}", signed_in)
            finally:
                savepoint.rollback()
    assert not problems, "\n".join(problems)


def test_hsts_in_production_settings(app):
    app.config["SESSION_COOKIE_SECURE"] = True
    try:
        response = app.test_client().get("/login")
    finally:
        app.config["SESSION_COOKIE_SECURE"] = False
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
