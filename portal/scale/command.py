"""The click command: arguments checked by click (out of range -> a clear message, exit 2), then a
refusal to write into a database that already holds data unless --force says to empty it first."""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext

from portal.scale import (
    BENCH_ADMIN,
    BENCH_HUB,
    BENCH_STAFF,
    SCALE_PASSWORD,
    SCALE_TOTP_SECRET,
    Sizes,
    generate,
)
from portal.scale.sizes import MAX_CASES, MAX_ENTRIES
from portal.scale.writer import APPEND_ONLY, empty_everything, row_counts

SHOWN = ("organisation", "user_account", "case_file", "team_member", "consent", "plan_goal", "plan_action")
SHOWN_MORE = ("meeting", "meeting_participant", "timeline_entry")


class NotEmpty(click.ClickException):
    """The database holds data and --force was not given (exit 1, message on stderr)."""


@click.command("seed-scale")
@click.option("--cases", type=click.IntRange(1, MAX_CASES), required=True, help="Cases to generate.")
@click.option(
    "--entries", type=click.IntRange(0, MAX_ENTRIES), default=0, show_default=True, help="Timeline entries."
)
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same region.")
@click.option("--force", is_flag=True, help="DELETE EVERYTHING in the database first.")
@with_appcontext
def seed_scale(cases: int, entries: int, seed: int, force: bool) -> None:
    """Generate a region-sized data set (for scripts/bench) into an empty database."""
    existing = row_counts(("organisation", "user_account", "case_file"))
    if any(existing.values()) and not force:
        held = ", ".join(f"{n} {name}" for name, n in existing.items() if n)
        raise NotEmpty(
            f"the database is not empty ({held} rows). seed-scale fills an empty database; "
            "add --force to delete everything in it first."
        )
    if any(existing.values()):
        logged = sum(row_counts(APPEND_ONLY).values())
        if logged:
            raise NotEmpty(
                f"the database holds {logged} access-log or audit rows, which are append-only and never "
                "deleted; --force cannot empty it. Point SOFFA_DATABASE_URL at a new database."
            )
        click.echo("--force: deleting everything in the database")
        empty_everything()
    sizes = Sizes(cases, entries)
    started = time.monotonic()
    with click.progressbar(length=cases + entries, label="seed-scale", show_pos=True) as bar:
        writer = generate(sizes, seed, bar.update)
    seconds = time.monotonic() - started
    written = writer.written
    click.echo(", ".join(f"{written[name]:,} {name}" for name in SHOWN + SHOWN_MORE))
    click.echo(f"in {seconds:.1f} s ({sum(written.values()) / max(seconds, 1e-9):,.0f} rows/s)")
    click.echo(f"benchmark accounts (password {SCALE_PASSWORD}): {BENCH_HUB} ({sizes.bench_caseload} cases),")
    click.echo(f"  {BENCH_STAFF} (on the hub's first two cases), {BENCH_ADMIN}")
    click.echo(f"  TOTP secret of every case manager and administrator: {SCALE_TOTP_SECRET}")
