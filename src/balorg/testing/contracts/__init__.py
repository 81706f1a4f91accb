"""Contract test cases: what any adapter of a port must do.

Every adapter of a port, the reference ones of :mod:`balorg.adapters` and a host's own,
passes the same cases. Each contract is an abstract class (its name ends in
``Contract`` so that pytest does not collect it) with an abstract factory fixture; an
adapter's test module subclasses it under a ``Test...`` name and provides the fixture::

    from balorg.adapters.memory import InMemoryStore
    from balorg.testing.contracts import StorageContract

    class TestInMemoryStorage(StorageContract):
        @pytest.fixture
        def uow_factory(self) -> UnitOfWorkFactory:
            return InMemoryStore()  # a fresh, empty store for every test

One module per port:

- :mod:`.mailboxes`, :mod:`.delegations`, :mod:`.accounts` (accounts and credentials),
  :mod:`.sessions` (sessions and the login throttle), :mod:`.messages`, :mod:`.audit`,
  :mod:`.outbox`, :mod:`.unit_of_work`, all with fixture ``uow_factory``; and
  :class:`StorageContract`, every one of them at once;
- :mod:`.delivery`: :class:`NotifierContract` (fixture ``notifier``, hook
  ``delivered``), :class:`DirectoryPublisherContract` (fixture ``publisher``, hook
  ``shown``), :class:`ClockContract` (fixture ``clock``),
  :class:`ExternalCredentialsContract` (fixture ``credentials``);
- :mod:`.directory_lookup`: :class:`DirectoryLookupContract` for the national
  directory's look-ups.

The builders the cases use are in :mod:`balorg.testing.examples` (no pytest needed).
This package needs pytest: install balorg with its ``testing`` extra.
"""

from __future__ import annotations

from balorg.testing.contracts.accounts import (
    AccountRepositoryContract,
    CredentialRepositoryContract,
)
from balorg.testing.contracts.audit import AuditLogContract
from balorg.testing.contracts.delegations import DelegationRepositoryContract
from balorg.testing.contracts.delivery import (
    ClockContract,
    DirectoryPublisherContract,
    ExternalCredentialsContract,
    NotifierContract,
)
from balorg.testing.contracts.mailboxes import MailboxRepositoryContract, mailbox_fields
from balorg.testing.contracts.messages import MessageLogContract
from balorg.testing.contracts.outbox import OutboxContract
from balorg.testing.contracts.sessions import SessionRepositoryContract, ThrottleRepositoryContract
from balorg.testing.contracts.unit_of_work import UnitOfWorkContract

__all__ = [
    "AccountRepositoryContract",
    "AuditLogContract",
    "ClockContract",
    "CredentialRepositoryContract",
    "DelegationRepositoryContract",
    "DirectoryPublisherContract",
    "ExternalCredentialsContract",
    "MailboxRepositoryContract",
    "MessageLogContract",
    "NotifierContract",
    "OutboxContract",
    "SessionRepositoryContract",
    "StorageContract",
    "ThrottleRepositoryContract",
    "UnitOfWorkContract",
    "mailbox_fields",
]


class StorageContract(
    MailboxRepositoryContract,
    DelegationRepositoryContract,
    AccountRepositoryContract,
    CredentialRepositoryContract,
    SessionRepositoryContract,
    ThrottleRepositoryContract,
    MessageLogContract,
    AuditLogContract,
    OutboxContract,
    UnitOfWorkContract,
):
    """Every storage contract at once, for an adapter of the whole unit of work."""
