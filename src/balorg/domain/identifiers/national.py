"""Identifiers that appear only inside national identifiers (IdNat).

* :class:`MssanteAddress`, IdNat PS prefix ``10``: a person known by their
  MSSanté address. Only the shape ``local@domain`` (no space, a dot in the
  domain) is checked; an operator's domains are configuration, not a rule of
  this module. The domain is lower-cased in the canonical form.
* :class:`NationalStructureId` (IdNat Struct prefix ``40``) and
  :class:`RorId` (``41``, internal id of the ROR): no public format was
  found, so they are accepted as 1 to 64 ASCII letters, digits, ``-``, ``_``
  or ``.``, with at least one letter or digit. That bound is a guard against
  junk, not an official rule.

>>> validate_address(' Jean.Dupont@Hopital.MSSante.fr ')
'Jean.Dupont@hopital.mssante.fr'
>>> is_valid_address('jean dupont@hopital.mssante.fr'), is_valid_address('@x.fr')
(False, False)
>>> str(RorId.from_string('R12345')), NationalStructureId.from_string('S-0042').kind
('R12345', 'national structure')
"""

from __future__ import annotations

from typing import ClassVar

from attrs import field, frozen

from balorg.domain.errors import InvalidFormat
from balorg.domain.identifiers._common import canonical_validator, never_raises, require_text

__all__ = [
    "MssanteAddress",
    "NationalStructureId",
    "RorId",
    "is_valid_address",
    "validate_address",
    "validate_structure_id",
]

ADDRESS = "MSSanté address"
NATIONAL_STRUCTURE = "national structure"
ROR = "ROR"
MAX_ADDRESS = 254
MAX_STRUCTURE_ID = 64


def validate_address(text: object) -> str:
    """The canonical address (domain lower-cased), or InvalidFormat."""
    address = require_text(text, ADDRESS).strip()
    local, at, domain = address.rpartition("@")
    if (
        not at
        or not local
        or "@" in local
        or len(address) > MAX_ADDRESS
        or any(c.isspace() for c in address)
        or "." not in domain.strip(".")
    ):
        raise InvalidFormat("idnat.invalid_address", kind=ADDRESS)
    return f"{local}@{domain.lower()}"


def is_valid_address(text: object) -> bool:
    """Whether ``text`` has the shape of an MSSanté address; never raises."""
    return never_raises(validate_address, text)


def validate_structure_id(text: object, kind: str = NATIONAL_STRUCTURE) -> str:
    """A national structure or ROR id: 1 to 64 ASCII letters, digits, '-', '_' or '.'."""
    value = require_text(text, kind).strip()
    if (
        not 1 <= len(value) <= MAX_STRUCTURE_ID
        or not value.isascii()
        or not value.replace("-", "").replace("_", "").replace(".", "").isalnum()
    ):
        raise InvalidFormat("idnat.invalid_structure_id", kind=kind, maximum=MAX_STRUCTURE_ID)
    return value


def _validate_ror(text: object) -> str:
    return validate_structure_id(text, ROR)


@frozen
class MssanteAddress:
    """An MSSanté address used as a person's national identifier (prefix 10)."""

    kind: ClassVar[str] = ADDRESS
    value: str = field(validator=canonical_validator(validate_address, ADDRESS))

    @classmethod
    def from_string(cls, text: object) -> MssanteAddress:
        return cls(validate_address(text))

    def __str__(self) -> str:
        return self.value


@frozen
class NationalStructureId:
    """A national structure identifier (IdNat Struct prefix 40)."""

    kind: ClassVar[str] = NATIONAL_STRUCTURE
    value: str = field(validator=canonical_validator(validate_structure_id, NATIONAL_STRUCTURE))

    @classmethod
    def from_string(cls, text: object) -> NationalStructureId:
        return cls(validate_structure_id(text))

    def __str__(self) -> str:
        return self.value


@frozen
class RorId:
    """An internal identifier of the ROR (IdNat Struct prefix 41)."""

    kind: ClassVar[str] = ROR
    value: str = field(validator=canonical_validator(_validate_ror, ROR))

    @classmethod
    def from_string(cls, text: object) -> RorId:
        return cls(_validate_ror(text))

    def __str__(self) -> str:
        return self.value
