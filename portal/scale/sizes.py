"""How big each part of the generated region is, derived from the two numbers asked for."""

from __future__ import annotations

import math
from dataclasses import dataclass

MAX_CASES = 1_000_000
MAX_ENTRIES = 50_000_000
CASES_PER_MUNICIPALITY = 2_500
CASES_PER_MANAGER = 60  # a typical caseload in a municipal follow-up team (KAA/KUI)
BENCH_CASELOAD = 200  # the benchmark's case manager: "My cases" with exactly this many
LONGEST_CASE = 100_000  # the timeline the benchmark pages deep into, when the entries allow
LONG_CASES = 3  # a few more long timelines besides the longest one
LONG_CASE_ENTRIES = 10_000

# Staff per organisation kind in each municipality (case managers are counted from the caseload).
STAFF_PER_ORG = {"school": 12, "social_services": 8, "job_centre": 5, "health": 4, "youth_ngo": 6, "other": 3}
SCHOOLS_PER_MUNICIPALITY = 3


@dataclass(frozen=True, slots=True)
class Sizes:
    cases: int
    entries: int

    @property
    def municipalities(self) -> int:
        return max(1, math.ceil(self.cases / CASES_PER_MUNICIPALITY))

    @property
    def bench_caseload(self) -> int:
        return min(BENCH_CASELOAD, self.cases)

    @property
    def longest_case(self) -> int:
        """Entries of the longest timeline: 100,000 when there are at least twice that many entries."""
        return self.entries if self.cases == 1 else min(LONGEST_CASE, self.entries // 2)

    @property
    def long_cases(self) -> list[int]:
        """Entry counts of the other long timelines."""
        count = min(LONG_CASES, self.cases - 1)
        return [min(LONG_CASE_ENTRIES, self.entries // 40)] * count

    def managers_for(self, cases: int) -> int:
        return max(1, math.ceil(cases / CASES_PER_MANAGER))
