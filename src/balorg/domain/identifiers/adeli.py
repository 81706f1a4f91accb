"""ADELI (Automatisation DEs LIstes), the older register of health professionals.

An ADELI number has 9 characters: the department (2), the profession code
(2), a sequence number (4) and a key (1). The key is the Luhn digit over the
9 characters (python-stdnum's :mod:`stdnum.luhn`): every real number we
checked passes it, though no official text was found.

Corsica and overseas departments are written with a letter, as in FINESS:
``2A``/``2B``, and ``9A`` (Guadeloupe, 971) to ``9F`` (Mayotte, 976), as
the government service santé-psy reads them from the register. Nothing
public says how the key is computed over a letter, so such numbers are
accepted on their shape alone: :func:`key_verified` tells whether the key
could be checked (for Corsica with the unofficial 2A→21, 2B→22 mapping used
for FINESS). Digit departments other than 01-19 and 21-95 are refused.

The profession code is the one the number was issued under; it is returned
as written, not checked against a table.

>>> validate('28 70 0862 7')
'287008627'
>>> department('287008627'), profession_code('287008627')
('28', '70')
>>> department('9a1234567')
'971'
>>> validate('287008628')
Traceback (most recent call last):
    ...
balorg.domain.errors.InvalidChecksum: La clé de contrôle du numéro ADELI est fausse.
>>> validate('207008627')
Traceback (most recent call last):
    ...
balorg.domain.errors.InvalidComponent: Le numéro ADELI commence par un département inconnu : 20.
>>> is_valid(287008627), key_verified('287008627'), key_verified('9A1234567')
(False, True, False)
>>> format('287008627')
'28 70 0862 7'
>>> a = Adeli.from_string('28-70-0862-7')
>>> a.department, a.profession_code, str(a)
('28', '70', '287008627')
"""

from __future__ import annotations

from typing import ClassVar

from attrs import field, frozen
from stdnum import luhn

from balorg.domain.errors import InvalidComponent, InvalidFormat
from balorg.domain.identifiers._common import (
    canonical_validator,
    check_length,
    check_luhn,
    clean,
    is_digits,
    never_raises,
    trusted,
)

__all__ = [
    "KIND",
    "LENGTH",
    "Adeli",
    "compact",
    "department",
    "format",
    "is_valid",
    "key_verified",
    "profession_code",
    "validate",
]

KIND = "ADELI"
LENGTH = 9

#: Letter departments, as written in ADELI numbers -> INSEE department code.
LETTER_DEPARTMENTS = {
    "2A": "2A",
    "2B": "2B",
    "9A": "971",
    "9B": "972",
    "9C": "973",
    "9D": "974",
    "9E": "975",
    "9F": "976",
}
#: The unofficial Corsican mapping (as for FINESS): never used to refuse.
_CORSICA_DIGITS = {"2A": "21", "2B": "22"}


def compact(number: object) -> str:
    """The number without separators or surrounding whitespace, upper-cased."""
    return clean(number, KIND)


def _is_digit_department(code: str) -> bool:
    return is_digits(code) and (1 <= int(code) <= 19 or 21 <= int(code) <= 95)


def validate(number: object) -> str:
    """The canonical ADELI number, or a ValidationError saying what is wrong."""
    number = compact(number)
    if not (number.isascii() and number.isalnum()):
        raise InvalidFormat("adeli.invalid_format", kind=KIND)
    check_length(number, KIND, LENGTH)
    if not is_digits(number[2:]):
        raise InvalidFormat("adeli.invalid_format", kind=KIND)
    code = number[:2]
    if code in LETTER_DEPARTMENTS:
        return number  # no public key rule for letters: shape only
    if not _is_digit_department(code):
        raise InvalidComponent("adeli.invalid_department", kind=KIND, department=code)
    check_luhn(number, KIND)
    return number


def is_valid(number: object) -> bool:
    """Whether ``number`` is a valid ADELI number; never raises."""
    return never_raises(validate, number)


def department(number: object) -> str:
    """The INSEE code of the department (``'971'`` for ``9A``, ``'2A'`` for Corsica)."""
    code = validate(number)[:2]
    return LETTER_DEPARTMENTS.get(code, code)


def profession_code(number: object) -> str:
    """The two-digit profession code the number was issued under."""
    return validate(number)[2:4]


def key_verified(number: object) -> bool:
    """Whether the key was checked: always for digits, by the unofficial mapping in Corsica."""
    number = validate(number)
    code = number[:2]
    if is_digits(code):
        return True
    if code in _CORSICA_DIGITS:
        return luhn.is_valid(_CORSICA_DIGITS[code] + number[2:])
    return False


def format(number: object) -> str:
    """Department, profession, sequence and key: ``'28 70 0862 7'``."""
    number = compact(number)
    return " ".join(part for part in (number[:2], number[2:4], number[4:8], number[8:]) if part)


@frozen
class Adeli:
    """A valid ADELI number in canonical form."""

    kind: ClassVar[str] = KIND
    value: str = field(validator=canonical_validator(validate, KIND))

    @classmethod
    def from_string(cls, text: object) -> Adeli:
        """Compact and validate ``text``."""
        return trusted(cls, validate(text))

    @property
    def department(self) -> str:
        return department(self.value)

    @property
    def profession_code(self) -> str:
        return self.value[2:4]

    def __str__(self) -> str:
        return self.value
