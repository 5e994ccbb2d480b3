from __future__ import annotations

import sqlalchemy as sa

from portal.extensions import db
from portal.orgs.models import Organisation, User


def all_organisations() -> list[Organisation]:
    return list(db.session.execute(sa.select(Organisation).order_by(Organisation.name)).scalars())


def all_users() -> list[User]:
    return list(db.session.execute(sa.select(User).order_by(User.name)).unique().scalars())
