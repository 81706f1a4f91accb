"""National identifiers (IdNat): a type prefix, then the identifier.

Two ANS tables give the prefixes (:data:`IDNAT_PS_PREFIXES`,
:data:`IDNAT_STRUCT_PREFIXES`), with their official labels where DOMAIN.md
section 7.2 gives them:

* IdNat_PS (TRE_G08-TypeIdentifiantPersonne, persons): ``0`` ADELI, ``1``
  "Id Cabinet ADELI / N° de registre", ``3`` "FINESS / N° de registre", ``4``
  "SIREN / N° de registre", ``5`` "SIRET / N° de registre", ``6`` "Id Cabinet
  RPPS / N° de registre", ``8`` RPPS, ``10`` "Adresse MSSante", ``30``
  "identifiant de la situation opérationnelle connu par l'instance ROR"
  (active since 2023-03-31); ``2`` "N° DRASS" and ``9`` "N° Etudiant" are
  deprecated since 2020-05-29. Prefixes 1, 3, 4, 5 and 6 are written
  "structure id/internal id" (staff known by their structure): the
  ``/internal`` part is kept in :attr:`IdNatPS.internal_id`; the bare form is
  accepted too.
* IdNat_Struct (TRE_G07-TypeIdentifiantStructure, structures): ``0`` ADELI
  cabinet, ``1`` FINESS, ``2`` SIREN, ``3`` SIRET, ``4`` RPPS cabinet, ``40``
  national structure id, ``41`` ROR internal id; ``5`` "FINESS EJ" and ``6``
  "FINESS EG" are deprecated since 2016-09-01. (The RASS value set JDV_J104
  admits only 0-4; 40 and 41 belong to the ROR's JDV_J236.)

Ambiguities, resolved by shape, then by validity (the reading with a check key
wins when it is valid):

* PS ``10`` + address against ``1`` + ADELI cabinet starting with 0: a text
  with ``@`` is an address (prefix 10), any other text is read with ``1``.
* PS ``30`` + ROR situation id against ``3`` + FINESS of départements 01 to
  09 (both start ``30``): the FINESS reading, which has a check key, wins when
  it is valid; otherwise the ``30`` reading when it is valid. When neither is,
  the error reported is the FINESS one if the text has its shape (``3`` and 9
  characters, optionally ``/internal id``), else the ``30`` one. Consequence: a
  mistyped ``3`` + FINESS of those départements reads as a ROR situation id;
  callers expecting a FINESS check the type of :attr:`IdNatPS.identifier`, or
  rebuild from stored parts with :meth:`IdNatPS.from_parts`, which guesses
  nothing.
* Struct ``40``/``41`` + id against ``4`` + RPPS cabinet (whose RPPS starts
  with 1, so real ones begin ``41``): the same rule, cabinet first; the error
  is the RPPS cabinet's if the text has its shape (15 digits), else the 40/41
  one. A mistyped ``41`` + RPPS cabinet is read as a ROR id.

>>> p = parse_ps('8 100 096 527 27')
>>> str(p), p.prefix, p.identifier
('810009652727', '8', Rpps(value='10009652727'))
>>> str(parse_ps('10jean.dupont@hopital.mssante.fr'))
'10jean.dupont@hopital.mssante.fr'
>>> parse_ps('3750712184/0042').internal_id
'0042'
>>> parse_ps('3010000024').identifier, parse_ps('30SO-12').identifier
(Finess(value='010000024'), RorSituationId(value='SO-12'))
>>> parse_ps('2123456789')  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
balorg.domain.errors.InvalidComponent: Le type d'identifiant national PS de préfixe 2 ...
>>> s = parse_struct('1750712184')
>>> s.identifier, str(IdNatStruct.of(s.identifier)), IdNatStruct.system
(Finess(value='750712184'), '1750712184', 'urn:oid:1.2.250.1.71.4.2.2')
>>> type(parse_struct('410009652727016').identifier).__name__
'RppsRang'
>>> type(parse_struct('410009652727011').identifier).__name__
'RorId'
>>> IdNatPS.of(parse_struct('41R12345').identifier)  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
balorg.domain.errors.InvalidComponent: Un identifiant ROR n'a pas de préfixe ...
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import ClassVar, Final

from attrs import field, frozen

from balorg.domain.errors import InvalidComponent, InvalidFormat, ValidationError
from balorg.domain.identifiers._common import SEPARATORS, never_raises, require_text
from balorg.domain.identifiers.adeli import Adeli
from balorg.domain.identifiers.cabinet import AdeliRang, RppsRang
from balorg.domain.identifiers.finess import Finess
from balorg.domain.identifiers.national import (
    MssanteAddress,
    NationalStructureId,
    RorId,
    RorSituationId,
)
from balorg.domain.identifiers.rpps import Rpps
from balorg.domain.identifiers.siren import Siren
from balorg.domain.identifiers.siret import Siret

__all__ = [
    "IDNAT_PS_PREFIXES",
    "IDNAT_PS_SYSTEM",
    "IDNAT_STRUCT_PREFIXES",
    "IDNAT_STRUCT_SYSTEM",
    "PREFIX_TABLES",
    "IdNatPS",
    "IdNatStruct",
    "PrefixEntry",
    "PsIdentifier",
    "StructIdentifier",
    "compact",
    "format_ps",
    "format_struct",
    "is_valid_ps",
    "is_valid_struct",
    "parse_ps",
    "parse_struct",
    "validate_ps",
    "validate_struct",
]

IDNAT_PS_SYSTEM: Final = "urn:oid:1.2.250.1.71.4.2.1"
IDNAT_STRUCT_SYSTEM: Final = "urn:oid:1.2.250.1.71.4.2.2"
PS_KIND = "IdNat PS"
STRUCT_KIND = "IdNat Struct"

PsIdentifier = (
    Adeli | AdeliRang | Finess | Siren | Siret | RppsRang | Rpps | MssanteAddress | RorSituationId
)
StructIdentifier = AdeliRang | Finess | Siren | Siret | RppsRang | NationalStructureId | RorId


@frozen
class PrefixEntry:
    """One row of a prefix table."""

    code: str
    label: str
    kind: str | None  # the identifier kind after the prefix; None when deprecated
    deprecated: bool = False
    internal_id: bool = False  # written "structure id/internal id"
    active_since: dt.date | None = field(default=None, kw_only=True)
    deprecated_since: dt.date | None = field(default=None, kw_only=True)


def _deprecated(code: str, label: str, since: dt.date) -> PrefixEntry:
    return PrefixEntry(code, label, None, deprecated=True, deprecated_since=since)


_G08_DEPRECATIONS: Final = dt.date(2020, 5, 29)
_G07_DEPRECATIONS: Final = dt.date(2016, 9, 1)


#: IdNat_PS (TRE_G08-TypeIdentifiantPersonne): prefix -> entry.
IDNAT_PS_PREFIXES: Final[Mapping[str, PrefixEntry]] = MappingProxyType(
    {
        "0": PrefixEntry("0", "N° ADELI", Adeli.kind),
        "1": PrefixEntry(
            "1", "Id Cabinet ADELI / N° de registre", AdeliRang.kind, internal_id=True
        ),
        "2": _deprecated("2", "N° DRASS", _G08_DEPRECATIONS),
        "3": PrefixEntry("3", "FINESS / N° de registre", Finess.kind, internal_id=True),
        "4": PrefixEntry("4", "SIREN / N° de registre", Siren.kind, internal_id=True),
        "5": PrefixEntry("5", "SIRET / N° de registre", Siret.kind, internal_id=True),
        "6": PrefixEntry("6", "Id Cabinet RPPS / N° de registre", RppsRang.kind, internal_id=True),
        "8": PrefixEntry("8", "N° RPPS", Rpps.kind),
        "9": _deprecated("9", "N° Etudiant", _G08_DEPRECATIONS),
        "10": PrefixEntry("10", "Adresse MSSante", MssanteAddress.kind),
        "30": PrefixEntry(
            "30",
            "identifiant de la situation opérationnelle connu par l'instance ROR",
            RorSituationId.kind,
            active_since=dt.date(2023, 3, 31),
        ),
    }
)
#: IdNat_Struct (TRE_G07-TypeIdentifiantStructure): prefix -> entry.
IDNAT_STRUCT_PREFIXES: Final[Mapping[str, PrefixEntry]] = MappingProxyType(
    {
        "0": PrefixEntry("0", "Identifiant cabinet ADELI (ADELI-rang)", AdeliRang.kind),
        "1": PrefixEntry("1", "N° FINESS", Finess.kind),
        "2": PrefixEntry("2", "N° SIREN", Siren.kind),
        "3": PrefixEntry("3", "N° SIRET", Siret.kind),
        "4": PrefixEntry("4", "Identifiant cabinet RPPS (RPPS-rang)", RppsRang.kind),
        "40": PrefixEntry("40", "Identifiant national de structure", NationalStructureId.kind),
        "41": PrefixEntry("41", "Identifiant interne ROR", RorId.kind),
        "5": _deprecated("5", "FINESS EJ", _G07_DEPRECATIONS),
        "6": _deprecated("6", "FINESS EG", _G07_DEPRECATIONS),
    }
)
PREFIX_TABLES: Final[Mapping[str, Mapping[str, PrefixEntry]]] = MappingProxyType(
    {"PS": IDNAT_PS_PREFIXES, "Struct": IDNAT_STRUCT_PREFIXES}
)

_PS_PARSERS: Mapping[str, Callable[[object], PsIdentifier]] = {
    Adeli.kind: Adeli.from_string,
    AdeliRang.kind: AdeliRang.from_string,
    Finess.kind: Finess.from_string,
    Siren.kind: Siren.from_string,
    Siret.kind: Siret.from_string,
    RppsRang.kind: RppsRang.from_string,
    Rpps.kind: Rpps.from_string,
}
_STRUCT_PARSERS: Mapping[str, Callable[[object], StructIdentifier]] = {
    AdeliRang.kind: AdeliRang.from_string,
    Finess.kind: Finess.from_string,
    Siren.kind: Siren.from_string,
    Siret.kind: Siret.from_string,
    RppsRang.kind: RppsRang.from_string,
}
_PS_PREFIX_OF: Mapping[type, str] = {
    Adeli: "0",
    AdeliRang: "1",
    Finess: "3",
    Siren: "4",
    Siret: "5",
    RppsRang: "6",
    Rpps: "8",
    MssanteAddress: "10",
    RorSituationId: "30",
}
_STRUCT_PREFIX_OF: Mapping[type, str] = {
    AdeliRang: "0",
    Finess: "1",
    Siren: "2",
    Siret: "3",
    RppsRang: "4",
    NationalStructureId: "40",
    RorId: "41",
}


def _kind_of(identifier: object) -> str:
    kind = getattr(type(identifier), "kind", None)
    return kind if isinstance(kind, str) else type(identifier).__name__


def _prefix_of(prefixes: Mapping[type, str], identifier: object) -> str | None:
    return next((p for cls, p in prefixes.items() if isinstance(identifier, cls)), None)


def _check_prefix(
    table: str, prefixes: Mapping[type, str], prefix: str, identifier: object
) -> None:
    expected = _prefix_of(prefixes, identifier)
    if expected is None:
        raise InvalidComponent("idnat.no_prefix", kind=_kind_of(identifier), table=table)
    if expected != prefix:
        raise InvalidComponent(
            "idnat.prefix_mismatch",
            kind=_kind_of(identifier),
            table=table,
            prefix=prefix,
            expected=expected,
        )


def _check_internal_id(prefix: str, internal_id: str | None) -> None:
    if internal_id is None:
        return
    if not IDNAT_PS_PREFIXES[prefix].internal_id:
        raise InvalidComponent(
            "idnat.internal_id_not_allowed", kind=PS_KIND, table="PS", prefix=prefix
        )
    if not internal_id or not internal_id.isprintable() or any(c.isspace() for c in internal_id):
        raise InvalidFormat("idnat.invalid_internal_id", kind=PS_KIND, table="PS")


@frozen
class IdNatPS:
    """A person's national identifier: ``prefix`` + ``identifier`` (+ ``/internal_id``)."""

    system: ClassVar[str] = IDNAT_PS_SYSTEM
    kind: ClassVar[str] = PS_KIND
    prefix: str
    identifier: PsIdentifier
    internal_id: str | None = field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        _check_prefix("PS", _PS_PREFIX_OF, self.prefix, self.identifier)
        _check_internal_id(self.prefix, self.internal_id)

    @classmethod
    def of(cls, identifier: object, internal_id: str | None = None) -> IdNatPS:
        """The IdNat PS of ``identifier``; refuses a kind the PS table has no prefix for."""
        prefix = _prefix_of(_PS_PREFIX_OF, identifier)
        if prefix is None or not isinstance(identifier, PsIdentifier):
            raise InvalidComponent("idnat.no_prefix", kind=_kind_of(identifier), table="PS")
        return cls(prefix, identifier, internal_id=internal_id)

    @classmethod
    def from_parts(cls, prefix: str, identifier: str, internal_id: str | None = None) -> IdNatPS:
        """Rebuild from the prefix and the identifier's text, kept apart.

        Unlike :func:`parse_ps`, nothing is guessed: ``"30"`` + an id that also
        reads as ``"3"`` + a FINESS stays a ROR situation id.
        """
        entry = _entry(IDNAT_PS_PREFIXES, "PS", prefix)
        if entry.kind is None or entry.kind not in _PS_PART_PARSERS:  # pragma: no cover
            raise InvalidComponent("idnat.unknown_prefix", kind=PS_KIND, table="PS", prefix=prefix)
        return cls(prefix, _PS_PART_PARSERS[entry.kind](identifier), internal_id=internal_id)

    @property
    def value(self) -> str:
        return str(self)

    def __str__(self) -> str:
        tail = f"/{self.internal_id}" if self.internal_id is not None else ""
        return f"{self.prefix}{self.identifier}{tail}"


