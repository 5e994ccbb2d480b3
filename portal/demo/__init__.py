"""Demo data for `flask --app wsgi seed-demo`: the fictional municipality Åkerby kommun.

Idempotent: a second run finds everything by its stable key and creates nothing. It refuses to write
into a database that holds any account outside @demo.soffa.se, so it cannot pollute a real one.
"""

from __future__ import annotations

from datetime import date

import click

from portal.demo.builder import Builder, Created
from portal.demo.inventory import base_complete, foreign_user_count, is_complete
from portal.demo.people import DEMO_DOMAIN, DEMO_PASSWORD
from portal.demo.scenario import demo_plan
from portal.extensions import db
from portal.i18n import local_today


class DemoRefused(click.ClickException):
    """The database is not a demo database. A ClickException: the CLI prints the message and exits 1."""


def seed(today: date | None = None) -> str:
    """Create whatever part of the demo is missing, commit once, and say what was created."""
    plan = demo_plan(today or local_today())
    if is_complete(plan):
        # Nothing to write, so nothing to protect: `make run` keeps working after accounts are added by hand.
        return Created().summary()
    # Every demo person already there means a demo database (perhaps with accounts added while trying
    # it): the work of its cases may be added. Otherwise only a database without other accounts may be.
    foreign = 0 if base_complete(plan) else foreign_user_count()
    if foreign:
        raise DemoRefused(
            f"refusing to seed demo data: the database holds {foreign} account(s) outside @{DEMO_DOMAIN}. "
            "seed-demo is for development and demo databases only; point SOFFA_DATABASE_URL at an empty one."
        )
    created = Builder(plan).build()
    db.session.commit()
    return created.summary()


__all__ = ["DEMO_DOMAIN", "DEMO_PASSWORD", "DemoRefused", "seed"]
