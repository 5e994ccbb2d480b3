"""Behind the configured number of proxies the client's own address counts (access log, sign-in limit)."""

from __future__ import annotations

from portal import create_app


def _remote_addr(app, headers) -> str:
    @app.route("/_echo_addr")
    def echo():
        from flask import request

        return request.remote_addr or ""

    return app.test_client().get("/_echo_addr", headers=headers).get_data(as_text=True)


def test_the_forwarded_address_is_trusted_for_one_proxy(database_url):
    app = create_app("test", SQLALCHEMY_DATABASE_URI=database_url, PROXY_COUNT=1)
    assert _remote_addr(app, {"X-Forwarded-For": "203.0.113.7"}) == "203.0.113.7"


def test_without_a_proxy_the_header_is_ignored(database_url):
    app = create_app("test", SQLALCHEMY_DATABASE_URI=database_url)
    assert _remote_addr(app, {"X-Forwarded-For": "203.0.113.7"}) == "127.0.0.1"
