"""Timeline entries: how many each case gets (a few very long timelines, the rest spread unevenly),
and the rows themselves, written in time order across a group of cases so that the entries of one case
are spread over the table as they would be after years of use, not stored side by side."""

from __future__ import annotations

import random
from datetime import timedelta

from portal.scale.cases import BuiltCase
from portal.scale.sizes import Sizes
from portal.scale.text import note
from portal.timeline.models import TimelineEntry

TYPICAL_ENTRIES = 50  # the bench hub's second case (the baseline page)
# (kind, channel choices, weight): mostly notes, then contact attempts; the portal's own events are rarer.
KINDS = (
    ("note", (None,), 70),
    ("contact_attempt", ("phone", "sms", "letter", "visit"), 15),
    ("plan_change", (None,), 6),
    ("system", (None,), 4),
    ("meeting_record", (None,), 3),
    ("consent_change", (None,), 2),
)
VISIBILITIES = ("team",) * 16 + ("agency",) * 2 + ("case_manager",) * 2


def entry_counts(sizes: Sizes, rng: random.Random) -> list[int]:
    """Entries per case index; they add up to exactly sizes.entries."""
    counts = [0] * sizes.cases
    counts[0] = sizes.longest_case
    fixed = {0}
    if sizes.bench_caseload >= 2:
        counts[1] = min(TYPICAL_ENTRIES, sizes.entries - counts[0])
        fixed.add(1)
    for offset, count in enumerate(sizes.long_cases, start=1):
        index = sizes.cases - offset
        if index not in fixed:
            counts[index] = min(count, sizes.entries - sum(counts))
            fixed.add(index)
    rest = [i for i in range(sizes.cases) if i not in fixed]
    left = sizes.entries - sum(counts)
    if not rest:
        counts[0] += left
        return counts
    weights = [rng.gammavariate(2.0, 0.5) for _ in rest]  # mean 1, skewed: many short, some longer
    total = sum(weights)
    for i, weight in zip(rest, weights, strict=True):
        counts[i] = int(left * weight / total)
    for i in rest[: left - sum(counts[i] for i in rest)]:
        counts[i] += 1  # the rounding remainder, one each
    return counts


def entry_rows(rng: random.Random, case: BuiltCase, count: int) -> list[dict]:
    """The entries of one case without ids, oldest first."""
    span = (case.until - case.opened).total_seconds()
    moments = sorted(rng.random() * span for _ in range(count))
    authors = [case.hub, *((m.user_id, m.org_id) for m in case.members)]
    kinds, channels, weights = zip(*KINDS, strict=True)
    chosen = rng.choices(range(len(kinds)), weights=weights, k=count)
    rows = []
    for seconds, k in zip(moments, chosen, strict=True):
        kind = kinds[k]
        author_id, org_id = (None, None) if kind == "system" else rng.choice(authors)
        visibility = "team" if kind == "system" else rng.choice(VISIBILITIES)
        rows.append(
            {
                "case_id": case.id,
                "kind": kind,
                "channel": rng.choice(channels[k]),
                "author_id": author_id,
                "author_organisation_id": org_id,
                "visibility": visibility,
                "shared_with_young_person": visibility == "team" and rng.random() < 0.1,
                "body": note(rng),
                "corrects_id": None,
                "created_at": case.opened + timedelta(seconds=seconds),
            }
        )
    return rows


def write_in_time_order(writer, rows: list[dict]) -> None:
    table = TimelineEntry.__table__
    rows.sort(key=lambda row: row["created_at"])
    for row in rows:
        row["id"] = writer.new_id(table)
        writer.add(table, row)
