"""The tables as the latest migration leaves them; the adapters query these.

The migrations (:mod:`balorg.adapters.sql.migrations`) create and upgrade the
tables; this module only describes the result, and a test checks that both
agree on a migrated database.

Aggregates are JSON documents beside the columns that are queried: a mailbox or
an account is always read and saved whole, under one version number, so a save
is one ``UPDATE ... WHERE version = :expected``. Everything looked up by value
(who is on which mailbox, pending accounts, audit filters) has a column and an
index.
"""

from __future__ import annotations

import sqlalchemy as sa

from balorg.adapters.sql.columns import Document, UtcDateTime

__all__ = [
    "accounts",
    "audit_entries",
    "audit_head",
    "credentials",
    "directory_entries",
    "directory_professionals",
    "directory_structures",
    "mailbox_accounts",
    "mailboxes",
    "messages",
    "metadata",
    "notices",
    "schema_version",
]

metadata = sa.MetaData()

schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("applied_at", UtcDateTime, nullable=False),
)

mailboxes = sa.Table(
    "mailboxes",
    metadata,
    sa.Column("address", sa.Text, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("structure", sa.Text, nullable=False),
    sa.Column("responsible_account", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("document", Document, nullable=False),
)

#: Who is on which mailbox (the responsible, and every account holding a
#: delegation in any state): :meth:`MailboxRepository.for_account` reads it.
mailbox_accounts = sa.Table(
    "mailbox_accounts",
    metadata,
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

accounts = sa.Table(
    "accounts",
    metadata,
    sa.Column("address", sa.Text, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("document", Document, nullable=False),
    sa.Index("ix_accounts_state_created_at", "state", "created_at"),
)

messages = sa.Table(
    "messages",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("mailbox", sa.Text, nullable=False),
    sa.Column("direction", sa.Text, nullable=False),
    sa.Column("reference", sa.Text, nullable=False),
    sa.Column("at", UtcDateTime, nullable=False),
    sa.Column("correspondent", sa.Text, nullable=False),
    sa.Column("author", sa.Text, nullable=True),
    sa.Index("ix_messages_mailbox", "mailbox", "id"),
)

audit_entries = sa.Table(
    "audit_entries",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("at", UtcDateTime, nullable=False),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("mailbox", sa.Text, nullable=True),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("allowed", sa.Boolean, nullable=False),
    # JSON text exactly as written: the chain's hashes are computed over these values.
    sa.Column("reasons", sa.Text, nullable=False),
    sa.Column("details", sa.Text, nullable=False),
    sa.Column("prev_hash", sa.Text, nullable=False),
    sa.Column("hash", sa.Text, nullable=False, unique=True),
    sa.Index("ix_audit_entries_mailbox", "mailbox", "seq"),
    sa.Index("ix_audit_entries_actor", "actor", "seq"),
    sa.Index("ix_audit_entries_at", "at"),
)

#: One row: the last entry of the chain. Appenders lock it (``SELECT ... FOR
#: UPDATE``) so that appends are serialised; it is also the head hash to
#: compare with :func:`balorg.domain.audit.verify_chain`'s ``expected_head``.
audit_head = sa.Table(
    "audit_head",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("hash", sa.Text, nullable=False),
    sa.CheckConstraint("id = 1", name="ck_audit_head_one_row"),
)

directory_entries = sa.Table(
    "directory_entries",
    metadata,
    sa.Column("directory", sa.Text, primary_key=True),
    sa.Column("address", sa.Text, primary_key=True),
    sa.Column("bal_type", sa.Text, nullable=False),
    sa.Column("label", sa.Text, nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("structure", sa.Text, nullable=False),
    sa.Column("responsible", sa.Text, nullable=False),
)

directory_professionals = sa.Table(
    "directory_professionals",
    metadata,
    sa.Column("idnat", sa.Text, primary_key=True),
    sa.Column("document", Document, nullable=False),
)

directory_structures = sa.Table(
    "directory_structures",
    metadata,
    sa.Column("idnat", sa.Text, primary_key=True),
    sa.Column("document", Document, nullable=False),
)

#: Salted scrypt hashes with their cost parameters; never a password.
credentials = sa.Table(
    "credentials",
    metadata,
    sa.Column("address", sa.Text, primary_key=True),
    sa.Column("salt", sa.LargeBinary, nullable=False),
    sa.Column("digest", sa.LargeBinary, nullable=False),
    sa.Column("n", sa.Integer, nullable=False),
    sa.Column("r", sa.Integer, nullable=False),
    sa.Column("p", sa.Integer, nullable=False),
)

#: The outbox: every notice sent, as sent. A notice carries no message content.
notices = sa.Table(
    "notices",
    metadata,
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
)
