"""In-memory adapters of every port: for hosts' tests and quick starts.

The store keeps copies of the aggregates, so a change is seen by others only
once its unit of work commits; a commit checks every version first and then
applies everything, so it is all or nothing. A lock makes the store safe to
share between threads.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import hmac
import os
import threading
from collections.abc import Sequence
from types import TracebackType
from typing import Self, TypeVar

from balorg.domain.account import AccountState, ConnectionAccount
from balorg.domain.addresses import EmailAddress
from balorg.domain.audit import GENESIS, AuditEntry, AuditRecord, chain
from balorg.domain.identifiers import IdNatPS, IdNatStruct
from balorg.domain.mail import Direction, MessageRecord, Notice
from balorg.domain.mailbox import DirectoryKind, OrganisationalMailbox
from balorg.domain.professional import Professional
from balorg.domain.structure import Structure
from balorg.ports.audit import AuditLog
from balorg.ports.credentials import Password
from balorg.ports.directory import DirectoryEntry
from balorg.ports.repositories import (
    AccountRepository,
    ConcurrencyConflict,
    DuplicateError,
    MailboxRepository,
    MessageLog,
)

__all__ = [
    "InMemoryCredentials",
    "InMemoryDirectory",
    "InMemoryNotifier",
    "InMemoryStore",
    "InMemoryUnitOfWork",
]


class InMemoryStore:
    """Committed state shared by units of work."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.mailboxes: dict[EmailAddress, OrganisationalMailbox] = {}
        self.accounts: dict[EmailAddress, ConnectionAccount] = {}
        self.messages: list[MessageRecord] = []
        self.audit: list[AuditEntry] = []
        #: The last entry's hash, kept apart from the entries (see ``AuditLog.head``).
        self.audit_head: str = GENESIS

    def unit_of_work(self) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self)

    __call__ = unit_of_work


T = TypeVar("T")


def _copy(value: T) -> T:
    return copy.deepcopy(value)


class _Mailboxes:
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow

    def get(self, address: EmailAddress) -> OrganisationalMailbox | None:
        staged = self._uow.staged_mailboxes.get(address)
        if staged is not None:
            return staged
        with self._uow.store.lock:
            found = self._uow.store.mailboxes.get(address)
            return _copy(found) if found is not None else None

    def add(self, mailbox: OrganisationalMailbox) -> None:
        if self.get(mailbox.address) is not None:
            raise DuplicateError("storage.duplicate", address=str(mailbox.address))
        self._uow.staged_mailboxes[mailbox.address] = mailbox
        self._uow.new_keys.add(("mailbox", mailbox.address))

    def save(self, mailbox: OrganisationalMailbox) -> None:
        self._uow.staged_mailboxes[mailbox.address] = mailbox

    def for_account(self, account: EmailAddress) -> Sequence[OrganisationalMailbox]:
        found = []
        for address in self.addresses():
            mailbox = self.get(address)
            if mailbox is not None and mailbox.role_of(account).value != "none":
                found.append(mailbox)
        return found

    def addresses(self) -> Sequence[EmailAddress]:
        with self._uow.store.lock:
            known = set(self._uow.store.mailboxes)
        return sorted(known | set(self._uow.staged_mailboxes), key=str)


class _Accounts:
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow

    def get(self, address: EmailAddress) -> ConnectionAccount | None:
        staged = self._uow.staged_accounts.get(address)
        if staged is not None:
            return staged
        with self._uow.store.lock:
            found = self._uow.store.accounts.get(address)
            return _copy(found) if found is not None else None

    def add(self, account: ConnectionAccount) -> None:
        if self.get(account.address) is not None:
            raise DuplicateError("storage.duplicate", address=str(account.address))
        self._uow.staged_accounts[account.address] = account
        self._uow.new_keys.add(("account", account.address))

    def save(self, account: ConnectionAccount) -> None:
        self._uow.staged_accounts[account.address] = account

    def pending(self) -> Sequence[ConnectionAccount]:
        with self._uow.store.lock:
            addresses = set(self._uow.store.accounts)
        addresses |= set(self._uow.staged_accounts)
        found = [a for a in (self.get(x) for x in addresses) if a is not None]
        waiting = [a for a in found if a.state is AccountState.PENDING_VALIDATION]
        return sorted(waiting, key=lambda a: (a.created_at, str(a.address)))


class _Messages:
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow

    def record(self, message: MessageRecord) -> None:
        self._uow.staged_messages.append(message)

    def for_mailbox(
        self, mailbox: EmailAddress, direction: Direction | None = None
    ) -> Sequence[MessageRecord]:
        with self._uow.store.lock:
            records = [*self._uow.store.messages, *self._uow.staged_messages]
        return [
            r
            for r in records
            if r.mailbox == mailbox and (direction is None or r.direction is direction)
        ]


