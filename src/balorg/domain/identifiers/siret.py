"""SIRET (Système d'Identification du Répertoire des ÉTablissements), 14 digits.

A SIRET is the SIREN of the company (9 digits) and the number of the
establishment (5). The checks are python-stdnum's :mod:`stdnum.fr.siret`,
including La Poste's exception: its establishments (``356000000…``) need a
digit sum that is a multiple of 5 instead of the Luhn key, while its head
office 35600000000048 is plain Luhn. This module only reports stdnum's
verdicts in the library's error hierarchy and adds the value object.

>>> validate('356 000 000 00048'), validate('35600000009075')
('35600000000048', '35600000009075')
>>> validate('26010004500013')
Traceback (most recent call last):
    ...
balorg.domain.errors.InvalidChecksum: La clé de contrôle du numéro SIRET est fausse.
>>> format('26010004500012')
'260 100 045 00012'
>>> s = Siret.from_string('260 100 045 00012')
>>> s.siren
Siren(value='260100045')
"""

from __future__ import annotations

from typing import ClassVar

from attrs import field, frozen
from stdnum.fr import siret as stdnum_siret

from balorg.domain.identifiers._common import (
    canonical_validator,
    clean,
    never_raises,
    trusted,
    validate_with_stdnum,
)
from balorg.domain.identifiers.siren import Siren

__all__ = ["KIND", "LENGTH", "Siret", "compact", "format", "is_valid", "validate"]

KIND = "SIRET"
LENGTH = 14


def compact(number: object) -> str:
    """The number without separators or surrounding whitespace."""
    return clean(number, KIND)


def validate(number: object) -> str:
    """The canonical SIRET, or a ValidationError saying what is wrong."""
    return validate_with_stdnum(stdnum_siret.validate, compact(number), KIND, LENGTH)


def is_valid(number: object) -> bool:
    """Whether ``number`` is a valid SIRET; never raises."""
    return never_raises(validate, number)


def format(number: object) -> str:
    """python-stdnum's presentation: ``'732 829 320 00074'``."""
    return str(stdnum_siret.format(compact(number)))


@frozen
class Siret:
    """A valid SIRET in canonical form."""

    kind: ClassVar[str] = KIND
    value: str = field(validator=canonical_validator(validate, KIND))

    @classmethod
    def from_string(cls, text: object) -> Siret:
        """Compact and validate ``text``."""
        return trusted(cls, validate(text))

    @property
    def siren(self) -> Siren:
        """The company's SIREN: the first 9 digits."""
        return Siren(self.value[:9])

    def __str__(self) -> str:
        return self.value
