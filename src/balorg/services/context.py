"""What every use case needs: the ports and the operator's settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol

from attrs import field, frozen

from balorg.domain.addresses import EmailAddress
from balorg.domain.delegation import Capability
from balorg.ports.clock import Clock
from balorg.ports.credentials import CredentialEnrolment, CredentialVerifier
from balorg.ports.directory import Directory
from balorg.ports.notifier import Notifier
from balorg.ports.repositories import UnitOfWorkFactory
from balorg.rules.registration import MAX_FAILED_ATTEMPTS, THROTTLE_WINDOW, VALIDATION_DELAY

__all__ = ["Credentials", "Ports", "Settings"]


class Credentials(CredentialVerifier, CredentialEnrolment, Protocol):
    """The host's credential service: checks and sets nominative passwords."""


def _domains(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(v.strip().lower() for v in values)


def _agents(values: Iterable[EmailAddress]) -> frozenset[EmailAddress]:
    return frozenset(values)


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
    #: What a member gets when no capabilities are named: read and send.
    member_capabilities: frozenset[Capability] = frozenset({Capability.READ, Capability.SEND})


@frozen(kw_only=True)
class Ports:
    """The adapters a host plugs in."""

    uow: UnitOfWorkFactory
    clock: Clock
    notifier: Notifier
    directory: Directory
    credentials: Credentials
    settings: Settings
