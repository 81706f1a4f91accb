"""Engines set up for balorg, and the two kinds of transaction it uses.

SQLite gets foreign keys, WAL (readers never block the writer) and a busy
timeout; and since Python's ``sqlite3`` driver begins transactions lazily and
on its own terms, the engine takes transaction control over (the SQLAlchemy
recipe for pysqlite): a unit of work begins with ``BEGIN``, and its first write
takes the database's write lock (waiting for it up to the busy timeout; a
transaction whose snapshot went stale meanwhile fails at once, and the command is
retried); a migration begins with ``BEGIN IMMEDIATE``. PostgreSQL needs nothing
special. A plain path is a SQLite file.

>>> engine = create_engine("sqlite://")
>>> with write_transaction(engine) as conn:
...     conn.exec_driver_sql("PRAGMA foreign_keys").scalar()
1
>>> engine.dispose()
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy import event

__all__ = [
    "BUSY_TIMEOUT_SECONDS",
    "create_engine",
    "database_url",
    "insert_or_ignore",
    "is_sqlite",
    "json_text",
    "read_connection",
    "write_transaction",
]

#: How long a SQLite writer waits for the database lock before giving up.
BUSY_TIMEOUT_SECONDS: Final = 30

_WRITE_OPTION: Final = "balorg_write"
#: Backoff of the switch to WAL while another connection holds the file (seconds).
_WAL_FIRST_PAUSE: Final = 0.005
_WAL_LONGEST_PAUSE: Final = 0.25
_SQLITE_BUSY: Final = 5
_SQLITE_LOCKED: Final = 6


def database_url(text: str | os.PathLike[str] | sa.URL) -> sa.URL:
    """``text`` as a SQLAlchemy URL: a URL as it is, a plain path (or a
    :class:`~pathlib.Path`) as a SQLite file (``balorg.db`` is ``sqlite:///balorg.db``)."""
    if isinstance(text, sa.URL):
        return text
    if isinstance(text, os.PathLike):
        return sa.URL.create("sqlite", database=os.fspath(text))
    if "://" not in text:
        return sa.URL.create("sqlite", database=text)
    return sa.make_url(text)


def json_text(value: Any) -> str:
    """A document as stored: JSON in UTF-8 as it is (no ASCII escapes), so that text UTF-8
    cannot hold (a lone surrogate) is refused on SQLite as on PostgreSQL, never escaped."""
    text = json.dumps(value, ensure_ascii=False)
    text.encode("utf-8")  # raises UnicodeEncodeError (a ValueError) before any write
    return text


def create_engine(url: str | os.PathLike[str] | sa.URL, **options: Any) -> sa.Engine:
    """An engine for ``url`` (``sqlite:///balorg.db``, ``postgresql+psycopg://...``, or a
    plain path to a SQLite file).

    A bare ``postgresql://`` URL gets the psycopg 3 driver of the ``sql`` extra
    (SQLAlchemy would pick psycopg2). ``options`` go to :func:`sqlalchemy.create_engine`.
    """
    url = database_url(url)
    options.setdefault("json_serializer", json_text)
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
    """Whether ``url`` names a SQLite database."""
    return engine.dialect.name == "sqlite"


def _configure_sqlite(dbapi_connection: Any, _record: object) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.execute("PRAGMA foreign_keys = ON")
        _journal_in_wal(cursor)
    finally:
        cursor.close()


def _journal_in_wal(cursor: Any) -> None:
    """Switch the file to WAL, unless it is in WAL already (the mode is kept in the file:
    only the first connection to a new file switches it; in-memory databases answer
    "memory").

    Several processes opening a new file at once may find it locked while one of them
    switches it, and SQLite's busy handler does not cover this pragma: the check and the
    switch are tried again while the file is busy, with an exponential backoff (jittered,
    so that the waiting processes do not come back together), for at most
    :data:`BUSY_TIMEOUT_SECONDS` like every other lock wait.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    pause = _WAL_FIRST_PAUSE
    while True:
        try:
            mode = str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower()
            if mode not in ("wal", "memory"):
                cursor.execute("PRAGMA journal_mode = WAL").fetchone()
        except sqlite3.OperationalError as error:
            if not _busy(error) or time.monotonic() + pause > deadline:
                raise
        else:
            return
        time.sleep(pause * (0.5 + random.random() / 2))  # jitter
        pause = min(pause * 2, _WAL_LONGEST_PAUSE)


def _busy(error: sqlite3.OperationalError) -> bool:
    """SQLITE_BUSY or SQLITE_LOCKED: another connection holds the lock for now."""
    code = getattr(error, "sqlite_errorcode", None)
    return code in (_SQLITE_BUSY, _SQLITE_LOCKED) or "locked" in str(error).lower()


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


def insert_or_ignore(
    dialect: str, table: sa.Table, values: Mapping[str, Any], keys: Sequence[str]
) -> sa.Executable:
    """An insert of ``values`` that does nothing if a row with the same ``keys`` exists
    (one statement, so two concurrent inserts of one key never fail), on SQLite or
    PostgreSQL."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert  # noqa: PLC0415
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment] # noqa: PLC0415
    return insert(table).values(dict(values)).on_conflict_do_nothing(index_elements=list(keys))
