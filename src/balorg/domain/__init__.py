"""Pure domain objects of organisational mailboxes: no I/O, no clock, no globals.

- :mod:`~balorg.domain.identifiers` and :mod:`~balorg.domain.professions`: the national
  identifiers and the profession codes, with the dated register rule;
- :mod:`~balorg.domain.professional`, :mod:`~balorg.domain.structure`;
- :mod:`~balorg.domain.mailbox` (the aggregate), :mod:`~balorg.domain.delegation`,
  :mod:`~balorg.domain.account`, :mod:`~balorg.domain.events`;
- :mod:`~balorg.domain.audit` (the hash chain), :mod:`~balorg.domain.mail` (records and notices);
- :mod:`~balorg.domain.errors` and :mod:`~balorg.domain.messages` (bilingual messages).

The design card's four objects, and the values around them, are importable from here:

>>> from balorg.domain import ConnectionAccount, Delegation, OrganisationalMailbox, Professional
>>> Professional.__module__, OrganisationalMailbox.__module__
('balorg.domain.professional', 'balorg.domain.mailbox')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from balorg.domain._lazy import lazy_names

if TYPE_CHECKING:
    from balorg.domain.account import AccountState, ConnectionAccount
    from balorg.domain.actors import AuthMethod, HostAssertion, Principal, SessionToken, SystemActor
    from balorg.domain.addresses import EmailAddress
    from balorg.domain.capabilities import Capability
    from balorg.domain.delegation import Delegation, DelegationState, Review
    from balorg.domain.errors import BalorgError, DomainRefusal, Problem, Severity, ValidationError
    from balorg.domain.identifiers import (
        Adeli,
        AdeliRang,
        Finess,
        IdNatPS,
        IdNatStruct,
        Rpps,
        RppsRang,
        Siren,
        Siret,
    )
    from balorg.domain.mailbox import LifecycleState, OrganisationalMailbox, RedList, Role
    from balorg.domain.professional import Professional
    from balorg.domain.session import Session
    from balorg.domain.structure import Structure, StructureCategory

__all__ = [
    "AccountState",
    "Adeli",
    "AdeliRang",
    "AuthMethod",
    "BalorgError",
    "Capability",
    "ConnectionAccount",
    "Delegation",
    "DelegationState",
    "DomainRefusal",
    "EmailAddress",
    "Finess",
    "HostAssertion",
    "IdNatPS",
    "IdNatStruct",
    "LifecycleState",
    "OrganisationalMailbox",
    "Principal",
    "Problem",
    "Professional",
    "RedList",
    "Review",
    "Role",
    "Rpps",
    "RppsRang",
    "Session",
    "SessionToken",
    "Severity",
    "Siren",
    "Siret",
    "Structure",
    "StructureCategory",
    "SystemActor",
    "ValidationError",
]

#: Where each name lives: imported on first use, so that importing one module of the
#: package (say the identifiers) does not import every other.
_WHERE: dict[str, str] = {
    "AccountState": "balorg.domain.account",
    "Adeli": "balorg.domain.identifiers",
    "AdeliRang": "balorg.domain.identifiers",
    "AuthMethod": "balorg.domain.actors",
    "BalorgError": "balorg.domain.errors",
    "Capability": "balorg.domain.capabilities",
    "ConnectionAccount": "balorg.domain.account",
    "Delegation": "balorg.domain.delegation",
    "DelegationState": "balorg.domain.delegation",
    "DomainRefusal": "balorg.domain.errors",
    "EmailAddress": "balorg.domain.addresses",
    "Finess": "balorg.domain.identifiers",
    "HostAssertion": "balorg.domain.actors",
    "IdNatPS": "balorg.domain.identifiers",
    "IdNatStruct": "balorg.domain.identifiers",
    "LifecycleState": "balorg.domain.mailbox",
    "OrganisationalMailbox": "balorg.domain.mailbox",
    "Principal": "balorg.domain.actors",
    "Problem": "balorg.domain.errors",
    "Professional": "balorg.domain.professional",
    "RedList": "balorg.domain.mailbox",
    "Review": "balorg.domain.delegation",
    "Role": "balorg.domain.mailbox",
    "Rpps": "balorg.domain.identifiers",
    "RppsRang": "balorg.domain.identifiers",
    "Session": "balorg.domain.session",
    "SessionToken": "balorg.domain.actors",
    "Severity": "balorg.domain.errors",
    "Siren": "balorg.domain.identifiers",
    "Siret": "balorg.domain.identifiers",
    "Structure": "balorg.domain.structure",
    "StructureCategory": "balorg.domain.structure",
    "SystemActor": "balorg.domain.actors",
    "ValidationError": "balorg.domain.errors",
}


__getattr__, __dir__ = lazy_names(globals(), _WHERE)
