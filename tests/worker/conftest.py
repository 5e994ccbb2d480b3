"""Real `python -m worker` processes for the fault tests.

The workers and the apps these tests drive share a SQLite file (requests commit for real there, unlike
the rolled-back test transaction), a Redis database of their own and the session's SMTP server. Times
are short (lease 3 s, sweep every second, retry after 1 s) so each fault heals within seconds.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from redis import Redis
from rq import Worker

from config import BASE_DIR
from portal import create_app
from portal.extensions import csrf, db
from portal.outbox.models import Channel, MessageKind, OutboxMessage
from portal.outbox.services import emit
from portal.policy import public
from tests.conftest import DATABASES
from tests.factories import Factory
from worker import queues

FAST = {
    "JOB_TIMEOUT_SECONDS": 2,
    "OUTBOX_LEASE_SECONDS": 3,
    "OUTBOX_SWEEP_SECONDS": 1,
    "OUTBOX_RETRY_SECONDS": "1",
    "SMTP_TIMEOUT_SECONDS": 1,
}
START_TIMEOUT_S = 30


@pytest.fixture(scope="module", params=DATABASES)
def worker_database(request, tmp_path_factory) -> str:
    """A database of their own for the workers and these tests: a SQLite file, or a fresh database on
    the test PostgreSQL server."""
    from flask_migrate import upgrade

    if request.param == "postgresql":
        server_url = request.getfixturevalue("postgres_url")
        name = f"soffa_worker_{uuid.uuid4().hex[:8]}"
        engine = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(sa.text(f"CREATE DATABASE {name}"))
        engine.dispose()
        url = f"{server_url.rsplit('/', 1)[0]}/{name}"
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('worker') / 'worker.sqlite'}"
    app = create_app("test", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


@pytest.fixture(scope="module")
def worker_redis(redis_url) -> Redis:
    connection = Redis.from_url(redis_url.rsplit("/", 1)[0] + "/1")
    connection.flushdb()
    yield connection
    connection.flushdb()


def redis_url_of(connection: Redis) -> str:
    kwargs = connection.connection_pool.connection_kwargs
    return f"redis://{kwargs['host']}:{kwargs['port']}/{kwargs['db']}"


def delivery_app(database_url: str, redis_url: str | None, smtp, **overrides):
    """An app on the shared file, with a POST /_test/notice/<user_id> view that emits one notice."""
    settings = {**FAST, "SMTP_HOST": smtp.host, "SMTP_PORT": smtp.port, **overrides}
    app = create_app("test", SQLALCHEMY_DATABASE_URI=database_url, REDIS_URL=redis_url, **settings)

    @public  # a test-only view on a test-only app: it stands in for any view that emits
    def emit_notice(user_id: int):
        message = emit(MessageKind.NOTICE, Channel.EMAIL, f"worker-test:{uuid.uuid4()}", user_id=user_id)
        return str(message.id), 201

    app.add_url_rule("/_test/notice/<int:user_id>", view_func=csrf.exempt(emit_notice), methods=["POST"])
    return app


@pytest.fixture(scope="module")
def relay_app(worker_database, worker_redis, _mail_server_session):
    return delivery_app(worker_database, redis_url_of(worker_redis), _mail_server_session)


@pytest.fixture
def make_here(relay_app) -> Factory:
    return Factory(relay_app)


class Workers:
    """`python -m worker` processes, each in its own process group (it forks RQ's scheduler)."""

    def __init__(self, env: dict, log_dir: Path, redis: Redis):
        self.env, self.log_dir, self.redis = env, log_dir, redis
        self.processes: list[subprocess.Popen] = []

    def ensure(self, count: int) -> None:
        self.processes = [process for process in self.processes if process.poll() is None]
        while len(self.processes) < count:
            log = open(self.log_dir / f"worker-{len(os.listdir(self.log_dir))}.log", "wb")  # noqa: SIM115
            process = subprocess.Popen(
                [sys.executable, "-m", "worker"],
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            log.close()
            self.processes.append(process)
        self._wait_registered()

    def _wait_registered(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while {p.pid for p in self.processes} - self.registered_pids():
            if time.monotonic() > deadline or any(p.poll() is not None for p in self.processes):
                raise RuntimeError(f"workers did not start:\n{self.logs()}")
            time.sleep(0.1)

    def registered_pids(self) -> set[int]:
        return {worker.pid for worker in Worker.all(connection=self.redis, serializer=queues.SERIALIZER)}

    def pid_running(self, message_id: int) -> int | None:
        """The pid of the worker (one of ours) whose current job delivers this message.

        Only our own processes count: a worker SIGKILLed by an earlier test stays registered in Redis with its
        last job, and message ids start again at 1 on the other database.
        """
        ours = {process.pid for process in self.processes}
        for worker in Worker.all(connection=self.redis, serializer=queues.SERIALIZER):
            if worker.pid not in ours:
                continue
            job = worker.get_current_job()
            if job is not None and list(job.args) == [message_id]:
                return worker.pid
        return None

    def kill(self, pid: int) -> None:
        """SIGKILL: no cleanup, no lease released, the job left half done."""
        [process] = [p for p in self.processes if p.pid == pid]
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            with contextlib.suppress(ProcessLookupError):  # RQ's scheduler, forked by the worker
                os.killpg(process.pid, signal.SIGKILL)

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name}\n" + "\n".join(path.read_text(errors="replace").splitlines()[-30:])
            for path in sorted(self.log_dir.glob("*.log"))
        )


@pytest.fixture(scope="module")
def worker_env(worker_database, worker_redis, _mail_server_session) -> dict:
    """The environment of a `python -m worker` process for these tests (SOFFA_* only from here)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("SOFFA_")}
    env.update({f"SOFFA_{key}": str(value) for key, value in FAST.items()})
    env.update(
        SOFFA_ENV="development",
        SOFFA_DEBUG="0",
        SOFFA_DATABASE_URL=worker_database,
        SOFFA_REDIS_URL=redis_url_of(worker_redis),
        SOFFA_SMTP_HOST=_mail_server_session.host,
        SOFFA_SMTP_PORT=str(_mail_server_session.port),
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest.fixture(scope="module")
def workers(worker_env, worker_redis, tmp_path_factory):
    pool = Workers(worker_env, tmp_path_factory.mktemp("worker-logs"), worker_redis)
    try:
        pool.ensure(2)
        yield pool
    finally:
        pool.stop()


@pytest.fixture
def two_workers(workers) -> Workers:
    workers.ensure(2)  # a test before may have killed one
    return workers


def emit_notice(app, user) -> int:
    response = app.test_client().post(f"/_test/notice/{user.id}")
    assert response.status_code == 201, response.get_data(as_text=True)
    return int(response.get_data(as_text=True))


def outbox_row(app, message_id: int) -> OutboxMessage:
    with app.app_context():
        message = db.session.get(OutboxMessage, message_id)
        db.session.expunge(message)
        return message


def wait_until(predicate, timeout: float = 15.0, interval: float = 0.1, message: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {message}")
        time.sleep(interval)
