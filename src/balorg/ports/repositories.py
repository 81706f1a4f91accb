"""Repositories and the unit of work: one use case commits all or nothing."""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import Protocol, Self

from balorg.domain.account import ConnectionAccount
from balorg.domain.addresses import EmailAddress
from balorg.domain.errors import BalorgError
from balorg.domain.mail import Direction, MessageRecord
from balorg.domain.mailbox import OrganisationalMailbox
from balorg.ports.audit import AuditLog

__all__ = [
    "AccountRepository",
    "ConcurrencyConflict",
    "DuplicateError",
    "MailboxRepository",
    "MessageLog",
    "UnitOfWork",
    "UnitOfWorkFactory",
]


class ConcurrencyConflict(BalorgError):
    """The aggregate changed since it was read; nothing was saved. Retry."""

    default_code = "storage.conflict"


class DuplicateError(BalorgError):
    """An aggregate with that address already exists."""

    default_code = "storage.duplicate"


class MailboxRepository(Protocol):
    def get(self, address: EmailAddress) -> OrganisationalMailbox | None:
        """The mailbox, or ``None``."""

    def add(self, mailbox: OrganisationalMailbox) -> None:
        """Store a new mailbox; :class:`DuplicateError` if the address is taken."""

    def save(self, mailbox: OrganisationalMailbox) -> None:
        """Store changes; :class:`ConcurrencyConflict` if its version is stale.
        On success the mailbox's ``version`` goes up by one."""

    def for_account(self, account: EmailAddress) -> Sequence[OrganisationalMailbox]:
        """Mailboxes where ``account`` is responsible or holds a delegation (any state)."""

    def addresses(self) -> Sequence[EmailAddress]:
        """Every mailbox address, sorted."""


class AccountRepository(Protocol):
    def get(self, address: EmailAddress) -> ConnectionAccount | None: ...

    def add(self, account: ConnectionAccount) -> None:
        """Store a new account; :class:`DuplicateError` if the address is taken."""

    def save(self, account: ConnectionAccount) -> None:
        """Store changes; :class:`ConcurrencyConflict` if its version is stale."""

    def pending(self) -> Sequence[ConnectionAccount]:
        """Accounts waiting for validation, oldest first."""


class MessageLog(Protocol):
    def record(self, message: MessageRecord) -> None: ...

    def for_mailbox(
        self, mailbox: EmailAddress, direction: Direction | None = None
    ) -> Sequence[MessageRecord]:
        """Records of a mailbox, oldest first."""


class UnitOfWork(Protocol):
    """Repositories sharing one transaction; leaving without commit rolls back."""

    mailboxes: MailboxRepository
    accounts: AccountRepository
    messages: MessageLog
    audit: AuditLog

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...
