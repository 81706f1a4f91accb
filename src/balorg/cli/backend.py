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

__all__ = ["DEFAULT_DB", "MissingExtra", "open_ports"]

DEFAULT_DB = "sqlite:///balorg.db"


class MissingExtra(BalorgError):
    default_code = "cli.sql_extra_missing"


@contextmanager
def open_ports(args: argparse.Namespace) -> Iterator[Ports]:
    """Ports on the database named by ``--db`` (``./balorg.db`` by default), migrated."""
    try:
        from balorg.adapters import sql  # noqa: PLC0415 - SQLAlchemy is an optional extra
    except ImportError:
        raise MissingExtra() from None
    store = sql.SqlStore(args.db or DEFAULT_DB)
    store.migrate()
    try:
        yield Ports(
            uow=store,
            clock=SystemClock(),
            notifier=sql.SqlNotifier(store),
            directory=sql.SqlDirectory(store),
            credentials=sql.SqlCredentials(store),
            settings=load_settings(Path(args.config) if args.config else None),
        )
    finally:
        store.dispose()