class _Audit:
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow

    def append(self, record: AuditRecord) -> None:
        self._uow.staged_audit.append(record)

    def entries(
        self,
        *,
        mailbox: str | None = None,
        actor: str | None = None,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
    ) -> Sequence[AuditEntry]:
        with self._uow.store.lock:
            entries = list(self._uow.store.audit)
        return [
            e
            for e in entries
            if (mailbox is None or e.mailbox == mailbox)
            and (actor is None or e.actor == actor)
            and (since is None or e.at >= since)
            and (until is None or e.at < until)
        ]

    def head(self) -> str:
        with self._uow.store.lock:
            return self._uow.store.audit_head


class InMemoryUnitOfWork:
    """Stages changes; :meth:`commit` applies them all or none."""

    def __init__(self, store: InMemoryStore) -> None:
        self.store = store
        self.staged_mailboxes: dict[EmailAddress, OrganisationalMailbox] = {}
        self.staged_accounts: dict[EmailAddress, ConnectionAccount] = {}
        self.staged_messages: list[MessageRecord] = []
        self.staged_audit: list[AuditRecord] = []
        self.new_keys: set[tuple[str, EmailAddress]] = set()
        # Annotated with the ports: Protocol attributes are invariant.
        self.mailboxes: MailboxRepository = _Mailboxes(self)
        self.accounts: AccountRepository = _Accounts(self)
        self.messages: MessageLog = _Messages(self)
        self.audit: AuditLog = _Audit(self)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()

    def rollback(self) -> None:
        self.staged_mailboxes.clear()
        self.staged_accounts.clear()
        self.staged_messages.clear()
        self.staged_audit.clear()
        self.new_keys.clear()

    def commit(self) -> None:
        store = self.store
        with store.lock:
            self._check(store.mailboxes, self.staged_mailboxes, "mailbox")
            self._check(store.accounts, self.staged_accounts, "account")
            # Everything that can fail happens before the store changes: all or nothing.
            chained: list[AuditEntry] = []
            for record in self.staged_audit:
                previous = chained[-1] if chained else (store.audit[-1] if store.audit else None)
                chained.append(chain(previous, record))
            for address, mailbox in self.staged_mailboxes.items():
                mailbox.events.clear()
                mailbox.version += 1
                store.mailboxes[address] = _copy(mailbox)
            for address, account in self.staged_accounts.items():
                account.events.clear()
                account.version += 1
                store.accounts[address] = _copy(account)
            store.messages.extend(self.staged_messages)
            store.audit.extend(chained)
            if chained:
                store.audit_head = chained[-1].hash
        self.rollback()

    def _check(
        self,
        committed: dict[EmailAddress, OrganisationalMailbox]
        | dict[EmailAddress, ConnectionAccount],
        staged: dict[EmailAddress, OrganisationalMailbox] | dict[EmailAddress, ConnectionAccount],
        kind: str,
    ) -> None:
        for key, aggregate in staged.items():
            current = committed.get(key)
            if (kind, key) in self.new_keys:
                if current is not None:
                    raise DuplicateError("storage.duplicate", address=str(key))
            elif current is None or current.version != aggregate.version:
                raise ConcurrencyConflict("storage.conflict", address=str(key))


class InMemoryNotifier:
    """Keeps every notice sent, for inspection."""

    def __init__(self) -> None:
        self.sent: list[Notice] = []

    def send(self, notice: Notice) -> None:
        self.sent.append(notice)


class InMemoryDirectory:
    """Professionals and structures known in advance, and published entries."""

    def __init__(self) -> None:
        self.professionals: dict[IdNatPS, Professional] = {}
        self.structures: dict[IdNatStruct, Structure] = {}
        self.published: dict[DirectoryKind, dict[EmailAddress, DirectoryEntry]] = {
            kind: {} for kind in DirectoryKind
        }

    def find_professional(self, idnat: IdNatPS) -> Professional | None:
        return self.professionals.get(idnat)

    def find_structure(self, idnat: IdNatStruct) -> Structure | None:
        return self.structures.get(idnat)

    def publish(self, entry: DirectoryEntry, directory: DirectoryKind) -> None:
        self.published[directory][entry.address] = entry

    def withdraw(self, address: EmailAddress, directory: DirectoryKind) -> None:
        self.published[directory].pop(address, None)

    def entry(self, address: EmailAddress, directory: DirectoryKind) -> DirectoryEntry | None:
        return self.published[directory].get(address)


class InMemoryCredentials:
    """A stand-in for the host's identity provider.

    It keeps only a salted scrypt hash of each password, never the password.
    """

    def __init__(self) -> None:
        self._hashes: dict[EmailAddress, tuple[bytes, bytes]] = {}

    @staticmethod
    def _hash(password: Password, salt: bytes) -> bytes:
        return hashlib.scrypt(password.reveal().encode(), salt=salt, n=2**12, r=8, p=1)

    def enrol(self, address: EmailAddress, password: Password) -> None:
        if address in self._hashes:  # never replace a password
            raise DuplicateError("storage.duplicate", address=str(address))
        salt = os.urandom(16)
        self._hashes[address] = (salt, self._hash(password, salt))

    def verify(self, address: EmailAddress, password: Password) -> bool:
        stored = self._hashes.get(address)
        if stored is None:
            self._hash(password, bytes(16))  # the same work: timing tells nothing
            return False
        salt, digest = stored
        return hmac.compare_digest(digest, self._hash(password, salt))
