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
    """The URL without its password, if it has one."""
    scheme, sep, rest = url.partition("://")
    userinfo, at, host = rest.rpartition("@")
    if not sep or not at or ":" not in userinfo:
        return url
    return f"{scheme}://{userinfo.partition(':')[0]}:***@{host}"
