"""The SQL store and its units of work (SQLite or PostgreSQL, SQLAlchemy Core).

>>> from balorg.testing.contracts import example_mailbox
>>> store = SqlStore("sqlite://")
>>> with store.unit_of_work() as uow:
...     uow.mailboxes.add(example_mailbox())
...     uow.commit()
>>> with store() as uow:
...     [str(a) for a in uow.mailboxes.addresses()]
['pharmacie@contract.mssante.fr']
>>> store.close()
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

import sqlalchemy as sa

from balorg.adapters.sql import schema
from balorg.adapters.sql.engine import create_engine, read_connection, write_transaction
from balorg.adapters.sql.migrations import migrate as migrate_schema
from balorg.adapters.sql.migrations import require_latest
from balorg.adapters.sql.repositories import (
    SqlAccountRepository,
    SqlAuditLog,
    SqlMailboxRepository,
    SqlMessageLog,
    Staged,
)
from balorg.adapters.sql.writes import (
    append_audit,
    insert_account,
    insert_mailbox,
    insert_messages,
    update_account,
    update_mailbox,
)
from balorg.ports import AccountRepository, AuditLog, MailboxRepository, MessageLog

__all__ = ["SqlStore", "SqlUnitOfWork", "engine_of"]


class SqlStore:
    """Mailboxes, accounts, the message log and the audit log in one database.

    ``url`` is a SQLAlchemy URL (``sqlite:///balorg.db``,
    ``postgresql+psycopg://user@host/db``) or an engine made by
    :func:`balorg.adapters.sql.create_engine`. The schema is brought up to date
    on opening unless ``migrate`` is false, in which case a database at another
    version is refused with :class:`~balorg.adapters.sql.SchemaVersionError`.

    The store is the unit-of-work factory: pass it as ``Ports(uow=store, ...)``.
    """

    def __init__(self, url: str | sa.URL | sa.Engine, *, migrate: bool = True) -> None:
        self.engine = url if isinstance(url, sa.Engine) else create_engine(url)
        if migrate:
            migrate_schema(self.engine)
        else:
            require_latest(self.engine)

    def migrate(self) -> tuple[int, ...]:
        """Apply the missing migrations (done on opening unless ``migrate=False``)."""
        return migrate_schema(self.engine)

    def unit_of_work(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine)

    __call__ = unit_of_work

    def audit_head(self) -> str:
        """The hash of the last audit entry (:data:`~balorg.domain.audit.GENESIS` if none):
        keep it elsewhere and pass it to ``verify_chain(..., expected_head=...)`` later
        to detect entries cut off the end of the trail."""
        head = schema.audit_head
        with read_connection(self.engine) as conn:
            hash_: str = conn.execute(sa.select(head.c.hash).where(head.c.id == 1)).scalar_one()
        return hash_

    def close(self) -> None:
        """Close the engine's pooled connections."""
        self.engine.dispose()

    dispose = close

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def engine_of(source: SqlStore | sa.Engine) -> sa.Engine:
    """The engine of a store, or the engine itself."""
    return source.engine if isinstance(source, SqlStore) else source


class SqlUnitOfWork:
    """Stages changes; :meth:`commit` writes them all in one transaction, or none."""

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = engine
        self._staged = Staged()
        # Typed as the ports: the UnitOfWork protocol's attributes are invariant.
        self.mailboxes: MailboxRepository = SqlMailboxRepository(engine, self._staged)
        self.accounts: AccountRepository = SqlAccountRepository(engine, self._staged)
        self.messages: MessageLog = SqlMessageLog(engine, self._staged)
        self.audit: AuditLog = SqlAuditLog(engine, self._staged)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()

    def rollback(self) -> None:
        """Forget everything staged."""
        self._staged.clear()

    def commit(self) -> None:
        """Write everything staged, or nothing: a stale version raises
        :class:`~balorg.ports.ConcurrencyConflict`, a taken address
        :class:`~balorg.ports.DuplicateError`. On success each saved aggregate's
        ``version`` goes up by one and its events are cleared."""
        staged = self._staged
        with write_transaction(self._engine) as conn:
            # A fixed order (mailboxes, accounts, audit head; by address) so that
            # concurrent commits on PostgreSQL take row locks in the same order.
            for address in sorted(staged.mailboxes, key=str):
                write = insert_mailbox if address in staged.new_mailboxes else update_mailbox
                write(conn, staged.mailboxes[address])
            for address in sorted(staged.accounts, key=str):
                write_account = insert_account if address in staged.new_accounts else update_account
                write_account(conn, staged.accounts[address])
            insert_messages(conn, staged.messages)
            append_audit(conn, staged.audit)
        for mailbox in staged.mailboxes.values():
            mailbox.events.clear()
            mailbox.version += 1
        for account in staged.accounts.values():
            account.events.clear()
            account.version += 1
        self.rollback()
