"""Fixtures of the SQL integration tests: SQLite files and a throwaway PostgreSQL."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from balorg.adapters.sql import SqlStore


def _load(name: str) -> ModuleType:
    """A helper module of this folder, imported once per process whatever the import mode."""
    key = f"balorg_integration_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, Path(__file__).with_name(f"{name}.py"))
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]


pg_cluster = _load("pg_cluster")

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def postgres() -> Iterator[object]:
    """The session's throwaway PostgreSQL cluster (skipped if its binaries are absent)."""
    cluster = pg_cluster.acquire()
    yield cluster
    pg_cluster.release()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A database at the latest revision, empty of data."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'balorg.db'}"
        SqlStore(url).close()
        return url
    migrated: str = request.getfixturevalue("postgres").create_database(migrated=True)
    return migrated


@pytest.fixture
def empty_database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A database with no schema at all."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    url: str = request.getfixturevalue("postgres").create_database(migrated=False)
    return url


@pytest.fixture
def store(database_url: str) -> Iterator[SqlStore]:
    with SqlStore(database_url) as opened:
        yield opened
