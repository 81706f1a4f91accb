"""Which identifiers a string can be, with a verdict for each, and one overall answer.

A string can be several identifiers: 9 digits can be an ADELI, a FINESS and a
SIREN (all three keyed with Luhn over the 9 digits, so a valid one is often
valid as the others too); 11 digits an RPPS or an ADELI cabinet; 14 digits a
SIRET or an RPPS cabinet; a prefixed string a national identifier (IdNat).
:func:`identify` lists every reading the shape allows. It never raises for any
value: a non-text value, or a text no reading fits, gives a single ``UNKNOWN``
verdict carrying the reason (so JSON output always has something to show); for
a non-text value its ``input`` is the value's ``repr``, cut to 100 characters.

It cannot mislead: where the shape suggests one kind above the others, that
reading is *primary* and, when it fails, comes first, before any valid
alternative. Today one shape does: 11 digits are an RPPS first (an RPPS has a
check key over its 11 digits; an ADELI-rang has no key of its own, so a mistyped
RPPS is an ADELI-rang one time in ten). Otherwise valid readings come first,
then the fixed order of :data:`KINDS`. So the first reading answers the
question "is this a valid identifier?": :func:`identified`. A reading whose
kind has no key of its own carries a ``note`` (``identify.no_key``).

``identify(text, kind="rpps")`` gives only the readings of that kind, whatever
the shape (names in :data:`KIND_NAMES`; ``"idnat"`` reads both tables, with
every prefix, including the shapeless 30, 40 and 41). Without ``kind``, readings
with prefix 30, 40 or 41 (ROR situation, national structure id, ROR id) are never
offered: they have no format or key, so any text starting with them would match.

>>> [(i.kind, i.valid, i.idnat) for i in identify('750 712 184')]
[('ADELI', True, '0750712184'), ('FINESS', True, '1750712184'), ('SIREN', True, '2750712184')]
>>> [(i.kind, i.valid, i.canonical) for i in identify('810009652727')]
[('IdNat PS', True, '810009652727')]
>>> v = identify('10009652728')[0]
>>> v.kind, v.valid, v.canonical, v.error.code
('RPPS', False, '10009652728', 'identifier.invalid_checksum')
>>> mistyped = identify('10001045368')  # an RPPS with a wrong key is a valid ADELI-rang
>>> [(i.kind, i.valid, i.primary, i.note) for i in mistyped], identified(mistyped)
([('RPPS', False, True, None), ('ADELI-rang', True, False, 'identify.no_key')], False)
>>> [(i.kind, i.valid) for i in identify('10001045368', kind='adeli-rang')]
[('ADELI-rang', True)]
>>> identify(None)[0].to_dict('en')['error']['message']
'An identifier is written as text, not as a value of type NoneType.'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final

import attrs
from attrs import field, frozen

from balorg.domain.errors import (
    BalorgError,
    InvalidChecksum,
    InvalidFormat,
    ValidationError,
    plain_params,
)
from balorg.domain.identifiers import adeli, cabinet, finess, idnat, rpps, siren, siret
from balorg.domain.identifiers._common import clean, is_digits
from balorg.domain.identifiers.adeli import Adeli
from balorg.domain.identifiers.cabinet import AdeliRang, RppsRang
from balorg.domain.identifiers.finess import Finess
from balorg.domain.identifiers.idnat import IDNAT_PS_PREFIXES, IDNAT_STRUCT_PREFIXES
from balorg.domain.identifiers.rpps import Rpps
from balorg.domain.identifiers.siren import Siren
from balorg.domain.identifiers.siret import Siret
from balorg.domain.messages import Lang, render

__all__ = [
    "KINDS",
    "KIND_NAMES",
    "UNKNOWN",
    "Identification",
    "UnknownKind",
    "identified",
    "identify",
]

UNKNOWN: Final = "UNKNOWN"
_MAX_REPR = 100


def _error_key(error: ValidationError | None) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """Compare errors by code and params: exceptions themselves compare by identity."""
    if error is None:
        return None
    return error.code, tuple(sorted((k, repr(v)) for k, v in error.params.items()))


@frozen
class Identification:
    """One reading of a string as an identifier, with its verdict."""

    kind: str
    input: str
    canonical: str | None  # the compact form, when the shape is right
    idnat: str | None  # the national identifier (PS or Struct), when valid
    valid: bool
    error: ValidationError | None = field(eq=_error_key)  # None when valid
    #: The reading the shape suggests most (or the kind asked for): it comes first when it fails.
    primary: bool = field(default=False, kw_only=True)
    #: A code to show beside the verdict (``identify.no_key``), or None.
    note: str | None = field(default=None, kw_only=True)

    def to_dict(self, lang: Lang | None = None) -> dict[str, Any]:
        """Plain data for JSON, messages rendered in ``lang`` (by default the language in force)."""
        error = None
        if self.error is not None:
            error = {
                "code": self.error.code,
                "params": plain_params(self.error.params),
                "message": self.error.message(lang),
            }
        note = None
        if self.note is not None:
            note = {"code": self.note, "message": render(self.note, {"kind": self.kind}, lang)}
        return {
            "kind": self.kind,
            "input": self.input,
            "canonical": self.canonical,
            "idnat": self.idnat,
            "valid": self.valid,
            "error": error,
            "primary": self.primary,
            "note": note,
        }


class UnknownKind(BalorgError, ValueError):
    """``identify`` was asked for a kind it does not know (a caller's mistake)."""

    default_code = "identify.unknown_kind"


def _alnum_shape(length: int) -> Callable[[str], bool]:
    """ADELI/FINESS-like: a department that may hold letters, then digits."""
    return lambda c: len(c) == length and c.isascii() and c.isalnum() and is_digits(c[2:])


def _digit_shape(length: int) -> Callable[[str], bool]:
    return lambda c: len(c) == length and is_digits(c)


# kind -> (shape of the compact text, validate, canonical -> IdNat string)
_NUMBERS: Final[
    dict[str, tuple[Callable[[str], bool], Callable[[object], str], Callable[[str], str]]]
] = {
    Rpps.kind: (_digit_shape(11), rpps.validate, lambda v: str(idnat.IdNatPS.of(Rpps(v)))),
    Adeli.kind: (_alnum_shape(9), adeli.validate, lambda v: str(idnat.IdNatPS.of(Adeli(v)))),
    Finess.kind: (
        _alnum_shape(9),
        finess.validate,
        lambda v: str(idnat.IdNatStruct.of(Finess(v))),
    ),
    Siren.kind: (_digit_shape(9), siren.validate, lambda v: str(idnat.IdNatStruct.of(Siren(v)))),
    Siret.kind: (_digit_shape(14), siret.validate, lambda v: str(idnat.IdNatStruct.of(Siret(v)))),
    RppsRang.kind: (
        _digit_shape(14),
        cabinet.validate_rpps_rang,
        lambda v: str(idnat.IdNatStruct.of(RppsRang(v))),
    ),
    AdeliRang.kind: (
        _alnum_shape(11),
        cabinet.validate_adeli_rang,
        lambda v: str(idnat.IdNatStruct.of(AdeliRang(v))),
    ),
}
#: The order of readings after validity.
KINDS: Final[tuple[str, ...]] = (*_NUMBERS, idnat.PS_KIND, idnat.STRUCT_KIND)
#: The names ``identify(kind=...)`` and ``balorg identify --kind`` take -> the kinds read.
KIND_NAMES: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "rpps": (Rpps.kind,),
        "adeli": (Adeli.kind,),
        "finess": (Finess.kind,),
        "siren": (Siren.kind,),
        "siret": (Siret.kind,),
        "idnat": (idnat.PS_KIND, idnat.STRUCT_KIND),
        "idnat-ps": (idnat.PS_KIND,),
        "idnat-struct": (idnat.STRUCT_KIND,),
        "rpps-rang": (RppsRang.kind,),
        "adeli-rang": (AdeliRang.kind,),
    }
)
#: Shapes that suggest one kind above the others: compact text -> that kind, or None.
_PRIMARY: Final[tuple[tuple[Callable[[str], bool], str], ...]] = ((_digit_shape(11), Rpps.kind),)
_IDNAT_VALIDATORS: Final[Mapping[str, Callable[[object], str]]] = {
    idnat.PS_KIND: idnat.validate_ps,
    idnat.STRUCT_KIND: idnat.validate_struct,
}


