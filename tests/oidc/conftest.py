"""Two real OpenID providers (the npm package `oidc-provider`, run with Node.js) for the session, and a
fixture that points Soffa at them for one test."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from portal.auth.oidc import register_providers

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("provider.mjs")
CALLBACK = "http://localhost/login/oidc/{name}/callback"  # the Flask test client's host


@dataclass(frozen=True)
class RunningProvider:
    issuer: str

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(clients: list[dict]):
    if not (ROOT / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("node_modules/oidc-provider is missing: run `make node` (npm ci)")
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is missing: run `make system-deps`")
    process = subprocess.Popen(  # noqa: S603 - our own arguments
        [node, str(SCRIPT), str(_free_port()), json.dumps(clients)],
        cwd=ROOT,
        stdin=subprocess.PIPE,  # closed when pytest ends, however it ends: the provider then exits
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = process.stdout.readline()  # "ready <issuer>", or nothing if it died
    if not line.startswith("ready "):
        process.kill()
        pytest.fail(f"the OpenID provider did not start: {line!r}")
    return process, RunningProvider(issuer=line.split()[1])


@pytest.fixture(scope="session")
def oidc_servers():
    """alpha serves Soffa's client and another client; beta serves Soffa's client under another issuer."""
    alpha_clients = [
        {
            "client_id": "soffa-alpha",
            "client_secret": "alpha-secret",
            "redirect_uris": [CALLBACK.format(name="alpha")],
        },
        {
            "client_id": "other-client",
            "client_secret": "other-secret",
            "redirect_uris": [CALLBACK.format(name="alpha")],
        },
    ]
    beta_clients = [
        {
            "client_id": "soffa-beta",
            "client_secret": "beta-secret",
            "redirect_uris": [CALLBACK.format(name="beta")],
        },
    ]
    processes = []
    try:
        alpha_process, alpha = _start(alpha_clients)
        processes.append(alpha_process)
        beta_process, beta = _start(beta_clients)
        processes.append(beta_process)
        yield {"alpha": alpha, "beta": beta}
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture
def oidc(app, make, oidc_servers):
    """Soffa configured with both providers: alpha serves a school and creates accounts, beta a job centre."""
    school = make.org("school", name="Norra gymnasiet")
    job_centre = make.org("job_centre")
    settings = {
        "alpha": {
            "discovery_url": oidc_servers["alpha"].discovery_url,
            "client_id": "soffa-alpha",
            "client_secret": "alpha-secret",
            "organisation": "norra GYMNASIET",  # by name, any case
            "email_domains": ["school.example"],
            "create_users": True,
            "label": "Norra IdP",
        },
        "beta": {
            "discovery_url": oidc_servers["beta"].discovery_url,
            "client_id": "soffa-beta",
            "client_secret": "beta-secret",
            "organisation": str(job_centre.id),  # by id
            "email_domains": ["jobs.example"],
            "create_users": True,
            "label": "Jobs IdP",
        },
    }
    before = app.config["OIDC_PROVIDERS"]
    app.config["OIDC_PROVIDERS"] = settings
    register_providers(app)
    try:
        yield {"school": school, "job_centre": job_centre, "servers": oidc_servers}
    finally:
        app.config["OIDC_PROVIDERS"] = before
        register_providers(app)
