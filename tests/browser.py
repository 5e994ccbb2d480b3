"""Browser-test fixtures (a pytest plugin, registered in tests/conftest.py, so every test directory shares one
browser): the portal served for real on loopback, driven in Debian's Chromium through Playwright.

The live app has its own SQLite file (requests commit for real there, unlike the rolled-back test
transaction), so these tests build their data with the factory and never share it with other tests.
"""

from __future__ import annotations

import shutil
import threading

import pytest
from werkzeug.serving import make_server

from portal import create_app
from tests.factories import Factory

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # the suite runs as root in CI
    "--disable-gpu",
    # This machine reaches only package registries: background connections would just be refused.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    from flask_migrate import upgrade

    path = tmp_path_factory.mktemp("e2e") / "e2e.sqlite"
    app = create_app("test", SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        upgrade()
    return app


@pytest.fixture(scope="session")
def live_server(live_app):
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def live_make(live_app) -> Factory:
    return Factory(live_app)


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="install the dev extras: make venv")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, live_server, live_app):
    """open_page(viewport=...) -> a new page in a fresh context (own cookies); closed after the test."""
    contexts = []

    def opener(viewport=None):
        context = browser.new_context(
            viewport=viewport or {"width": 1280, "height": 900}, base_url=live_server
        )
        contexts.append(context)
        page = context.new_page()
        page.csp_errors = []
        page.soffa_app = live_app  # sign_in reads the last TOTP step used from the live app's database
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text and page.csp_errors.append(message.text)
            ),
        )
        return page

    yield opener
    for context in contexts:
        context.close()


def sign_in(page, email: str, password: str = Factory.PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: not url.split("?")[0].endswith("/login"))
    if page.url.endswith("/login/code"):  # case managers and administrators give a TOTP code too
        from tests.auth.totp_codes import next_code

        page.get_by_label("Code").fill(next_code(page.soffa_app, email, Factory.TOTP_SECRET))
        page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)
