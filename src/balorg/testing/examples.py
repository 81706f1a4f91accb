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

from balorg.domain.addresses import EmailAddress
from balorg.domain.identifiers import Finess, IdNatPS, IdNatStruct, Rpps
from balorg.domain.professional import Professional
from balorg.domain.professions import by_code
from balorg.domain.structure import Location, Structure, StructureCategory

__all__ = [
    "EXAMPLE_DOMAIN",
    "T0",
    "example_address",
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
