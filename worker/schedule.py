"""The every-minute sweep inside `python -m worker`: a thread next to the RQ worker loop.

Every worker runs one, and a Redis lock held for one period lets only one of them sweep per period.
A sweep that fails (database or Redis away) is logged and tried again next period.
"""

from __future__ import annotations

import logging
import os
import socket
import threading

from flask import Flask
from redis import Redis

from portal.outbox import relay

log = logging.getLogger("soffa.worker")
LOCK_KEY = "soffa:outbox:sweep-lock"


class Sweeper(threading.Thread):
    def __init__(self, app: Flask, connection: Redis, every: float):
        super().__init__(name="outbox-sweeper", daemon=True)
        self.app, self.connection, self.every = app, connection, every
        self._stopped = threading.Event()
        self._holder = f"{socket.gethostname()}:{os.getpid()}"

    def run(self) -> None:
        while not self._stopped.is_set():
            self.sweep_once()
            self._stopped.wait(self.every)

    def stop(self) -> None:
        self._stopped.set()

    def sweep_once(self) -> int | None:
        """Sweep unless another worker did this period; returns how many messages were re-driven."""
        try:
            # Held a little less than a period, so the holder's own next tick finds it free again.
            lock_ms = max(100, int(self.every * 1000) - 100)
            if not self.connection.set(LOCK_KEY, self._holder, nx=True, px=lock_ms):
                return None
            with self.app.app_context():
                count = relay.sweep()
            if count:
                log.info("sweep: %d outbox message(s) handed to the queue", count)
            return count
        except Exception:
            log.exception("outbox sweep failed; trying again in %s s", self.every)
            return None
