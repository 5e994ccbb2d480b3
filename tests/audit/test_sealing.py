"""Sealing: new log rows are hashed into chained blocks; verify (and the CLI) names the first broken block."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.audit.models import LogSeal
from portal.audit.sealing import seal, verify
from portal.db import now_utc
from portal.extensions import db
from tests.audit.helpers import add_access_rows, add_audit_rows


@pytest.fixture
def hub(make):
    return make.user("case_manager")


@pytest.fixture
def case(make, hub):
    return make.case(manager=hub)


@contextmanager
def _append_only_guard_lifted(table: str):
    """Bypass the append-only triggers, as an attacker with DDL rights could; rolled back with the test.

    The connection is the test's own (see conftest), so the DDL stays inside its outer transaction.
    """
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
    else:
        connection.execute(sa.text(f"DROP TRIGGER IF EXISTS {table}_no_update"))
        connection.execute(sa.text(f"DROP TRIGGER IF EXISTS {table}_no_delete"))
    yield connection


def _tamper(app, table: str, statement: str, **params) -> None:
    with app.app_context():
        with _append_only_guard_lifted(table) as connection:
            assert connection.execute(sa.text(statement), params).rowcount == 1
        db.session.commit()


def _seals(app, log: str) -> list[LogSeal]:
    with app.app_context():
        query = sa.select(LogSeal).where(LogSeal.log == log).order_by(LogSeal.last_entry_id)
        return list(db.session.execute(query).scalars())


def _seal(app, log: str) -> int:
    with app.app_context():
        return seal(log)


def _verify(app, log: str):
    with app.app_context():
        return verify(log)


def test_seal_then_verify_is_intact(app, case, hub):
    ids = add_access_rows(app, case, hub, n=4)

    assert _seal(app, "access") == 4

    (block,) = _seals(app, "access")
    assert (block.first_entry_id, block.last_entry_id, block.entry_count) == (ids[0], ids[-1], 4)
    verdict = _verify(app, "access")
    assert verdict.first_broken is None and verdict.blocks == 1


def test_sealing_twice_seals_nothing_new(app, case, hub):
    add_access_rows(app, case, hub, n=2)
    assert _seal(app, "access") == 2
    assert _seal(app, "access") == 0
    assert len(_seals(app, "access")) == 1


def test_new_rows_make_a_new_block_chained_to_the_last(app, case, hub):
    add_access_rows(app, case, hub, n=2)
    _seal(app, "access")
    add_access_rows(app, case, hub, n=3)
    assert _seal(app, "access") == 3

    first, second = _seals(app, "access")
    assert second.prev_hash == first.hash
    assert _verify(app, "access").blocks == 2


def test_rows_younger_than_the_safety_lag_wait_for_the_next_run(app, case, hub):
    add_access_rows(app, case, hub, n=1, at=now_utc())
    assert _seal(app, "access") == 0


def test_an_older_row_behind_a_young_one_is_not_sealed_past_it(app, case, hub):
    """Ids are handed out before `at` is compared: a block must not skip a young row in its id range.

    Sealing the old row alone would leave the young one inside the block's range, unsealed, and
    verify would then report a broken block nobody tampered with.
    """
    add_access_rows(app, case, hub, n=1, at=now_utc())  # lower id, still inside the safety lag
    add_access_rows(app, case, hub, n=1)  # higher id, old enough

    _seal(app, "access")

    assert _verify(app, "access").first_broken is None


def test_the_audit_log_is_sealed_too(app, case, hub):
    add_audit_rows(app, case, hub, n=3)
    assert _seal(app, "audit") == 3
    assert _verify(app, "audit").first_broken is None
    assert _verify(app, "access").blocks == 0  # separate chains


@pytest.fixture
def two_blocks(app, case, hub):
    first_ids = add_access_rows(app, case, hub, n=2)
    _seal(app, "access")
    second_ids = add_access_rows(app, case, hub, n=3)
    _seal(app, "access")
    return first_ids, second_ids


def test_a_changed_row_names_its_block(app, two_blocks):
    _, second_ids = two_blocks
    _tamper(
        app, "access_log_entry", "UPDATE access_log_entry SET role = 'admin' WHERE id = :id", id=second_ids[1]
    )

    verdict = _verify(app, "access")

    _, second = _seals(app, "access")
    assert verdict.first_broken is not None and verdict.first_broken.id == second.id
    assert "changed" in verdict.problem


def test_the_first_broken_block_is_named_when_several_are(app, two_blocks):
    first_ids, second_ids = two_blocks
    _tamper(app, "access_log_entry", "UPDATE access_log_entry SET ip = NULL WHERE id = :id", id=second_ids[0])
    _tamper(
        app, "access_log_entry", "UPDATE access_log_entry SET grounds = 'x' WHERE id = :id", id=first_ids[0]
    )

    first, _ = _seals(app, "access")
    assert _verify(app, "access").first_broken.id == first.id


def test_a_deleted_row_names_its_block(app, two_blocks):
    first_ids, _ = two_blocks
    _tamper(app, "access_log_entry", "DELETE FROM access_log_entry WHERE id = :id", id=first_ids[1])

    verdict = _verify(app, "access")

    first, _ = _seals(app, "access")
    assert verdict.first_broken.id == first.id
    assert "2 rows were sealed, 1 are there now" in verdict.problem


def test_a_forged_seal_breaks_the_chain(app, two_blocks):
    _, second = _seals(app, "access")
    _tamper(app, "log_seal", "UPDATE log_seal SET prev_hash = :h WHERE id = :id", h="f" * 64, id=second.id)

    verdict = _verify(app, "access")

    assert verdict.first_broken.id == second.id
    assert "chain" in verdict.problem


def test_verify_logs_cli_exits_1_and_prints_the_broken_block(app, two_blocks):
    runner = app.test_cli_runner()
    intact = runner.invoke(args=["verify-logs"])
    assert intact.exit_code == 0, intact.output
    assert "access: 2 blocks intact" in intact.output

    _, second_ids = two_blocks
    _tamper(
        app, "access_log_entry", "UPDATE access_log_entry SET section = 'x' WHERE id = :id", id=second_ids[2]
    )
    _, second = _seals(app, "access")

    broken = runner.invoke(args=["verify-logs"])

    assert broken.exit_code == 1
    assert f"access: block {second.id} (rows {second.first_entry_id}-{second.last_entry_id}) is broken" in (
        broken.output
    )
    assert "audit: 0 blocks intact" in broken.output


def test_seal_logs_cli_seals_both_logs(app, case, hub):
    add_access_rows(app, case, hub, n=2)
    add_audit_rows(app, case, hub, n=1)

    result = app.test_cli_runner().invoke(args=["seal-logs"])

    assert result.exit_code == 0, result.output
    assert "access: sealed 2 rows" in result.output
    assert "audit: sealed 1 rows" in result.output


def test_the_safety_lag_is_configured(app):
    assert app.config["SEAL_SAFETY_LAG"] >= timedelta(seconds=30)
