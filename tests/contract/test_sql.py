"""The SQL adapters pass every port's contract, on SQLite and on PostgreSQL."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import sqlalchemy as sa

from balorg.adapters.sql import SqlCredentials, SqlDirectory, SqlNotifier, SqlStore
from balorg.adapters.sql import schema as sql_schema
from balorg.domain.mail import Notice
from balorg.domain.professional import Professional
from balorg.domain.structure import Structure
from balorg.ports import Directory, Notifier, UnitOfWorkFactory
from balorg.testing.contracts import (
    CredentialsContract,
    DirectoryContract,
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


# -- where the database is -------------------------------------------------------------------


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


# -- the adapters over it --------------------------------------------------------------------


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
        return SqlNotifier(store.engine)

    def delivered(self, notifier: Notifier) -> Sequence[Notice] | None:
        assert isinstance(notifier, SqlNotifier)
        return [sent.notice for sent in notifier.sent()]

    @pytest.fixture
    def directory(self, store: SqlStore) -> Directory:
        return SqlDirectory(store.engine)

    def seed(
        self,
        directory: Directory,
        professionals: Sequence[Professional],
        structures: Sequence[Structure],
    ) -> None:
        assert isinstance(directory, SqlDirectory)
        for professional in professionals:
            directory.add_professional(professional)
        for structure in structures:
            directory.add_structure(structure)

    @pytest.fixture
    def credentials(self, store: SqlStore) -> SqlCredentials:
        credentials = SqlCredentials(store.engine)
        credentials.store = store  # type: ignore[attr-defined]  # for stored_bytes
        return credentials

    def stored_bytes(self, credentials: Any) -> bytes | None:
        """Every credentials row, and on SQLite the database files themselves."""
        store: SqlStore = credentials.store
        with store.engine.connect() as conn:
            rows = conn.execute(sa.select(sql_schema.credentials)).all()
        stored = b"".join(
            v if isinstance(v, bytes) else str(v).encode() for row in rows for v in row
        )
        database = store.engine.url.database
        if store.engine.dialect.name == "sqlite" and database:
            for suffix in ("", "-wal"):
                path = Path(database + suffix)
                if path.exists():
                    stored += path.read_bytes()
        return stored


class TestSqliteStorage(_OnSqlite, _SqlAdapters, StorageContract):
    pass


class TestSqliteNotifier(_OnSqlite, _SqlAdapters, NotifierContract):
    pass


class TestSqliteDirectory(_OnSqlite, _SqlAdapters, DirectoryContract):
    pass


class TestSqliteCredentials(_OnSqlite, _SqlAdapters, CredentialsContract):
    pass


class TestPostgresStorage(_OnPostgres, _SqlAdapters, StorageContract):
    pass


class TestPostgresNotifier(_OnPostgres, _SqlAdapters, NotifierContract):
    pass


class TestPostgresDirectory(_OnPostgres, _SqlAdapters, DirectoryContract):
    pass


class TestPostgresCredentials(_OnPostgres, _SqlAdapters, CredentialsContract):
    pass
