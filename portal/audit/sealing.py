"""Tamper evidence for the append-only logs without serialising requests.

A periodic job (`flask --app wsgi seal-logs`, or the worker's schedule) takes the rows written since the
last block, hashes them in id order together with the previous block's hash, and stores the block.
`verify-logs` recomputes every block and names the first one whose rows no longer match.
Rows younger than SEAL_SAFETY_LAG are left for the next run: a transaction still open may hold a lower id.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from portal.audit.models import AccessLogEntry, AuditEvent, LogSeal
from portal.db import now_utc
from portal.extensions import db

LOGS = {"access": AccessLogEntry, "audit": AuditEvent}
GENESIS = "0" * 64
BLOCK_SIZE = 5000


def _canonical(row) -> bytes:
    values = {column.key: getattr(row, column.key) for column in row.__table__.columns}
    return json.dumps(values, sort_keys=True, default=str, separators=(",", ":")).encode()


def _block_hash(prev_hash: str, rows) -> str:
    digest = hashlib.sha256(prev_hash.encode())
    for row in rows:
        digest.update(hashlib.sha256(_canonical(row)).digest())
    return digest.hexdigest()


def _last_seal(log: str) -> LogSeal | None:
    return db.session.execute(
        sa.select(LogSeal).where(LogSeal.log == log).order_by(LogSeal.last_entry_id.desc()).limit(1)
    ).scalar_one_or_none()


def _next_block(model, after_id: int, cutoff) -> list:
    """The rows after `after_id` in id order, up to the first one younger than `cutoff`.

    A block must hold every row in its id range: verify() recounts by range. Ids and `at` need not
    agree in order (a row's time is taken before the database hands out its id), so filtering on
    `at` alone could seal an old row past a young one and leave the young one inside a sealed range.
    """
    rows = (
        db.session.execute(sa.select(model).where(model.id > after_id).order_by(model.id).limit(BLOCK_SIZE))
        .scalars()
        .all()
    )
    ready = []
    for row in rows:
        if row.at >= cutoff:
            break
        ready.append(row)
    return ready


def seal(log: str) -> int:
    """Seal new rows of one log into blocks; returns how many rows were sealed. Safe to run twice."""
    model = LOGS[log]
    cutoff = now_utc() - current_app.config["SEAL_SAFETY_LAG"]
    sealed = 0
    while True:
        last = _last_seal(log)
        rows = _next_block(model, last.last_entry_id if last else 0, cutoff)
        if not rows:
            return sealed
        prev_hash = last.hash if last else GENESIS
        db.session.add(
            LogSeal(
                log=log,
                first_entry_id=rows[0].id,
                last_entry_id=rows[-1].id,
                entry_count=len(rows),
                prev_hash=prev_hash,
                hash=_block_hash(prev_hash, rows),
            )
        )
        db.session.commit()
        sealed += len(rows)


@dataclass
class Verdict:
    log: str
    blocks: int
    first_broken: LogSeal | None = None
    problem: str = ""


def verify(log: str) -> Verdict:
    model = LOGS[log]
    seals = db.session.execute(sa.select(LogSeal).where(LogSeal.log == log).order_by(LogSeal.last_entry_id))
    prev_hash, prev_last, count = GENESIS, 0, 0
    for block in seals.scalars():
        count += 1
        in_block = sa.and_(model.id > prev_last, model.id <= block.last_entry_id)
        rows = db.session.execute(sa.select(model).where(in_block).order_by(model.id)).scalars().all()
        if block.prev_hash != prev_hash:
            return Verdict(log, count, block, "the block does not continue the chain")
        if len(rows) != block.entry_count:
            problem = f"{block.entry_count} rows were sealed, {len(rows)} are there now"
            return Verdict(log, count, block, problem)
        if _block_hash(prev_hash, rows) != block.hash:
            return Verdict(log, count, block, "a row was changed after it was sealed")
        prev_hash, prev_last = block.hash, block.last_entry_id
    return Verdict(log, count)