@frozen
class IdNatStruct:
    """A structure's national identifier: ``prefix`` + ``identifier``."""

    system: ClassVar[str] = IDNAT_STRUCT_SYSTEM
    kind: ClassVar[str] = STRUCT_KIND
    prefix: str
    identifier: StructIdentifier

    def __attrs_post_init__(self) -> None:
        _check_prefix("Struct", _STRUCT_PREFIX_OF, self.prefix, self.identifier)

    @classmethod
    def of(cls, identifier: object) -> IdNatStruct:
        """The IdNat Struct of ``identifier``; refuses a kind the table has no prefix for."""
        prefix = _prefix_of(_STRUCT_PREFIX_OF, identifier)
        if prefix is None or not isinstance(identifier, StructIdentifier):
            raise InvalidComponent("idnat.no_prefix", kind=_kind_of(identifier), table="Struct")
        return cls(prefix, identifier)

    @classmethod
    def from_parts(cls, prefix: str, identifier: str) -> IdNatStruct:
        """Rebuild from the prefix and the identifier's text, kept apart.

        Unlike :func:`parse_struct`, nothing is guessed: ``"40"`` + an id that
        also reads as ``"4"`` + an RPPS cabinet stays a national structure id.
        """
        entry = _entry(IDNAT_STRUCT_PREFIXES, "Struct", prefix)
        if entry.kind is None or entry.kind not in _STRUCT_PART_PARSERS:
            raise InvalidComponent(
                "idnat.unknown_prefix", kind=STRUCT_KIND, table="Struct", prefix=prefix
            )
        return cls(prefix, _STRUCT_PART_PARSERS[entry.kind](identifier))

    @property
    def value(self) -> str:
        return str(self)

    def __str__(self) -> str:
        return f"{self.prefix}{self.identifier}"


