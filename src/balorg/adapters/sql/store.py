"""The SQL store and its units of work (SQLite or PostgreSQL, SQLAlchemy Core).

A unit of work is one database transaction, begun at its first statement and ended by
:meth:`SqlUnitOfWork.commit` or a rollback; its repositories write inside it at once.
A conflict with a concurrent transaction (a stale version, a second live delegation,
SQLite's lock) is a :class:`~balorg.ports.ConcurrencyConflict` or a
:class:`~balorg.ports.DuplicateError`; the command runner retries the whole command.

>>> from balorg.testing.examples import example_mailbox
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

import os
import sqlite3
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any, Self

import sqlalchemy as sa

from balorg.adapters.sql.audit import SqlAuditLog
from balorg.adapters.sql.engine import create_engine, insert_or_ignore
from balorg.adapters.sql.migrations import require_latest, upgrade
from balorg.adapters.sql.outbox import SqlOutbox
from balorg.adapters.sql.repositories import (
    SqlAccountRepository,
    SqlCredentialRepository,
    SqlDelegationRepository,
    SqlMailboxRepository,
    SqlMessageLog,
    SqlSessionRepository,
    SqlThrottleRepository,
)
from balorg.ports import (
    AccountRepository,
    AuditLog,
    CredentialRepository,
    DelegationRepository,
    MailboxRepository,
    MessageLog,
    Outbox,
    SessionRepository,
    ThrottleRepository,
)
from balorg.ports.repositories import ConcurrencyConflict, DuplicateError

__all__ = ["SqlStore", "SqlUnitOfWork", "engine_of"]

#: Messages of driver errors that mean "another transaction got there first".
_CONFLICTS = (
    "database is locked",
    "database table is locked",
    "could not serialize",
    "deadlock detected",
)


class SqlStore:
    """Mailboxes, delegations, accounts, sessions, messages, the audit trail and the
    outbox in one database.

    ``url`` is a SQLAlchemy URL (``sqlite:///balorg.db``,
    ``postgresql+psycopg://user@host/db``), a plain file path (SQLite), or an engine made
    by :func:`balorg.adapters.sql.create_engine`. With ``upgrade`` (the default) the
    schema is brought up to date on opening (Alembic, taking over databases of balorg
    0.1); otherwise a database at another revision is refused with
    :class:`~balorg.adapters.sql.SchemaVersionError`.

    The store is the unit-of-work factory: pass it as ``Ports(uow=store, ...)``.
    """

    def __init__(
        self, url: str | os.PathLike[str] | sa.URL | sa.Engine, *, upgrade: bool = True
    ) -> None:
        self.engine = url if isinstance(url, sa.Engine) else create_engine(url)
        if upgrade:
            self.upgrade()
        else:
            require_latest(self.engine)

    def upgrade(self) -> tuple[str, ...]:
        """Apply the missing revisions (done on opening unless ``upgrade=False``)."""
        return upgrade(self.engine)

    def unit_of_work(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine)

    __call__ = unit_of_work

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


def _conflict(error: Exception) -> bool:
    """Whether a driver error (or SQLAlchemy's wrapper of one) means a lost race."""
    text = str(getattr(error, "orig", error)).lower()
    return any(marker in text for marker in _CONFLICTS)


class SqlUnitOfWork:
    """One transaction; its repositories read and write inside it."""

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = engine
        self._conn: sa.Connection | None = None
        self._transaction: sa.RootTransaction | None = None
        self._savepoint: sa.NestedTransaction | None = None
        self.dialect = engine.dialect.name
        # Typed as the ports: the UnitOfWork protocol's attributes are invariant.
        self.mailboxes: MailboxRepository = SqlMailboxRepository(self)
        self.delegations: DelegationRepository = SqlDelegationRepository(self)
        self.accounts: AccountRepository = SqlAccountRepository(self)
        self.credentials: CredentialRepository = SqlCredentialRepository(self)
        self.sessions: SessionRepository = SqlSessionRepository(self)
        self.throttle: ThrottleRepository = SqlThrottleRepository(self)
        self.messages: MessageLog = SqlMessageLog(self)
        self.audit: AuditLog = SqlAuditLog(self)
        self.outbox: Outbox = SqlOutbox(self)

    # -- the transaction ----------------------------------------------------------------------

    @property
    def connection(self) -> sa.Connection:
        """The transaction's connection (the transaction begins with the first use)."""
        if self._conn is None:
            self._conn = self._engine.connect()
            self._transaction = self._conn.begin()
        return self._conn

    def execute(
        self,
        statement: sa.Executable,
        parameters: Sequence[Mapping[str, Any]] | Mapping[str, Any] | None = None,
        *,
        stream: bool = False,
    ) -> sa.CursorResult[Any]:
        """Run ``statement`` in the transaction; a lost race is a ConcurrencyConflict."""
        conn = self.connection
        # Per statement: Connection.execution_options() would change the connection itself
        # (every later statement of the transaction would stream).
        options = {"stream_results": True, "yield_per": 10_000} if stream else {}
        try:
            return conn.execute(statement, parameters, execution_options=options)
        except sa.exc.DBAPIError as error:
            if _conflict(error):
                raise ConcurrencyConflict("storage.conflict", address="") from None
            raise
        except sa.exc.StatementError as error:
            if isinstance(error.orig, UnicodeEncodeError):
                raise error.orig from None  # text UTF-8 cannot hold: as the driver says it
            raise

    def execute_driver(self, sql: str, parameters: Mapping[str, Any]) -> Any:
        """Run plain ``sql`` (named ``:parameters``) on the driver's own cursor, in the
        transaction: for the few statements run per command on SQLite where SQLAlchemy's
        own work would cost more than SQLite's. Answers the cursor."""
        cursor = self.connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(sql, parameters)
        except sqlite3.OperationalError as error:
            if _conflict(error):
                raise ConcurrencyConflict("storage.conflict", address="") from None
            raise
        return cursor

    def insert(self, table: sa.Table, values: Mapping[str, Any], *, key: object = None) -> None:
        """Insert a row; an existing key is a DuplicateError (the transaction goes on)."""
        savepoint = self.connection.begin_nested()
        try:
            self.execute(table.insert().values(dict(values)))
        except sa.exc.IntegrityError:
            savepoint.rollback()
            shown = key if key is not None else values.get("address", values.get("account"))
            raise DuplicateError("storage.duplicate", address=str(shown)) from None
        savepoint.commit()

    def upsert_ignore(self, table: sa.Table, values: Mapping[str, Any], keys: list[str]) -> None:
        """Insert the row unless its key exists (a write either way: it takes the lock)."""
        self.execute(insert_or_ignore(self.dialect, table, values, keys))

    def mark(self) -> None:
        self._savepoint = self.connection.begin_nested()

    def undo(self) -> None:
        if self._savepoint is None:
            self.rollback()
            return
        self._savepoint.rollback()
        self._savepoint = None

    def commit(self) -> None:
        if self._transaction is not None:
            try:
                self._transaction.commit()
            except sa.exc.OperationalError as error:
                self._end()
                if _conflict(error):
                    raise ConcurrencyConflict("storage.conflict", address="") from None
                raise
        self._end()

    def rollback(self) -> None:
        if self._transaction is not None and self._transaction.is_active:
            self._transaction.rollback()
        self._end()

    def _end(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self._conn, self._transaction, self._savepoint = None, None, None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()
