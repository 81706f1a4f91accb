"""The SQL adapters pass every port's contract, on SQLite and on PostgreSQL."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from balorg.adapters.sql import SqlDirectoryPublisher, SqlNotifier, SqlStore
from balorg.domain.mail import Notice
from balorg.domain.publication import DirectoryChange, MailboxEntry
from balorg.ports import DirectoryPublisher, Notifier, UnitOfWorkFactory
from balorg.testing.contracts import (
    DirectoryPublisherContract,
    NotifierContract,
    StorageContract,
)


def _pg_cluster() -> ModuleType:
    """tests/integration/pg_cluster.py, imported once per process (shared with its conftest)."""
    key = "balorg_integration_pg_cluster"
    if key not in sys.modules:
        path = Path(__file__).resolve().parents[1] / "integration" / "pg_cluster.py"
        spec = importlib.util.spec_from_file_location(key, path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]


@pytest.fixture(scope="session")
def postgres() -> Iterator[Any]:
    pg_cluster = _pg_cluster()
    cluster = pg_cluster.acquire()
    yield cluster
    pg_cluster.release()


class _OnSqlite:
    @pytest.fixture
    def database_url(self, tmp_path: Path) -> str:
        return f"sqlite:///{tmp_path / 'contract.db'}"


@pytest.mark.postgres
class _OnPostgres:
    @pytest.fixture
    def database_url(self, postgres: Any) -> str:
        url: str = postgres.create_database(migrated=True)
        return url


class _SqlAdapters:
    @pytest.fixture
    def store(self, database_url: str) -> Iterator[SqlStore]:
        with SqlStore(database_url) as store:
            yield store

    @pytest.fixture
    def uow_factory(self, store: SqlStore) -> UnitOfWorkFactory:
        return store

    @pytest.fixture
    def notifier(self, store: SqlStore) -> Notifier:
        return SqlNotifier(store)

    def delivered(self, notifier: Notifier) -> Sequence[Notice] | None:
        assert isinstance(notifier, SqlNotifier)
        return [sent.notice for sent in notifier.sent()]

    @pytest.fixture
    def publisher(self, store: SqlStore) -> DirectoryPublisher:
        return SqlDirectoryPublisher(store)

    def shown(self, publisher: DirectoryPublisher, change: DirectoryChange) -> MailboxEntry | None:
        assert isinstance(publisher, SqlDirectoryPublisher)
        return publisher.entry(change.address, change.directory)


class TestSqliteStorage(_OnSqlite, _SqlAdapters, StorageContract):
    pass


class TestSqliteNotifier(_OnSqlite, _SqlAdapters, NotifierContract):
    pass


class TestSqlitePublisher(_OnSqlite, _SqlAdapters, DirectoryPublisherContract):
    pass


class TestPostgresStorage(_OnPostgres, _SqlAdapters, StorageContract):
    pass


class TestPostgresNotifier(_OnPostgres, _SqlAdapters, NotifierContract):
    pass


class TestPostgresPublisher(_OnPostgres, _SqlAdapters, DirectoryPublisherContract):
    pass
