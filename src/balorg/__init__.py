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

from typing import TYPE_CHECKING

from balorg._version import __version__
from balorg.domain._lazy import lazy_names

if TYPE_CHECKING:
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

#: Where each name lives: imported on first use, so that ``import balorg`` (and the
#: command line's start) costs only what is used.
_WHERE: dict[str, str] = {
    "AccountState": "balorg.domain.account",
    "BalorgError": "balorg.domain.errors",
    "Capability": "balorg.domain.delegation",
    "ConnectionAccount": "balorg.domain.account",
    "Delegation": "balorg.domain.delegation",
    "DelegationState": "balorg.domain.delegation",
    "DomainRefusal": "balorg.domain.errors",
    "EmailAddress": "balorg.domain.addresses",
    "LifecycleState": "balorg.domain.mailbox",
    "OrganisationalMailbox": "balorg.domain.mailbox",
    "Problem": "balorg.domain.errors",
    "Professional": "balorg.domain.professional",
    "RedList": "balorg.domain.mailbox",
    "Registration": "balorg.registration",
    "RegistrationReport": "balorg.registration",
    "Severity": "balorg.domain.errors",
    "Structure": "balorg.domain.structure",
    "StructureCategory": "balorg.domain.structure",
    "ValidationError": "balorg.domain.errors",
    "validate_registration": "balorg.registration",
}


__getattr__, __dir__ = lazy_names(globals(), _WHERE)
