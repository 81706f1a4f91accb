"""RPPS (Répertoire Partagé des Professionnels intervenant dans le système de santé).

The RPPS number identifies a health professional: 11 digits whose last one is
a Luhn key computed over the whole number (python-stdnum's :mod:`stdnum.luhn`).
Every real number we checked starts with 1, but no text says others cannot
exist, so a number is not refused on its first digit alone. The ANS's
*fictitious* examples (10101201234) fail the key: they are not RPPS numbers.

>>> validate('1000 965 2727')
'10009652727'
>>> validate('10009652728')
Traceback (most recent call last):
    ...
balorg.domain.errors.InvalidChecksum: La clé de contrôle du numéro RPPS est fausse.
>>> is_valid('10101201234'), is_valid(None), is_valid('１0009652727')
(False, False, False)
>>> format('10009652727')
'100 096 527 27'
>>> r = Rpps.from_string(' 100.096.527.27 ')
>>> str(r), r.kind
('10009652727', 'RPPS')
>>> Rpps('100 096 527 27')  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
balorg.domain.errors.InvalidFormat: Le numéro RPPS doit être écrit sous sa forme canonique ...
"""

from __future__ import annotations

from typing import ClassVar

from attrs import field, frozen

from balorg.domain.identifiers._common import (
    canonical_validator,
    check_digits,
    check_length,
    check_luhn,
    clean,
    never_raises,
    trusted,
)

__all__ = ["KIND", "LENGTH", "Rpps", "compact", "format", "is_valid", "validate"]

KIND = "RPPS"
LENGTH = 11


def compact(number: object) -> str:
    """The number without separators or surrounding whitespace."""
    return clean(number, KIND)


def validate(number: object) -> str:
    """The canonical RPPS number, or a ValidationError saying what is wrong."""
    number = compact(number)
    check_digits(number, KIND)
    check_length(number, KIND, LENGTH)
    check_luhn(number, KIND)
    return number


def is_valid(number: object) -> bool:
    """Whether ``number`` is a valid RPPS number; never raises."""
    return never_raises(validate, number)


def format(number: object) -> str:
    """Groups of three digits for reading (there is no official grouping)."""
    number = compact(number)
    return " ".join(number[i : i + 3] for i in range(0, len(number), 3))


@frozen
class Rpps:
    """A valid RPPS number in canonical form."""

    kind: ClassVar[str] = KIND
    value: str = field(validator=canonical_validator(validate, KIND))

    @classmethod
    def from_string(cls, text: object) -> Rpps:
        """Compact and validate ``text``."""
        return trusted(cls, validate(text))

    def __str__(self) -> str:
        return self.value
