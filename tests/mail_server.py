"""Real servers that capture what Soffa sends (a pytest plugin, registered in tests/conftest.py).

- `mail_server`: an aiosmtpd SMTP server on a free loopback port, running in a thread, recording every
  mail it accepts. A test can make it refuse a recipient (4xx or 5xx, always or N times), hold a mail
  until the test lets go (a "hanging" server), or go down and come back on the same port. When the test
  also uses `app`, the app's SMTP settings point at this server for the test.
- `sms_gateway`: an HTTP server that takes the JSON posts of portal.outbox.transports.sms and answers
  with the statuses a test asks for; the app's SMS settings point at it for the test.

`python -m tests.mail_server --port N` runs a counting SMTP sink until stopped (scripts/bench-invites).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import email
import json
import signal
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller

HOLD_LIMIT_S = 30  # a held mail is let go by itself after this, so a failing test cannot hang the run


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class Hold:
    """The next mail to `recipient` waits at DATA until released, then is answered 451 (not accepted)."""

    recipient: str
    reached: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)


class MailServer:
    def __init__(self, host: str = "127.0.0.1", port: int | None = None, record: bool = True):
        self.host, self.port, self.record = host, port or free_port(), record
        self.received: list[Received] = []
        self.count = 0
        self._lock = threading.Lock()
        self._refusals: dict[str, deque[str]] = {}  # recipient -> RCPT answers still to give
        self._always: dict[str, str] = {}
        self._holds: dict[str, Hold] = {}
        self._controller: Controller | None = None

    # --- running -------------------------------------------------------------------------------
    @property
    def is_up(self) -> bool:
        return self._controller is not None

    def start(self) -> MailServer:
        if self._controller is None:
            # A fresh controller each time: a stopped one has closed its event loop.
            self._controller = Controller(_Handler(self), hostname=self.host, port=self.port)
            self._controller.start()
        return self

    def stop(self) -> None:
        """Down: the port refuses connections until start() (same port)."""
        self._release_holds()
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def reset(self) -> None:
        self._release_holds()
        with self._lock:
            self.received.clear()
            self.count = 0
            self._refusals.clear()
            self._always.clear()
            self._holds.clear()
        self.start()

    # --- what a test asks for ------------------------------------------------------------------
    def refuse(
        self, recipient: str, code: int = 550, text: str = "5.1.1 No such user", times: int | None = None
    ):
        """Answer RCPT TO:<recipient> with `code text`, always or the next `times` times."""
        answer = f"{code} {text}"
        with self._lock:
            if times is None:
                self._always[recipient.lower()] = answer
            else:
                self._refusals.setdefault(recipient.lower(), deque()).extend([answer] * times)

    def hold(self, recipient: str) -> Hold:
        hold = Hold(recipient.lower())
        with self._lock:
            self._holds[hold.recipient] = hold
        return hold

    # --- what a test reads ---------------------------------------------------------------------
    @property
    def messages(self) -> list[EmailMessage]:
        with self._lock:
            return [item.message for item in self.received]

    def to(self, address: str) -> list[EmailMessage]:
        address = address.lower()
        with self._lock:
            return [item.message for item in self.received if address in item.rcpt_tos]

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        """Wait until at least `count` mails arrived; returns them (fewer if the time ran out)."""
        deadline = time.monotonic() + timeout
        while self.count < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages

    # --- called by the handler (in the server's thread) ----------------------------------------
    def _rcpt_answer(self, address: str) -> str | None:
        with self._lock:
            queued = self._refusals.get(address)
            if queued:
                return queued.popleft()
            return self._always.get(address)

    def _take_hold(self, rcpt_tos: list[str]) -> Hold | None:
        with self._lock:
            return next((self._holds.pop(rcpt) for rcpt in rcpt_tos if rcpt in self._holds), None)

    def _accept(self, mail_from: str, rcpt_tos: list[str], content: bytes) -> None:
        message = email.message_from_bytes(content, policy=default_policy) if self.record else None
        with self._lock:
            self.count += 1
            if self.record:
                self.received.append(Received(mail_from, rcpt_tos, message))

    def _release_holds(self) -> None:
        with self._lock:
            holds = list(self._holds.values())
        for hold in holds:
            hold.released.set()


class _Handler:
    def __init__(self, server: MailServer):
        self.server = server

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if answer := self.server._rcpt_answer(address.lower()):
            return answer
        envelope.rcpt_tos.append(address.lower())
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if hold := self.server._take_hold(envelope.rcpt_tos):
            hold.reached.set()
            # Wait off the event loop, so other connections are still served meanwhile.
            await asyncio.get_running_loop().run_in_executor(None, hold.released.wait, HOLD_LIMIT_S)
            return "451 4.3.0 Held by the test, not accepted"
        self.server._accept(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content or b"")
        return "250 Message accepted for delivery"


@pytest.fixture(scope="session")
def _mail_server_session():
    server = MailServer().start()
    yield server
    server.stop()


@pytest.fixture
def mail_server(_mail_server_session, request) -> MailServer:
    """The SMTP server, emptied and up; the test's app (if any) sends its mail here."""
    server = _mail_server_session
    server.reset()
    settings = {
        "SMTP_HOST": server.host,
        "SMTP_PORT": server.port,
        "SMTP_SECURITY": "none",
        "SMTP_USER": None,
    }
    with _app_settings(request, settings):
        yield server
    server.reset()


