"""SQLite specifics: the embedded default, opened from plain paths and shared by processes.

What every store does is in ``tests/contract/``; several processes on one file and writers
killed mid-write in ``test_processes.py`` and ``test_kill.py``; what the command line says
about paths, folders and foreign files in ``tests/cli/test_store.py``. Here: the file
itself (paths, folders, files that are not balorg's), the connection's settings (foreign
keys, WAL, the busy timeout), the switch to WAL while another process holds a new file,
and text that UTF-8 cannot encode.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import attrs
import pytest
import sqlalchemy as sa

from balorg.adapters.sql import SchemaVersionError, SqlStore, database_url, require_latest
from balorg.adapters.sql import engine as engines
from balorg.adapters.sql import schema as tables
from balorg.adapters.sql.engine import BUSY_TIMEOUT_SECONDS, create_engine, write_transaction
from balorg.domain.mail import Direction, MessageRecord
from balorg.testing.examples import T0, example_account, example_address, example_mailbox


def _mode(path: Path) -> str:
    """The journal mode recorded in the file, as any other program reads it."""
    with closing(sqlite3.connect(path)) as conn:
        return str(conn.execute("PRAGMA journal_mode").fetchone()[0])


# -- the file ------------------------------------------------------------------------------------


def test_a_plain_path_is_a_sqlite_file_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert database_url("balorg.db") == sa.URL.create("sqlite", database="balorg.db")
    monkeypatch.chdir(tmp_path)
    with SqlStore("balorg.db") as store, store() as uow:
        uow.mailboxes.add(example_mailbox())
        uow.commit()
    assert (tmp_path / "balorg.db").is_file()
    with SqlStore("sqlite:///balorg.db", upgrade=False) as store, store() as uow:
        assert len(uow.mailboxes.addresses()) == 1


def test_a_path_with_spaces_and_accents_is_a_file_like_any_other(tmp_path: Path) -> None:
    folder = tmp_path / "Données de l'opérateur"
    folder.mkdir()
    with SqlStore(str(folder / "ma base.db")) as store, store() as uow:
        uow.mailboxes.add(example_mailbox())
        uow.commit()
    assert [p.name for p in folder.iterdir() if p.suffix == ".db"] == ["ma base.db"]


def test_a_pathlib_path_is_a_sqlite_file_too(tmp_path: Path) -> None:
    path = tmp_path / "dossier" / "balorg.db"
    path.parent.mkdir()
    assert database_url(path) == database_url(str(path))
    with SqlStore(path) as store, store() as uow:
        uow.accounts.add(example_account("bob"))
        uow.commit()
    assert path.is_file()


def test_a_missing_folder_is_an_error_and_is_not_created(tmp_path: Path) -> None:
    with pytest.raises(sa.exc.OperationalError):
        SqlStore(str(tmp_path / "nope" / "balorg.db"))
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_is_not_a_database_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("pas une base de données\n" * 200)
    before = notes.read_bytes()
    with pytest.raises(sa.exc.DatabaseError, match="not a database"):
        SqlStore(str(notes))
    assert notes.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_a_database_of_another_application_keeps_its_tables_beside_balorgs(
    tmp_path: Path,
) -> None:
    path = tmp_path / "app.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total TEXT)")
        conn.execute("INSERT INTO invoices VALUES (1, '12.50')")
        conn.commit()
    engine = create_engine(str(path))
    try:
        with pytest.raises(SchemaVersionError) as refused:
            SqlStore(engine, upgrade=False)
        assert refused.value.params["found"] == "none"
        with SqlStore(engine) as store, store() as uow:  # a host embedding balorg
            uow.mailboxes.add(example_mailbox())
            uow.commit()
        require_latest(engine)
        names = set(sa.inspect(engine).get_table_names())
        assert names == {"alembic_version", "invoices", *tables.metadata.tables}
    finally:
        engine.dispose()
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT * FROM invoices").fetchall() == [(1, "12.50")]


# -- the connection ------------------------------------------------------------------------------


def test_connections_enforce_foreign_keys_use_wal_and_wait_when_busy(tmp_path: Path) -> None:
    with SqlStore(str(tmp_path / "balorg.db")) as store, store.engine.connect() as conn:
        pragma = conn.exec_driver_sql
        assert pragma("PRAGMA foreign_keys").scalar() == 1
        assert pragma("PRAGMA journal_mode").scalar() == "wal"
        assert pragma("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_SECONDS * 1000
    assert _mode(tmp_path / "balorg.db") == "wal"  # kept in the file, for every program


def test_an_in_memory_database_stays_in_memory() -> None:
    engine = create_engine("sqlite://")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "memory"
    finally:
        engine.dispose()


def test_a_writer_waits_for_another_writers_lock_instead_of_failing(tmp_path: Path) -> None:
    engine = create_engine(str(tmp_path / "balorg.db"))
    table = sa.Table("t", sa.MetaData(), sa.Column("x", sa.Integer))
    table.create(engine)
    held, released = threading.Event(), threading.Event()

    def first() -> None:
        with write_transaction(engine) as conn:
            conn.execute(table.insert().values(x=1))
            held.set()
            released.wait(5)

    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert held.wait(5)
        threading.Timer(0.3, released.set).start()
        started = time.monotonic()
        with write_transaction(engine) as conn:  # waits for the first writer's commit
            conn.execute(table.insert().values(x=2))
        assert time.monotonic() - started >= 0.25
    finally:
        released.set()
        thread.join()
    with engine.connect() as conn:
        assert sorted(conn.execute(sa.select(table.c.x)).scalars()) == [1, 2]
    engine.dispose()


# -- the switch to WAL while another process holds a new file ------------------------------------


@pytest.fixture
def writer_on_a_new_file(tmp_path: Path) -> Iterator[tuple[Path, sqlite3.Connection]]:
    """A new file in the default rollback journal, and another program's connection
    that holds its write lock (a transaction that wrote, not committed yet)."""
    path = tmp_path / "new.db"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("CREATE TABLE t (x)")
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO t VALUES (1)")
    yield path, other
    if other.in_transaction:
        other.execute("COMMIT")
    other.close()


def test_sqlite_refuses_the_switch_at_once_while_another_connection_writes(
    writer_on_a_new_file: tuple[Path, sqlite3.Connection],
) -> None:
    """Why balorg retries: the busy timeout does not cover the switch (the cause of the
    rare ``database is locked`` of processes opening a new file at once)."""
    path, _other = writer_on_a_new_file
    with closing(sqlite3.connect(path, timeout=5, isolation_level=None)) as conn:
        started = time.monotonic()
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            conn.execute("PRAGMA journal_mode = WAL")
        assert time.monotonic() - started < 2  # no waiting: the busy handler is not called


def test_the_switch_to_wal_waits_for_the_writer_of_a_new_file(
    writer_on_a_new_file: tuple[Path, sqlite3.Connection],
) -> None:
    path, other = writer_on_a_new_file
    threading.Timer(0.4, other.execute, ["COMMIT"]).start()
    engine = create_engine(str(path))
    try:
        started = time.monotonic()
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("SELECT x FROM t").scalars().all() == [1]
        assert time.monotonic() - started >= 0.3
    finally:
        engine.dispose()
    assert _mode(path) == "wal"


def test_the_switch_to_wal_gives_up_after_the_busy_timeout(
    writer_on_a_new_file: tuple[Path, sqlite3.Connection], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _other = writer_on_a_new_file
    monkeypatch.setattr(engines, "BUSY_TIMEOUT_SECONDS", 0.3)
    engine = create_engine(str(path))
    try:
        started = time.monotonic()
        with pytest.raises(sa.exc.OperationalError, match="locked"), engine.connect():
            pass
        assert 0.1 <= time.monotonic() - started < 2
    finally:
        engine.dispose()


class _Cursor:
    """A cursor whose switch to WAL fails with ``errors``, one per attempt, then works."""

    def __init__(self, *errors: sqlite3.OperationalError, mode: str = "delete") -> None:
        self.errors = list(errors)
        self.mode = mode
        self.statements: list[str] = []

    def execute(self, statement: str) -> _Cursor:
        self.statements.append(statement)
        if statement.endswith("= WAL"):
            if self.errors:
                raise self.errors.pop(0)
            self.mode = "wal"
        return self

    def fetchone(self) -> tuple[Any, ...]:
        return (self.mode,)


def _locked() -> sqlite3.OperationalError:
    error = sqlite3.OperationalError("database is locked")
    error.sqlite_errorcode = 5
    return error


def test_the_switch_is_tried_again_with_a_growing_bounded_pause(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pauses: list[float] = []
    monkeypatch.setattr("balorg.adapters.sql.engine.time.sleep", pauses.append)
    cursor = _Cursor(*[_locked() for _ in range(12)])
    engines._journal_in_wal(cursor)
    assert cursor.mode == "wal"
    assert len(pauses) == 12
    assert all(0 < p <= engines._WAL_LONGEST_PAUSE for p in pauses)
    assert pauses[5] > pauses[0] * 4  # exponential at first (with jitter)


def test_a_file_already_in_wal_is_not_switched_again_and_other_errors_are_not_retried(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        "balorg.adapters.sql.engine.time.sleep", lambda _: pytest.fail("no pause expected")
    )
    already = _Cursor(_locked(), mode="wal")
    engines._journal_in_wal(already)
    assert already.statements == ["PRAGMA journal_mode"]
    broken = _Cursor(sqlite3.OperationalError("disk I/O error"))
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        engines._journal_in_wal(broken)


# -- text that UTF-8 cannot encode ---------------------------------------------------------------


def _every_text_is_utf_8(path: Path) -> None:
    with closing(sqlite3.connect(path)) as conn:
        for table in tables.metadata.sorted_tables:
            for column in table.columns:
                query = f'SELECT CAST("{column.name}" AS BLOB) FROM "{table.name}"'
                for (raw,) in conn.execute(query):
                    if isinstance(raw, bytes) and column.type.python_type is not bytes:
                        raw.decode("utf-8")  # strict: raises on bytes UTF-8 never makes


def test_text_that_utf_8_cannot_encode_is_never_written(tmp_path: Path) -> None:
    path = tmp_path / "balorg.db"
    mailbox = example_mailbox()
    with SqlStore(str(path)) as store:
        with store() as uow:
            uow.mailboxes.add(mailbox)
            uow.commit()
        message = MessageRecord(
            mailbox=mailbox.address,
            direction=Direction.RECEIVED,
            reference="<1\udcff@hopital.mssante.fr>",  # a byte 0xff read with surrogateescape
            at=T0,
            correspondent=example_address("dr.house", "hopital.mssante.fr"),
            author=None,
        )
        with store() as uow:
            uow.accounts.add(example_account("bob"))
            with pytest.raises(UnicodeEncodeError):
                uow.messages.record(message)
        with store() as uow:  # nothing of that unit of work
            assert uow.accounts.get(example_address("bob")) is None
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT count(*) FROM messages").fetchone() == (0,)
    _every_text_is_utf_8(path)


def test_a_document_holding_text_utf_8_cannot_encode_is_never_written(tmp_path: Path) -> None:
    account = attrs.evolve(example_account("bob"), first_name="Bob\udcff")
    with SqlStore(str(tmp_path / "balorg.db")) as store:
        with store() as uow, pytest.raises(ValueError):  # noqa: PT011 - any refusal will do
            uow.accounts.add(account)
        with store() as uow:
            assert uow.accounts.get(account.address) is None
