"""Which identifiers a string can be, with a verdict for each.

A string can be several identifiers: 9 digits can be an ADELI, a FINESS and a
SIREN (all three keyed with Luhn over the 9 digits, so a valid one is often
valid as the others too); 14 digits a SIRET or an RPPS cabinet; a prefixed
string a national identifier (IdNat). :func:`identify` lists every reading
the shape allows, valid ones first, then in the fixed order of
:data:`KINDS`. It never raises: a non-text value, or a text no reading fits,
gives a single ``UNKNOWN`` verdict carrying the reason (so JSON output always
has something to show); for a non-text value its ``input`` is the value's
``repr``, cut to 100 characters. Readings with prefix 40/41 (national structure id,
ROR id) are never offered: they have no format or key, so any text starting
with 40 or 41 would match; use :func:`~balorg.domain.identifiers.idnat.parse_struct`.

>>> [(i.kind, i.valid, i.idnat) for i in identify('750 712 184')]
[('ADELI', True, '0750712184'), ('FINESS', True, '1750712184'), ('SIREN', True, '2750712184')]
>>> [(i.kind, i.valid, i.canonical) for i in identify('810009652727')]
[('IdNat PS', True, '810009652727')]
>>> v = identify('10009652728')[0]
>>> v.kind, v.valid, v.canonical, v.error.code
('RPPS', False, '10009652728', 'identifier.invalid_checksum')
>>> identify(None)[0].to_dict('en')['error']['message']
'An identifier is written as text, not as a value of type NoneType.'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from attrs import field, frozen

from balorg.domain.errors import InvalidChecksum, InvalidFormat, ValidationError, plain_params
from balorg.domain.identifiers import adeli, cabinet, finess, idnat, rpps, siren, siret
from balorg.domain.identifiers._common import SEPARATORS, is_digits
from balorg.domain.identifiers.adeli import Adeli
from balorg.domain.identifiers.cabinet import AdeliRang, RppsRang
from balorg.domain.identifiers.finess import Finess
from balorg.domain.identifiers.idnat import IDNAT_PS_PREFIXES, IDNAT_STRUCT_PREFIXES
from balorg.domain.identifiers.rpps import Rpps
from balorg.domain.identifiers.siren import Siren
from balorg.domain.identifiers.siret import Siret
from balorg.domain.messages import Lang

__all__ = ["KINDS", "UNKNOWN", "Identification", "identify"]

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

    def to_dict(self, lang: Lang = "fr") -> dict[str, Any]:
        """Plain data for JSON, the error message rendered in ``lang``."""
        error = None
        if self.error is not None:
            error = {
                "code": self.error.code,
                "params": plain_params(self.error.params),
                "message": self.error.message(lang),
            }
        return {
            "kind": self.kind,
            "input": self.input,
            "canonical": self.canonical,
            "idnat": self.idnat,
            "valid": self.valid,
            "error": error,
        }


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


def _idnat_readings(text: str) -> list[Identification]:
    readings: list[Identification] = []
    if "@" in text:
        if text.strip().startswith("10"):
            readings.append(
                _verdict(idnat.PS_KIND, text, idnat.compact(text), idnat.validate_ps, str)
            )
        return readings
    head = "".join(c for c in text.partition("/")[0].strip() if c not in SEPARATORS).upper()
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


def identify(text: object) -> tuple[Identification, ...]:
    """Every reading of ``text`` the shape allows, valid ones first; never raises."""
    if not isinstance(text, str):
        error = InvalidFormat("identifier.not_text", kind=UNKNOWN, type=type(text).__name__)
        return (Identification(UNKNOWN, repr(text)[:_MAX_REPR], None, None, False, error),)
    compacted = "".join(c for c in text.strip() if c not in SEPARATORS).upper()
    readings: list[Identification] = []
    if "@" not in text and "/" not in text:
        for kind, (shape, validate, to_idnat) in _NUMBERS.items():
            if shape(compacted):
                readings.append(_verdict(kind, text, compacted, validate, to_idnat))
    readings.extend(_idnat_readings(text))
    if not readings:
        error = InvalidFormat("identifier.unrecognised", kind=UNKNOWN, length=len(compacted))
        return (Identification(UNKNOWN, text, None, None, False, error),)
    return tuple(sorted(readings, key=lambda r: (not r.valid, KINDS.index(r.kind))))
