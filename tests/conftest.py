"""Fixtures: the app on SQLite and on PostgreSQL (one run, every test on both), a transaction rolled
back per test, a client that signs in for real and sends CSRF tokens, factories, a query counter."""

from __future__ import annotations

import contextlib
import os
import time

# Before the app is imported: hundreds of sign-ins need a cheap hash (production refuses this setting).
os.environ.setdefault("SOFFA_PASSWORD_HASH", "test_only_cheapest")
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from portal import create_app
from portal.extensions import db, limiter
from tests.auth.totp_codes import next_code
from tests.factories import Factory
from tests.servers import postgres_server, redis_server

pytest_plugins = ["tests.browser", "tests.mail_server"]

# The tests' clock in the portal's home zone (BABEL_DEFAULT_TIMEZONE), so that date.today() in a test is the
# portal's local_today(): in the hours after midnight in Stockholm it is still yesterday in UTC, and a
# consent "valid until today" written with the UTC date had already expired for the portal.
os.environ["TZ"] = "Europe/Stockholm"
time.tzset()

DATABASES = [name for name in os.environ.get("SOFFA_TEST_DATABASES", "sqlite,postgresql").split(",") if name]
TOKEN_PATTERN = re.compile(r'"X-CSRFToken": "([^"]+)"')


@pytest.fixture(scope="session")
def server_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("servers")


@pytest.fixture(scope="session")
def redis_url(server_dir):
    with redis_server(server_dir / "redis") as url:
        yield url


@pytest.fixture(scope="session")
def postgres_url(server_dir):
    with postgres_server(server_dir / "postgres") as url:
        yield url


@pytest.fixture(scope="session", params=DATABASES)
def database_url(request, server_dir):
    if request.param == "postgresql":
        return request.getfixturevalue("postgres_url")
    return f"sqlite:///{server_dir / 'soffa.sqlite'}"


class SoffaClient(FlaskClient):
    """A test client that sends the page's CSRF token with every form, as the browser does."""

    def csrf_token(self) -> str:
        body = self.get("/", follow_redirects=True).get_data(as_text=True)
        match = TOKEN_PATTERN.search(body)
        assert match, "no CSRF token on the start page"
        return match.group(1)

    def post(self, *args, csrf: bool = True, htmx: bool = False, **kwargs):
        headers = dict(kwargs.pop("headers", {}) or {})
        if htmx:
            headers["HX-Request"] = "true"
        if csrf:
            headers.setdefault("X-CSRFToken", self.csrf_token())
        return super().post(*args, headers=headers, **kwargs)

    # Secrets this client enrolled (an account without one enrols at its first password sign-in).
    enrolled: dict[str, str] = {}

    def login(self, email: str, password: str = Factory.PASSWORD, totp_secret: str | None = None, **kwargs):
        """Sign in as a person would; the second step (the code page, or enrolling an authenticator for
        a case manager or administrator who has none) is completed with a real TOTP code."""
        response = self.post("/login", data={"email": email, "password": password}, **kwargs)
        location = response.headers.get("Location", "") if response.status_code == 302 else ""
        if location.endswith("/login/code"):
            secret = totp_secret or self.enrolled.get(email) or Factory.TOTP_SECRET
            return self.post("/login/code", data={"code": next_code(self.application, email, secret)})
        if location.endswith("/login/enrol"):
            page = self.get("/login/enrol").get_data(as_text=True)
            secret = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', page).group(1)
            self.enrolled[email] = secret
            return self.post("/login/enrol", data={"code": next_code(self.application, email, secret)})
        return response


@pytest.fixture(scope="session")
def app(database_url, request):
    overrides = {"SQLALCHEMY_DATABASE_URI": database_url}
    if database_url.startswith("postgresql"):
        # The production pairing: rate-limit counters in a real Redis shared by all app servers.
        overrides["RATELIMIT_STORAGE_URI"] = request.getfixturevalue("redis_url")
    app = create_app("test", **overrides)
    app.test_client_class = SoffaClient
    with app.app_context():
        from flask_migrate import upgrade

        _drop_everything()
        upgrade()
    return app


def _drop_everything() -> None:
    """Start each run from an empty database, so `upgrade` from nothing is what every run tests."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    else:
        path = db.engine.url.database
        db.engine.dispose()
        if path:
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    Path(path + suffix).unlink()


@pytest.fixture(autouse=True)
def _transaction(request):
    """Each test runs in a transaction that is rolled back; requests commit only to a savepoint."""
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    # No app context stays pushed during the test: each request must get its own, as in production.
    with app.app_context():
        engines = db.engines
        engine = engines[None]
        db.session.session_factory.configure(join_transaction_mode="create_savepoint")
    connection = engine.connect()
    outer = connection.begin()
    engines[None] = connection
    limiter.reset()
    try:
        yield connection
    finally:
        outer.rollback()
        connection.close()
        engines[None] = engine


@pytest.fixture
def db_connection(_transaction):
    """The connection every session of this test uses: for tests that need savepoints of their own."""
    return _transaction


@pytest.fixture
def client(app) -> SoffaClient:
    return app.test_client()


@pytest.fixture
def make(app) -> Factory:
    return Factory(app)


@pytest.fixture
def count_queries(app):
    """Usage: with count_queries() as counted: ...; counted.n is the number of SQL statements."""

    class Counter:
        n = 0
        statements: list[str] = []

    @contextlib.contextmanager
    def counting():
        counter = Counter()
        counter.statements = []

        def before(conn, cursor, statement, *args):
            counter.n += 1
            counter.statements.append(statement)

        with app.app_context():
            engine = db.engines[None]
        target = engine.engine if isinstance(engine, sa.Connection) else engine
        sa.event.listen(target, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            sa.event.remove(target, "before_cursor_execute", before)

    return counting
