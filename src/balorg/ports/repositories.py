"""Repositories and the unit of work: one use case, one transaction, all or nothing.

Every read a use case needs is bounded by what it touches: one mailbox, one account's
delegation on it, one account's own delegations, a page of members. Nothing here reads
"every member" or "every mailbox".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from types import TracebackType
from typing import Protocol, Self

from balorg.domain.account import ConnectionAccount
from balorg.domain.addresses import EmailAddress
from balorg.domain.credentials import StoredCredential
from balorg.domain.delegation import Delegation
from balorg.domain.errors import BalorgError
from balorg.domain.mail import Direction, MessageRecord
from balorg.domain.mailbox import OrganisationalMailbox
from balorg.domain.session import Session
from balorg.ports.audit import AuditLog
from balorg.ports.outbox import Outbox

__all__ = [
    "AccountRepository",
    "ConcurrencyConflict",
    "CredentialRepository",
    "DelegationRepository",
    "DuplicateError",
    "MailboxRepository",
    "MessageLog",
    "SessionRepository",
    "ThrottleRepository",
    "UnitOfWork",
    "UnitOfWorkFactory",
]


class ConcurrencyConflict(BalorgError):
    """Something read changed before the commit; nothing was saved. Retry."""

    default_code = "storage.conflict"


class DuplicateError(BalorgError):
    """An aggregate with that key already exists (or a second live delegation)."""

    default_code = "storage.duplicate"


class MailboxRepository(Protocol):
    def get(self, address: EmailAddress) -> OrganisationalMailbox | None:
        """The mailbox, or ``None``."""

    def add(self, mailbox: OrganisationalMailbox) -> None:
        """Store a new mailbox; :class:`DuplicateError` if the address is taken."""

    def save(self, mailbox: OrganisationalMailbox) -> None:
        """Store changes; :class:`ConcurrencyConflict` if its version is stale.
        On commit the mailbox's ``version`` goes up by one."""

    def responsible_for(self, account: EmailAddress) -> Sequence[OrganisationalMailbox]:
        """Mailboxes whose responsible is ``account``, by address."""

    def addresses(self, *, after: str | None = None, limit: int = 100) -> Sequence[EmailAddress]:
        """Mailbox addresses in order, the page after ``after``."""


class DelegationRepository(Protocol):
    def current(self, mailbox: EmailAddress, account: EmailAddress) -> Delegation | None:
        """The account's live delegation on the mailbox, else its latest one, else None."""

    def add(self, delegation: Delegation) -> None:
        """Store a new delegation; :class:`DuplicateError` if the account already has a
        live one on the mailbox, or one with that number."""

    def save(self, delegation: Delegation) -> None:
        """Store changes; :class:`ConcurrencyConflict` if its version is stale."""

    def live_of(self, account: EmailAddress) -> Sequence[Delegation]:
        """The account's live delegations (one per mailbox), by mailbox."""

    def page(
        self, mailbox: EmailAddress, *, after: str | None = None, limit: int = 100
    ) -> Sequence[Delegation]:
        """The current delegation of each account on the mailbox, by account, the page
        after account ``after``."""

    def granted_by(self, mailbox: EmailAddress, grantor: EmailAddress) -> Sequence[Delegation]:
        """Live delegations on the mailbox granted by ``grantor``, by account."""

    def to_review(self, mailbox: EmailAddress) -> Sequence[Delegation]:
        """Live delegations on the mailbox waiting for a review, by account."""

    def expiring(
        self, *, after: dt.datetime, until: dt.datetime, limit: int = 100
    ) -> Sequence[Delegation]:
        """Live delegations expiring in (``after``, ``until``] and not reminded yet,
        soonest first."""

    def history(self, mailbox: EmailAddress, account: EmailAddress) -> Sequence[Delegation]:
        """Every delegation of the account on the mailbox, by number."""


