"""balorg: MSSanté organisational mailboxes as typed domain objects and rules.

The most used names are here; everything else lives in its layer
(:mod:`balorg.domain`, :mod:`balorg.rules`, :mod:`balorg.ports`,
:mod:`balorg.services`, :mod:`balorg.adapters`, :mod:`balorg.testing`).

>>> import balorg, datetime
>>> report = balorg.validate_registration({"shared_account": True}, on=datetime.date(2026, 11, 27))
>>> report.ok, report.errors[0].code, report.errors[0].path
(False, 'field.required', 'generic_email')
"""

from __future__ import annotations

from balorg._version import __version__
from balorg.domain.account import AccountState, ConnectionAccount
from balorg.domain.addresses import EmailAddress
from balorg.domain.delegation import Capability, Delegation, DelegationState
from balorg.domain.errors import BalorgError, DomainRefusal, Problem, Severity, ValidationError
from balorg.domain.mailbox import LifecycleState, OrganisationalMailbox, RedList
from balorg.domain.professional import Professional
from balorg.domain.structure import Structure, StructureCategory
from balorg.registration import Registration, RegistrationReport, validate_registration

__all__ = [
    "AccountState",
    "BalorgError",
    "Capability",
    "ConnectionAccount",
    "Delegation",
    "DelegationState",
    "DomainRefusal",
    "EmailAddress",
    "LifecycleState",
    "OrganisationalMailbox",
    "Problem",
    "Professional",
    "RedList",
    "Registration",
    "RegistrationReport",
    "Severity",
    "Structure",
    "StructureCategory",
    "ValidationError",
    "__version__",
    "validate_registration",
]