def _verdict(
    kind: str,
    text: str,
    compacted: str,
    validate: Callable[[object], str],
    to_idnat: Callable[[str], str],
) -> Identification:
    try:
        canonical = validate(text)
    except ValidationError as error:
        shaped = compacted if isinstance(error, InvalidChecksum) else None
        return Identification(kind, text, shaped, None, False, error)
    return Identification(kind, text, canonical, to_idnat(canonical), True, None)


def _noted(reading: Identification, primary: bool) -> Identification:
    """The reading marked primary or not, with the note its kind calls for."""
    keyless = reading.kind == AdeliRang.kind or (
        reading.valid
        and reading.kind in _IDNAT_VALIDATORS
        and _idnat_kind(reading) == AdeliRang.kind
    )
    note = "identify.no_key" if keyless else None
    return attrs.evolve(reading, primary=primary, note=note)


def _idnat_kind(reading: Identification) -> str | None:
    """The kind of the identifier inside a valid IdNat reading."""
    parse = idnat.parse_ps if reading.kind == idnat.PS_KIND else idnat.parse_struct
    try:
        return str(type(parse(reading.input).identifier).kind)
    except ValidationError:  # pragma: no cover - the reading is valid
        return None


def _idnat_readings(text: str) -> list[Identification]:
    readings: list[Identification] = []
    if "@" in text:
        if text.strip().startswith("10"):
            readings.append(
                _verdict(idnat.PS_KIND, text, idnat.compact(text), idnat.validate_ps, str)
            )
        return readings
    head = clean(text.partition("/")[0], UNKNOWN)
    compacted = idnat.compact(text)
    for kind, table, validate in (
        (idnat.PS_KIND, IDNAT_PS_PREFIXES, idnat.validate_ps),
        (idnat.STRUCT_KIND, IDNAT_STRUCT_PREFIXES, idnat.validate_struct),
    ):
        entry = table.get(head[:1])
        if entry is None or entry.kind not in _NUMBERS:
            continue
        if _NUMBERS[entry.kind][0](head[1:]):
            readings.append(_verdict(kind, text, compacted, validate, str))
    return readings


