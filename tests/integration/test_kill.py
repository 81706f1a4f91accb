"""Writers killed with SIGKILL at random points leave nothing half-written (issue 8).

A writer process runs two use cases in a loop, each writing several tables at once (an
account with its credential and its delegation, its audit entry; a message with its
notice in the outbox and its audit entry). It is killed at a random moment, again and
again, on one database; then the database must hold: no account without its
credential, no member account without its delegation, no audit entry naming an outbox
message that is not in the outbox, no notice without its message, and a whole trail.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from balorg.adapters.sql import SqlStore, create_engine
from balorg.domain.audit import verify_store

pytestmark = pytest.mark.slow

WORKER = Path(__file__).with_name("sql_worker.py")
KILLS = 50


def _run(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )


def _kill_at_random(url: str, n: int, rng: random.Random) -> None:
    process = _run("writer", url, str(n))
    assert process.stdout is not None
    first = process.stdout.readline().strip()
    assert first == "ready", process.stderr.read() if process.stderr else ""
    time.sleep(rng.uniform(0.0, 0.25))
    process.send_signal(signal.SIGKILL)
    process.communicate()


def _check(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:

            def scalar(sql: str) -> int:
                return int(conn.execute(sa.text(sql)).scalar_one())

            found = {
                "accounts": scalar("SELECT count(*) FROM accounts"),
                "without_credential": scalar(
                    "SELECT count(*) FROM accounts a WHERE NOT EXISTS "
                    "(SELECT 1 FROM credentials c WHERE c.address = a.address)"
                ),
                "members_without_delegation": scalar(
                    "SELECT count(*) FROM accounts a WHERE a.address LIKE 'member-%' AND NOT "
                    "EXISTS (SELECT 1 FROM delegations d WHERE d.account = a.address)"
                ),
                "delegations_without_account": scalar(
                    "SELECT count(*) FROM delegations d WHERE NOT EXISTS "
                    "(SELECT 1 FROM accounts a WHERE a.address = d.account)"
                ),
                "messages": scalar("SELECT count(*) FROM messages"),
            }
            payloads = conn.execute(
                sa.text("SELECT payload FROM outbox WHERE kind = 'notice'")
            ).scalars()
            found["new_mail_notices"] = sum(
                (json.loads(p) if isinstance(p, str) else p)["kind"] == "new_mail" for p in payloads
            )
            keys = {row[0] for row in conn.execute(sa.text("SELECT key FROM outbox"))}
            named = set()
            receipts = 0
            for (payload,) in conn.execute(sa.text("SELECT payload FROM audit_entries")):
                record = json.loads(payload)
                named.update(record["details"].get("outbox", ()))
                receipts += record["action"] == "receive_message" and record["allowed"]
        found["audit_naming_missing_outbox"] = len(named - keys)
        found["outbox_not_named_in_audit"] = len(keys - named)
        found["receipts"] = receipts
    finally:
        engine.dispose()
    with SqlStore(url, upgrade=False) as store, store() as uow:
        report = verify_store(uow.audit.raw(), heads=uow.audit.heads(), anchors=uow.audit.anchors())
    found["trail_problems"] = len(report.problems)
    return found


def test_writers_killed_at_random_leave_nothing_half_written(database_url: str) -> None:
    setup = _run("pharmacy", database_url)
    _, err = setup.communicate()
    assert setup.returncode == 0, err
    rng = random.Random(2026)
    for n in range(KILLS):
        _kill_at_random(database_url, n, rng)
    found = _check(database_url)
    assert found["accounts"] > 10, found  # the writers did write
    for broken in (
        "without_credential",
        "members_without_delegation",
        "delegations_without_account",
        "audit_naming_missing_outbox",
        "outbox_not_named_in_audit",
        "trail_problems",
    ):
        assert found[broken] == 0, (broken, found)
    # Every receipt kept its notice (Alice asked for them), and no notice is alone.
    assert found["new_mail_notices"] == found["messages"] == found["receipts"], found
