"""A child process for the multi-process SQL tests: ``python sql_worker.py COMMAND URL ...``.

It talks with the test over its standard streams, one line at a time, so that the test
decides when each step happens:

- ``grant URL``: a pharmacy is registered there already (``pharmacy`` below); prints
  ``ready``, waits for a line, grants ``bob`` read access through the services; prints
  ``granted`` or the refusal's first code.
- ``crash URL``: changes the pharmacy's mailbox, adds an account, records a message and
  appends to the audit log in one unit of work; once every row is written but before
  the commit it prints ``written`` and waits forever (the test kills it).
- ``migrate URL``: prints ``ready``, waits for a line, upgrades the database and prints
  the revisions it applied (``applied 0001 0002``, or ``applied`` for none).
- ``audit URL COUNT TAG``: prints ``ready``, waits for a line, then commits COUNT units
  of work of two audit records each (on mailbox TAG and on a shared one); ``done``.
- ``writer URL N``: creates member accounts ``member-N-<i>`` on the pharmacy and records
  incoming messages (each with a notice in the outbox) through the services, as fast as
  it can, printing ``wrote <i>`` after each pair, until killed.
- ``guess URL PASSWORD``: prints ``ready``, waits for a line, tries to log Alice in with
  PASSWORD; prints ``in`` or the refusal's first code.
- ``pharmacy URL``: registers the seed's pharmacy (and its agent) with the cheap test
  hasher, turns Alice's notices on, and adds a validated account ``bob``; ``done``.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

import sqlalchemy as sa

from balorg.adapters.clock import SystemClock
from balorg.adapters.sql import SqlStore, create_engine, upgrade
from balorg.domain.audit import AuditRecord
from balorg.domain.errors import DomainRefusal
from balorg.domain.mail import Direction, MessageRecord
from balorg.ports.credentials import Password
from balorg.services import (
    authenticate,
    create_member_account,
    grant_member,
    receive_message,
    set_notices,
)
from balorg.testing.examples import T0, example_account, example_address
from balorg.testing.scenarios import (
    TEST_HASHER,
    TRANSPORT,
    example_ports,
    password_of,
    pharmacy,
)

PHARMACY = example_address("pharmacie")


def say(line: str) -> None:
    print(line, flush=True)


def wait() -> None:
    sys.stdin.readline()


def _ports(store: SqlStore) -> Any:
    return example_ports(store, clock=SystemClock())  # type: ignore[arg-type]


def _claire_session(store: SqlStore) -> Any:
    claire = example_address("claire.martin1")
    return authenticate(_ports(store), claire, password_of(claire)).token


def grant(store: SqlStore) -> None:
    token = _claire_session(store)
    say("ready")
    wait()
    try:
        grant_member(_ports(store), token, PHARMACY, account=example_address("bob"))
    except DomainRefusal as refusal:
        say(refusal.problems[0].code)
        return
    say("granted")


def crash(store: SqlStore) -> None:
    def pause_before_commit(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE AUDIT_CHAINS"):
            say("written")
            wait()  # never answered: the test kills this process here

    sa.event.listen(store.engine, "after_cursor_execute", pause_before_commit)
    with store() as uow:
        found = uow.mailboxes.get(PHARMACY)
        assert found is not None
        found.change_description(by=found.responsible.account, at=T0, description="Jamais")
        uow.mailboxes.save(found)
        uow.accounts.add(example_account("ghost"))
        uow.messages.record(
            MessageRecord(
                mailbox=PHARMACY,
                direction=Direction.RECEIVED,
                reference="<never@stored>",
                at=T0,
                correspondent=example_address("dr.house", "hopital.mssante.fr"),
            )
        )
        uow.audit.append(
            AuditRecord(
                at=T0, actor="ghost@example.org", auth="system:test", action="never", allowed=True
            )
        )
        uow.commit()
    say("committed")  # must never happen


def audit(store: SqlStore, count: int, tag: str) -> None:
    say("ready")
    wait()
    for n in range(count):
        with store() as uow:
            for mailbox in (f"{tag}@example.mssante.fr", "shared@example.mssante.fr"):
                uow.audit.append(
                    AuditRecord(
                        at=T0 + dt.timedelta(seconds=n),
                        actor=f"{tag}@example.mssante.fr",
                        auth="system:test",
                        action="append",
                        allowed=True,
                        mailbox=mailbox,
                        details={"tag": tag, "n": n},
                    )
                )
            uow.commit()
    say("done")


def writer(store: SqlStore, n: str) -> None:
    """Alternate two use cases that write several tables and the outbox at once."""
    token = _claire_session(store)
    ports = _ports(store)
    say("ready")
    i = 0
    while True:
        account = example_address(f"member-{n}-{i}")
        create_member_account(
            ports,
            token,
            PHARMACY,
            account=account,
            first_name="Membre",
            last_name=f"N{i}",
            password=password_of(account),
        )
        receive_message(
            ports,
            TRANSPORT,
            PHARMACY,
            sender=example_address("dr.house", "hopital.mssante.fr"),
            reference=f"<{n}-{i}@hopital.mssante.fr>",
        )
        say(f"wrote {i}")
        i += 1


def guess(store: SqlStore, password: str) -> None:
    alice = example_address("alice.bernard")
    ports = _ports(store)
    say("ready")
    wait()
    try:
        authenticate(ports, alice, Password(password))
    except DomainRefusal as refusal:
        say(refusal.problems[0].code)
        return
    say("in")


def migrate_when_told(url: str) -> None:
    engine = create_engine(url)
    say("ready")
    wait()
    applied = upgrade(engine)
    engine.dispose()
    say(" ".join(["applied", *applied]))


def main(argv: list[str]) -> None:
    command, url, *args = argv
    if command == "migrate":
        migrate_when_told(url)
        return
    with SqlStore(url) as store:
        if command == "pharmacy":
            world = pharmacy(_ports(store))
            set_notices(world.ports, world.alice, PHARMACY, enabled=True)
            with store() as uow:
                bob = example_account("bob")
                uow.accounts.add(bob)
                uow.credentials.set(bob.address, TEST_HASHER.hash(password_of(bob.address)))
                uow.commit()
            say("done")
        elif command == "grant":
            grant(store)
        elif command == "crash":
            crash(store)
        elif command == "audit":
            audit(store, int(args[0]), args[1])
        elif command == "writer":
            writer(store, args[0])
        elif command == "guess":
            guess(store, args[0])
        else:
            raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
