"""Several processes on one database: no double grant, no half commit, whole chains,
one migration, and a login throttle that holds under parallel guesses.

Each test starts child processes (``sql_worker.py``) and drives them step by step
through their standard streams, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from balorg.adapters.sql import SqlStore, create_engine, current, head
from balorg.domain.audit import verify_store
from balorg.testing.contracts import mailbox_fields
from balorg.testing.examples import example_address

pytestmark = pytest.mark.slow

WORKER = Path(__file__).with_name("sql_worker.py")
PHARMACY = example_address("pharmacie")


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


def _log_ins(url: str) -> list[str]:
    """Alice's log-in attempts in the order they committed: ``in`` or the first reason."""
    chain = f"account:{example_address('alice.bernard')}"
    store = SqlStore(url, upgrade=False)
    try:
        with store() as uow:
            rows = list(uow.audit.raw(chain=chain))
    finally:
        store.close()
    found = []
    for *_, payload in rows:
        entry = json.loads(payload)
        if entry["action"] == "log_in":
            found.append("in" if entry["allowed"] else entry["reasons"][0])
    return found


def _pharmacy(url: str) -> None:
    worker = Worker("pharmacy", url)
    assert worker.read() == "done"
    worker.finish()


def test_two_processes_granting_one_account_at_once_grant_it_once(database_url: str) -> None:
    _pharmacy(database_url)
    first, second = Worker("grant", database_url), Worker("grant", database_url)
    assert (first.read(), second.read()) == ("ready", "ready")
    first.tell()
    second.tell()
    answers = sorted([first.read(), second.read()])
    first.finish()
    second.finish()
    assert answers == ["delegation.already_granted", "granted"]
    with SqlStore(database_url, upgrade=False) as store, store() as uow:
        history = uow.delegations.history(PHARMACY, example_address("bob"))
        assert [d.number for d in history] == [1]
        entries = uow.audit.entries(mailbox=str(PHARMACY))
        grants = [(e.action, e.allowed) for e in entries if e.action == "grant_member"]
        assert sorted(grants) == [("grant_member", False), ("grant_member", True)]


def test_a_process_killed_before_its_commit_leaves_the_database_as_it_was(
    database_url: str,
) -> None:
    _pharmacy(database_url)
    with SqlStore(database_url, upgrade=False) as store, store() as uow:
        before = uow.mailboxes.get(PHARMACY)
        entries_before = list(uow.audit.raw())
    assert before is not None
    worker = Worker("crash", database_url)
    assert worker.read() == "written"
    worker.kill()
    with SqlStore(database_url, upgrade=False) as store, store() as uow:
        after = uow.mailboxes.get(PHARMACY)
        assert after is not None
        assert mailbox_fields(after) == mailbox_fields(before)
        assert after.version == before.version
        assert uow.accounts.get(example_address("ghost")) is None
        assert not uow.messages.has(PHARMACY, after_direction(), "<never@stored>")
        assert list(uow.audit.raw()) == entries_before


def after_direction() -> object:
    from balorg.domain.mail import Direction  # noqa: PLC0415

    return Direction.RECEIVED


def test_processes_appending_at_once_keep_every_chain_whole(database_url: str) -> None:
    workers = [Worker("audit", database_url, "15", tag) for tag in ("a", "b", "c")]
    for worker in workers:
        assert worker.read() == "ready"
    for worker in workers:
        worker.tell()
    for worker in workers:
        assert worker.read() == "done"
        worker.finish()
    with SqlStore(database_url, upgrade=False) as store, store() as uow:
        report = verify_store(uow.audit.raw(), heads=uow.audit.heads(), anchors=uow.audit.anchors())
        shared = uow.audit.trail("mailbox:shared@example.mssante.fr")
    assert report.ok, report.problems
    assert report.count == 90
    assert [e.seq for e in shared] == list(range(1, 46))


def test_processes_migrating_one_database_at_once_apply_each_revision_once(
    empty_database_url: str,
) -> None:
    workers = [Worker("migrate", empty_database_url) for _ in range(3)]
    for worker in workers:
        assert worker.read() == "ready"
    for worker in workers:
        worker.tell()
    applied = []
    for worker in workers:
        applied.append(worker.read())
        worker.finish()
    assert sorted(applied) == ["applied", "applied", "applied 0001 0002"]
    engine = create_engine(empty_database_url)
    try:
        assert current(engine) == head()
    finally:
        engine.dispose()


def test_parallel_guesses_never_get_more_checks_than_the_throttle_allows(
    database_url: str,
) -> None:
    _pharmacy(database_url)
    right = "mot de passe de alice.bernard"
    guesses = [f"mauvais mot de passe {n}" for n in range(23)] + [right]
    workers = [Worker("guess", database_url, g) for g in guesses]
    for worker in workers:
        assert worker.read() == "ready"
    for worker in workers:
        worker.tell()
    answers = []
    for worker in workers:
        answers.append(worker.read())
        worker.finish()
    checked = [a for a in answers if a in ("in", "credentials.invalid")]
    assert len(checked) + answers.count("credentials.throttled") == len(guesses), answers
    # The checks in the order they committed (Alice's chain): at most five wrong ones
    # before the right guess (four if it got in); the good login clears the failures, so
    # at most five more after it. Never more checks than that, whatever the interleaving.
    outcomes = _log_ins(database_url)[-len(guesses) :]  # the set-up's own log-ins before
    assert sorted(outcomes) == sorted(answers)
    cut = outcomes.index("in") if "in" in outcomes else len(outcomes)
    before, after = outcomes[:cut], outcomes[cut + 1 :]
    assert before.count("credentials.invalid") <= (4 if "in" in outcomes else 5), outcomes
    assert after.count("credentials.invalid") <= 5, outcomes
    assert answers.count("credentials.throttled") >= len(guesses) - 11, answers
