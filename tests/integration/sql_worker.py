"""A child process for the multi-process SQL tests: ``python sql_worker.py COMMAND URL ...``.

It talks with the test over its standard streams, one line at a time, so the
test decides when each step happens (no sleeps):

- ``grant URL MAILBOX ACCOUNT``: reads MAILBOX, prints ``loaded <version>``, waits
  for a line, grants ACCOUNT a delegation and commits; prints ``committed <version>``
  or ``conflict`` and then retries in a fresh unit of work until it commits.
- ``crash URL MAILBOX``: changes MAILBOX, adds an account, records a message and
  appends to the audit log in one unit of work; once every row is written but
  before the commit it prints ``written`` and waits for a line forever (the test
  kills it).
- ``migrate URL``: prints ``ready``, waits for a line, migrates the database and
  prints the versions it applied (``applied 1 2 3``, or ``applied`` for none).
- ``audit URL COUNT TAG``: prints ``ready``, waits for a line, then commits COUNT
  units of work of two audit records each; prints ``done``.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

import sqlalchemy as sa

from balorg.adapters.sql import SqlStore, create_engine, migrate
from balorg.domain.addresses import EmailAddress
from balorg.domain.audit import AuditRecord
from balorg.domain.delegation import Capability
from balorg.domain.mail import Direction, MessageRecord
from balorg.ports import ConcurrencyConflict
from balorg.testing.contracts import T0, example_account


def say(line: str) -> None:
    print(line, flush=True)


def wait() -> None:
    sys.stdin.readline()


def grant(store: SqlStore, mailbox: str, account: str) -> None:
    address, member = EmailAddress(mailbox), EmailAddress(account)
    first = True
    while True:
        with store() as uow:
            found = uow.mailboxes.get(address)
            assert found is not None
            if first:
                say(f"loaded {found.version}")
                wait()
            found.grant(
                account=member,
                capabilities={Capability.READ},
                by=found.responsible.account,
                at=T0,
            )
            uow.mailboxes.save(found)
            try:
                uow.commit()
            except ConcurrencyConflict:
                say("conflict")
                first = False
                continue
        say(f"committed {found.version}")
        return


def crash(store: SqlStore, mailbox: str) -> None:
    def pause_before_commit(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE AUDIT_HEAD"):
            say("written")
            wait()  # never answered: the test kills this process here

    sa.event.listen(store.engine, "after_cursor_execute", pause_before_commit)
    address = EmailAddress(mailbox)
    with store() as uow:
        found = uow.mailboxes.get(address)
        assert found is not None
        found.change_description(by=found.responsible.account, at=T0, description="Jamais")
        uow.mailboxes.save(found)
        uow.accounts.add(example_account("ghost"))
        uow.messages.record(
            MessageRecord(
                mailbox=address,
                direction=Direction.RECEIVED,
                reference="<never@stored>",
                at=T0,
                correspondent=EmailAddress("dr.house@hopital.mssante.fr"),
            )
        )
        uow.audit.append(
            AuditRecord(at=T0, actor="ghost@example.org", action="never", allowed=True)
        )
        uow.commit()
    say("committed")  # must never happen


def audit(store: SqlStore, count: int, tag: str) -> None:
    say("ready")
    wait()
    for n in range(count):
        with store() as uow:
            for part in (0, 1):
                uow.audit.append(
                    AuditRecord(
                        at=T0 + dt.timedelta(seconds=n),
                        actor=f"{tag}@example.mssante.fr",
                        action="append",
                        allowed=True,
                        details={"tag": tag, "n": n, "part": part},
                    )
                )
            uow.commit()
    say("done")


def migrate_when_told(url: str) -> None:
    engine = create_engine(url)
    say("ready")
    wait()
    applied = migrate(engine)
    engine.dispose()
    say(" ".join(["applied", *map(str, applied)]))


def main(argv: list[str]) -> None:
    command, url, *args = argv
    if command == "migrate":
        migrate_when_told(url)
        return
    with SqlStore(url, migrate=False) as store:
        if command == "grant":
            grant(store, *args)
        elif command == "crash":
            crash(store, *args)
        elif command == "audit":
            audit(store, int(args[0]), args[1])
        else:
            raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
