"""Adapters written from scratch, as a host would, shown in ``docs/testing.md``.

``DictStore`` keeps mailboxes, nominative accounts and password hashes in plain dicts,
behind the ports :class:`~balorg.ports.MailboxRepository`,
:class:`~balorg.ports.AccountRepository` and :class:`~balorg.ports.CredentialRepository`,
in units of work that are all or nothing. ``ListNotifier`` keeps the notices it is given.
``tests/docs/test_dict_store.py`` runs balorg's contract cases against both.
"""

from __future__ import annotations

import copy
import datetime as dt
import threading
from collections.abc import Sequence
from types import TracebackType
from typing import Any, Self

from balorg.domain import AccountState, ConnectionAccount, EmailAddress, OrganisationalMailbox
from balorg.domain.credentials import StoredCredential
from balorg.domain.mail import Notice
from balorg.ports import ConcurrencyConflict, DuplicateError


def _snapshot(aggregate: Any) -> Any:
    """A copy for a reader: the fields are immutable values; events are never stored."""
    copied = copy.copy(aggregate)
    copied.events = []
    return copied


class DictStore:
    """The committed state. Calling the store opens a unit of work: it is the
    ``UnitOfWorkFactory`` a host passes as ``Ports(uow=...)``."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.mailboxes: dict[EmailAddress, OrganisationalMailbox] = {}
        self.accounts: dict[EmailAddress, ConnectionAccount] = {}
        self.credentials: dict[EmailAddress, StoredCredential] = {}

    def __call__(self) -> DictUnitOfWork:
        return DictUnitOfWork(self)


class DictUnitOfWork:
    """Stages every change; :meth:`commit` checks them all, then applies them all."""

    def __init__(self, store: DictStore) -> None:
        self.store = store
        self.mailboxes = DictMailboxes(self)
        self.accounts = DictAccounts(self)
        self.credentials = DictCredentials(self)
        self.rollback()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()  # leaving without commit keeps nothing

    def rollback(self) -> None:
        #: kind -> key -> the aggregate to store; and the keys that must be new.
        self.staged: dict[str, dict[Any, Any]] = {"mailboxes": {}, "accounts": {}}
        self.new: set[tuple[str, Any]] = set()
        self.staged_credentials: dict[EmailAddress, StoredCredential] = {}

    def read(self, kind: str, key: Any) -> Any:
        """What this unit of work sees: its own staged change, else the committed one."""
        if key in self.staged[kind]:
            return self.staged[kind][key]
        with self.store.lock:
            found = getattr(self.store, kind).get(key)
        return None if found is None else _snapshot(found)

    def stage(self, kind: str, key: Any, aggregate: Any, *, new: bool) -> None:
        if new:
            if self.read(kind, key) is not None:
                raise DuplicateError("storage.duplicate", address=str(key))
            self.new.add((kind, key))
        self.staged[kind][key] = aggregate

    def commit(self) -> None:
        store = self.store
        with store.lock:
            for kind, staged in self.staged.items():
                committed = getattr(store, kind)
                for key, aggregate in staged.items():
                    stored = committed.get(key)
                    if (kind, key) in self.new:
                        if stored is not None:  # another unit of work added it first
                            raise DuplicateError("storage.duplicate", address=str(key))
                    elif stored is None or stored.version != aggregate.version:
                        raise ConcurrencyConflict("storage.conflict", address=str(key))
            # Every check passed: apply everything (nothing below can fail).
            for kind, staged in self.staged.items():
                for key, aggregate in staged.items():
                    aggregate.version += 1
                    getattr(store, kind)[key] = _snapshot(aggregate)
            store.credentials.update(self.staged_credentials)
        self.rollback()


class DictMailboxes:
    """:class:`~balorg.ports.MailboxRepository` over the store's dict."""

    def __init__(self, uow: DictUnitOfWork) -> None:
        self.uow = uow

    def get(self, address: EmailAddress) -> OrganisationalMailbox | None:
        found: OrganisationalMailbox | None = self.uow.read("mailboxes", address)
        return found

    def add(self, mailbox: OrganisationalMailbox) -> None:
        self.uow.stage("mailboxes", mailbox.address, mailbox, new=True)

    def save(self, mailbox: OrganisationalMailbox) -> None:
        self.uow.stage("mailboxes", mailbox.address, mailbox, new=False)

    def _all(self) -> list[OrganisationalMailbox]:
        with self.uow.store.lock:
            addresses = set(self.uow.store.mailboxes) | set(self.uow.staged["mailboxes"])
        return [m for m in map(self.get, sorted(addresses, key=str)) if m is not None]

    def responsible_for(self, account: EmailAddress) -> Sequence[OrganisationalMailbox]:
        # A scan: fine for a few mailboxes; a real store indexes the responsible.
        return [m for m in self._all() if m.responsible.account == account]

    def addresses(self, *, after: str | None = None, limit: int = 100) -> Sequence[EmailAddress]:
        found = [m.address for m in self._all() if after is None or str(m.address) > after]
        return found[:limit]


class DictAccounts:
    """:class:`~balorg.ports.AccountRepository` over the store's dict."""

    def __init__(self, uow: DictUnitOfWork) -> None:
        self.uow = uow

    def get(self, address: EmailAddress) -> ConnectionAccount | None:
        found: ConnectionAccount | None = self.uow.read("accounts", address)
        return found

    def add(self, account: ConnectionAccount) -> None:
        self.uow.stage("accounts", account.address, account, new=True)

    def save(self, account: ConnectionAccount) -> None:
        self.uow.stage("accounts", account.address, account, new=False)

    def _all(self) -> list[ConnectionAccount]:
        with self.uow.store.lock:
            addresses = set(self.uow.store.accounts) | set(self.uow.staged["accounts"])
        return [a for a in map(self.get, sorted(addresses, key=str)) if a is not None]

    def pending(
        self, *, after: tuple[dt.datetime, str] | None = None, limit: int = 100
    ) -> Sequence[ConnectionAccount]:
        waiting = sorted(
            (
                (a.created_at, str(a.address), a)
                for a in self._all()
                if a.state is AccountState.PENDING_VALIDATION
            ),
            key=lambda item: item[:2],
        )
        return [a for key, name, a in waiting if after is None or (key, name) > after][:limit]

    def credential_pending(self, *, limit: int = 100) -> Sequence[ConnectionAccount]:
        return [a for a in self._all() if a.credential_pending][:limit]

    def notice_subscribers(self, mailbox: EmailAddress) -> Sequence[EmailAddress]:
        return [a.address for a in self._all() if mailbox in a.notices]


class DictCredentials:
    """:class:`~balorg.ports.CredentialRepository`: hashes, committed with their account."""

    def __init__(self, uow: DictUnitOfWork) -> None:
        self.uow = uow

    def get(self, address: EmailAddress) -> StoredCredential | None:
        if address in self.uow.staged_credentials:
            return self.uow.staged_credentials[address]
        with self.uow.store.lock:
            return self.uow.store.credentials.get(address)

    def set(self, address: EmailAddress, credential: StoredCredential) -> None:
        self.uow.staged_credentials[address] = credential


class ListNotifier:
    """:class:`~balorg.ports.Notifier` keeping each notice once per idempotency key (a
    host's would hand it to its mail transport)."""

    def __init__(self) -> None:
        self.sent: list[Notice] = []
        self.keys: set[str] = set()

    def send(self, notice: Notice, *, key: str) -> None:
        if key not in self.keys:
            self.keys.add(key)
            self.sent.append(notice)
