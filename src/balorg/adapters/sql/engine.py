"""Engines set up for balorg, and the two kinds of transaction it uses.

SQLite gets foreign keys, WAL (readers never block the writer) and a busy
timeout; and since Python's ``sqlite3`` driver begins transactions lazily and
on its own terms, the engine takes transaction control over (the SQLAlchemy
recipe for pysqlite): a read begins with ``BEGIN``, a write with
``BEGIN IMMEDIATE``, so writers queue on the database lock up front instead of
failing when they upgrade a read lock. PostgreSQL needs nothing special.

>>> engine = create_engine("sqlite://")
>>> with write_transaction(engine) as conn:
...     conn.exec_driver_sql("PRAGMA foreign_keys").scalar()
1
>>> engine.dispose()
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy import event

__all__ = [
    "BUSY_TIMEOUT_SECONDS",
    "create_engine",
    "is_sqlite",
    "read_connection",
    "write_transaction",
]

#: How long a SQLite writer waits for the database lock before giving up.
BUSY_TIMEOUT_SECONDS: Final = 30

_WRITE_OPTION: Final = "balorg_write"


def create_engine(url: str | sa.URL, **options: Any) -> sa.Engine:
    """An engine for ``url`` (``sqlite:///balorg.db``, ``postgresql+psycopg://...``).

    A bare ``postgresql://`` URL gets the psycopg 3 driver of the ``sql`` extra
    (SQLAlchemy would pick psycopg2). ``options`` go to :func:`sqlalchemy.create_engine`.
    """
    url = sa.make_url(url)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() != "sqlite":
        return sa.create_engine(url, **options)
    connect_args = dict(options.pop("connect_args", {}))
    connect_args.setdefault("timeout", BUSY_TIMEOUT_SECONDS)
    engine = sa.create_engine(url, connect_args=connect_args, **options)
    event.listen(engine, "connect", _configure_sqlite)
    event.listen(engine, "begin", _begin_sqlite)
    return engine


def is_sqlite(engine: sa.Engine | sa.Connection) -> bool:
    return engine.dialect.name == "sqlite"


def _configure_sqlite(dbapi_connection: Any, _record: object) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")  # answers "memory" for in-memory databases
    finally:
        cursor.close()


def _begin_sqlite(conn: sa.Connection) -> None:
    immediate = conn.get_execution_options().get(_WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def read_connection(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection for reads; its transaction is rolled back when it closes."""
    with engine.connect() as conn:
        yield conn


@contextmanager
def write_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A transaction that commits when the block ends and rolls back if it raises.

    On SQLite it holds the database's write lock from its first statement.
    """
    with engine.connect() as conn:
        conn.execution_options(**{_WRITE_OPTION: True})
        with conn.begin():
            yield conn
