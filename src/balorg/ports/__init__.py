"""Ports: the Protocols a host application implements (or takes from
:mod:`balorg.adapters`)."""

from __future__ import annotations

from balorg.ports.audit import AuditLog
from balorg.ports.clock import Clock
from balorg.ports.credentials import CredentialEnrolment, CredentialVerifier, Password
from balorg.ports.directory import Directory, DirectoryEntry
from balorg.ports.notifier import Notifier
from balorg.ports.repositories import (
    AccountRepository,
    ConcurrencyConflict,
    DuplicateError,
    MailboxRepository,
    MessageLog,
    UnitOfWork,
    UnitOfWorkFactory,
)

__all__ = [
    "AccountRepository",
    "AuditLog",
    "Clock",
    "ConcurrencyConflict",
    "CredentialEnrolment",
    "CredentialVerifier",
    "Directory",
    "DirectoryEntry",
    "DuplicateError",
    "MailboxRepository",
    "MessageLog",
    "Notifier",
    "Password",
    "UnitOfWork",
    "UnitOfWorkFactory",
]