# --- SMS -----------------------------------------------------------------------------------------
class SmsGateway:
    """An HTTP SMS provider stand-in: records posts, answers with queued statuses (default 202)."""

    KEY = "test-sms-key"

    def __init__(self):
        self.posts: list[dict] = []
        self._answers: deque[int] = deque()
        self.delay = 0.0
        self._lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with gateway._lock:
                    status = gateway._answers.popleft() if gateway._answers else 202
                    gateway.posts.append(
                        {"headers": dict(self.headers), "json": json.loads(body or b"null"), "status": status}
                    )
                time.sleep(gateway.delay)
                with contextlib.suppress(OSError):  # a client that timed out has hung up
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(b'{"id": "test"}' if status < 300 else b'{"error": "as the test asked"}')

            def log_message(self, *args):  # quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_port}/messages"
        self._thread = threading.Thread(target=self._server.serve_forever, name="sms-gateway", daemon=True)
        self._thread.start()

    def answer(self, *statuses: int) -> None:
        with self._lock:
            self._answers.extend(statuses)

    def reset(self) -> None:
        with self._lock:
            self.posts.clear()
            self._answers.clear()
            self.delay = 0.0

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


@pytest.fixture(scope="session")
def _sms_gateway_session():
    gateway = SmsGateway()
    yield gateway
    gateway.close()


@pytest.fixture
def sms_gateway(_sms_gateway_session, request) -> SmsGateway:
    gateway = _sms_gateway_session
    gateway.reset()
    settings = {
        "SMS_PROVIDER": "http",
        "SMS_URL": gateway.url,
        "SMS_KEY": gateway.KEY,
        "SMS_TIMEOUT_SECONDS": 2,
    }
    with _app_settings(request, settings):
        yield gateway
    gateway.reset()


@contextlib.contextmanager
def _app_settings(request, settings: dict):
    """Point the test's app (when the test uses one) at a server, and put the settings back after."""
    app = request.getfixturevalue("app") if "app" in request.fixturenames else None
    saved = {key: app.config.get(key) for key in settings} if app is not None else {}
    if app is not None:
        app.config.update(settings)
    try:
        yield
    finally:
        if app is not None:
            app.config.update(saved)


def main() -> None:
    parser = argparse.ArgumentParser(description="A counting SMTP sink on loopback")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    server = MailServer(port=args.port, record=False).start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print("ready", flush=True)
    stop.wait()
    server.stop()


if __name__ == "__main__":
    main()
