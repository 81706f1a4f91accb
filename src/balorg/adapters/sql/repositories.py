"""The repositories of a SQL unit of work: reads from the database, writes staged.

Changes are staged in the unit of work and written by its commit in one
transaction (:mod:`.writes`), as the in-memory adapter does; reads see the
committed state plus what this unit of work staged. No connection is held
between calls, so a use case can run a second unit of work (to audit a
refusal, say) while its own is open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from attrs import define, field

from balorg.adapters.sql import schema
from balorg.adapters.sql.engine import read_connection
from balorg.adapters.sql.rows import account_of, audit_entry_of, mailbox_of, message_of
from balorg.domain.account import AccountState, ConnectionAccount
from balorg.domain.addresses import EmailAddress
from balorg.domain.audit import AuditEntry, AuditRecord
from balorg.domain.mail import Direction, MessageRecord
from balorg.domain.mailbox import OrganisationalMailbox, Role
from balorg.ports.repositories import DuplicateError

__all__ = [
    "SqlAccountRepository",
    "SqlAuditLog",
    "SqlMailboxRepository",
    "SqlMessageLog",
    "Staged",
]


@define
class Staged:
    """What a unit of work will write when it commits."""

    mailboxes: dict[EmailAddress, OrganisationalMailbox] = field(factory=dict)
    accounts: dict[EmailAddress, ConnectionAccount] = field(factory=dict)
    messages: list[MessageRecord] = field(factory=list)
    audit: list[AuditRecord] = field(factory=list)
    new_mailboxes: set[EmailAddress] = field(factory=set)
    new_accounts: set[EmailAddress] = field(factory=set)

    def clear(self) -> None:
        for collection in (
            self.mailboxes,
            self.accounts,
            self.messages,
            self.audit,
            self.new_mailboxes,
            self.new_accounts,
        ):
            collection.clear()


class SqlMailboxRepository:
    def __init__(self, engine: sa.Engine, staged: Staged) -> None:
        self._engine = engine
        self._staged = staged

    def get(self, address: EmailAddress) -> OrganisationalMailbox | None:
        staged = self._staged.mailboxes.get(address)
        if staged is not None:
            return staged
        table = schema.mailboxes
        query = sa.select(table.c.version, table.c.document).where(table.c.address == str(address))
        with read_connection(self._engine) as conn:
            row = conn.execute(query).mappings().first()
        return None if row is None else mailbox_of(row)

    def add(self, mailbox: OrganisationalMailbox) -> None:
        if self.get(mailbox.address) is not None:
            raise DuplicateError("storage.duplicate", address=str(mailbox.address))
        self._staged.mailboxes[mailbox.address] = mailbox
        self._staged.new_mailboxes.add(mailbox.address)

    def save(self, mailbox: OrganisationalMailbox) -> None:
        self._staged.mailboxes[mailbox.address] = mailbox

    def for_account(self, account: EmailAddress) -> Sequence[OrganisationalMailbox]:
        table, members = schema.mailboxes, schema.mailbox_accounts
        query = (
            sa.select(table.c.version, table.c.document)
            .join(members, members.c.mailbox == table.c.address)
            .where(members.c.account == str(account))
        )
        with read_connection(self._engine) as conn:
            found = {m.address: m for m in map(mailbox_of, conn.execute(query).mappings())}
        for address, mailbox in self._staged.mailboxes.items():
            if mailbox.role_of(account) is Role.NONE:
                found.pop(address, None)
            else:
                found[address] = mailbox
        return [found[a] for a in sorted(found, key=str)]

    def addresses(self) -> Sequence[EmailAddress]:
        with read_connection(self._engine) as conn:
            stored = {
                EmailAddress(a)
                for a in conn.execute(sa.select(schema.mailboxes.c.address)).scalars()
            }
        return sorted(stored | set(self._staged.mailboxes), key=str)


class SqlAccountRepository:
    def __init__(self, engine: sa.Engine, staged: Staged) -> None:
        self._engine = engine
        self._staged = staged

    def get(self, address: EmailAddress) -> ConnectionAccount | None:
        staged = self._staged.accounts.get(address)
        if staged is not None:
            return staged
        table = schema.accounts
        query = sa.select(table.c.version, table.c.document).where(table.c.address == str(address))
        with read_connection(self._engine) as conn:
            row = conn.execute(query).mappings().first()
        return None if row is None else account_of(row)

    def add(self, account: ConnectionAccount) -> None:
        if self.get(account.address) is not None:
            raise DuplicateError("storage.duplicate", address=str(account.address))
        self._staged.accounts[account.address] = account
        self._staged.new_accounts.add(account.address)

    def save(self, account: ConnectionAccount) -> None:
        self._staged.accounts[account.address] = account

    def pending(self) -> Sequence[ConnectionAccount]:
        table = schema.accounts
        query = sa.select(table.c.version, table.c.document).where(
            table.c.state == AccountState.PENDING_VALIDATION.value
        )
        with read_connection(self._engine) as conn:
            found = {a.address: a for a in map(account_of, conn.execute(query).mappings())}
        found.update(self._staged.accounts)
        waiting = [a for a in found.values() if a.state is AccountState.PENDING_VALIDATION]
        return sorted(waiting, key=lambda a: (a.created_at, str(a.address)))


class SqlMessageLog:
    def __init__(self, engine: sa.Engine, staged: Staged) -> None:
        self._engine = engine
        self._staged = staged

    def record(self, message: MessageRecord) -> None:
        self._staged.messages.append(message)

    def for_mailbox(
        self, mailbox: EmailAddress, direction: Direction | None = None
    ) -> Sequence[MessageRecord]:
        table = schema.messages
        query = sa.select(table).where(table.c.mailbox == str(mailbox)).order_by(table.c.id)
        if direction is not None:
            query = query.where(table.c.direction == direction.value)
        with read_connection(self._engine) as conn:
            stored = [message_of(row) for row in conn.execute(query).mappings()]
        staged = [
            m
            for m in self._staged.messages
            if m.mailbox == mailbox and (direction is None or m.direction is direction)
        ]
        return [*stored, *staged]


class SqlAuditLog:
    def __init__(self, engine: sa.Engine, staged: Staged) -> None:
        self._engine = engine
        self._staged = staged

    def append(self, record: AuditRecord) -> None:
        self._staged.audit.append(record)

    def entries(
        self,
        *,
        mailbox: str | None = None,
        actor: str | None = None,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
    ) -> Sequence[AuditEntry]:
        table = schema.audit_entries
        query = sa.select(table).order_by(table.c.seq)
        if mailbox is not None:
            query = query.where(table.c.mailbox == mailbox)
        if actor is not None:
            query = query.where(table.c.actor == actor)
        if since is not None:
            query = query.where(table.c.at >= since)
        if until is not None:
            query = query.where(table.c.at < until)
        with read_connection(self._engine) as conn:
            return [audit_entry_of(row) for row in conn.execute(query).mappings()]

    def head(self) -> str:
        head = schema.audit_head
        with read_connection(self._engine) as conn:
            hash_: str = conn.execute(sa.select(head.c.hash).where(head.c.id == 1)).scalar_one()
        return hash_
