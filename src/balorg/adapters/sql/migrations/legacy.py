"""The schema of balorg 0.1 (versions 1 to 3 of its own ``schema_version`` table).

balorg 0.1 migrated its schema with hand-written steps recorded in ``schema_version``.
Alembic took over in 0.2: a database of 0.1 is brought to version 3 with the steps
below (frozen history: never edited) and stamped at the Alembic baseline revision
``0001``, which is this same schema, ``schema_version`` included (so that balorg 0.1
still opens a database taken back to ``0001``); it is upgraded from there. The baseline
revision creates this same schema on an empty database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Final

import sqlalchemy as sa

from balorg.adapters.sql.columns import Document, UtcDateTime
from balorg.domain.audit import GENESIS

__all__ = ["LEGACY_STEPS", "VERSIONS", "legacy_version", "record_versions", "to_version_3"]


def _version_table(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "schema_version",
        metadata,
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("applied_at", UtcDateTime, nullable=False),
    )


VERSIONS: Final = _version_table(sa.MetaData())


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


#: The steps of balorg 0.1, in order: (version, description, step).
LEGACY_STEPS: Final[tuple[tuple[int, str, Callable[[sa.Connection], None]], ...]] = (
    (
        1,
        "base schema: aggregates, memberships, messages, audit, directory, credentials",
        _v1_base_schema,
    ),
    (2, "audit head row (serialises appends) and audit filter indexes", _v2_audit_head),
    (3, "notice outbox", _v3_notice_outbox),
)


def legacy_version(conn: sa.Connection) -> int | None:
    """The 0.1 schema version of the database, or ``None`` when it has no
    ``schema_version`` table (empty, or past revision ``0001``)."""
    if not sa.inspect(conn).has_table(VERSIONS.name):
        return None
    return int(conn.execute(sa.select(sa.func.max(VERSIONS.c.version))).scalar() or 0)


def _record(conn: sa.Connection, version: int, description: str) -> None:
    VERSIONS.create(conn, checkfirst=True)
    conn.execute(
        VERSIONS.insert().values(
            version=version, description=description, applied_at=dt.datetime.now(dt.UTC)
        )
    )


def to_version_3(conn: sa.Connection) -> None:
    """Apply the 0.1 steps the database lacks (all of them on an empty one), each
    recorded in ``schema_version`` as 0.1 did."""
    current = legacy_version(conn) or 0
    for version, description, step in LEGACY_STEPS:
        if version > current:
            step(conn)
            _record(conn, version, description)


def record_versions(conn: sa.Connection) -> None:
    """Record every 0.1 step as applied (the tables are there: a database taken back
    to revision ``0001``), so that balorg 0.1 opens the database."""
    done = legacy_version(conn) or 0
    for version, description, _step in LEGACY_STEPS:
        if version > done:
            _record(conn, version, description)
