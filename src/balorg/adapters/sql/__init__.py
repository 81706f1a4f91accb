"""SQL adapters of the stateful ports: SQLite (embedded default) and PostgreSQL.

SQLAlchemy Core over tables of its own; the domain stays free of any mapping.
Install with the ``sql`` extra (``pip install balorg[sql]``). See
``docs/storage.md``.
"""

from __future__ import annotations

from balorg.adapters.sql.credentials import SqlCredentials
from balorg.adapters.sql.directory import SqlDirectory
from balorg.adapters.sql.engine import create_engine
from balorg.adapters.sql.migrations import (
    LATEST_VERSION,
    MIGRATIONS,
    Migration,
    SchemaVersionError,
    migrate,
    schema_version,
)
from balorg.adapters.sql.notifier import SentNotice, SqlNotifier
from balorg.adapters.sql.store import SqlStore, SqlUnitOfWork

__all__ = [
    "LATEST_VERSION",
    "MIGRATIONS",
    "Migration",
    "SchemaVersionError",
    "SentNotice",
    "SqlCredentials",
    "SqlDirectory",
    "SqlNotifier",
    "SqlStore",
    "SqlUnitOfWork",
    "create_engine",
    "migrate",
    "schema_version",
]
