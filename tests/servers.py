"""Throwaway PostgreSQL and Redis servers for the test suite.

Each helper starts a real server on 127.0.0.1, on a free port, with its files in a
temporary directory, yields a URL, and always stops the server on the way out (test
failure and KeyboardInterrupt included). Setting SOFFA_TEST_POSTGRES_URL or
SOFFA_TEST_REDIS_URL makes the helper yield that URL instead and start nothing.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

STARTUP_TIMEOUT_S = 30
INSTALL_HINT = "run `make test`, which installs postgresql/redis-server"

PG_USER = "soffa"  # superuser; owns the test database
PG_APP_USER = "soffa_app"  # login role without superuser or DDL rights, for tests that want one
PG_DATABASE = "soffa_test"
PG_SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    # Durability is pointless for a database thrown away after the run; these make it fast.
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    # The data is in memory or on SSD, as on any server today: at the default 4 the planner prefers reading a
    # whole table to a few hundred index lookups (My cases read all 100,000 cases; scripts/bench, README).
    "random_page_cost": "1.1",
}


def _free_port() -> int:
    # The kernel picks an unused port; there is a small window before the server binds it.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _log_tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@contextlib.contextmanager
def _running(
    cmd: list[str], log_file: Path, is_ready: Callable[[], bool], stop_signal: int, **popen_kwargs
) -> Iterator[None]:
    """Run a server in the foreground as our child until is_ready(); always stop and reap it."""
    with open(log_file, "wb") as log:
        process = subprocess.Popen(  # noqa: S603 - our own arguments
            cmd,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=log_file.parent,
            # Own session: Ctrl-C reaches only pytest, which then stops the server below.
            start_new_session=True,
            **popen_kwargs,
        )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not is_ready():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{cmd[0]} did not become ready:\n{_log_tail(log_file)}")
            time.sleep(0.05)
        yield
    finally:
        process.send_signal(stop_signal)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the server and any children it forked
            process.wait()


def _postgres_bin_dir() -> Path:
    # Debian keeps the server binaries off PATH, one directory per major version.
    candidates = [p.parent for p in Path("/usr/lib/postgresql").glob("*/bin/initdb")]
    candidates.sort(key=lambda d: int(d.parent.name) if d.parent.name.isdigit() else 0)
    if candidates:
        return candidates[-1]
    initdb = shutil.which("initdb")
    if initdb and shutil.which("postgres"):
        return Path(initdb).resolve().parent
    raise RuntimeError(f"PostgreSQL server binaries (initdb, postgres) not found; {INSTALL_HINT}")


def _ensure_postgres_user() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        useradd = ["/usr/sbin/useradd", "--system", "--user-group", "--no-create-home", "postgres"]
        subprocess.run(useradd, check=True)  # noqa: S603 - fixed arguments
        return pwd.getpwnam("postgres")


@contextlib.contextmanager
def postgres_server(base_dir: Path) -> Iterator[str]:
    """Yield a SQLAlchemy URL of a fresh PostgreSQL database owned by a superuser role."""
    if url := os.environ.get("SOFFA_TEST_POSTGRES_URL"):
        yield url
        return

    bin_dir = _postgres_bin_dir()
    as_server_user: dict = {}
    if os.geteuid() == 0:
        # initdb and postgres refuse to run as root: drop to the postgres user in the child
        # (Popen user=/group=). That user cannot reach pytest's base temp dir (mode 0700,
        # root's), so the cluster goes in a fresh dir in /tmp instead.
        user = _ensure_postgres_user()
        as_server_user = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
        work_dir = Path(tempfile.mkdtemp(prefix="soffa-pg-", dir="/tmp"))
        os.chown(work_dir, user.pw_uid, user.pw_gid)
    else:
        base_dir.mkdir(parents=True, exist_ok=True)
        work_dir = Path(tempfile.mkdtemp(prefix="pg-", dir=base_dir))
    data_dir = work_dir / "data"
    log_file = work_dir / "postgres.log"
    port = _free_port()

    def run(*args: str | Path | int, **popen_kwargs) -> None:
        cmd = list(map(str, args))
        # cwd: the server user may not be allowed into the caller's current directory.
        result = subprocess.run(  # noqa: S603 - our own arguments
            cmd, cwd=work_dir, capture_output=True, text=True, check=False, **popen_kwargs
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stdout}{result.stderr}\n"
                f"server log:\n{_log_tail(log_file)}"
            )

    def psql(database: str, *statements: str) -> None:
        commands = [arg for statement in statements for arg in ("-c", statement)]
        run(bin_dir / "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
            "-p", port, "-U", PG_USER, "-d", database, *commands)  # fmt: skip

    def is_ready() -> bool:
        pg_isready = [str(bin_dir / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(port)]
        return subprocess.run(pg_isready, check=False).returncode == 0  # noqa: S603

    try:
        # -U makes the bootstrap superuser "soffa"; --no-sync skips fsync of the new cluster.
        run(bin_dir / "initdb", "-D", data_dir, "-U", PG_USER, "--auth=trust", "--no-sync",
            "--no-instructions", "-E", "UTF8", "--locale=C", **as_server_user)  # fmt: skip
        settings = {
            **PG_SETTINGS,
            "port": str(port),
            # Our own socket dir: the default (/var/run/postgresql) may be absent or in use.
            "unix_socket_directories": f"'{work_dir}'",
        }
        with open(data_dir / "postgresql.conf", "a") as conf:
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
        # The postgres binary itself rather than pg_ctl: pg_ctl detaches the server, which then
        # lingers as a zombie under an init that does not reap (as in some containers).
        # SIGQUIT is immediate shutdown: no checkpoint (the data is thrown away), and open
        # client connections cannot hold it up.
        postgres = [str(bin_dir / "postgres"), "-D", str(data_dir)]
        with _running(postgres, log_file, is_ready, signal.SIGQUIT, **as_server_user):
            psql("postgres", f"CREATE DATABASE {PG_DATABASE} OWNER {PG_USER}",
                 f"CREATE ROLE {PG_APP_USER} LOGIN NOSUPERUSER")  # fmt: skip
            psql(
                PG_DATABASE,
                f"GRANT USAGE ON SCHEMA public TO {PG_APP_USER}",
                f"ALTER DEFAULT PRIVILEGES FOR ROLE {PG_USER} IN SCHEMA public "
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {PG_APP_USER}",
                f"ALTER DEFAULT PRIVILEGES FOR ROLE {PG_USER} IN SCHEMA public "
                f"GRANT USAGE, SELECT ON SEQUENCES TO {PG_APP_USER}",
            )
            yield f"postgresql+psycopg://{PG_USER}@127.0.0.1:{port}/{PG_DATABASE}"
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)


def _redis_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


@contextlib.contextmanager
def redis_server(base_dir: Path) -> Iterator[str]:
    """Yield the URL of a fresh, non-persistent Redis server."""
    if url := os.environ.get("SOFFA_TEST_REDIS_URL"):
        yield url
        return

    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError(f"redis-server not found; {INSTALL_HINT}")
    base_dir.mkdir(parents=True, exist_ok=True)
    work_dir = Path(tempfile.mkdtemp(prefix="redis-", dir=base_dir))
    port = _free_port()
    # No persistence: --save "" disables snapshots, --appendonly no the append-only file.
    cmd = [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(work_dir),
           "--save", "", "--appendonly", "no", "--daemonize", "no"]  # fmt: skip
    try:
        with _running(cmd, work_dir / "redis.log", lambda: _redis_ping(port), signal.SIGTERM):
            yield f"redis://127.0.0.1:{port}/0"
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
