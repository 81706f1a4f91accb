"""balorg's schema migrations, on Alembic.

The revisions are package data (``versions/``), one branch labelled ``balorg``:

- ``0001``: the schema of balorg 0.1 (its own versions 1 to 3, with its
  ``schema_version`` table, so that balorg 0.1 opens a database at ``0001``);
- ``0002``: per-aggregate storage (delegations as rows, per-mailbox audit chains with
  anchors, sessions, the login throttle, the outbox, notice subscriptions).

:func:`upgrade` brings a database to the latest revision in one transaction, taking
over a database of balorg 0.1 first (its ``schema_version`` table: the missing 0.1
steps are applied and the database is stamped ``0001``). Concurrent upgraders queue
(SQLite: the write lock; PostgreSQL: an advisory lock) and the second finds nothing
to do. :func:`downgrade` goes back, data included, as far as ``0001`` (the 0.1 schema,
which balorg 0.1 opens) or to an empty database (``base``). See ``docs/migrations.md``.

>>> from balorg.adapters.sql.engine import create_engine
>>> engine = create_engine("sqlite://")
>>> current(engine) is None
True
>>> upgrade(engine)
('0001', '0002')
>>> current(engine) == head(), upgrade(engine)
(True, ())
>>> engine.dispose()
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Final

import sqlalchemy as sa

from balorg.adapters.sql.engine import write_transaction
from balorg.adapters.sql.migrations.legacy import legacy_version, to_version_3
from balorg.domain.errors import BalorgError

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = [
    "VERSIONS_PATH",
    "SchemaVersionError",
    "current",
    "downgrade",
    "head",
    "require_latest",
    "revisions",
    "upgrade",
]

#: Where balorg's revisions are (for a host's own ``version_locations``).
VERSIONS_PATH: Final = Path(__file__).with_name("versions")
_HERE: Final = Path(__file__).parent
#: Key of the PostgreSQL advisory lock held while migrating.
_LOCK: Final = 0x62616C6F  # "balo"


class SchemaVersionError(BalorgError):
    """The database is not at the schema revision this balorg expects (params:
    ``found``, ``latest``)."""

    default_code = "storage.schema_version"


def _config(conn: sa.Connection | None = None) -> Config:
    from alembic.config import Config  # noqa: PLC0415 - Alembic is loaded to migrate only

    config = Config()
    config.set_main_option("path_separator", "os")
    config.set_main_option("script_location", str(_HERE))
    config.set_main_option("version_locations", str(VERSIONS_PATH))
    if conn is not None:
        config.attributes["connection"] = conn
    return config


@functools.cache
def revisions() -> tuple[str, ...]:
    """balorg's revisions, oldest first."""
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    script = ScriptDirectory.from_config(_config())
    return tuple(reversed([r.revision for r in script.walk_revisions()]))


def head() -> str:
    """The latest revision."""
    return revisions()[-1]


@contextmanager
def _locked(engine: sa.Engine) -> Iterator[sa.Connection]:
    with write_transaction(engine) as conn:  # BEGIN IMMEDIATE on SQLite
        if conn.dialect.name == "postgresql":
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_LOCK)))
        yield conn


def _heads(conn: sa.Connection) -> tuple[str, ...]:
    from alembic.runtime.migration import MigrationContext  # noqa: PLC0415

    return tuple(MigrationContext.configure(conn).get_current_heads())


def _current(conn: sa.Connection) -> str | None:
    heads = _heads(conn)
    known = revisions()
    mine = sorted((h for h in heads if h in known), key=known.index)
    if mine:  # a host's environment records its own heads beside balorg's
        return mine[-1]
    return ", ".join(sorted(heads)) or None


def current(engine: sa.Engine) -> str | None:
    """The database's revision of balorg's branch (``None``: empty, or at balorg 0.1's
    schema). In a host's Alembic environment, ``alembic_version`` also holds the host's
    heads: balorg's is picked out. A database whose recorded revisions are none of
    balorg's (a newer balorg's, or a host's without balorg's branch yet) answers them as
    they are, comma-separated."""
    with engine.connect() as conn:
        return _current(conn)


def _only_balorg(conn: sa.Connection) -> str | None:
    """The database's revision, when every revision it records is balorg's: a newer
    balorg's database, or a host's (whose own revisions balorg cannot run), is refused."""
    heads = _heads(conn)
    if any(h not in revisions() for h in heads):
        raise SchemaVersionError(found=", ".join(sorted(heads)), latest=head())
    return _current(conn)


def _take_over(conn: sa.Connection, config: Config) -> None:
    """A database of balorg 0.1 becomes one at revision 0001."""
    if legacy_version(conn) is None or _current(conn) is not None:
        return
    from alembic import command  # noqa: PLC0415

    to_version_3(conn)
    command.stamp(config, "0001")


def upgrade(engine: sa.Engine, target: str = "head") -> tuple[str, ...]:
    """Bring the database to ``target``; answers the revisions applied, in order.

    A database that records a revision this balorg does not know (a newer balorg's, or
    a host's own: see ``docs/migrations.md``) is refused with :class:`SchemaVersionError`."""
    from alembic import command  # noqa: PLC0415

    with _locked(engine) as conn:
        config = _config(conn)
        _take_over(conn, config)
        before = _only_balorg(conn)
        command.upgrade(config, target)
        after = _current(conn)
    return _between(before, after)


def downgrade(engine: sa.Engine, target: str) -> tuple[str, ...]:
    """Take the database back to ``target`` (a revision, or ``base``), data included;
    answers the revisions undone, newest first. Refused like :func:`upgrade` for a
    database that records revisions this balorg does not know."""
    from alembic import command  # noqa: PLC0415

    with _locked(engine) as conn:
        config = _config(conn)
        _take_over(conn, config)
        before = _only_balorg(conn)
        command.downgrade(config, target)
        after = _current(conn)
    return tuple(reversed(_between(after, before)))


def _between(low: str | None, high: str | None) -> tuple[str, ...]:
    order = revisions()
    start = order.index(low) + 1 if low is not None else 0
    end = order.index(high) + 1 if high is not None else 0
    return order[start:end]


def require_latest(engine: sa.Engine) -> None:
    """Raise :class:`SchemaVersionError` unless the database is at the latest revision."""
    found = current(engine)
    if found != head():
        raise SchemaVersionError(found=found or "none", latest=head())
