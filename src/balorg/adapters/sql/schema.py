"""The tables as the latest migration leaves them; the adapters query these.

The Alembic revisions (:mod:`balorg.adapters.sql.migrations`) create and upgrade the
tables; this module only describes the result, and a test checks that both agree on a
migrated database.

Sized for what the use cases touch:

- a mailbox is one row (its settings as a JSON document); its delegations are rows of
  their own, keyed by (mailbox, account, number), with at most one *live* delegation
  per (mailbox, account) (a partial unique index): checking one member reads one row;
- everything looked up by value has a column and an index (the responsible's
  mailboxes, an account's live delegations, a grantor's grants, grants to review,
  expiries to remind, pending accounts, notice subscribers);
- the audit trail is one hash chain per mailbox (and per account), each entry stored
  with its canonical payload, each chain's head in ``audit_chains`` (locked per chain
  by appenders, so writers to different mailboxes never wait for one another), and a
  global chain of anchors in ``audit_anchors``.
"""

from __future__ import annotations

import sqlalchemy as sa

from balorg.adapters.sql.columns import Document, UtcDateTime

__all__ = [
    "account_notices",
    "accounts",
    "audit_anchor_head",
    "audit_anchors",
    "audit_chains",
    "audit_checkpoint",
    "audit_entries",
    "audit_legacy",
    "audit_mentions",
    "credentials",
    "delegations",
    "directory_entries",
    "login_throttle",
    "mailboxes",
    "messages",
    "metadata",
    "notices",
    "outbox",
    "sessions",
]

metadata = sa.MetaData()

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
    sa.Index("ix_mailboxes_responsible", "responsible_account"),
)

