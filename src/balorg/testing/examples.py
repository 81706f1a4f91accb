"""Valid domain objects for tests and quick starts (Luhn keys computed, eligible people).

This module needs neither pytest nor Hypothesis: a host's own tests, fixtures and
examples may use it with only balorg installed.

>>> example_professional().profession.label, str(example_structure().identifier)
('Pharmacien', '1010000016')
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from stdnum import luhn

from balorg.domain.account import ConnectionAccount
from balorg.domain.addresses import EmailAddress
from balorg.domain.capabilities import Capability
from balorg.domain.delegation import Delegation
from balorg.domain.identifiers import Finess, IdNatPS, IdNatStruct, Rpps
from balorg.domain.mailbox import DirectoryLabel, OrganisationalMailbox, RedList
from balorg.domain.professional import Professional
from balorg.domain.professions import by_code
from balorg.domain.structure import Location, Structure, StructureCategory

__all__ = [
    "EXAMPLE_DOMAIN",
    "T0",
    "example_account",
    "example_address",
    "example_delegation",
    "example_mailbox",
    "example_professional",
    "example_structure",
    "with_luhn_key",
]

#: The time the examples start at.
T0: Final = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
#: The operator's domain in the examples.
EXAMPLE_DOMAIN: Final = "contract.mssante.fr"


def with_luhn_key(digits: str) -> str:
    """``digits`` followed by their Luhn check digit."""
    return digits + luhn.calc_check_digit(digits)


def example_address(local: str, domain: str = EXAMPLE_DOMAIN) -> EmailAddress:
    """``local@domain``, in the operator's example domain by default."""
    return EmailAddress(f"{local}@{domain}")


def example_professional(n: int = 1, *, email: EmailAddress | None = None) -> Professional:
    """A pharmacist (eligible, identified by RPPS) numbered ``n``."""
    rpps = Rpps.from_string(with_luhn_key(f"1{n:09d}"))
    return Professional(
        idnat=IdNatPS.of(rpps),
        profession=by_code("21"),
        last_name=f"Martin{n}",
        first_name="Claire",
        email=email or example_address(f"claire.martin{n}"),
    )


def example_structure(n: int = 1) -> Structure:
    """A pharmacy identified by a valid FINESS number numbered ``n``."""
    finess = Finess.from_string(with_luhn_key(f"01{n:06d}"))
    return Structure(
        legal_name=f"Pharmacie {n}",
        identifier=IdNatStruct.of(finess),
        category=StructureCategory.PHARMACIE_OFFICINE,
        location=Location(
            address_lines=("1 place du Capitole",), postcode="31000", city="Toulouse"
        ),
    )


def example_mailbox(
    local: str = "pharmacie",
    *,
    responsible: Professional | None = None,
    at: dt.datetime = T0,
    red_list: RedList | None = None,
    active: bool = True,
    n: int = 1,
) -> OrganisationalMailbox:
    """A registered mailbox of structure ``n`` (activated unless ``active`` is false),
    its events pulled."""
    professional = responsible or example_professional()
    mailbox = OrganisationalMailbox.register(
        address=example_address(local),
        generic_email=EmailAddress(f"{local}@outlook.fr"),
        label=DirectoryLabel(last_name="Pharmacie", first_name=local.title()),
        structure=example_structure(n),
        responsible=professional,
        description="Échanges de la pharmacie avec les médecins du quartier",
        red_list=red_list or RedList(),
        by=professional.email,
        at=at,
    )
    if active:
        mailbox.finish(by=professional.email, at=at)
        mailbox.activate(by=professional.email, at=at, responsible_validated=True)
    mailbox.pull_events()
    return mailbox


def example_account(
    local: str,
    *,
    at: dt.datetime = T0,
    pending: bool = False,
    domain: str = EXAMPLE_DOMAIN,
    professional: IdNatPS | None = None,
) -> ConnectionAccount:
    """A nominative account (validated unless ``pending``), its events pulled."""
    address = example_address(local, domain)
    account = ConnectionAccount.create(
        address=address,
        first_name=local.split(".", maxsplit=1)[0].title(),
        last_name="Durand",
        by=address,
        at=at,
        pending_validation=pending,
        professional=professional,
    )
    account.pull_events()
    return account


def example_delegation(
    mailbox: OrganisationalMailbox,
    account: EmailAddress,
    *,
    capabilities: frozenset[Capability] = frozenset({Capability.READ, Capability.SEND}),
    number: int = 1,
    at: dt.datetime = T0,
    expires_at: dt.datetime | None = None,
    pending: bool = False,
) -> Delegation:
    """A delegation granted by the mailbox's responsible, its events pulled."""
    delegation = Delegation.grant(
        mailbox=mailbox.address,
        account=account,
        number=number,
        capabilities=capabilities,
        by=mailbox.responsible.account,
        at=at,
        expires_at=expires_at,
        pending_validation=pending,
    )
    delegation.pull_events()
    return delegation
