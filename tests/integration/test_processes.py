"""Several processes on one database: no lost update, no half commit, one audit chain.

Each test starts child processes (``sql_worker.py``) and drives them step by
step through their standard streams, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from balorg.adapters.sql import LATEST_VERSION, SqlStore, create_engine, schema_version
from balorg.domain.audit import AuditRecord, verify_chain
from balorg.testing.contracts import T0, example_address, example_mailbox, mailbox_fields

pytestmark = pytest.mark.slow

WORKER = Path(__file__).with_name("sql_worker.py")


class Worker:
    """A child process, one line at a time."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def read(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if not line:  # the worker died: show why
            self.process.wait()
            assert self.process.stderr is not None
            pytest.fail(f"worker ended without answering:\n{self.process.stderr.read()}")
        return line

    def tell(self, line: str = "go") -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def finish(self) -> None:
        self.process.communicate()
        assert self.process.returncode == 0, self.process.returncode

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.communicate()
        assert self.process.returncode == -signal.SIGKILL


@pytest.fixture
def seeded(store: SqlStore) -> SqlStore:
    with store() as uow:
        uow.mailboxes.add(example_mailbox())
        uow.commit()
    return store


def test_two_processes_saving_one_mailbox_one_wins_one_conflicts_and_its_retry_lands(
    seeded: SqlStore, database_url: str
) -> None:
    mailbox = str(example_address("pharmacie"))
    workers = [
        Worker("grant", database_url, mailbox, str(example_address(name)))
        for name in ("bob", "eve")
    ]
    loaded = {w.read() for w in workers}
    assert loaded == {"loaded 1"}  # both hold version 1 before either saves
    for worker in workers:
        worker.tell()
    outcomes = [[w.read()] for w in workers]
    for outcome, worker in zip(outcomes, workers, strict=True):
        if outcome[0] == "conflict":
            outcome.append(worker.read())
        worker.finish()
    assert sorted(outcomes) == [["committed 2"], ["conflict", "committed 3"]]
    with seeded() as uow:
        stored = uow.mailboxes.get(example_address("pharmacie"))
    assert stored is not None
    assert stored.version == 3
    assert {d.account.local_part for d in stored.delegations} == {"bob", "eve"}


def test_a_process_killed_before_its_commit_leaves_the_database_as_it_was(
    seeded: SqlStore, database_url: str
) -> None:
    address = example_address("pharmacie")
    with seeded() as uow:
        uow.audit.append(_record("before"))
        uow.commit()
    with seeded() as uow:
        before = uow.mailboxes.get(address)
        entries_before = list(uow.audit.entries())
    head_before = seeded.audit_head()
    assert before is not None

    worker = Worker("crash", database_url, str(address))
    assert worker.read() == "written"  # every row written, the commit not yet issued
    if seeded.engine.dialect.name == "postgresql":  # readers do not wait on PostgreSQL
        with seeded() as uow:
            assert uow.accounts.get(example_address("ghost")) is None
    worker.kill()

    with seeded() as uow:
        after = uow.mailboxes.get(address)
        assert after is not None
        assert (after.version, mailbox_fields(after)) == (before.version, mailbox_fields(before))
        assert uow.accounts.get(example_address("ghost")) is None
        assert list(uow.messages.for_mailbox(address)) == []
        assert list(uow.audit.entries()) == entries_before
    assert seeded.audit_head() == head_before
    # The lock died with the process: the database takes writes again.
    with seeded() as uow:
        uow.audit.append(_record("after"))
        uow.commit()
    with seeded() as uow:
        entries = list(uow.audit.entries())
    assert [e.action for e in entries] == ["before", "after"]
    assert verify_chain(entries, expected_head=seeded.audit_head()).ok


def test_processes_appending_at_once_keep_one_unbroken_chain(
    store: SqlStore, database_url: str
) -> None:
    tags, count = ("p1", "p2", "p3", "p4"), 15
    workers = [Worker("audit", database_url, str(count), tag) for tag in tags]
    for worker in workers:
        assert worker.read() == "ready"
    for worker in workers:
        worker.tell()
    for worker in workers:
        assert worker.read() == "done"
        worker.finish()
    with store() as uow:
        entries = list(uow.audit.entries())
    report = verify_chain(entries, expected_head=store.audit_head())
    assert report.ok, report.problems
    assert [e.seq for e in entries] == list(range(1, len(tags) * count * 2 + 1))
    seen = [(e.details["tag"], e.details["n"], e.details["part"]) for e in entries]
    assert sorted(seen) == sorted((t, n, p) for t in tags for n in range(count) for p in (0, 1))
    # The two records of one unit of work sit next to each other.
    for first, second in zip(entries[::2], entries[1::2], strict=True):
        assert (first.details["tag"], first.details["n"]) == (
            second.details["tag"],
            second.details["n"],
        )
        assert (first.details["part"], second.details["part"]) == (0, 1)


def test_processes_migrating_one_database_at_once_apply_each_step_once(
    empty_database_url: str,
) -> None:
    workers = [Worker("migrate", empty_database_url) for _ in range(3)]
    for worker in workers:
        assert worker.read() == "ready"
    for worker in workers:
        worker.tell()
    applied: list[int] = []
    for worker in workers:
        answer = worker.read().split()
        assert answer[0] == "applied"
        applied += map(int, answer[1:])
        worker.finish()
    assert sorted(applied) == list(range(1, LATEST_VERSION + 1))
    engine = create_engine(empty_database_url)
    try:
        assert schema_version(engine) == LATEST_VERSION
    finally:
        engine.dispose()


def _record(action: str) -> AuditRecord:
    return AuditRecord(at=T0, actor="alice@example.mssante.fr", action=action, allowed=True)
