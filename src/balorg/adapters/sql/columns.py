"""Column types shared by the schema and its migrations.

Their DDL must never change: migrations written against them are history.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

__all__ = ["Document", "UtcDateTime"]


class UtcDateTime(sa.TypeDecorator[dt.datetime]):
    """A timezone-aware instant, stored in UTC; read back as UTC.

    PostgreSQL stores a ``timestamp with time zone``; SQLite has none, so the
    UTC wall time is stored there, which also sorts and compares correctly.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: sa.Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("balorg stores timezone-aware datetimes only")
        utc = value.astimezone(dt.UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if not isinstance(value, dt.datetime):
            raise TypeError(f"expected a datetime from the database, got {type(value).__name__}")
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


#: A JSON document: ``jsonb`` on PostgreSQL (queryable by operators), text on SQLite.
Document = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
