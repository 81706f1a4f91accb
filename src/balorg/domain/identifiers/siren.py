"""SIREN (Système d'Identification du Répertoire des ENtreprises), 9 digits.

The checks are python-stdnum's :mod:`stdnum.fr.siren` (length, digits, Luhn
key); this module only reports its verdicts in the library's error hierarchy,
with a code and params, and adds the value object.

>>> validate('260 100 045')
'260100045'
>>> validate('260100046')
Traceback (most recent call last):
    ...
balorg.domain.errors.InvalidChecksum: La clé de contrôle du numéro SIREN est fausse.
>>> validate('2601000')
Traceback (most recent call last):
    ...
balorg.domain.errors.InvalidLength: Un numéro SIREN comporte 9 caractères, pas 7.
>>> is_valid('356000000'), is_valid(['356000000'])
(True, False)
>>> format('260100045')
'260 100 045'
>>> str(Siren.from_string('260.100.045'))
'260100045'
"""

from __future__ import annotations

from typing import ClassVar

from attrs import field, frozen
from stdnum.fr import siren as stdnum_siren

from balorg.domain.identifiers._common import (
    canonical_validator,
    clean,
    never_raises,
    trusted,
    validate_with_stdnum,
)

__all__ = ["KIND", "LENGTH", "Siren", "compact", "format", "is_valid", "validate"]

KIND = "SIREN"
LENGTH = 9


def compact(number: object) -> str:
    """The number without separators or surrounding whitespace."""
    return clean(number, KIND)


def validate(number: object) -> str:
    """The canonical SIREN, or a ValidationError saying what is wrong."""
    return validate_with_stdnum(stdnum_siren.validate, compact(number), KIND, LENGTH)


def is_valid(number: object) -> bool:
    """Whether ``number`` is a valid SIREN; never raises."""
    return never_raises(validate, number)


def format(number: object) -> str:
    """python-stdnum's presentation: ``'260 100 045'``."""
    return str(stdnum_siren.format(compact(number)))


@frozen
class Siren:
    """A valid SIREN in canonical form."""

    kind: ClassVar[str] = KIND
    value: str = field(validator=canonical_validator(validate, KIND))

    @classmethod
    def from_string(cls, text: object) -> Siren:
        """Compact and validate ``text``."""
        return trusted(cls, validate(text))

    def __str__(self) -> str:
        return self.value
