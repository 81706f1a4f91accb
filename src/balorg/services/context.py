"""What every use case needs: the ports and the operator's settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from attrs import Factory, field, frozen

from balorg.domain.addresses import EmailAddress
from balorg.domain.capabilities import Capability
from balorg.ports.clock import Clock
from balorg.ports.credentials import ExternalCredentials, PasswordHasher
from balorg.ports.directory import DirectoryLookup
from balorg.ports.repositories import UnitOfWorkFactory
from balorg.rules.delegations import DEFAULT_MEMBER_CAPABILITIES
from balorg.rules.registration import MAX_FAILED_ATTEMPTS, THROTTLE_WINDOW, VALIDATION_DELAY
from balorg.services.passwords import ScryptHasher

__all__ = ["Ports", "Settings"]


def _domains(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(v.strip().lower() for v in values)


def _agents(values: Iterable[EmailAddress]) -> frozenset[EmailAddress]:
    return frozenset(values)


def _system_address(settings: Settings) -> EmailAddress:
    domain = settings.domains[0] if settings.domains else "example.org"
    return EmailAddress(f"balorg-system@{domain}")


@frozen(kw_only=True)
class Settings:
    """The operator's configuration."""

    #: Domains in which the operator hands out mailbox addresses.
    domains: tuple[str, ...] = field(converter=_domains)
    #: Nominative accounts of the service centre's agents (they validate new accounts).
    service_centre: frozenset[EmailAddress] = field(converter=_agents)
    validation_delay: dt.timedelta = VALIDATION_DELAY
    max_failed_attempts: int = MAX_FAILED_ATTEMPTS
    throttle_window: dt.timedelta = THROTTLE_WINDOW
    #: What a member gets when no capabilities are named.
    member_capabilities: frozenset[Capability] = DEFAULT_MEMBER_CAPABILITIES
    #: A session ends after this long without use, and at the latest after ``session_absolute``.
    session_idle: dt.timedelta = dt.timedelta(minutes=30)
    session_absolute: dt.timedelta = dt.timedelta(hours=12)
    #: Members and managers are told this long before a delegation expires.
    reminder_lead: dt.timedelta = dt.timedelta(days=7)
    #: The address the operator's own jobs act as in domain events (never a person's):
    #: ``balorg-system@`` the operator's first domain by default.
    system_address: EmailAddress = field(default=Factory(_system_address, takes_self=True))


@frozen(kw_only=True)
class Ports:
    """The adapters a host plugs in.

    ``identity`` is the host's credential service when passwords live there; without it
    (the default) balorg keeps salted hashes itself, in the unit of work's credential
    store, committed with their account. ``directory`` is the national directory used
    to look professionals up (eligibility, registration), when there is one.
    """

    uow: UnitOfWorkFactory
    clock: Clock
    settings: Settings
    hasher: PasswordHasher = field(factory=ScryptHasher)
    identity: ExternalCredentials | None = None
    directory: DirectoryLookup | None = None
