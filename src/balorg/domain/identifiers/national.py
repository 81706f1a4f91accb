"""Identifiers that appear only inside national identifiers (IdNat).

* :class:`MssanteAddress`, IdNat PS prefix ``10``: a person known by their
  MSSanté address. Its shape is checked by
  :func:`balorg.domain.addresses.mssante_address`: the ANS OpenAPI pattern
  (``…@….mssante.fr`` or ``…@interop-mssante.apicrypt.org``), and no NUL or
  other control character, lone surrogate, invisible or right-to-left override
  character, space, or look-alike letters mixing scripts. The domain is
  lower-cased in the canonical form; the local part keeps its case.
* :class:`NationalStructureId` (IdNat Struct prefix ``40``), :class:`RorId`
  (``41``, internal id of the ROR) and :class:`RorSituationId` (IdNat PS
  prefix ``30``, "identifiant de la situation opérationnelle connu par
  l'instance ROR", TRE_G08, active since 2023-03-31): no public format was
  found, so they are accepted as 1 to 64 ASCII letters, digits, ``-``, ``_``
  or ``.``, with at least one letter or digit. That bound is a guard against
  junk, not an official rule.

>>> validate_address(' Jean.Dupont@Hopital.MSSante.fr ')
'Jean.Dupont@hopital.mssante.fr'
>>> is_valid_address('jean dupont@hopital.mssante.fr'), is_valid_address('@x.fr')
(False, False)
>>> is_valid_address('jean@hopital.example.org'), is_valid_address('j\u202eean@h.mssante.fr')
(False, False)
>>> str(RorId.from_string('R12345')), NationalStructureId.from_string('S-0042').kind
('R12345', 'national structure')
>>> RorSituationId.from_string('SO-123').kind
'ROR situation'
"""

from __future__ import annotations

from typing import ClassVar

from attrs import field, frozen

from balorg.domain.errors import InvalidFormat
from balorg.domain.identifiers._common import (
    canonical_validator,
    never_raises,
    require_text,
    trusted,
)

__all__ = [
    "MssanteAddress",
    "NationalStructureId",
    "RorId",
    "RorSituationId",
    "is_valid_address",
    "validate_address",
    "validate_structure_id",
]

ADDRESS = "MSSanté address"
NATIONAL_STRUCTURE = "national structure"
ROR = "ROR"
ROR_SITUATION = "ROR situation"
MAX_ADDRESS = 254
MAX_STRUCTURE_ID = 64


def validate_address(text: object) -> str:
    """The canonical address (domain lower-cased), or InvalidFormat with the reason's code.

    The code is ``idnat.invalid_address`` for the shape, else the address rule's
    own (``email.invalid_characters``, ``email.whitespace``, ``email.mixed_scripts``...).
    """
    require_text(text, ADDRESS)
    # Imported here: the address rule loads email-validator, which nothing else of the
    # identifiers needs (the command line's start, identify's speed).
    from balorg.domain.addresses import InvalidEmail, mssante_address  # noqa: PLC0415

    try:
        return mssante_address(text)
    except InvalidEmail as error:
        if error.code == "email.not_mssante":
            raise InvalidFormat("idnat.invalid_address", kind=ADDRESS) from None
        raise InvalidFormat(error.code, kind=ADDRESS, **error.params) from None


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


def _validate_ror_situation(text: object) -> str:
    return validate_structure_id(text, ROR_SITUATION)


@frozen
class MssanteAddress:
    """An MSSanté address used as a person's national identifier (prefix 10)."""

    kind: ClassVar[str] = ADDRESS
    value: str = field(validator=canonical_validator(validate_address, ADDRESS))

    @classmethod
    def from_string(cls, text: object) -> MssanteAddress:
        return trusted(cls, validate_address(text))

    def __str__(self) -> str:
        return self.value


@frozen
class NationalStructureId:
    """A national structure identifier (IdNat Struct prefix 40)."""

    kind: ClassVar[str] = NATIONAL_STRUCTURE
    value: str = field(validator=canonical_validator(validate_structure_id, NATIONAL_STRUCTURE))

    @classmethod
    def from_string(cls, text: object) -> NationalStructureId:
        return trusted(cls, validate_structure_id(text))

    def __str__(self) -> str:
        return self.value


@frozen
class RorId:
    """An internal identifier of the ROR (IdNat Struct prefix 41)."""

    kind: ClassVar[str] = ROR
    value: str = field(validator=canonical_validator(_validate_ror, ROR))

    @classmethod
    def from_string(cls, text: object) -> RorId:
        return trusted(cls, _validate_ror(text))

    def __str__(self) -> str:
        return self.value


@frozen
class RorSituationId:
    """The ROR's identifier of an operational situation (IdNat PS prefix 30)."""

    kind: ClassVar[str] = ROR_SITUATION
    value: str = field(validator=canonical_validator(_validate_ror_situation, ROR_SITUATION))

    @classmethod
    def from_string(cls, text: object) -> RorSituationId:
        return trusted(cls, _validate_ror_situation(text))

    def __str__(self) -> str:
        return self.value
