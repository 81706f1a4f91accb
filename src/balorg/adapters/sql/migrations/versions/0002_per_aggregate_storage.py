"""Per-aggregate storage: delegations as rows, per-mailbox audit chains, sessions, outbox.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27

Upgrade, data included:

- each mailbox document's delegations become rows of ``delegations`` (numbers kept);
  documents gain ``service``, ``responsible_contact`` and ``rank`` (none);
- accounts gain ``created_by`` (unknown), ``professional`` (the responsible's IdNat PS
  where the account is a mailbox's responsible) and ``credential_pending`` (false);
  their notice choices are indexed in ``account_notices``;
- the single audit chain of 0.1 is verified first (a trail that does not verify is
  not converted: the upgrade stops with a coded error, :class:`LegacyTrailInvalid`,
  and changes nothing), then each entry is chained again in
  its mailbox's (or account's) chain, with ``auth`` "legacy" and its old sequence number
  and hash in its details; the old chain's length and last hash stay in
  ``audit_legacy``; every new chain is anchored;
- messages recorded twice are kept, marked ``legacy_duplicate``, and references are
  unique from now on;
- new tables: sessions, login throttle, outbox, chain heads, anchors, checkpoint;
- pending accounts are listed in pages: their index gains the address;
- 0.1's version table ``schema_version`` is dropped (Alembic's ``alembic_version``
  records the revision from here), and so are 0.1's seeded directory look-ups
  (``directory_professionals``, ``directory_structures``): nothing reads them since
  professionals are looked up through the host's ``DirectoryLookup``.

Downgrade converts back (delegations into documents, the chains into one 0.1 chain,
hashed as 0.1 did): the entries converted from 0.1 come first, exactly as they were
(their old sequence numbers, details and hashes), then the later entries of every
chain in time order, each with its ``auth`` kept in its details. ``schema_version``
records 0.1's versions 1 to 3 again (at the time of the downgrade), so balorg 0.1
opens the database; the seeded look-ups come back empty. Sessions, the login
throttle, the outbox, anchors and checkpoints have no place in 0.1 and are dropped.

This revision is history: it describes its tables itself and never imports the
latest schema.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from alembic import op

from balorg.adapters.sql.columns import Document, UtcDateTime
from balorg.adapters.sql.migrations.legacy import record_versions
from balorg.domain.errors import BalorgError

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

GENESIS = "0" * 64
_FINAL = ("revoked", "expired")


class LegacyTrailInvalid(BalorgError):
    """The 0.1 audit trail does not verify: it is not converted, and the upgrade stops
    (nothing is changed). The code says what is wrong, as verification says it:
    ``audit.entry_missing``, ``audit.link_broken``, ``audit.entry_altered`` or
    ``audit.head_mismatch`` (entries cut off the end)."""


# -- the tables as they are before and after ------------------------------------------------------


def _tables_0001(md: sa.MetaData) -> dict[str, sa.Table]:
    return {
        "mailboxes": sa.Table(
            "mailboxes",
            md,
            sa.Column("address", sa.Text, primary_key=True),
            sa.Column("version", sa.Integer),
            sa.Column("responsible_account", sa.Text),
            sa.Column("document", Document),
        ),
        "accounts": sa.Table(
            "accounts",
            md,
            sa.Column("address", sa.Text, primary_key=True),
            sa.Column("document", Document),
        ),
        "audit": sa.Table(
            "audit_entries",
            md,
            sa.Column("seq", sa.Integer, primary_key=True),
            sa.Column("at", UtcDateTime),
            sa.Column("actor", sa.Text),
            sa.Column("mailbox", sa.Text),
            sa.Column("action", sa.Text),
            sa.Column("allowed", sa.Boolean),
            sa.Column("reasons", sa.Text),
            sa.Column("details", sa.Text),
            sa.Column("prev_hash", sa.Text),
            sa.Column("hash", sa.Text),
        ),
        "audit_head": sa.Table(
            "audit_head",
            md,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("seq", sa.Integer),
            sa.Column("hash", sa.Text),
        ),
        "directory": sa.Table(
            "directory_entries",
            md,
            sa.Column("directory", sa.Text, primary_key=True),
            sa.Column("address", sa.Text, primary_key=True),
            sa.Column("bal_type", sa.Text),
            sa.Column("label", sa.Text),
            sa.Column("description", sa.Text),
            sa.Column("structure", sa.Text),
            sa.Column("responsible", sa.Text),
        ),
        "memberships": sa.Table(
            "mailbox_accounts",
            md,
            sa.Column("mailbox", sa.Text, primary_key=True),
            sa.Column("account", sa.Text, primary_key=True),
            sa.Column("role", sa.Text),
        ),
        "messages": sa.Table(
            "messages",
            md,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("mailbox", sa.Text),
            sa.Column("direction", sa.Text),
            sa.Column("reference", sa.Text),
        ),
    }


def _new_tables(md: sa.MetaData) -> dict[str, sa.Table]:
    live = sa.text("live")
    return {
        "delegations": sa.Table(
            "delegations",
            md,
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
                sqlite_where=live,
                postgresql_where=live,
            ),
            sa.Index(
                "ix_delegations_account_live",
                "account",
                sqlite_where=live,
                postgresql_where=live,
            ),
            sa.Index(
                "ix_delegations_grantor",
                "mailbox",
                "granted_by",
                sqlite_where=live,
                postgresql_where=live,
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
        ),
        "account_notices": sa.Table(
            "account_notices",
            md,
            sa.Column("mailbox", sa.Text, primary_key=True),
            sa.Column("account", sa.Text, primary_key=True),
            sa.Index("ix_account_notices_account", "account"),
        ),
        "sessions": sa.Table(
            "sessions",
            md,
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
        ),
        "login_throttle": sa.Table(
            "login_throttle",
            md,
            sa.Column("account", sa.Text, primary_key=True),
            sa.Column("failures", sa.Text, nullable=False),
        ),
        "audit": sa.Table(
            "audit_entries_0002",
            md,
            sa.Column("chain", sa.Text, primary_key=True),
            sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("at", UtcDateTime, nullable=False),
            sa.Column("actor", sa.Text, nullable=False),
            sa.Column("account", sa.Text, nullable=True),
            sa.Column("mailbox", sa.Text, nullable=True),
            sa.Column("action", sa.Text, nullable=False),
            sa.Column("allowed", sa.Boolean, nullable=False),
            sa.Column("payload", sa.Text, nullable=False),
            sa.Column("prev_hash", sa.Text, nullable=False),
            sa.Column("hash", sa.Text, nullable=False),
        ),
        "audit_mentions": sa.Table(
            "audit_mentions",
            md,
            sa.Column("mailbox", sa.Text, primary_key=True),
            sa.Column("chain", sa.Text, primary_key=True),
            sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("at", UtcDateTime, nullable=False),
        ),
        "audit_chains": sa.Table(
            "audit_chains",
            md,
            sa.Column("chain", sa.Text, primary_key=True),
            sa.Column("seq", sa.Integer, nullable=False),
            sa.Column("hash", sa.Text, nullable=False),
            sa.Column("anchored", sa.Integer, nullable=False, server_default="0"),
        ),
        "audit_anchors": sa.Table(
            "audit_anchors",
            md,
            sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("at", UtcDateTime, nullable=False),
            sa.Column("chain", sa.Text, nullable=False),
            sa.Column("chain_seq", sa.Integer, nullable=False),
            sa.Column("chain_hash", sa.Text, nullable=False),
            sa.Column("prev_hash", sa.Text, nullable=False),
            sa.Column("hash", sa.Text, nullable=False),
        ),
        "audit_anchor_head": sa.Table(
            "audit_anchor_head",
            md,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("seq", sa.Integer, nullable=False),
            sa.Column("hash", sa.Text, nullable=False),
            sa.CheckConstraint("id = 1", name="ck_audit_anchor_head_one_row"),
        ),
        "audit_checkpoint": sa.Table(
            "audit_checkpoint",
            md,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("document", Document, nullable=False),
            sa.CheckConstraint("id = 1", name="ck_audit_checkpoint_one_row"),
        ),
        "audit_legacy": sa.Table(
            "audit_legacy",
            md,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("count", sa.Integer, nullable=False),
            sa.Column("head", sa.Text, nullable=False),
            sa.Column("migrated_at", UtcDateTime, nullable=False),
        ),
        "outbox": sa.Table(
            "outbox",
            md,
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
        ),
        "directory": sa.Table(
            "directory_entries_0002",
            md,
            sa.Column("directory", sa.Text, primary_key=True),
            sa.Column("address", sa.Text, primary_key=True),
            sa.Column("document", Document, nullable=False),
        ),
    }


# -- the chains' formats (frozen copies: this revision is history) ---------------------------------


def _legacy_hash(seq: int, prev: str, fields: dict[str, Any]) -> str:
    """0.1's hash: ``fields`` are at, actor, mailbox, action, allowed, reasons, details."""
    payload = {
        "seq": seq,
        "prev": prev,
        **fields,
        "at": fields["at"].astimezone(dt.UTC).isoformat(),
        "allowed": bool(fields["allowed"]),
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _payload(record: dict[str, Any]) -> str:
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _entry_hash(chain: str, seq: int, prev: str, payload: str) -> str:
    return hashlib.sha256(f"{chain}\n{seq}\n{prev}\n{payload}".encode()).hexdigest()


def _anchor_hash(seq: int, prev: str, at: dt.datetime, chain: str, cseq: int, chash: str) -> str:
    text = f"anchor\n{seq}\n{prev}\n{at.astimezone(dt.UTC).isoformat()}\n{chain}\n{cseq}\n{chash}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _chain_of(mailbox: str | None, account: str | None, actor: str) -> str:
    if mailbox is not None:
        return f"mailbox:{mailbox}"
    return f"account:{account if account is not None else actor}"


def _document(value: Any) -> dict[str, Any]:
    return dict(json.loads(value) if isinstance(value, str) else value)


# -- upgrade ------------------------------------------------------------------------------------


def upgrade() -> None:
    bind = op.get_bind()
    old = _tables_0001(sa.MetaData())
    new = _new_tables(sa.MetaData())
    legacy = _verify_legacy_trail(bind, old)
    for name in (
        "delegations",
        "account_notices",
        "sessions",
        "login_throttle",
        "audit",
        "audit_mentions",
        "audit_chains",
        "audit_anchors",
        "audit_anchor_head",
        "audit_checkpoint",
        "audit_legacy",
        "outbox",
        "directory",
    ):
        new[name].create(bind)
    op.add_column(
        "accounts",
        sa.Column("credential_pending", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "credentials", sa.Column("algorithm", sa.Text, nullable=False, server_default="scrypt")
    )
    op.add_column(
        "messages",
        sa.Column("legacy_duplicate", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.add_column("notices", sa.Column("key", sa.Text, nullable=True))
    op.add_column("notices", sa.Column("document", Document, nullable=True))
    op.create_index("ux_notices_key", "notices", ["key"], unique=True)
    mailboxes = _split_mailboxes(bind, old, new)
    _accounts_forward(bind, old, new, mailboxes)
    _messages_forward(bind, old)
    _directory_forward(bind, old, new, mailboxes)
    _audit_forward(bind, old, new, legacy)
    op.create_index("ix_mailboxes_responsible", "mailboxes", ["responsible_account"])
    op.drop_table("mailbox_accounts")
    op.drop_table("audit_head")
    op.drop_table("audit_entries")
    op.rename_table("audit_entries_0002", "audit_entries")
    op.create_index("ix_audit_entries_at", "audit_entries", ["at", "chain", "seq"])
    op.create_index("ix_audit_entries_actor", "audit_entries", ["actor", "at"])
    op.create_index("ix_audit_entries_account", "audit_entries", ["account", "at"])
    op.drop_table("directory_entries")
    op.rename_table("directory_entries_0002", "directory_entries")
    op.drop_index("ix_accounts_state_created_at", table_name="accounts")
    op.create_index("ix_accounts_state_created_at", "accounts", ["state", "created_at", "address"])
    present = set(sa.inspect(bind).get_table_names())
    for name in ("directory_professionals", "directory_structures", "schema_version"):
        if name in present:
            op.drop_table(name)


def _verify_legacy_trail(bind: sa.Connection, old: dict[str, sa.Table]) -> tuple[int, str]:
    audit = old["audit"]
    expected_seq, prev = 1, GENESIS
    for row in bind.execute(sa.select(audit).order_by(audit.c.seq)):
        fields = {
            "at": row.at,
            "actor": row.actor,
            "mailbox": row.mailbox,
            "action": row.action,
            "allowed": row.allowed,
            "reasons": json.loads(row.reasons),
            "details": json.loads(row.details),
        }
        if row.seq != expected_seq:
            raise LegacyTrailInvalid("audit.entry_missing", expected=expected_seq, found=row.seq)
        if row.prev_hash != prev:
            raise LegacyTrailInvalid("audit.link_broken", seq=row.seq)
        if _legacy_hash(row.seq, row.prev_hash, fields) != row.hash:
            raise LegacyTrailInvalid("audit.entry_altered", seq=row.seq)
        expected_seq, prev = row.seq + 1, row.hash
    head = old["audit_head"]
    recorded = bind.execute(sa.select(head.c.hash).where(head.c.id == 1)).scalar_one_or_none()
    if recorded is not None and recorded != prev:
        raise LegacyTrailInvalid("audit.head_mismatch", count=expected_seq - 1)
    return expected_seq - 1, prev


def _split_mailboxes(
    bind: sa.Connection, old: dict[str, sa.Table], new: dict[str, sa.Table]
) -> dict[str, dict[str, Any]]:
    table = old["mailboxes"]
    documents = {}
    rows = []
    for address, document in bind.execute(sa.select(table.c.address, table.c.document)):
        doc = _document(document)
        for delegation in doc.pop("delegations", []):
            state = delegation["state"]
            rows.append(
                {
                    "mailbox": address,
                    "account": delegation["account"],
                    "number": delegation["number"],
                    "live": state not in _FINAL,
                    "state": state,
                    "capabilities": ",".join(sorted(delegation["capabilities"])),
                    "granted_by": delegation["granted_by"],
                    "granted_at": dt.datetime.fromisoformat(delegation["granted_at"]),
                    "expires_at": _time(delegation.get("expires_at")),
                    "changed_by": delegation.get("changed_by"),
                    "changed_at": _time(delegation.get("changed_at")),
                    "reason": delegation.get("reason"),
                    "review": "none",
                    "reminded_at": None,
                    "version": 1,
                }
            )
        for key in ("service", "responsible_contact", "rank"):
            doc.setdefault(key, None)
        bind.execute(table.update().where(table.c.address == address).values(document=doc))
        documents[address] = doc
    if rows:
        bind.execute(new["delegations"].insert(), rows)
    return documents


def _time(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def _accounts_forward(
    bind: sa.Connection,
    old: dict[str, sa.Table],
    new: dict[str, sa.Table],
    mailboxes: dict[str, dict[str, Any]],
) -> None:
    identity = {
        doc["responsible"]["account"]: doc["responsible"]["professional"]["idnat"]
        for doc in mailboxes.values()
    }
    table = old["accounts"]
    notices = []
    for address, document in bind.execute(sa.select(table.c.address, table.c.document)):
        doc = _document(document)
        doc.setdefault("created_by", None)
        doc.setdefault("professional", identity.get(address))
        doc.setdefault("credential_pending", False)
        notices += [{"mailbox": m, "account": address} for m in doc.get("notices", [])]
        bind.execute(table.update().where(table.c.address == address).values(document=doc))
    if notices:
        bind.execute(new["account_notices"].insert(), notices)


def _messages_forward(bind: sa.Connection, old: dict[str, sa.Table]) -> None:
    table = sa.Table(
        "messages",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("mailbox", sa.Text),
        sa.Column("direction", sa.Text),
        sa.Column("reference", sa.Text),
        sa.Column("legacy_duplicate", sa.Boolean),
    )
    first = (
        sa.select(sa.func.min(table.c.id))
        .group_by(table.c.mailbox, table.c.direction, table.c.reference)
        .scalar_subquery()
    )
    bind.execute(table.update().where(table.c.id.not_in(first)).values(legacy_duplicate=True))
    op.create_index(
        "ux_messages_reference",
        "messages",
        ["mailbox", "direction", "reference"],
        unique=True,
        sqlite_where=sa.text("NOT legacy_duplicate"),
        postgresql_where=sa.text("NOT legacy_duplicate"),
    )


def _entry_document(address: str, doc: dict[str, Any], directory: str) -> dict[str, Any]:
    red = doc.get("red_list", {}).get("national_directory", False)
    return {
        "address": address,
        "structure": doc["structure"]["identifier"],
        "description": doc.get("description"),
        "service": doc.get("service"),
        "responsible_contact": doc.get("responsible_contact"),
        "red_listed": bool(red) and directory == "national_directory",
        "rank": doc.get("rank"),
        "bal_type": "ORG",
    }


def _directory_forward(
    bind: sa.Connection,
    old: dict[str, sa.Table],
    new: dict[str, sa.Table],
    mailboxes: dict[str, dict[str, Any]],
) -> None:
    table = old["directory"]
    rows = []
    for directory, address in bind.execute(sa.select(table.c.directory, table.c.address)):
        doc = mailboxes.get(address)
        if doc is not None:
            rows.append(
                {
                    "directory": directory,
                    "address": address,
                    "document": _entry_document(address, doc, directory),
                }
            )
    if rows:
        bind.execute(new["directory"].insert(), rows)


def _audit_forward(
    bind: sa.Connection,
    old: dict[str, sa.Table],
    new: dict[str, sa.Table],
    legacy: tuple[int, str],
) -> None:
    audit = old["audit"]
    heads: dict[str, tuple[int, str]] = {}
    entries, anchors = [], []
    anchor_seq, anchor_prev = 0, GENESIS
    for row in bind.execute(sa.select(audit).order_by(audit.c.seq)):
        details = json.loads(row.details)
        account = details.get("account") if isinstance(details.get("account"), str) else None
        record = {
            "at": row.at.astimezone(dt.UTC).isoformat(),
            "actor": row.actor,
            "auth": "legacy",
            "action": row.action,
            "allowed": bool(row.allowed),
            "mailbox": row.mailbox,
            "account": account,
            "reasons": json.loads(row.reasons),
            "details": {**details, "legacy_seq": row.seq, "legacy_hash": row.hash},
            "mentions": [],
        }
        chain = _chain_of(row.mailbox, account, row.actor)
        seq, prev = heads.get(chain, (0, GENESIS))
        payload = _payload(record)
        digest = _entry_hash(chain, seq + 1, prev, payload)
        heads[chain] = (seq + 1, digest)
        entries.append(
            {
                "chain": chain,
                "seq": seq + 1,
                "at": row.at,
                "actor": row.actor,
                "account": account,
                "mailbox": row.mailbox,
                "action": row.action,
                "allowed": bool(row.allowed),
                "payload": payload,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        if seq == 0:
            anchor_seq += 1
            mine = _anchor_hash(anchor_seq, anchor_prev, row.at, chain, 1, digest)
            anchors.append(
                {
                    "seq": anchor_seq,
                    "at": row.at,
                    "chain": chain,
                    "chain_seq": 1,
                    "chain_hash": digest,
                    "prev_hash": anchor_prev,
                    "hash": mine,
                }
            )
            anchor_prev = mine
    for batch in _batches(entries):
        bind.execute(new["audit"].insert(), batch)
    for batch in _batches(anchors):
        bind.execute(new["audit_anchors"].insert(), batch)
    if heads:
        bind.execute(
            new["audit_chains"].insert(),
            [
                {"chain": c, "seq": s, "hash": h, "anchored": 1}
                for c, (s, h) in sorted(heads.items())
            ],
        )
    bind.execute(new["audit_anchor_head"].insert().values(id=1, seq=anchor_seq, hash=anchor_prev))
    count, head = legacy
    if count:
        bind.execute(
            new["audit_legacy"]
            .insert()
            .values(id=1, count=count, head=head, migrated_at=dt.datetime.now(dt.UTC))
        )


def _batches(rows: list[dict[str, Any]], size: int = 5_000) -> Iterable[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


# -- downgrade ----------------------------------------------------------------------------------


def downgrade() -> None:
    bind = op.get_bind()
    md = sa.MetaData()
    new = _new_tables(md)
    new["audit"].name = "audit_entries"
    new["directory"].name = "directory_entries"
    current_audit = sa.Table(
        "audit_entries",
        sa.MetaData(),
        sa.Column("chain", sa.Text, primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("at", UtcDateTime),
        sa.Column("payload", sa.Text),
    )
    mailboxes = _join_mailboxes(bind, new)
    _accounts_back(bind)
    legacy_rows = _audit_back(bind, current_audit)
    directory_rows = _directory_back(bind, mailboxes)
    for name in (
        "audit_mentions",
        "audit_chains",
        "audit_anchors",
        "audit_anchor_head",
        "audit_checkpoint",
        "audit_legacy",
        "outbox",
        "sessions",
        "login_throttle",
        "account_notices",
        "delegations",
    ):
        op.drop_table(new[name].name)
    op.drop_table("audit_entries")
    op.drop_table("directory_entries")
    op.drop_index("ix_mailboxes_responsible", table_name="mailboxes")
    op.drop_index("ix_accounts_state_created_at", table_name="accounts")
    op.create_index("ix_accounts_state_created_at", "accounts", ["state", "created_at"])
    op.drop_index("ux_messages_reference", table_name="messages")
    op.drop_index("ux_notices_key", table_name="notices")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("credential_pending")
    with op.batch_alter_table("credentials") as batch:
        batch.drop_column("algorithm")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("legacy_duplicate")
    with op.batch_alter_table("notices") as batch:
        batch.drop_column("key")
        batch.drop_column("document")
    old = _legacy_tables(sa.MetaData())
    for table in old.values():
        table.create(bind)
    memberships = []
    for address, doc in mailboxes.items():
        roles = {doc["responsible"]["account"]: "responsible"}
        for delegation in doc["delegations"]:
            roles.setdefault(delegation["account"], "member")
        memberships += [{"mailbox": address, "account": a, "role": r} for a, r in roles.items()]
    if memberships:
        bind.execute(old["memberships"].insert(), memberships)
    for rows in _batches(legacy_rows):
        bind.execute(old["audit"].insert(), rows)
    last = legacy_rows[-1] if legacy_rows else None
    bind.execute(
        old["audit_head"]
        .insert()
        .values(id=1, seq=last["seq"] if last else 0, hash=last["hash"] if last else GENESIS)
    )
    if directory_rows:
        bind.execute(old["directory"].insert(), directory_rows)
    record_versions(bind)


def _legacy_tables(md: sa.MetaData) -> dict[str, sa.Table]:
    # Known to the metadata for the memberships' foreign key; it exists already.
    sa.Table("mailboxes", md, sa.Column("address", sa.Text, primary_key=True))
    return {
        "memberships": sa.Table(
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
        ),
        "audit": sa.Table(
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
            sa.Index("ix_audit_entries_mailbox", "mailbox", "seq"),
            sa.Index("ix_audit_entries_actor", "actor", "seq"),
            sa.Index("ix_audit_entries_at", "at"),
        ),
        "audit_head": sa.Table(
            "audit_head",
            md,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("seq", sa.Integer, nullable=False),
            sa.Column("hash", sa.Text, nullable=False),
            sa.CheckConstraint("id = 1", name="ck_audit_head_one_row"),
        ),
        "directory": sa.Table(
            "directory_entries",
            md,
            sa.Column("directory", sa.Text, primary_key=True),
            sa.Column("address", sa.Text, primary_key=True),
            sa.Column("bal_type", sa.Text, nullable=False),
            sa.Column("label", sa.Text, nullable=False),
            sa.Column("description", sa.Text, nullable=False),
            sa.Column("structure", sa.Text, nullable=False),
            sa.Column("responsible", sa.Text, nullable=False),
        ),
        **{
            name: sa.Table(
                name,
                md,
                sa.Column("idnat", sa.Text, primary_key=True),
                sa.Column("document", Document, nullable=False),
            )
            for name in ("directory_professionals", "directory_structures")
        },
    }


def _join_mailboxes(bind: sa.Connection, new: dict[str, sa.Table]) -> dict[str, dict[str, Any]]:
    table = sa.Table(
        "mailboxes",
        sa.MetaData(),
        sa.Column("address", sa.Text, primary_key=True),
        sa.Column("document", Document),
    )
    delegations = new["delegations"]
    by_mailbox: dict[str, list[dict[str, Any]]] = defaultdict(list)
    query = sa.select(delegations).order_by(delegations.c.mailbox, delegations.c.number)
    for row in bind.execute(query).mappings():
        by_mailbox[row["mailbox"]].append(
            {
                "number": row["number"],
                "account": row["account"],
                "capabilities": sorted(row["capabilities"].split(",")),
                "state": row["state"],
                "granted_by": row["granted_by"],
                "granted_at": row["granted_at"].isoformat(),
                "expires_at": row["expires_at"].isoformat() if row["expires_at"] else None,
                "changed_by": row["changed_by"],
                "changed_at": row["changed_at"].isoformat() if row["changed_at"] else None,
                "reason": row["reason"],
            }
        )
    documents = {}
    for address, document in bind.execute(sa.select(table.c.address, table.c.document)):
        doc = _document(document)
        for key in ("service", "responsible_contact", "rank"):
            doc.pop(key, None)
        doc["delegations"] = sorted(by_mailbox.get(address, []), key=lambda d: d["number"])
        bind.execute(table.update().where(table.c.address == address).values(document=doc))
        documents[address] = doc
    return documents


def _accounts_back(bind: sa.Connection) -> None:
    table = sa.Table(
        "accounts",
        sa.MetaData(),
        sa.Column("address", sa.Text, primary_key=True),
        sa.Column("document", Document),
    )
    for address, document in bind.execute(sa.select(table.c.address, table.c.document)):
        doc = _document(document)
        for key in ("created_by", "professional", "credential_pending"):
            doc.pop(key, None)
        if doc.get("state") == "cancelled":
            doc["state"] = "rejected"
        bind.execute(table.update().where(table.c.address == address).values(document=doc))


def _audit_back(bind: sa.Connection, table: sa.Table) -> list[dict[str, Any]]:
    """The chains as one 0.1 chain: the entries converted from 0.1 first, as they were
    (their hashes come out the same), then every chain's later entries in time order
    (each chain's own order kept), hashed as 0.1 did."""
    legacy: list[tuple[int, dict[str, Any], dt.datetime]] = []
    later: dict[str, list[tuple[dict[str, Any], dt.datetime]]] = defaultdict(list)
    query = sa.select(table.c.chain, table.c.payload, table.c.at).order_by(
        table.c.chain, table.c.seq
    )
    for chain, payload, at in bind.execute(query):
        record = json.loads(payload)
        details = dict(record["details"])
        if record["auth"] == "legacy" and isinstance(details.get("legacy_seq"), int):
            old_seq = details.pop("legacy_seq")
            details.pop("legacy_hash", None)
            legacy.append((old_seq, {**record, "details": details}, at))
            continue
        details["auth"] = record["auth"]
        if record.get("account") is not None:
            details.setdefault("account", record["account"])
        if record.get("mentions"):
            details["mentions"] = record["mentions"]
        later[chain].append(({**record, "details": details}, at))
    ordered = [(record, at) for _, record, at in sorted(legacy, key=lambda item: item[0])]
    ordered += heapq.merge(*(later[c] for c in sorted(later)), key=lambda item: item[1])
    rows = []
    prev = GENESIS
    for seq, (record, at) in enumerate(ordered, start=1):
        reasons = list(record["reasons"])
        details = json.loads(json.dumps(record["details"], sort_keys=True))
        fields = {
            "at": at,
            "actor": record["actor"],
            "mailbox": record["mailbox"],
            "action": record["action"],
            "allowed": record["allowed"],
            "reasons": reasons,
            "details": details,
        }
        digest = _legacy_hash(seq, prev, fields)
        rows.append(
            {
                "seq": seq,
                "at": at,
                "actor": record["actor"],
                "mailbox": record["mailbox"],
                "action": record["action"],
                "allowed": record["allowed"],
                "reasons": json.dumps(reasons, sort_keys=True, ensure_ascii=False),
                "details": json.dumps(details, sort_keys=True, ensure_ascii=False),
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    return rows


def _directory_back(
    bind: sa.Connection, mailboxes: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    table = sa.Table(
        "directory_entries",
        sa.MetaData(),
        sa.Column("directory", sa.Text, primary_key=True),
        sa.Column("address", sa.Text, primary_key=True),
        sa.Column("document", Document),
    )
    rows = []
    for directory, address in bind.execute(sa.select(table.c.directory, table.c.address)):
        doc = mailboxes.get(address)
        if doc is None:
            continue
        label = doc.get("label", {})
        structure = doc["structure"]["identifier"]
        if isinstance(structure, dict):
            structure = f"{structure['prefix']}{structure['identifier']}"
        rows.append(
            {
                "directory": directory,
                "address": address,
                "bal_type": "ORG",
                "label": f"{label.get('last_name', '')} {label.get('first_name', '')}".strip(),
                "description": doc.get("description", ""),
                "structure": structure,
                "responsible": doc["responsible"]["professional"]["idnat"],
            }
        )
    return rows
