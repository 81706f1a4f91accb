"""SQL adapters: SQLite (embedded default) and PostgreSQL, on SQLAlchemy Core.

The store (every storage port, one transaction per unit of work), migrations on
Alembic, and reference adapters of the delivery ports (a notifier that keeps what it
sends, a directory publisher that keeps what each directory shows). Install with the
``sql`` extra (``pip install balorg[sql]``). See ``docs/storage.md``.
"""

from __future__ import annotations

from balorg.adapters.sql.engine import create_engine, database_url
from balorg.adapters.sql.migrations import (
    VERSIONS_PATH,
    SchemaVersionError,
    current,
    downgrade,
    head,
    require_latest,
    upgrade,
)
from balorg.adapters.sql.notifier import SentNotice, SqlNotifier
from balorg.adapters.sql.publisher import SqlDirectoryPublisher
from balorg.adapters.sql.store import SqlStore, SqlUnitOfWork

__all__ = [
    "VERSIONS_PATH",
    "SchemaVersionError",
    "SentNotice",
    "SqlDirectoryPublisher",
    "SqlNotifier",
    "SqlStore",
    "SqlUnitOfWork",
    "create_engine",
    "current",
    "database_url",
    "downgrade",
    "head",
    "require_latest",
    "upgrade",
]