_PS_PART_PARSERS: Mapping[str, Callable[[object], PsIdentifier]] = {
    **_PS_PARSERS,
    MssanteAddress.kind: MssanteAddress.from_string,
    RorSituationId.kind: RorSituationId.from_string,
}
_STRUCT_PART_PARSERS: Mapping[str, Callable[[object], StructIdentifier]] = {
    **_STRUCT_PARSERS,
    NationalStructureId.kind: NationalStructureId.from_string,
    RorId.kind: RorId.from_string,
}


def _compact_head(text: str) -> str:
    return "".join(c for c in text if c not in SEPARATORS).upper()


def compact(number: object) -> str:
    """Separators removed from the numeric part; an address loses only its spaces.

    Text after ``/`` (an internal id) is kept as written, stripped.
    """
    text = require_text(number, "IdNat").strip()
    if "@" in text:
        return text  # an address is never compacted: a space inside it is an error
    head, slash, tail = text.partition("/")
    return _compact_head(head) + (slash + tail.strip() if slash else "")


def _start(text: object, kind: str, table: str) -> str:
    raw = require_text(text, kind).strip()
    if not raw:
        raise InvalidFormat("idnat.empty", kind=kind, table=table)
    return raw


def _entry(prefixes: Mapping[str, PrefixEntry], table: str, prefix: str) -> PrefixEntry:
    entry = prefixes.get(prefix)
    if entry is None:
        raise InvalidComponent(
            "idnat.unknown_prefix", kind=f"IdNat {table}", table=table, prefix=prefix
        )
    if entry.deprecated:
        raise InvalidComponent(
            "idnat.deprecated_prefix",
            kind=f"IdNat {table}",
            table=table,
            prefix=prefix,
            label=entry.label,
        )
    return entry


