"""Flask CLI commands: `flask --app wsgi <command>`."""

from __future__ import annotations

import click

from portal.audit import sealing
from portal.outbox import relay
from portal.scale.command import seed_scale


def register_commands(app) -> None:
    app.cli.add_command(relay.sweep_command)  # flask --app wsgi outbox-sweep
    app.cli.add_command(seed_scale)  # flask --app wsgi seed-scale --cases N --entries M (portal/scale/)

    @app.cli.command("seal-logs")
    def seal_logs():
        """Seal new access-log and audit rows into hash-linked blocks."""
        for log in sealing.LOGS:
            click.echo(f"{log}: sealed {sealing.seal(log)} rows")

    @app.cli.command("verify-logs")
    def verify_logs():
        """Recompute every sealed block; exit 1 and name the first broken block if any."""
        broken = False
        for log in sealing.LOGS:
            verdict = sealing.verify(log)
            if verdict.first_broken is None:
                click.echo(f"{log}: {verdict.blocks} blocks intact")
            else:
                broken = True
                block = verdict.first_broken
                click.echo(
                    f"{log}: block {block.id} (rows {block.first_entry_id}-{block.last_entry_id}) is broken: "
                    f"{verdict.problem}",
                    err=True,
                )
        if broken:
            raise SystemExit(1)

    @app.cli.command("seed-demo")
    def seed_demo():
        """Create (or top up) the demo municipality: idempotent."""
        from portal.demo import seed

        click.echo(seed())