delegations = sa.Table(
    "delegations",
    metadata,
    sa.Column("mailbox", sa.Text, primary_key=True),
    sa.Column("account", sa.Text, primary_key=True),
    sa.Column("number", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("live", sa.Boolean, nullable=False),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("capabilities", sa.Text, nullable=False),
    sa.Column("granted_by", sa.Text, nullable=False),
    sa.Column("granted_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=True),
    sa.Column("changed_by", sa.Text, nullable=True),
    sa.Column("changed_at", UtcDateTime, nullable=True),
    sa.Column("reason", sa.Text, nullable=True),
    sa.Column("review", sa.Text, nullable=False),
    sa.Column("reminded_at", UtcDateTime, nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Index(
        "ux_delegations_live",
        "mailbox",
        "account",
        unique=True,
        sqlite_where=sa.text("live"),
        postgresql_where=sa.text("live"),
    ),
    sa.Index(
        "ix_delegations_account_live",
        "account",
        sqlite_where=sa.text("live"),
        postgresql_where=sa.text("live"),
    ),
    sa.Index(
        "ix_delegations_grantor",
        "mailbox",
        "granted_by",
        sqlite_where=sa.text("live"),
        postgresql_where=sa.text("live"),
    ),
    sa.Index(
        "ix_delegations_review",
        "mailbox",
        "account",
        sqlite_where=sa.text("live AND review = 'to_review'"),
        postgresql_where=sa.text("live AND review = 'to_review'"),
    ),
    sa.Index(
        "ix_delegations_expiry",
        "expires_at",
        sqlite_where=sa.text("live AND reminded_at IS NULL AND expires_at IS NOT NULL"),
        postgresql_where=sa.text("live AND reminded_at IS NULL AND expires_at IS NOT NULL"),
    ),
)

accounts = sa.Table(
    "accounts",
    metadata,
    sa.Column("address", sa.Text, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("credential_pending", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("document", Document, nullable=False),
    sa.Index("ix_accounts_state_created_at", "state", "created_at", "address"),
)

#: Who asked for new-mail notices of which mailbox (read on every incoming message).
account_notices = sa.Table(
    "account_notices",
    metadata,
    sa.Column("mailbox", sa.Text, primary_key=True),
    sa.Column("account", sa.Text, primary_key=True),
    sa.Index("ix_account_notices_account", "account"),
)

#: Salted password hashes with their parameters; never a password.
credentials = sa.Table(
    "credentials",
    metadata,
    sa.Column("address", sa.Text, primary_key=True),
    sa.Column("salt", sa.LargeBinary, nullable=False),
    sa.Column("digest", sa.LargeBinary, nullable=False),
    sa.Column("n", sa.Integer, nullable=False),
    sa.Column("r", sa.Integer, nullable=False),
    sa.Column("p", sa.Integer, nullable=False),
    sa.Column("algorithm", sa.Text, nullable=False, server_default="scrypt"),
)

#: Sessions: only the SHA-256 digest of each token.
sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("token_hash", sa.Text, primary_key=True),
    sa.Column("id", sa.Text, nullable=False, unique=True),
    sa.Column("account", sa.Text, nullable=False),
    sa.Column("mailbox", sa.Text, nullable=False),
    sa.Column("method", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("last_seen_at", UtcDateTime, nullable=False),
    sa.Column("idle_seconds", sa.Float, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False),
    sa.Column("ended_at", UtcDateTime, nullable=True),
    sa.Column("ended_reason", sa.Text, nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Index("ix_sessions_account", "account"),
)

#: Recent failed password checks per account (the row is the throttle's lock).
login_throttle = sa.Table(
    "login_throttle",
    metadata,
    sa.Column("account", sa.Text, primary_key=True),
    sa.Column("failures", sa.Text, nullable=False),
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
    # Rows recorded twice before references were unique (kept, never merged).
    sa.Column("legacy_duplicate", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Index("ix_messages_mailbox", "mailbox", "id"),
    sa.Index(
        "ux_messages_reference",
        "mailbox",
        "direction",
        "reference",
        unique=True,
        sqlite_where=sa.text("NOT legacy_duplicate"),
        postgresql_where=sa.text("NOT legacy_duplicate"),
    ),
)

audit_entries = sa.Table(
    "audit_entries",
    metadata,
    sa.Column("chain", sa.Text, primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("at", UtcDateTime, nullable=False),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("account", sa.Text, nullable=True),
    sa.Column("mailbox", sa.Text, nullable=True),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("allowed", sa.Boolean, nullable=False),
    # The canonical JSON text exactly as hashed.
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("prev_hash", sa.Text, nullable=False),
    sa.Column("hash", sa.Text, nullable=False),
    sa.Index("ix_audit_entries_at", "at", "chain", "seq"),
    sa.Index("ix_audit_entries_actor", "actor", "at"),
    sa.Index("ix_audit_entries_account", "account", "at"),
)

#: Entries that changed other mailboxes than their chain's: shown in those trails too.
audit_mentions = sa.Table(
    "audit_mentions",
    metadata,
    sa.Column("mailbox", sa.Text, primary_key=True),
    sa.Column("chain", sa.Text, primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("at", UtcDateTime, nullable=False),
)

#: Each chain's head, kept apart from its entries (and its last anchored sequence).
audit_chains = sa.Table(
    "audit_chains",
    metadata,
    sa.Column("chain", sa.Text, primary_key=True),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("hash", sa.Text, nullable=False),
    sa.Column("anchored", sa.Integer, nullable=False, server_default="0"),
)

#: The global chain of anchors: each records one chain's (seq, hash) at a time.
audit_anchors = sa.Table(
    "audit_anchors",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("at", UtcDateTime, nullable=False),
    sa.Column("chain", sa.Text, nullable=False),
    sa.Column("chain_seq", sa.Integer, nullable=False),
    sa.Column("chain_hash", sa.Text, nullable=False),
    sa.Column("prev_hash", sa.Text, nullable=False),
    sa.Column("hash", sa.Text, nullable=False),
)

#: One row: the last anchor (appenders of anchors lock it).
audit_anchor_head = sa.Table(
    "audit_anchor_head",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("hash", sa.Text, nullable=False),
    sa.CheckConstraint("id = 1", name="ck_audit_anchor_head_one_row"),
)

#: One row: the checkpoint the last good verification saved.
audit_checkpoint = sa.Table(
    "audit_checkpoint",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("document", Document, nullable=False),
    sa.CheckConstraint("id = 1", name="ck_audit_checkpoint_one_row"),
)

#: The trail of a database migrated from the single global chain of balorg 0.1: that
#: chain was verified, then its entries were chained per mailbox; its last hash and
#: length are kept here (and anchored).
audit_legacy = sa.Table(
    "audit_legacy",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("count", sa.Integer, nullable=False),
    sa.Column("head", sa.Text, nullable=False),
    sa.Column("migrated_at", UtcDateTime, nullable=False),
)

#: The transactional outbox.
outbox = sa.Table(
    "outbox",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("payload", Document, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("mailbox", sa.Text, nullable=True),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("due_at", UtcDateTime, nullable=True),
    sa.Column("claimed_until", UtcDateTime, nullable=True),
    sa.Column("delivered_at", UtcDateTime, nullable=True),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.Column("last_detail", sa.Text, nullable=True),
    sa.Column("lane", sa.Text, nullable=True),
    sa.Column("ordinal", sa.Integer, nullable=True),
    sa.Index("ix_outbox_due", "state", "due_at"),
    sa.Index("ux_outbox_lane", "lane", "ordinal", unique=True),
)

#: What the reference directory publisher shows (the operator's own directory, and a
#: local mirror of the national one for inspection).
directory_entries = sa.Table(
    "directory_entries",
    metadata,
    sa.Column("directory", sa.Text, primary_key=True),
    sa.Column("address", sa.Text, primary_key=True),
    sa.Column("document", Document, nullable=False),
)

#: Notices handed to the reference notifier (as rendered, with their idempotency key).
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
    sa.Column("key", sa.Text, nullable=True),
    sa.Column("document", Document, nullable=True),
    sa.Index("ix_notices_recipient", "recipient", "id"),
    sa.Index("ux_notices_key", "key", unique=True),
)
