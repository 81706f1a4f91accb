"""Versioned migrations: one schema for SQLite and PostgreSQL, upgraded in place.

The ``schema_version`` table lists the migrations applied. :func:`migrate`
applies the missing ones in order, each in its own transaction together with
its row in ``schema_version``: a migration that fails leaves the database at
the previous version. Concurrent migrators queue (PostgreSQL: an advisory lock;
SQLite: the write lock) and each step re-reads the version under the lock, so
a step never runs twice.

Policy: a released migration is never edited; a change of schema, or of the
shape of stored documents, is a new step at the end, which carries the data
along (see ``_v2_audit_head``, which fills the new head from existing entries).
Migrations define their tables themselves, as they were at that version; they
never import :mod:`balorg.adapters.sql.schema`, which is the latest state.

>>> from balorg.adapters.sql.engine import create_engine
>>> engine = create_engine("sqlite://")
>>> migrate(engine, target=1)
(1,)
>>> migrate(engine)
(2, 3)
>>> migrate(engine), schema_version(engine) == LATEST_VERSION
((), True)
>>> engine.dispose()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Final

import sqlalchemy as sa
from attrs import frozen

from balorg.adapters.sql.columns import Document, UtcDateTime
from balorg.adapters.sql.engine import read_connection, write_transaction
from balorg.domain.audit import GENESIS
from balorg.domain.errors import BalorgError

__all__ = [
    "LATEST_VERSION",
    "MIGRATIONS",
    "Migration",
    "SchemaVersionError",
    "migrate",
    "require_latest",
    "schema_version",
]

#: Key of the PostgreSQL advisory lock held by a migration step.
_MIGRATION_LOCK: Final = 0x62616C6F  # "balo"


class SchemaVersionError(BalorgError):
    """The database is not at the schema version this balorg expects (params:
    ``found``, ``latest``)."""

    default_code = "storage.schema_version"


@frozen
class Migration:
    """One step: from ``version - 1`` to ``version``."""

    version: int
    description: str
    upgrade: Callable[[sa.Connection], None]


def _version_table(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "schema_version",
        metadata,
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("applied_at", UtcDateTime, nullable=False),
    )


_VERSIONS: Final = _version_table(sa.MetaData())


# -- the steps -------------------------------------------------------------------------------


def _v1_base_schema(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "mailboxes",
        md,
        sa.Column("address", sa.Text, primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("structure", sa.Text, nullable=False),
        sa.Column("responsible_account", sa.Text, nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("document", Document, nullable=False),
    )
    sa.Table(
        "mailbox_accounts",
        md,
        sa.Column(
            "mailbox",
            sa.Text,
            sa.ForeignKey("mailboxes.address", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("account", sa.Text, primary_key=True),
        sa.Column("role", sa.Text, nullable=False),
        sa.Index("ix_mailbox_accounts_account", "account"),
    )
    sa.Table(
        "accounts",
        md,
        sa.Column("address", sa.Text, primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("document", Document, nullable=False),
        sa.Index("ix_accounts_state_created_at", "state", "created_at"),
    )
    sa.Table(
        "messages",
        md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("mailbox", sa.Text, nullable=False),
        sa.Column("direction", sa.Text, nullable=False),
        sa.Column("reference", sa.Text, nullable=False),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("correspondent", sa.Text, nullable=False),
        sa.Column("author", sa.Text, nullable=True),
        sa.Index("ix_messages_mailbox", "mailbox", "id"),
    )
    sa.Table(
        "audit_entries",
        md,
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("mailbox", sa.Text, nullable=True),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("allowed", sa.Boolean, nullable=False),
        sa.Column("reasons", sa.Text, nullable=False),
        sa.Column("details", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.Text, nullable=False),
        sa.Column("hash", sa.Text, nullable=False, unique=True),
    )
    sa.Table(
        "directory_entries",
        md,
        sa.Column("directory", sa.Text, primary_key=True),
        sa.Column("address", sa.Text, primary_key=True),
        sa.Column("bal_type", sa.Text, nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("structure", sa.Text, nullable=False),
        sa.Column("responsible", sa.Text, nullable=False),
    )
    for name in ("directory_professionals", "directory_structures"):
        sa.Table(
            name,
            md,
            sa.Column("idnat", sa.Text, primary_key=True),
            sa.Column("document", Document, nullable=False),
        )
    sa.Table(
        "credentials",
        md,
        sa.Column("address", sa.Text, primary_key=True),
        sa.Column("salt", sa.LargeBinary, nullable=False),
        sa.Column("digest", sa.LargeBinary, nullable=False),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("r", sa.Integer, nullable=False),
        sa.Column("p", sa.Integer, nullable=False),
    )
    md.create_all(conn)


def _v2_audit_head(conn: sa.Connection) -> None:
    md = sa.MetaData()
    head = sa.Table(
        "audit_head",
        md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.Text, nullable=False),
        sa.CheckConstraint("id = 1", name="ck_audit_head_one_row"),
    )
    entries = sa.Table(
        "audit_entries",
        md,
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("at", UtcDateTime),
        sa.Column("actor", sa.Text),
        sa.Column("mailbox", sa.Text),
        sa.Column("hash", sa.Text),
    )
    head.create(conn)
    last = conn.execute(
        sa.select(entries.c.seq, entries.c.hash).order_by(entries.c.seq.desc()).limit(1)
    ).first()
    seq, hash_ = (last.seq, last.hash) if last is not None else (0, GENESIS)
    conn.execute(head.insert().values(id=1, seq=seq, hash=hash_))
    for index in (
        sa.Index("ix_audit_entries_mailbox", entries.c.mailbox, entries.c.seq),
        sa.Index("ix_audit_entries_actor", entries.c.actor, entries.c.seq),
        sa.Index("ix_audit_entries_at", entries.c.at),
    ):
        index.create(conn)


def _v3_notice_outbox(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "notices",
        md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("recipient", sa.Text, nullable=False),
        sa.Column("mailbox", sa.Text, nullable=True),
        sa.Column("account", sa.Text, nullable=True),
        sa.Column("approved", sa.Boolean, nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("lang", sa.Text, nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Index("ix_notices_recipient", "recipient", "id"),
    ).create(conn)


#: Every step, in order. Append only.
MIGRATIONS: Final[tuple[Migration, ...]] = (
    Migration(
        1,
        "base schema: aggregates, memberships, messages, audit, directory, credentials",
        _v1_base_schema,
    ),
    Migration(2, "audit head row (serialises appends) and audit filter indexes", _v2_audit_head),
    Migration(3, "notice outbox", _v3_notice_outbox),
)
LATEST_VERSION: Final = MIGRATIONS[-1].version


# -- the runner ------------------------------------------------------------------------------


def _current(conn: sa.Connection) -> int:
    if not sa.inspect(conn).has_table(_VERSIONS.name):
        return 0
    return conn.execute(sa.select(sa.func.max(_VERSIONS.c.version))).scalar() or 0


def schema_version(engine: sa.Engine) -> int:
    """The version of the database's schema; 0 for an empty database."""
    with read_connection(engine) as conn:
        return _current(conn)


