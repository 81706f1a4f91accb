"""What a commit writes, inside its one transaction.

Saves are optimistic: ``UPDATE ... WHERE address = :a AND version = :expected``;
no row updated means the aggregate changed (or never existed) since it was
read, and the whole transaction is rolled back. Audit appends lock the head row
first, so concurrent appenders chain one after the other.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from balorg.adapters.sql import schema
from balorg.adapters.sql.rows import (
    account_values,
    audit_entry_of,
    audit_entry_values,
    mailbox_values,
    membership_values,
    message_values,
)
from balorg.domain.account import ConnectionAccount
from balorg.domain.audit import AuditEntry, AuditRecord, chain
from balorg.domain.mail import MessageRecord
from balorg.domain.mailbox import OrganisationalMailbox
from balorg.ports.repositories import ConcurrencyConflict, DuplicateError

__all__ = [
    "append_audit",
    "insert_account",
    "insert_mailbox",
    "insert_messages",
    "update_account",
    "update_mailbox",
]


def _insert(conn: sa.Connection, table: sa.Table, values: dict[str, object]) -> None:
    try:
        conn.execute(table.insert().values(values))
    except sa.exc.IntegrityError:
        raise DuplicateError("storage.duplicate", address=values["address"]) from None


def _update(conn: sa.Connection, table: sa.Table, values: dict[str, object], expected: int) -> None:
    result = conn.execute(
        table.update()
        .where(table.c.address == values["address"], table.c.version == expected)
        .values(values)
    )
    if result.rowcount != 1:
        raise ConcurrencyConflict("storage.conflict", address=values["address"])


def _replace_memberships(conn: sa.Connection, mailbox: OrganisationalMailbox) -> None:
    table = schema.mailbox_accounts
    conn.execute(table.delete().where(table.c.mailbox == str(mailbox.address)))
    conn.execute(table.insert(), membership_values(mailbox))


def insert_mailbox(conn: sa.Connection, mailbox: OrganisationalMailbox) -> None:
    _insert(conn, schema.mailboxes, mailbox_values(mailbox, version=mailbox.version + 1))
    _replace_memberships(conn, mailbox)


def update_mailbox(conn: sa.Connection, mailbox: OrganisationalMailbox) -> None:
    values = mailbox_values(mailbox, version=mailbox.version + 1)
    _update(conn, schema.mailboxes, values, mailbox.version)
    _replace_memberships(conn, mailbox)


def insert_account(conn: sa.Connection, account: ConnectionAccount) -> None:
    _insert(conn, schema.accounts, account_values(account, version=account.version + 1))


def update_account(conn: sa.Connection, account: ConnectionAccount) -> None:
    _update(
        conn, schema.accounts, account_values(account, version=account.version + 1), account.version
    )


def insert_messages(conn: sa.Connection, messages: Sequence[MessageRecord]) -> None:
    if messages:
        conn.execute(schema.messages.insert(), [message_values(m) for m in messages])


def _last_entry(conn: sa.Connection) -> AuditEntry | None:
    head = schema.audit_head
    seq = conn.execute(sa.select(head.c.seq).where(head.c.id == 1).with_for_update()).scalar_one()
    if seq == 0:
        return None
    entries = schema.audit_entries
    row = conn.execute(sa.select(entries).where(entries.c.seq == seq)).mappings().one()
    return audit_entry_of(row)


def append_audit(conn: sa.Connection, records: Sequence[AuditRecord]) -> None:
    """Chain ``records`` after the last entry, holding the head row's lock."""
    if not records:
        return
    previous = _last_entry(conn)
    entries: list[AuditEntry] = []
    for record in records:
        previous = chain(previous, record)
        entries.append(previous)
    conn.execute(schema.audit_entries.insert(), [audit_entry_values(e) for e in entries])
    head = schema.audit_head
    last = entries[-1]
    conn.execute(head.update().where(head.c.id == 1).values(seq=last.seq, hash=last.hash))
