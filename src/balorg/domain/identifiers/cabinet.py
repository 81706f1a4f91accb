"""Cabinet identifiers: RPPS-rang and ADELI-rang.

A cabinet (a professional's place of practice) is numbered from its holder's
number and an order (*rang*) of two digits:

* RPPS-rang, 14 characters: a valid RPPS (11), the order (2) and a Luhn key
  (1) over the 14 (python-stdnum's :mod:`stdnum.luhn`);
* ADELI-rang, 11 characters: a valid ADELI (9) and the order (2), no key of
  its own (the ADELI part keeps its key).

>>> validate_rpps_rang('10009652727 01 6')
'10009652727016'
>>> validate_rpps_rang('10009652727011')
Traceback (most recent call last):
    ...
balorg.domain.errors.InvalidChecksum: La clé de contrôle du numéro RPPS-rang est fausse.
>>> validate_adeli_rang('287008627 01'), format_adeli_rang('28700862701')
('28700862701', '287008627 01')
>>> r = RppsRang.from_string('10009652727016')
>>> r.rpps, r.order
(Rpps(value='10009652727'), '01')
>>> AdeliRang.from_string('28700862701').adeli
Adeli(value='287008627')
"""

from __future__ import annotations

from typing import ClassVar

from attrs import field, frozen

from balorg.domain.identifiers import adeli, rpps
from balorg.domain.identifiers._common import (
    canonical_validator,
    check_digits,
    check_length,
    check_luhn,
    clean,
    never_raises,
    trusted,
)
from balorg.domain.identifiers.adeli import Adeli
from balorg.domain.identifiers.rpps import Rpps

__all__ = [
    "ADELI_RANG",
    "RPPS_RANG",
    "AdeliRang",
    "RppsRang",
    "compact",
    "format_adeli_rang",
    "format_rpps_rang",
    "is_valid_adeli_rang",
    "is_valid_rpps_rang",
    "validate_adeli_rang",
    "validate_rpps_rang",
]

RPPS_RANG = "RPPS-rang"
ADELI_RANG = "ADELI-rang"
RPPS_RANG_LENGTH = 14
ADELI_RANG_LENGTH = 11


def compact(number: object) -> str:
    """The number without separators or surrounding whitespace, upper-cased."""
    return clean(number, "cabinet")


def validate_rpps_rang(number: object) -> str:
    """The canonical RPPS-rang, or a ValidationError saying what is wrong."""
    number = clean(number, RPPS_RANG)
    check_digits(number, RPPS_RANG)
    check_length(number, RPPS_RANG, RPPS_RANG_LENGTH)
    rpps.validate(number[:11])
    check_luhn(number, RPPS_RANG)
    return number


def validate_adeli_rang(number: object) -> str:
    """The canonical ADELI-rang, or a ValidationError saying what is wrong."""
    number = clean(number, ADELI_RANG)
    check_length(number, ADELI_RANG, ADELI_RANG_LENGTH)
    adeli.validate(number[:9])
    check_digits(number[9:], ADELI_RANG)
    return number


def is_valid_rpps_rang(number: object) -> bool:
    """Whether ``number`` is a valid RPPS-rang; never raises."""
    return never_raises(validate_rpps_rang, number)


def is_valid_adeli_rang(number: object) -> bool:
    """Whether ``number`` is a valid ADELI-rang; never raises."""
    return never_raises(validate_adeli_rang, number)


def format_rpps_rang(number: object) -> str:
    """The RPPS, the order and the key: ``'10009652727 01 6'``."""
    number = clean(number, RPPS_RANG)
    return " ".join(p for p in (number[:11], number[11:13], number[13:]) if p)


def format_adeli_rang(number: object) -> str:
    """The ADELI and the order: ``'287008627 01'``."""
    number = clean(number, ADELI_RANG)
    return " ".join(p for p in (number[:9], number[9:]) if p)


@frozen
class RppsRang:
    """A valid RPPS-rang (cabinet of an RPPS professional) in canonical form."""

    kind: ClassVar[str] = RPPS_RANG
    value: str = field(validator=canonical_validator(validate_rpps_rang, RPPS_RANG))

    @classmethod
    def from_string(cls, text: object) -> RppsRang:
        """Compact and validate ``text``."""
        return trusted(cls, validate_rpps_rang(text))

    @property
    def rpps(self) -> Rpps:
        return Rpps(self.value[:11])

    @property
    def order(self) -> str:
        return self.value[11:13]

    def __str__(self) -> str:
        return self.value


@frozen
class AdeliRang:
    """A valid ADELI-rang (cabinet of an ADELI professional) in canonical form."""

    kind: ClassVar[str] = ADELI_RANG
    value: str = field(validator=canonical_validator(validate_adeli_rang, ADELI_RANG))

    @classmethod
    def from_string(cls, text: object) -> AdeliRang:
        """Compact and validate ``text``."""
        return trusted(cls, validate_adeli_rang(text))

    @property
    def adeli(self) -> Adeli:
        return Adeli(self.value[:9])

    @property
    def order(self) -> str:
        return self.value[9:]

    def __str__(self) -> str:
        return self.value
