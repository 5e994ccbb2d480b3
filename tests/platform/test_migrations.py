"""Migrations: one line of history, reversible, and in step with the models on both databases."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from config import BASE_DIR
from portal.extensions import db

MIGRATIONS = BASE_DIR / "migrations"


def test_history_has_exactly_one_head():
    heads = ScriptDirectory(str(MIGRATIONS)).get_heads()
    assert len(heads) == 1, f"several Alembic heads {heads}: merge them (flask db merge) before release"


def test_every_revision_has_a_message():
    for script in ScriptDirectory(str(MIGRATIONS)).walk_revisions():
        assert (script.doc or "").strip(), f"revision {script.revision} has no message"


@contextlib.contextmanager
def _scratch_engine(app, tmp_path: Path) -> Iterator[sa.Engine]:
    """An empty database of the same kind as the app's, dropped afterwards."""
    url = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        engine = sa.create_engine(f"sqlite:///{tmp_path / 'scratch.sqlite'}")
        try:
            yield engine
        finally:
            engine.dispose()
        return
    # PostgreSQL: a fresh database on the same server; CREATE/DROP DATABASE cannot run in a transaction.
    name = f"soffa_scratch_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        engine = sa.create_engine(url.set(database=name))
        try:
            yield engine
        finally:
            engine.dispose()
            with admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
    finally:
        admin.dispose()


@contextlib.contextmanager
def _migrations_against(app, engine: sa.Engine) -> Iterator[None]:
    """Point migrations/env.py (it asks Flask-SQLAlchemy for the engine) at another database for a while."""
    with app.app_context():
        engines = db.engines
        original = engines[None]
        engines[None] = engine
        try:
            yield
        finally:
            engines[None] = original


def _tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}


def test_downgrade_to_base_and_upgrade_again(app, tmp_path):
    with _scratch_engine(app, tmp_path) as engine, _migrations_against(app, engine):
        upgrade()
        assert _tables(engine) >= set(db.metadata.tables)
        downgrade(revision="base")
        assert _tables(engine) == set(), "downgrade to base left tables behind"
        if engine.dialect.name == "postgresql":
            with engine.connect() as connection:
                leftovers = connection.execute(
                    sa.text("SELECT proname FROM pg_proc WHERE proname LIKE 'soffa_%'")
                ).scalars()
                assert list(leftovers) == [], "downgrade to base left trigger functions behind"
        upgrade()
        assert _tables(engine) >= set(db.metadata.tables)


def _differences(connection) -> list:
    return compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), db.metadata)


def test_models_and_migrations_agree(app):
    # The `app` fixture upgraded this database from empty; the models must need no further migration.
    with app.app_context():
        differences = _differences(db.engine)  # the test's connection (see conftest)
    assert differences == [], "models and migrations differ; autogenerate a revision:\n" + "\n".join(
        map(str, differences)
    )


def test_the_comparison_sees_a_missing_index(app):
    """Guard for the test above: a database that no longer matches the models is reported."""
    with app.app_context():
        connection = db.engine
        savepoint = connection.begin_nested()
        try:
            connection.execute(sa.text("DROP INDEX ix_consent_case_org"))
            differences = _differences(connection)
        finally:
            savepoint.rollback()
    assert [diff[1].name for diff in differences if diff[0] == "add_index"] == ["ix_consent_case_org"]