def _unknown(text: object) -> tuple[Identification, ...] | None:
    if not isinstance(text, str):
        error = InvalidFormat("identifier.not_text", kind=UNKNOWN, type=type(text).__name__)
        return (Identification(UNKNOWN, repr(text)[:_MAX_REPR], None, None, False, error),)
    return None


def _of_kind(text: str, names: tuple[str, ...]) -> tuple[Identification, ...]:
    compacted = clean(text, UNKNOWN)
    readings = []
    for kind in names:
        if kind in _NUMBERS:
            _, validate, to_idnat = _NUMBERS[kind]
            reading = _verdict(kind, text, compacted, validate, to_idnat)
        else:
            reading = _verdict(kind, text, idnat.compact(text), _IDNAT_VALIDATORS[kind], str)
        readings.append(_noted(reading, primary=True))
    return tuple(sorted(readings, key=lambda r: (not r.valid, KINDS.index(r.kind))))


def identify(text: object, kind: str | None = None) -> tuple[Identification, ...]:
    """Every reading of ``text`` (of ``kind`` only, when given); the first one answers.

    Never raises for any ``text``; raises :class:`UnknownKind` for a ``kind`` not
    in :data:`KIND_NAMES`.
    """
    if kind is not None and kind.lower() not in KIND_NAMES:
        raise UnknownKind(kind=kind, kinds=", ".join(KIND_NAMES))
    unknown = _unknown(text)
    if unknown is not None:
        return unknown
    assert isinstance(text, str)  # for the type checker: _unknown refused the rest
    if kind is not None:
        return _of_kind(text, KIND_NAMES[kind.lower()])
    compacted = clean(text, UNKNOWN)
    readings: list[Identification] = []
    if "@" not in text and "/" not in text:
        for name, (shape, validate, to_idnat) in _NUMBERS.items():
            if shape(compacted):
                readings.append(_verdict(name, text, compacted, validate, to_idnat))
    readings.extend(_idnat_readings(text))
    if not readings:
        error = InvalidFormat("identifier.unrecognised", kind=UNKNOWN, length=len(compacted))
        return (Identification(UNKNOWN, text, None, None, False, error),)
    primary = next((k for shape, k in _PRIMARY if shape(compacted) and "@" not in text), None)
    marked = [_noted(r, primary=r.kind == primary) for r in readings]
    return tuple(
        sorted(
            marked,
            key=lambda r: (not (r.primary and not r.valid), not r.valid, KINDS.index(r.kind)),
        )
    )


def identified(readings: Sequence[Identification]) -> bool:
    """Whether the readings :func:`identify` gave make a valid identifier: the first one's verdict.

    >>> identified(identify('10009652727')), identified(identify('bonjour'))
    (True, False)
    """
    return bool(readings) and readings[0].valid