def migrate(
    engine: sa.Engine,
    *,
    target: int | None = None,
    steps: Sequence[Migration] = MIGRATIONS,
) -> tuple[int, ...]:
    """Bring the database up to ``target`` (the last step by default); answers
    the versions applied. ``steps`` is for tests of the runner itself."""
    latest = steps[-1].version
    target = latest if target is None else target
    if not 0 <= target <= latest:
        raise ValueError(f"no schema version {target}: versions go from 0 to {latest}")
    current = schema_version(engine)
    if current > latest:
        raise SchemaVersionError(found=current, latest=latest)
    applied: list[int] = []
    for step in steps:
        if current < step.version <= target and _apply(engine, step):
            applied.append(step.version)
    return tuple(applied)


def _apply(engine: sa.Engine, step: Migration) -> bool:
    with write_transaction(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_MIGRATION_LOCK)))
        _VERSIONS.create(conn, checkfirst=True)
        if _current(conn) >= step.version:
            return False  # another process applied it meanwhile
        step.upgrade(conn)
        conn.execute(
            _VERSIONS.insert().values(
                version=step.version,
                description=step.description,
                applied_at=dt.datetime.now(dt.UTC),
            )
        )
    return True


def require_latest(engine: sa.Engine) -> None:
    """Raise :class:`SchemaVersionError` unless the database is at :data:`LATEST_VERSION`."""
    found = schema_version(engine)
    if found != LATEST_VERSION:
        raise SchemaVersionError(found=found, latest=LATEST_VERSION)
