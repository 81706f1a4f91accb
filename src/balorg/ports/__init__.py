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

from typing import TYPE_CHECKING

from balorg.domain._lazy import lazy_names

if TYPE_CHECKING:
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

#: Where each name lives: imported on first use, so that importing one module of the
#: package does not import every other.
_WHERE: dict[str, str] = {
    "AccountRepository": "balorg.ports.repositories",
    "AuditCursor": "balorg.ports.audit",
    "AuditLog": "balorg.ports.audit",
    "Clock": "balorg.ports.clock",
    "ConcurrencyConflict": "balorg.ports.repositories",
    "CredentialRepository": "balorg.ports.repositories",
    "DelegationRepository": "balorg.ports.repositories",
    "DirectoryLookup": "balorg.ports.directory",
    "DirectoryPublisher": "balorg.ports.publisher",
    "DuplicateError": "balorg.ports.repositories",
    "ExternalCredentials": "balorg.ports.credentials",
    "MailboxRepository": "balorg.ports.repositories",
    "MessageLog": "balorg.ports.repositories",
    "NotificationFailed": "balorg.ports.notifier",
    "Notifier": "balorg.ports.notifier",
    "Outbox": "balorg.ports.outbox",
    "OutboxMessage": "balorg.ports.outbox",
    "OutboxState": "balorg.ports.outbox",
    "Password": "balorg.ports.credentials",
    "PasswordHasher": "balorg.ports.credentials",
    "PublicationFailed": "balorg.ports.publisher",
    "SessionRepository": "balorg.ports.repositories",
    "ThrottleRepository": "balorg.ports.repositories",
    "UnitOfWork": "balorg.ports.repositories",
    "UnitOfWorkFactory": "balorg.ports.repositories",
}


__getattr__, __dir__ = lazy_names(globals(), _WHERE)
