"""Domain events: every change to a mailbox or an account, naming who made it.

Aggregates record events instead of calling out; services hand them to the
audit log and the notifier. ``actor`` is always a nominative account (or a
named service-centre agent): there is no anonymous change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from attrs import field, frozen
from attrs.validators import instance_of

from balorg.domain.addresses import EmailAddress
from balorg.domain.delegation import Capability
from balorg.domain.timing import aware

__all__ = [
    "AccountApproved",
    "AccountCreated",
    "AccountEvent",
    "AccountRejected",
    "DefaultMailboxChanged",
    "DelegationActivated",
    "DelegationGranted",
    "DelegationResumed",
    "DelegationRevoked",
    "DelegationSuspended",
    "DescriptionChanged",
    "DomainEvent",
    "MailboxActivated",
    "MailboxClosed",
    "MailboxEvent",
    "MailboxRegistered",
    "MailboxResumed",
    "MailboxSuspended",
    "NoticesChanged",
    "RedListChanged",
    "RegistrationFinished",
    "ResponsibilityHandedOver",
    "SettingsReconciled",
]


def _capabilities(values: Iterable[Capability]) -> frozenset[Capability]:
    return frozenset(values)


def _addresses(values: Iterable[EmailAddress]) -> frozenset[EmailAddress]:
    return frozenset(values)


@frozen(kw_only=True)
class DomainEvent:
    """Something that happened, when, and which nominative person did it."""

    actor: EmailAddress = field(validator=instance_of(EmailAddress))
    at: dt.datetime = field(validator=aware)

    @property
    def name(self) -> str:
        return type(self).__name__


@frozen(kw_only=True)
class MailboxEvent(DomainEvent):
    mailbox: EmailAddress


@frozen(kw_only=True)
class MailboxRegistered(MailboxEvent):
    responsible: str  # IdNat PS of the responsible
    structure: str  # IdNat Struct


@frozen(kw_only=True)
class RegistrationFinished(MailboxEvent):
    pass


@frozen(kw_only=True)
class MailboxActivated(MailboxEvent):
    pass


@frozen(kw_only=True)
class MailboxSuspended(MailboxEvent):
    reason: str


@frozen(kw_only=True)
class MailboxResumed(MailboxEvent):
    pass


@frozen(kw_only=True)
class MailboxClosed(MailboxEvent):
    reason: str


@frozen(kw_only=True)
class DelegationGranted(MailboxEvent):
    account: EmailAddress
    number: int
    capabilities: frozenset[Capability] = field(converter=_capabilities)
    expires_at: dt.datetime | None
    pending_validation: bool


@frozen(kw_only=True)
class DelegationActivated(MailboxEvent):
    account: EmailAddress
    number: int


@frozen(kw_only=True)
class DelegationSuspended(MailboxEvent):
    account: EmailAddress
    number: int
    reason: str | None


@frozen(kw_only=True)
class DelegationResumed(MailboxEvent):
    account: EmailAddress
    number: int


@frozen(kw_only=True)
class DelegationRevoked(MailboxEvent):
    account: EmailAddress
    number: int
    reason: str


@frozen(kw_only=True)
class ResponsibilityHandedOver(MailboxEvent):
    previous: str  # IdNat PS
    successor: str  # IdNat PS
    successor_account: EmailAddress


@frozen(kw_only=True)
class RedListChanged(MailboxEvent):
    national_directory: bool
    operator_directory: bool


@frozen(kw_only=True)
class DescriptionChanged(MailboxEvent):
    description: str


@frozen(kw_only=True)
class AccountEvent(DomainEvent):
    account: EmailAddress


@frozen(kw_only=True)
class AccountCreated(AccountEvent):
    pending_validation: bool


@frozen(kw_only=True)
class AccountApproved(AccountEvent):
    pass


@frozen(kw_only=True)
class AccountRejected(AccountEvent):
    reason: str


@frozen(kw_only=True)
class DefaultMailboxChanged(AccountEvent):
    default: EmailAddress


@frozen(kw_only=True)
class NoticesChanged(AccountEvent):
    mailbox: EmailAddress
    enabled: bool


@frozen(kw_only=True)
class SettingsReconciled(AccountEvent):
    """Settings that pointed at a mailbox the account can no longer open were dropped."""

    dropped_default: EmailAddress | None
    dropped_notices: frozenset[EmailAddress] = field(converter=_addresses)
