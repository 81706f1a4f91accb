"""Ports: the Protocols a host application implements (or takes from
:mod:`balorg.adapters`).

- storage, in one unit of work per use case: :mod:`~balorg.ports.repositories`,
  :mod:`~balorg.ports.audit`, :mod:`~balorg.ports.outbox`;
- the outside world, reached through the outbox's dispatcher:
  :mod:`~balorg.ports.notifier`, :mod:`~balorg.ports.publisher`;
- look-ups and services: :mod:`~balorg.ports.directory`, :mod:`~balorg.ports.credentials`,
  :mod:`~balorg.ports.clock`.
"""

from __future__ import annotations

from balorg.ports.audit import AuditCursor, AuditLog
from balorg.ports.clock import Clock
from balorg.ports.credentials import ExternalCredentials, Password, PasswordHasher
from balorg.ports.directory import DirectoryLookup
from balorg.ports.notifier import NotificationFailed, Notifier
from balorg.ports.outbox import Outbox, OutboxMessage, OutboxState
from balorg.ports.publisher import DirectoryPublisher, PublicationFailed
from balorg.ports.repositories import (
    AccountRepository,
    ConcurrencyConflict,
    CredentialRepository,
    DelegationRepository,
    DuplicateError,
    MailboxRepository,
    MessageLog,
    SessionRepository,
    ThrottleRepository,
    UnitOfWork,
    UnitOfWorkFactory,
)

__all__ = [
    "AccountRepository",
    "AuditCursor",
    "AuditLog",
    "Clock",
    "ConcurrencyConflict",
    "CredentialRepository",
    "DelegationRepository",
    "DirectoryLookup",
    "DirectoryPublisher",
    "DuplicateError",
    "ExternalCredentials",
    "MailboxRepository",
    "MessageLog",
    "NotificationFailed",
    "Notifier",
    "Outbox",
    "OutboxMessage",
    "OutboxState",
    "Password",
    "PasswordHasher",
    "PublicationFailed",
    "SessionRepository",
    "ThrottleRepository",
    "UnitOfWork",
    "UnitOfWorkFactory",
]
