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