def parse_ps(text: object) -> IdNatPS:
    """Read a person's national identifier; raises a ValidationError saying why not."""
    raw = _start(text, PS_KIND, "PS")
    if "@" in raw:
        if not raw.startswith("10"):
            raise InvalidComponent("idnat.address_prefix", kind=PS_KIND, table="PS")
        # The address as written: its own rule refuses spaces, controls, overrides...
        return IdNatPS("10", MssanteAddress.from_string(raw[2:]))
    written, slash, tail = raw.partition("/")
    head = _compact_head(written)
    internal_id = tail.strip() if slash else None
    entry = _entry(IDNAT_PS_PREFIXES, "PS", head[:1])
    if entry.code == "3":
        return _parse_ps_3(written.strip(), head, internal_id)
    if entry.kind is None or entry.kind not in _PS_PARSERS:  # pragma: no cover - table invariant
        raise InvalidComponent("idnat.unknown_prefix", kind=PS_KIND, table="PS", prefix=head[:1])
    identifier = _PS_PARSERS[entry.kind](head[1:])
    return IdNatPS(entry.code, identifier, internal_id=internal_id)


def _parse_ps_3(written: str, head: str, internal_id: str | None) -> IdNatPS:
    """Prefix 3 (FINESS) against 30 (ROR situation): a valid reading wins, FINESS first."""
    readings: list[Callable[[], IdNatPS]] = [
        lambda: IdNatPS("3", Finess.from_string(head[1:]), internal_id=internal_id)
    ]
    if written.startswith("30"):
        readings.append(
            lambda: IdNatPS("30", RorSituationId.from_string(written[2:]), internal_id=internal_id)
        )
    errors: list[ValidationError] = []
    for read in readings:
        try:
            return read()
        except ValidationError as error:
            errors.append(error)
    finess_shaped = len(head) == 10 and head.isascii() and head.isalnum()
    raise errors[0] if finess_shaped else errors[-1]


