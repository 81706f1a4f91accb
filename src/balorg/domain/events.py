"""Domain events: every change to a mailbox, a delegation, an account or a session.

Aggregates record events instead of calling out; the command runner
(:mod:`balorg.services.bus`) collects them, lists them in the command's audit entry
and turns those that concern the outside world into outbox messages. ``actor`` is
always a nominative account (or, for the operator's own jobs, the operator's system
address named in the settings): there is no anonymous change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from attrs import field, frozen
from attrs.validators import instance_of

from balorg.domain.addresses import EmailAddress
from balorg.domain.capabilities import Capability
from balorg.domain.timing import aware

__all__ = [
    "AccountApproved",
    "AccountCreated",
    "AccountEvent",
    "AccountRejected",
    "CredentialEnrolled",
    "DefaultMailboxChanged",
    "DelegationActivated",
    "DelegationEvent",
    "DelegationExpired",
    "DelegationGranted",
    "DelegationMarkedForReview",
    "DelegationReminded",
    "DelegationResumed",
    "DelegationReviewed",
    "DelegationRevoked",
    "DelegationSuspended",
    "DescriptionChanged",
    "DomainEvent",
    "EnrolmentCancelled",
    "MailboxActivated",
    "MailboxClosed",
    "MailboxEvent",
    "MailboxRegistered",
    "MailboxResumed",
    "MailboxSuspended",
    "NoticesChanged",
    "RankChanged",
    "RedListChanged",
    "RegistrationFinished",
    "ResponsibilityHandedOver",
    "ResponsibleContactChanged",
    "ServiceChanged",
    "SessionEnded",
    "SessionEvent",
    "SessionOpened",
    "SessionSwitched",
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


# -- organisational mailboxes -----------------------------------------------------------------


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
class ResponsibilityHandedOver(MailboxEvent):
    previous: str  # IdNat PS
    previous_account: EmailAddress
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
class ServiceChanged(MailboxEvent):
    service: str | None


@frozen(kw_only=True)
class ResponsibleContactChanged(MailboxEvent):
    contact: str | None


@frozen(kw_only=True)
class RankChanged(MailboxEvent):
    rank: int | None


# -- delegations ------------------------------------------------------------------------------


@frozen(kw_only=True)
class DelegationEvent(MailboxEvent):
    account: EmailAddress
    number: int


@frozen(kw_only=True)
class DelegationGranted(DelegationEvent):
    capabilities: frozenset[Capability] = field(converter=_capabilities)
    expires_at: dt.datetime | None
    pending_validation: bool


@frozen(kw_only=True)
class DelegationActivated(DelegationEvent):
    pass


@frozen(kw_only=True)
class DelegationSuspended(DelegationEvent):
    reason: str | None


@frozen(kw_only=True)
class DelegationResumed(DelegationEvent):
    pass


@frozen(kw_only=True)
class DelegationRevoked(DelegationEvent):
    reason: str


@frozen(kw_only=True)
class DelegationExpired(DelegationEvent):
    pass


@frozen(kw_only=True)
class DelegationMarkedForReview(DelegationEvent):
    grantor: EmailAddress


@frozen(kw_only=True)
class DelegationReviewed(DelegationEvent):
    kept: bool


@frozen(kw_only=True)
class DelegationReminded(DelegationEvent):
    expires_at: dt.datetime | None


# -- nominative accounts ----------------------------------------------------------------------


@frozen(kw_only=True)
class AccountEvent(DomainEvent):
    account: EmailAddress


@frozen(kw_only=True)
class AccountCreated(AccountEvent):
    pending_validation: bool
    credential_pending: bool = False


@frozen(kw_only=True)
class AccountApproved(AccountEvent):
    pass


@frozen(kw_only=True)
class AccountRejected(AccountEvent):
    reason: str


@frozen(kw_only=True)
class CredentialEnrolled(AccountEvent):
    """The account's password was set (or its hash upgraded: ``upgraded``)."""

    upgraded: bool = False


@frozen(kw_only=True)
class EnrolmentCancelled(AccountEvent):
    """The host's credential service never enrolled the account; it was given up."""


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


# -- sessions ---------------------------------------------------------------------------------


@frozen(kw_only=True)
class SessionEvent(DomainEvent):
    session: str  # the session's public id, never its token


@frozen(kw_only=True)
class SessionOpened(SessionEvent):
    mailbox: EmailAddress
    method: str


@frozen(kw_only=True)
class SessionSwitched(SessionEvent):
    mailbox: EmailAddress


@frozen(kw_only=True)
class SessionEnded(SessionEvent):
    reason: str
