"""WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

import gc
import os

from portal import create_app
from portal.web.gc_freeze import freeze_when_warm

app = create_app()

if os.environ.get("SOFFA_BENCH") == "1":  # scripts/bench: a route that does nothing, as the ceiling
    from portal.web.views import add_bench_route

    add_bench_route(app)

# Everything made so far (modules, the app, templates' caches) lives as long as the process: keep it out
# of the cyclic collector's scans. ANCHORS.md measured 2.5-3.6x lower p99 at low concurrency. What the
# first requests build (compiled templates and statements) is frozen the same way once the worker is warm.
gc.freeze()
freeze_when_warm(app)
