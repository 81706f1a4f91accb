"""SQLite specifics: the embedded default must be safe to share between processes."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from balorg.adapters.sql import SqlStore
from balorg.adapters.sql import schema as tables
from balorg.adapters.sql.engine import BUSY_TIMEOUT_SECONDS, write_transaction
from balorg.testing.contracts import example_mailbox


def test_connections_enforce_foreign_keys_use_wal_and_wait_when_busy(tmp_path: Path) -> None:
    with SqlStore(f"sqlite:///{tmp_path / 'balorg.db'}") as store, store.engine.connect() as conn:
        pragma = conn.exec_driver_sql
        assert pragma("PRAGMA foreign_keys").scalar() == 1
        assert pragma("PRAGMA journal_mode").scalar() == "wal"
        assert pragma("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_SECONDS * 1000


def test_a_membership_of_an_unknown_mailbox_is_refused_by_the_database(tmp_path: Path) -> None:
    with SqlStore(f"sqlite:///{tmp_path / 'balorg.db'}") as store:
        row = {"mailbox": "nobody@x.fr", "account": "a@x.fr", "role": "member"}
        with pytest.raises(sa.exc.IntegrityError), write_transaction(store.engine) as conn:
            conn.execute(tables.mailbox_accounts.insert().values(row))


def test_a_relative_url_opens_a_file_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with SqlStore("sqlite:///balorg.db") as store, store() as uow:
        uow.mailboxes.add(example_mailbox())
        uow.commit()
    assert (tmp_path / "balorg.db").is_file()
    with SqlStore("sqlite:///balorg.db") as store, store() as uow:
        assert len(uow.mailboxes.addresses()) == 1