class AccountRepository(Protocol):
    def get(self, address: EmailAddress) -> ConnectionAccount | None: ...

    def add(self, account: ConnectionAccount) -> None:
        """Store a new account; :class:`DuplicateError` if the address is taken."""

    def save(self, account: ConnectionAccount) -> None:
        """Store changes; :class:`ConcurrencyConflict` if its version is stale."""

    def pending(
        self, *, after: tuple[dt.datetime, str] | None = None, limit: int = 100
    ) -> Sequence[ConnectionAccount]:
        """Accounts waiting for validation, oldest first (by creation time, then
        address), the page after the (created_at, address) key ``after``."""

    def credential_pending(self, *, limit: int = 100) -> Sequence[ConnectionAccount]:
        """Accounts whose password the host's credential service has not confirmed."""

    def notice_subscribers(self, mailbox: EmailAddress) -> Sequence[EmailAddress]:
        """Accounts that asked for new-mail notices of ``mailbox``, by address."""


class CredentialRepository(Protocol):
    """Password hashes, written in the same transaction as their account."""

    def get(self, address: EmailAddress) -> StoredCredential | None: ...

    def set(self, address: EmailAddress, credential: StoredCredential) -> None:
        """Store or replace the account's credential."""


class SessionRepository(Protocol):
    def add(self, session: Session) -> None: ...

    def save(self, session: Session) -> None:
        """Store changes; :class:`ConcurrencyConflict` if its version is stale. The
        session's last use never goes back in time."""

    def seen(self, token_hash: str, at: dt.datetime) -> None:
        """The session was used at ``at``. Never a conflict (parallel commands of one
        session all count; the latest use wins) and no new version."""

    def by_token(self, token_hash: str) -> Session | None:
        """The session whose token has this digest."""


class ThrottleRepository(Protocol):
    """Failed password checks per account, counted atomically with the check."""

    def failures(self, account: EmailAddress, *, since: dt.datetime) -> Sequence[dt.datetime]:
        """Failures since ``since``, LOCKING the account's counter for the rest of the
        transaction: parallel checks of one account queue here."""

    def record_failure(self, account: EmailAddress, at: dt.datetime) -> None:
        """Count one more failure at ``at``. Every failure since the ``since`` the account
        was last read with must be kept (the limit is the host's to set); older ones,
        which no later check counts, may be forgotten."""

    def clear(self, account: EmailAddress) -> None:
        """Forget the account's failures (after a good password)."""


class MessageLog(Protocol):
    def record(self, message: MessageRecord) -> None:
        """Keep ``message``; :class:`DuplicateError` if the mailbox already has one
        with that direction and reference."""

    def has(self, mailbox: EmailAddress, direction: Direction, reference: str) -> bool: ...

    def for_mailbox(
        self,
        mailbox: EmailAddress,
        direction: Direction | None = None,
        *,
        after: int = 0,
        limit: int | None = None,
    ) -> Sequence[tuple[int, MessageRecord]]:
        """Records of a mailbox with their position, oldest first, after ``after``."""


class UnitOfWork(Protocol):
    """Repositories sharing one transaction; leaving without commit rolls back."""

    mailboxes: MailboxRepository
    delegations: DelegationRepository
    accounts: AccountRepository
    credentials: CredentialRepository
    sessions: SessionRepository
    throttle: ThrottleRepository
    messages: MessageLog
    audit: AuditLog
    outbox: Outbox

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None:
        """Make everything durable at once; :class:`ConcurrencyConflict` or
        :class:`DuplicateError` if something read or written clashed (nothing is kept)."""

    def rollback(self) -> None:
        """Forget everything since the last commit; the unit of work stays usable."""

    def mark(self) -> None:
        """Remember this point of the transaction (for :meth:`undo`)."""

    def undo(self) -> None:
        """Forget every change since :meth:`mark`; the transaction, and the locks it took
        before the mark (the login throttle's), go on."""


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...
