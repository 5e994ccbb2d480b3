"""`flask --app wsgi seed-scale`: a generated region at the size the portal must stay fast at.

Organisations of every kind per municipality, their staff, young people, cases with teams of 3-8,
consent, plans, meetings and timeline entries (a few very long timelines), written with bulk Core
inserts. Fixed accounts for scripts/bench (see region.py); everyone signs in with SCALE_PASSWORD.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from portal.auth.passwords import hash_password
from portal.extensions import db
from portal.scale.activity import build_meetings, build_plan
from portal.scale.cases import build_case
from portal.scale.entries import entry_counts, entry_rows, write_in_time_order
from portal.scale.region import BENCH_ADMIN, BENCH_HUB, BENCH_STAFF, SCALE_TOTP_SECRET, build_region
from portal.scale.sizes import Sizes
from portal.scale.writer import Writer

SCALE_PASSWORD = "soffa-scale-bench"  # noqa: S105 - generated benchmark data only; printed by the command
GROUP_CASES = 500  # cases whose entries are interleaved in time order before writing
COMMIT_ROWS = 200_000  # commit now and then: a 2-million-row transaction only grows SQLite's WAL

__all__ = [
    "BENCH_ADMIN",
    "BENCH_HUB",
    "BENCH_STAFF",
    "SCALE_PASSWORD",
    "SCALE_TOTP_SECRET",
    "Sizes",
    "generate",
]


def generate(sizes: Sizes, seed: int = 1, advance: Callable[[int], None] = lambda n: None) -> Writer:
    """Write the region; `advance(n)` is told of each case (1) and its entries (n) as they are made."""
    rng = random.Random(seed)  # noqa: S311 - test data; deterministic: the same seed gives the same region
    password_hash = hash_password(SCALE_PASSWORD)  # one hash for everyone: argon2 per row would take hours
    writer = Writer()
    region = build_region(writer, rng, sizes, password_hash)
    counts = entry_counts(sizes, rng)
    since_commit = 0
    for start in range(0, sizes.cases, GROUP_CASES):
        entries: list[dict] = []
        for index in range(start, min(start + GROUP_CASES, sizes.cases)):
            case = build_case(writer, rng, region, index, sizes, password_hash)
            build_plan(writer, rng, case)
            build_meetings(writer, rng, case, region)
            entries.extend(entry_rows(rng, case, counts[index]))
            advance(1 + counts[index])
        write_in_time_order(writer, entries)
        since_commit += len(entries) + GROUP_CASES * 20
        if since_commit >= COMMIT_ROWS:
            writer.flush()
            db.session.commit()
            since_commit = 0
    writer.finish()
    return writer
