"""Reads about cases. Every list starts from policy.scoped_cases(), so it holds only what the actor may see."""

from __future__ import annotations

import sqlalchemy as sa

from portal.cases.models import Case, YoungPerson
from portal.extensions import db
from portal.policy import scoped_cases


def my_cases(actor) -> list[Case]:
    query = scoped_cases(actor).order_by(Case.status == "closed", YoungPerson.name, Case.id)
    return list(db.session.execute(query).unique().scalars())


def count_my_cases(actor) -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(scoped_cases(actor).subquery())).scalar_one()
