"""FINESS (Fichier National des Établissements Sanitaires et Sociaux).

A FINESS number has 9 characters and starts with the department: ``01`` to
``95`` (no ``20``), ``2A``/``2B`` for Corsica, and for overseas four
characters: ``9701`` Guadeloupe, ``9702`` Martinique, ``9703`` Guyane,
``9704`` La Réunion, ``9705`` Saint-Pierre-et-Miquelon, and ``9804`` to
``9808`` for the 98x territories (``9805`` is Mayotte, whose FINESS numbers
keep its pre-2011 code 985; ``9806`` Wallis-et-Futuna). The last character
is a Luhn key over the 9 digits (python-stdnum's :mod:`stdnum.luhn`); every
real number checked passes it.

Corsica: no official rule was found for the key of ``2A``/``2B`` numbers.
One public validator maps 2A→21 and 2B→22 before the Luhn check, and the
real Corsican numbers we hold all pass that way, but it is unverified, so
:func:`validate` accepts every well-formed Corsican number and
:func:`key_verified` reports whether that unofficial check holds.

>>> validate('75 071 218 4')
'750712184'
>>> department('750712184'), department('970408589'), department('980501506')
('75', '974', '976')
>>> validate('2b0000038'), key_verified('2B0000038'), key_verified('2B0000039')
('2B0000038', True, False)
>>> validate('750712185')
Traceback (most recent call last):
    ...
balorg.domain.errors.InvalidChecksum: La clé de contrôle du numéro FINESS est fausse.
>>> validate('960000019')
Traceback (most recent call last):
    ...
balorg.domain.errors.InvalidComponent: Le numéro FINESS commence par un département inconnu : 96.
>>> format('750712184')
'750 712 184'
>>> Finess.from_string('2A 000 015 4').department
'2A'
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
    "Finess",
    "compact",
    "department",
    "format",
    "is_valid",
    "key_verified",
    "validate",
]

KIND = "FINESS"
LENGTH = 9

#: Overseas prefixes (4 characters) -> INSEE code of the department or territory.
OVERSEAS = {
    "9701": "971",
    "9702": "972",
    "9703": "973",
    "9704": "974",
    "9705": "975",
    "9804": "984",
    "9805": "976",  # Mayotte: FINESS keeps the former code 985
    "9806": "986",
    "9807": "987",
    "9808": "988",
}
#: The unofficial Corsican mapping: reported by key_verified, never used to refuse.
_CORSICA_DIGITS = {"2A": "21", "2B": "22"}


def compact(number: object) -> str:
    """The number without separators or surrounding whitespace, upper-cased."""
    return clean(number, KIND)


def _department_code(number: str) -> str:
    """The department as written in the number (2 or 4 characters), or raise."""
    head = number[:2]
    if head in _CORSICA_DIGITS:
        return head
    if head in ("97", "98"):
        if number[:4] in OVERSEAS:
            return number[:4]
        raise InvalidComponent("finess.invalid_department", kind=KIND, department=number[:4])
    if 1 <= int(head) <= 95 and head != "20":
        return head
    raise InvalidComponent("finess.invalid_department", kind=KIND, department=head)


def validate(number: object) -> str:
    """The canonical FINESS number, or a ValidationError saying what is wrong."""
    number = compact(number)
    if not (number.isascii() and number.isalnum()):
        raise InvalidFormat("finess.invalid_format", kind=KIND)
    check_length(number, KIND, LENGTH)
    if not is_digits(number[2:]) or not (is_digits(number) or number[:2] in _CORSICA_DIGITS):
        raise InvalidFormat("finess.invalid_format", kind=KIND)
    code = _department_code(number)
    if code not in _CORSICA_DIGITS:
        check_luhn(number, KIND)
    return number


def is_valid(number: object) -> bool:
    """Whether ``number`` is a valid FINESS number; never raises."""
    return never_raises(validate, number)


def department(number: object) -> str:
    """The INSEE code of the department: ``'75'``, ``'2A'``, ``'974'``, ``'976'``."""
    code = _department_code(validate(number))
    return OVERSEAS.get(code, code)


def key_verified(number: object) -> bool:
    """Whether the key holds: always outside Corsica, by the unofficial mapping in it."""
    number = validate(number)
    head = number[:2]
    if head in _CORSICA_DIGITS:
        return luhn.is_valid(_CORSICA_DIGITS[head] + number[2:])
    return True


def format(number: object) -> str:
    """Three groups of three characters: ``'750 712 184'``."""
    number = compact(number)
    return " ".join(number[i : i + 3] for i in range(0, len(number), 3))


@frozen
class Finess:
    """A valid FINESS number in canonical form."""

    kind: ClassVar[str] = KIND
    value: str = field(validator=canonical_validator(validate, KIND))

    @classmethod
    def from_string(cls, text: object) -> Finess:
        """Compact and validate ``text``."""
        return trusted(cls, validate(text))

    @property
    def department(self) -> str:
        return department(self.value)

    @property
    def key_verified(self) -> bool:
        return key_verified(self.value)

    def __str__(self) -> str:
        return self.value
