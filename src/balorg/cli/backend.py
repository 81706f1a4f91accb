"""Wiring the command line to the embedded default: SQL adapters on SQLite."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from balorg.adapters.clock import SystemClock
from balorg.cli.config import load_settings
from balorg.domain.errors import BalorgError
from balorg.services.context import Ports

__all__ = ["DEFAULT_DB", "DatabaseUnavailable", "MissingExtra", "open_ports"]

DEFAULT_DB = "sqlite:///balorg.db"


class MissingExtra(BalorgError):
    default_code = "cli.sql_extra_missing"


class DatabaseUnavailable(BalorgError):
    default_code = "cli.database_unavailable"


@contextmanager
def open_ports(args: argparse.Namespace) -> Iterator[Ports]:
    """Ports on the database named by ``--db`` (``./balorg.db`` by default), migrated."""
    try:
        from sqlalchemy import exc as sqlalchemy_errors  # noqa: PLC0415 - optional extra

        from balorg.adapters import sql  # noqa: PLC0415
    except ImportError:
        raise MissingExtra() from None
    # Settings first: a bad configuration must not leave a new database behind.
    settings = load_settings(Path(args.config) if args.config else None)
    url = args.db or DEFAULT_DB
    try:
        store = sql.SqlStore(url)
    except (sqlalchemy_errors.SQLAlchemyError, ValueError, OSError) as exc:
        raise DatabaseUnavailable(url=_redacted(url), reason=type(exc).__name__) from None
    try:
        yield Ports(
            uow=store,
            clock=SystemClock(),
            notifier=sql.SqlNotifier(store),
            directory=sql.SqlDirectory(store),
            credentials=sql.SqlCredentials(store),
            settings=settings,
        )
    finally:
        store.dispose()


def _redacted(url: str) -> str:
    """The URL without any password, in the user part or in the query."""
    from sqlalchemy.engine import make_url  # noqa: PLC0415 - optional extra

    try:
        parsed = make_url(url)
    except Exception:
        return url.partition(":")[0] + ":***"
    query = {k: v for k, v in parsed.query.items() if "password" not in k.lower()}
    return parsed.set(query=query).render_as_string(hide_password=True)
