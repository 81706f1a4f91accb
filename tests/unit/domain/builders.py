"""Builders of valid domain objects for the unit tests of the domain, rules and registration.

Numbers are computed here (Luhn keys by python-stdnum) rather than copied, so that
each test says what it needs: an RPPS number, an ADELI number carrying a profession
code, a FINESS of a department.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from stdnum import luhn

from balorg.domain.account import ConnectionAccount
from balorg.domain.addresses import EmailAddress
from balorg.domain.identifiers import Adeli, Finess, IdNatPS, IdNatStruct, Rpps, Siren, Siret
from balorg.domain.mailbox import DirectoryLabel, OrganisationalMailbox, RedList
from balorg.domain.professional import Professional
from balorg.domain.professions import lookup
from balorg.domain.structure import Location, Structure, StructureCategory

T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)
ON = T0.date()

MAILBOX = EmailAddress("pharmacie.centre@medimail.mssante.fr")
RESPONSIBLE = EmailAddress("claire.martin@medimail.mssante.fr")
ALICE = EmailAddress("alice.durand@medimail.mssante.fr")
BOB = EmailAddress("bob.petit@medimail.mssante.fr")
CAROL = EmailAddress("carol.roux@medimail.mssante.fr")
AGENT = EmailAddress("agent@esante-occitanie.fr")


def keyed(body: str) -> str:
    """``body`` followed by its Luhn key."""
    return body + luhn.calc_check_digit(body)


def wrong_key(number: str) -> str:
    """``number`` with a key that is not its Luhn key."""
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def rpps_number(sequence: int = 4536) -> str:
    return keyed(f"1000{sequence:06d}")


def adeli_number(profession_code: str, *, department: str = "31", sequence: int = 1234) -> str:
    return keyed(f"{department}{profession_code}{sequence:04d}")


def finess_number(department: str = "31", sequence: int = 1) -> str:
    return keyed(f"{department}{sequence:06d}")


def siren_number(sequence: int = 12345) -> str:
    return keyed(f"{sequence:08d}")


def siret_number(siren: str, establishment: int = 17) -> str:
    return keyed(f"{siren}{establishment:04d}")


RPPS = rpps_number()
FINESS = finess_number()
SIREN = siren_number()
SIRET = siret_number(SIREN)


def professional(
    profession: str = "21",
    *,
    rpps: str | None = RPPS,
    adeli: str | None = None,
    email: EmailAddress = RESPONSIBLE,
    first_name: str = "Claire",
    last_name: str = "Martin",
) -> Professional:
    """A professional of ``profession`` (a code or a label), by ADELI when given, else RPPS."""
    number: Rpps | Adeli
    if adeli is not None:
        number = Adeli.from_string(adeli)
    else:
        assert rpps is not None
        number = Rpps.from_string(rpps)
    return Professional(
        idnat=IdNatPS.of(number),
        profession=lookup(profession),
        last_name=last_name,
        first_name=first_name,
        email=email,
    )


def structure(
    category: StructureCategory = StructureCategory.PHARMACIE_OFFICINE,
    identifier: Finess | Siret | Siren | None = None,
) -> Structure:
    return Structure(
        legal_name="Pharmacie du Centre",
        identifier=IdNatStruct.of(identifier or Finess.from_string(FINESS)),
        category=category,
        location=Location(
            address_lines=("1 place du Capitole",), postcode="31000", city="Toulouse"
        ),
    )


def mailbox(
    *,
    address: EmailAddress = MAILBOX,
    responsible: Professional | None = None,
    label: DirectoryLabel | None = None,
    red_list: RedList | None = None,
    at: dt.datetime = T0,
    active: bool = True,
) -> OrganisationalMailbox:
    """A registered mailbox (activated unless ``active`` is false), events pulled."""
    box = OrganisationalMailbox.register(
        address=address,
        generic_email=EmailAddress("pharmacieducentre@outlook.fr"),
        label=label or DirectoryLabel(last_name="Pharmacie", first_name="Du Centre"),
        structure=structure(),
        responsible=responsible or professional(),
        description="Échanges de la pharmacie avec les médecins du quartier",
        red_list=red_list or RedList(),
        by=RESPONSIBLE,
        at=at,
    )
    if active:
        box.finish(by=AGENT, at=at)
        box.activate(by=AGENT, at=at)
    box.pull_events()
    return box


def account(
    address: EmailAddress = ALICE,
    *,
    first_name: str = "Alice",
    last_name: str = "Durand",
    active: bool = True,
) -> ConnectionAccount:
    """A connection account, validated by the service centre unless ``active`` is false."""
    created = ConnectionAccount.create(
        address=address,
        first_name=first_name,
        last_name=last_name,
        by=address,
        at=T0,
        pending_validation=not active,
    )
    created.pull_events()
    return created


#: The example form of the issue (a pharmacie d'officine with its FINESS).
EXAMPLE_FORM: dict[str, Any] = {
    "shared_account": True,
    "generic_email": "pharmacieducentre@outlook.fr",
    "directory_label": {"last_name": "Pharmacie", "first_name": "Du Centre"},
    "structure": {
        "legal_name": "Pharmacie du Centre",
        "category": "pharmacie_officine",
        "finess": "010000024",
        "siret": None,
        "siren": None,
        "location": {"address": "1 place du Capitole", "postcode": "31000", "city": "Toulouse"},
    },
    "responsible": {
        "last_name": "Martin",
        "first_name": "Claire",
        "profession": "21",
        "identifier": "10001045367",
        "email": "claire.martin@example.org",
    },
    "description": "Échanges de la pharmacie avec les médecins du quartier",
    "red_list": {"national_directory": False, "operator_directory": False},
}


def example_form(**changes: Any) -> dict[str, Any]:
    """A deep copy of the example form; ``changes`` map dotted paths to new values
    (``DELETE`` removes the key)."""
    form = copy.deepcopy(EXAMPLE_FORM)
    for path, value in changes.items():
        *parents, last = path.split("__")
        node = form
        for key in parents:
            node = node[key]
        if value is DELETE:
            del node[last]
        else:
            node[last] = value
    return form


DELETE: Any = object()
