"""Identifier numbers and the example registration form, for the registration form's tests.

Domain objects come from :mod:`balorg.testing.examples`; what remains here is used by
``tests/unit/registration/test_validate_registration.py`` only, and goes once that
module takes it from elsewhere. Numbers are computed (Luhn keys by python-stdnum) rather
than copied, so that each test says what it needs.
"""

from __future__ import annotations

import copy
from typing import Any

from stdnum import luhn


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

DELETE: Any = object()


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
