"""Rows to domain objects and back, for the tables of :mod:`.schema`."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from balorg.adapters.sql.codec import (
    account_document,
    account_from_document,
    mailbox_document,
    mailbox_from_document,
)
from balorg.domain.account import ConnectionAccount
from balorg.domain.addresses import EmailAddress
from balorg.domain.audit import AuditEntry
from balorg.domain.mail import Direction, MessageRecord
from balorg.domain.mailbox import OrganisationalMailbox, Role

__all__ = [
    "account_of",
    "account_values",
    "audit_entry_of",
    "audit_entry_values",
    "mailbox_of",
    "mailbox_values",
    "membership_values",
    "message_of",
    "message_values",
]


def mailbox_values(mailbox: OrganisationalMailbox, *, version: int) -> dict[str, Any]:
    return {
        "address": str(mailbox.address),
        "version": version,
        "state": mailbox.state.value,
        "structure": str(mailbox.structure.identifier),
        "responsible_account": str(mailbox.responsible.account),
        "created_at": mailbox.created_at,
        "document": mailbox_document(mailbox),
    }


def mailbox_of(row: sa.RowMapping) -> OrganisationalMailbox:
    return mailbox_from_document(row["document"], version=row["version"])


def membership_values(mailbox: OrganisationalMailbox) -> list[dict[str, Any]]:
    """One row per account on the mailbox: the responsible and every delegate."""
    roles = {mailbox.responsible.account: Role.RESPONSIBLE}
    for delegation in mailbox.delegations:
        roles.setdefault(delegation.account, Role.MEMBER)
    return [
        {"mailbox": str(mailbox.address), "account": str(account), "role": role.value}
        for account, role in roles.items()
    ]


def account_values(account: ConnectionAccount, *, version: int) -> dict[str, Any]:
    return {
        "address": str(account.address),
        "version": version,
        "state": account.state.value,
        "created_at": account.created_at,
        "document": account_document(account),
    }


def account_of(row: sa.RowMapping) -> ConnectionAccount:
    return account_from_document(row["document"], version=row["version"])


def message_values(message: MessageRecord) -> dict[str, Any]:
    return {
        "mailbox": str(message.mailbox),
        "direction": message.direction.value,
        "reference": message.reference,
        "at": message.at,
        "correspondent": str(message.correspondent),
        "author": None if message.author is None else str(message.author),
    }


def message_of(row: sa.RowMapping) -> MessageRecord:
    author = row["author"]
    return MessageRecord(
        mailbox=EmailAddress(row["mailbox"]),
        direction=Direction(row["direction"]),
        reference=row["reference"],
        at=row["at"],
        correspondent=EmailAddress(row["correspondent"]),
        author=None if author is None else EmailAddress(author),
    )


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def audit_entry_values(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": entry.at,
        "actor": entry.actor,
        "mailbox": entry.mailbox,
        "action": entry.action,
        "allowed": entry.allowed,
        "reasons": _json(list(entry.reasons)),
        "details": _json(dict(entry.details)),
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }


def audit_entry_of(row: sa.RowMapping) -> AuditEntry:
    return AuditEntry(
        seq=row["seq"],
        at=row["at"],
        actor=row["actor"],
        mailbox=row["mailbox"],
        action=row["action"],
        allowed=bool(row["allowed"]),
        reasons=json.loads(row["reasons"]),
        details=json.loads(row["details"]),
        prev_hash=row["prev_hash"],
        hash=row["hash"],
    )
