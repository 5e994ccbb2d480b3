"""Keep what a warm worker has built out of the cyclic garbage collector's full scans.

wsgi.py freezes everything made at start-up (gc.freeze). A worker's first requests then build more that
lives as long as the process: compiled templates, SQLAlchemy's compiled statements, memoised URLs and
words. Left in the collector's oldest generation, each full scan walks all of it: ~8 ms, about once
every thousand requests, which was the timeline page's p99 (p99/p50 2.0 in-process; 1.2 after this).
So after the 1,000th, 10,000th and 100,000th request a worker collects its garbage once and freezes
what is left. It runs after the response has been sent (call_on_close), never while a client waits.
"""

from __future__ import annotations

import gc
import itertools

from flask import Flask

FREEZE_AT = (1_000, 10_000, 100_000)  # requests served by this process: pages first visited later get in


def freeze_when_warm(app: Flask, at: tuple[int, ...] = FREEZE_AT) -> None:
    served = itertools.count(1)
    marks = set(at)

    @app.after_request
    def _freeze_at_marks(response):
        if next(served) in marks:
            response.call_on_close(_collect_and_freeze)
        return response


def _collect_and_freeze() -> None:
    gc.collect()  # garbage first: what is frozen is never collected again
    gc.freeze()
