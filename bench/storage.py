"""Appending to the audit trail on SQLite (issue 9, goal "append").

    .venv/bin/python bench/run.py storage

Two rows:

* **one entry per commit**: a unit of work of the SQL store that appends one audit entry
  (:meth:`SqlAuditLog.append <balorg.adapters.sql.audit.SqlAuditLog.append>`: the chain's
  head locked, the entry hashed and inserted, the head moved) and commits, against the
  floor: plain ``sqlite3`` doing the same commit pattern by hand on a store of the same
  schema (``BEGIN``; read the head; the canonical JSON and its SHA-256; one insert; one
  head update; ``COMMIT``), with the same journal (WAL) and the same ``synchronous``
  setting as balorg's engine (checked). Limit 1.5. A commit waits for the disk (the WAL
  is synced), so both figures move with the disk's mood: the calls alternate.
* **batched**: 10,000 entries over 100 mailboxes' chains appended in one unit of work and
  committed once, in entries per second, against a floor of 10,000 entries/s.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from _goals import Row, Scale
from _worlds import mailbox_name, member_name, paired

from balorg.adapters.sql import SqlStore
from balorg.domain.audit import GENESIS, AuditRecord
from balorg.testing.examples import T0

ISSUE = "9.3"


def _record(n: int, mailbox: str) -> AuditRecord:
    return AuditRecord(
        at=T0 + dt.timedelta(seconds=n),
        actor=member_name(n % 1000),
        auth="session:0123456789abcdef",
        action="send_message",
        allowed=True,
        mailbox=mailbox,
        details={"recipient": "dr.durand@medecin.mssante.fr", "reference": f"<m{n}>"},
    )


def _balorg(store: SqlStore) -> Callable[[], None]:
    count = 0

    def append() -> None:
        nonlocal count
        count += 1
        with store() as uow:
            uow.audit.append(_record(count, mailbox_name(0)))
            uow.commit()

    return append


def _floor(path: Path) -> tuple[Callable[[], None], sqlite3.Connection]:
    """Plain sqlite3: the same table, the same pattern, written by hand."""
    conn = sqlite3.connect(path, isolation_level=None)
    chain = f"mailbox:{mailbox_name(0)}"
    conn.execute(
        "INSERT INTO audit_chains (chain, seq, hash, anchored) VALUES (?, 0, ?, 0)",
        (chain, GENESIS),
    )
    count = 0

    def append() -> None:
        nonlocal count
        count += 1
        at = T0 + dt.timedelta(seconds=count)
        actor = member_name(count % 1000)
        conn.execute("BEGIN")
        seq, prev = conn.execute(
            "SELECT seq, hash FROM audit_chains WHERE chain = ?", (chain,)
        ).fetchone()
        seq += 1
        payload = json.dumps(
            {
                "at": at.isoformat(),
                "actor": actor,
                "auth": "session:0123456789abcdef",
                "action": "send_message",
                "allowed": True,
                "mailbox": mailbox_name(0),
                "account": None,
                "reasons": [],
                "details": {
                    "recipient": "dr.durand@medecin.mssante.fr",
                    "reference": f"<m{count}>",
                },
                "mentions": [],
            },
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )
        digest = hashlib.sha256(f"{chain}\n{seq}\n{prev}\n{payload}".encode()).hexdigest()
        conn.execute(
            "INSERT INTO audit_entries (chain, seq, at, actor, account, mailbox, action, allowed,"
            " payload, prev_hash, hash) VALUES (?, ?, ?, ?, NULL, ?, 'send_message', 1, ?, ?, ?)",
            (
                chain,
                seq,
                at.strftime("%Y-%m-%d %H:%M:%S.%f"),
                actor,
                mailbox_name(0),
                payload,
                prev,
                digest,
            ),
        )
        conn.execute(
            "UPDATE audit_chains SET seq = ?, hash = ? WHERE chain = ?", (seq, digest, chain)
        )
        conn.execute("COMMIT")

    return append, conn


def _synchronous(store: SqlStore, conn: sqlite3.Connection) -> tuple[int, int]:
    with store.engine.connect() as balorg:
        ours = balorg.exec_driver_sql("PRAGMA synchronous").scalar()
    (theirs,) = conn.execute("PRAGMA synchronous").fetchone()
    return int(ours or 0), int(theirs)


def _batched(store: SqlStore, size: int, start: int) -> float:
    records = [_record(start + i, mailbox_name(1 + i % 100)) for i in range(size)]
    began = time.perf_counter()
    with store() as uow:
        for record in records:
            uow.audit.append(record)
        uow.commit()
    return size / (time.perf_counter() - began)


def goals(scale: Scale) -> Iterable[Row]:
    samples, size, runs = (101, 10_000, 3) if scale is Scale.FULL else (5, 1_000, 1)
    with tempfile.TemporaryDirectory(prefix="balorg-bench-") as tmp:
        store = SqlStore(str(Path(tmp) / "balorg.db"))
        SqlStore(str(Path(tmp) / "floor.db")).close()  # the same schema, for the floor
        floor, conn = _floor(Path(tmp) / "floor.db")
        ours_sync, floor_sync = _synchronous(store, conn)
        ours, peer = paired(_balorg(store), floor, samples=samples)
        yield Row(
            issue=ISSUE,
            goal="audit append, one entry per commit / plain sqlite3, same pattern",
            figure=ours * 1e3,
            unit="ms",
            peer=peer * 1e3,
            peer_name="plain sqlite3 + hashlib",
            limit=1.5,
            ok=ours_sync == floor_sync,
            note=(
                f"medians of {samples}; WAL, synchronous={ours_sync} (floor {floor_sync}); "
                f"{1 / ours:,.0f} vs {1 / peer:,.0f} entries/s"
            ),
        )
        conn.close()
        rates = [_batched(store, size, 10_000_000 * (run + 1)) for run in range(runs)]
        rate = statistics.median(rates)
        yield Row(
            issue=ISSUE,
            goal=f"audit append, batched: {size:,} entries over 100 chains, one commit",
            figure=rate,
            unit="/s",
            peer=10_000,
            peer_name="floor: 10,000 entries/s",
            limit=1.0,
            at_most=False,
            note=f"median of {runs} runs",
        )
        store.close()
