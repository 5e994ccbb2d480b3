"""`python -m worker`: an RQ worker for Soffa's queues, with RQ's scheduler and the outbox sweeper.
`python -m worker sweep`: one sweep now (cron-friendly), also without Redis.

The worker is an RQ SimpleWorker: each job runs in this process, inside a fresh app context, with the
app, its database pool and every job module loaded once at start. The default RQ worker forks a
work-horse per job, which then imports the job's modules and builds the app again: the issue measured it
at about 20 % of a plain loop's rate. Preloading before fork would save the imports, but still pays a
fork per job and must not carry the parent's database connections into children. What SimpleWorker gives
up - isolation from a job that crashes the interpreter - the lease covers: the message is re-driven by
another worker after the lease runs out. Job timeouts still hold (RQ uses SIGALRM in the main thread).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from redis import Redis
from rq import SimpleWorker
from rq.job import Job
from rq.queue import Queue

from portal import create_app
from portal.outbox import relay
from portal.outbox.errors import TemporaryFailure
from worker import queues
from worker.schedule import Sweeper

JOB_MODULES = ("worker.jobs.deliver", "portal.outbox.content")


class AppWorker(SimpleWorker):
    """Runs every job in this process within its own app context (its own db session, torn down after)."""

    def __init__(self, *args, app, **kwargs):
        super().__init__(*args, **kwargs)
        self.app = app

    def perform_job(self, job: Job, queue: Queue) -> bool:
        with self.app.app_context():
            return super().perform_job(job, queue)

    def handle_exception(self, job: Job, *exc_info) -> None:
        # A temporary failure is the expected way to ask for a retry: one line, not a traceback.
        if isinstance(exc_info[1], TemporaryFailure):
            self.log.warning("job %s (%s): will retry: %s", job.id, job.description, exc_info[1])
            return
        super().handle_exception(job, *exc_info)


def preload() -> None:
    """Import every job module and message builder once, before the first job."""
    from portal.outbox.content import BUILDERS

    for name in (*JOB_MODULES, *BUILDERS.values()):
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as missing:
            if missing.name != name:
                raise  # a module that exists but is broken must stop the worker, not every job


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m worker", description=__doc__.split("\n")[0])
    parser.add_argument("command", nargs="?", choices=("work", "sweep"), default="work")
    parser.add_argument("--burst", action="store_true", help="stop once the queues are empty")
    parser.add_argument("--quiet", action="store_true", help="log warnings only (benchmarks)")
    args = parser.parse_args(argv)
    level = "WARNING" if args.quiet else "INFO"
    logging.basicConfig(level=level, format="%(asctime)s %(name)s %(levelname)s %(message)s")

    app = create_app()
    if args.command == "sweep":
        with app.app_context():
            relay.sweep_command.callback()
        return 0
    if not app.config.get("REDIS_URL"):
        print("python -m worker needs SOFFA_REDIS_URL; without it the web process runs the jobs itself.")
        return 2

    preload()
    connection = Redis.from_url(app.config["REDIS_URL"])
    worker = AppWorker(list(queues.QUEUES), connection=connection, serializer=queues.SERIALIZER, app=app)
    sweeper = Sweeper(app, connection, queues.timing(app.config).sweep_every)
    sweeper.start()
    try:
        worker.work(burst=args.burst, with_scheduler=True, logging_level=level)
    finally:
        sweeper.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