def _parse_struct_4(raw: str, head: str) -> IdNatStruct:
    """Prefix 4 (RPPS cabinet) against 40/41: a valid reading wins, cabinet first."""
    readings: list[tuple[str, Callable[[], StructIdentifier]]] = [
        ("4", lambda: RppsRang.from_string(head[1:]))
    ]
    if raw.startswith("40"):
        readings.append(("40", lambda: NationalStructureId.from_string(raw[2:])))
    elif raw.startswith("41"):
        readings.append(("41", lambda: RorId.from_string(raw[2:])))
    errors: list[ValidationError] = []
    for prefix, read in readings:
        try:
            return IdNatStruct(prefix, read())
        except ValidationError as error:
            errors.append(error)
    cabinet_shaped = len(head) == 15 and head.isascii() and head.isdigit()
    raise errors[0] if cabinet_shaped else errors[-1]


def parse_struct(text: object) -> IdNatStruct:
    """Read a structure's national identifier; raises a ValidationError saying why not."""
    raw = _start(text, STRUCT_KIND, "Struct")
    head = _compact_head(raw)
    entry = _entry(IDNAT_STRUCT_PREFIXES, "Struct", head[:1])
    if entry.code == "4":
        return _parse_struct_4(raw, head)
    if entry.kind is None or entry.kind not in _STRUCT_PARSERS:  # pragma: no cover
        raise InvalidComponent(
            "idnat.unknown_prefix", kind=STRUCT_KIND, table="Struct", prefix=head[:1]
        )
    return IdNatStruct(entry.code, _STRUCT_PARSERS[entry.kind](head[1:]))


def validate_ps(number: object) -> str:
    """The canonical IdNat PS, or a ValidationError."""
    return str(parse_ps(number))


def validate_struct(number: object) -> str:
    """The canonical IdNat Struct, or a ValidationError."""
    return str(parse_struct(number))


def is_valid_ps(number: object) -> bool:
    """Whether ``number`` is a valid IdNat PS; never raises."""
    return never_raises(validate_ps, number)


def is_valid_struct(number: object) -> bool:
    """Whether ``number`` is a valid IdNat Struct; never raises."""
    return never_raises(validate_struct, number)


def format_ps(number: object) -> str:
    """The prefix, a space, then the canonical identifier: ``'8 10009652727'``."""
    idnat = parse_ps(number)
    return f"{idnat.prefix} {str(idnat)[len(idnat.prefix) :]}"


def format_struct(number: object) -> str:
    """The prefix, a space, then the canonical identifier: ``'1 750712184'``."""
    idnat = parse_struct(number)
    return f"{idnat.prefix} {idnat.identifier}"
