"""Checks of the fields of directory data, as a *reader* makes them.

What balorg is given at registration is checked strictly elsewhere; what the national
directory publishes is read as it really is (DOMAIN.md 7.2):

* person identifiers (RPPS, ADELI) and cabinet numbers (RPPS-rang, ADELI-rang): shape
  and department checked, check keys **not** enforced (ANS's fictitious numbers fail
  Luhn, RPPS-rang has no official key rule); a value that does not read strictly is
  kept, its strict reading (:attr:`PersonRef.parsed`) is then ``None``;
* structure numbers (FINESS, SIREN, SIRET): checked in full (department, key; the
  Corsican FINESS key is never enforced, as in :mod:`balorg.domain.identifiers.finess`);
* technical structure ids (``R10100000328372``, ``C75912415900``...): any text starting
  with a letter, of ASCII letters, digits, ``-``, ``_`` or ``.`` (64 at most), kept as an
  opaque id;
* a national identifier is its type prefix followed by the identifier: the prefix must
  be a known type and agree with the type column when there is one.

Each failing check raises :class:`RowError`; the reader turns it into a
:class:`~balorg.interop.extractions.rejects.Rejected` with the line number.
Verdicts on values that repeat (structures, numbers, professions) are kept in bounded
caches.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any, Final

from balorg.domain.errors import (
    BalorgError,
    InvalidChecksum,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)
from balorg.domain.identifiers import adeli, cabinet, finess, rpps, siren, siret
from balorg.domain.identifiers._common import is_digits
from balorg.domain.identifiers.idnat import IDNAT_PS_PREFIXES, IDNAT_STRUCT_PREFIXES
from balorg.domain.professions import UnknownProfession, by_code
from balorg.interop.extractions.rejects import Cause

__all__ = [
    "G07_CODES",
    "G08_CODES",
    "RowError",
    "check_flag",
    "check_number",
    "check_person",
    "check_profession",
    "check_structure",
    "check_technical_id",
    "structure_type_code",
]

_CACHE: Final = 1 << 16

#: TRE_G08 (IdNat PS) codes a reader accepts: every code of the table, deprecated ones
#: included (old records), and 30, the ROR's "situation opérationnelle" (DOMAIN.md 7.2).
G08_CODES: Final = frozenset(IDNAT_PS_PREFIXES)
#: TRE_G07 (IdNat Struct) codes, deprecated 5 (FINESS EJ) and 6 (FINESS EG) included.
G07_CODES: Final = frozenset(IDNAT_STRUCT_PREFIXES)

#: Labels seen or likely in the undocumented "Type identifiant structure" column,
#: normalised (see :func:`_label_key`) -> G07 code.
_STRUCTURE_LABELS: Final[Mapping[str, str]] = {
    "finess": "1",
    "n finess": "1",
    "finess et": "1",
    "finess eg": "6",
    "finess ej": "5",
    "siren": "2",
    "n siren": "2",
    "siret": "3",
    "n siret": "3",
    "rpps rang": "4",
    "cabinet rpps": "4",
    "id cabinet rpps": "4",
    "identifiant cabinet rpps": "4",
    "identifiant cabinet rpps rpps rang": "4",
    "adeli rang": "0",
    "cabinet adeli": "0",
    "id cabinet adeli": "0",
    "identifiant cabinet adeli": "0",
    "identifiant cabinet adeli adeli rang": "0",
    "identifiant national de structure": "40",
    "ror": "41",
    "identifiant interne ror": "41",
}

_FLAGS: Final[Mapping[str, bool | None]] = {
    "": None,
    "O": True,
    "N": False,
    "o": True,
    "oui": True,
    "n": False,
    "non": False,
    "true": True,
    "false": False,
    "vrai": True,
    "faux": False,
    "1": True,
    "0": False,
}

_OPAQUE: Final = re.compile(r"[A-Za-z0-9._-]{1,64}")
_MAX_ID: Final = 64


class RowError(Exception):
    """One field of a row fails its check (internal: the reader adds the line number)."""

    def __init__(
        self,
        code: str,
        *,
        column: str | None = None,
        value: str | None = None,
        cause: BalorgError | Cause | None = None,
        **params: Any,
    ) -> None:
        super().__init__(code)
        self.code = code
        self.column = column
        self.value = value
        self.cause = Cause.of(cause) if isinstance(cause, BalorgError) else cause
        self.params = params

    def detached(self, column: str | None = None) -> RowError:
        """A fresh copy (no traceback, no context), at ``column`` when given."""
        return RowError(
            self.code,
            column=column or self.column,
            value=self.value,
            cause=self.cause,
            **self.params,
        )


def _label_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())


def structure_type_code(value: str, column: str) -> str | None:
    """The G07 code named by the "Type identifiant structure" column, ``None`` when empty."""
    if not value:
        return None
    if value in G07_CODES:
        return value
    code = _STRUCTURE_LABELS.get(_label_key(value))
    if code is None:
        raise RowError("extraction.unknown_structure_type", column=column, value=value)
    return code


def _shape_only(
    validate: Callable[[object], str], compact: Callable[[object], str], text: str, kind: str
) -> None:
    """``text`` has the identifier's canonical shape; a wrong key is tolerated."""
    if compact(text) != text:
        canonical = compact(text)
        raise RowError(
            "extraction.invalid_identifier",
            value=text,
            kind=kind,
            cause=InvalidFormat("identifier.not_canonical", kind=kind, canonical=canonical),
        )
    try:
        validate(text)
    except InvalidChecksum:
        return
    except ValidationError as error:
        raise RowError(
            "extraction.invalid_identifier", value=text, kind=kind, cause=error
        ) from None


def _strict(
    validate: Callable[[object], str], compact: Callable[[object], str], text: str, kind: str
) -> None:
    try:
        canonical = validate(text)
    except ValidationError as error:
        raise RowError(
            "extraction.invalid_identifier", value=text, kind=kind, cause=error
        ) from None
    if canonical != text:
        raise RowError(
            "extraction.invalid_identifier",
            value=text,
            kind=kind,
            cause=InvalidFormat("identifier.not_canonical", kind=kind, canonical=compact(text)),
        )


def _rpps_rang_shape(text: str) -> None:
    """RPPS (11 digits) + order (2 digits) + key or third order digit (sources disagree)."""
    if not is_digits(text):
        raise RowError(
            "extraction.invalid_identifier",
            value=text,
            kind=cabinet.RPPS_RANG,
            cause=InvalidFormat("identifier.invalid_format", kind=cabinet.RPPS_RANG),
        )
    if len(text) not in (cabinet.RPPS_RANG_LENGTH - 1, cabinet.RPPS_RANG_LENGTH):
        raise RowError(
            "extraction.invalid_identifier",
            value=text,
            kind=cabinet.RPPS_RANG,
            cause=InvalidLength(
                "identifier.invalid_length",
                kind=cabinet.RPPS_RANG,
                expected=cabinet.RPPS_RANG_LENGTH,
                actual=len(text),
            ),
        )


def _free_id(text: str, kind: str) -> None:
    if not text or len(text) > _MAX_ID or any(c.isspace() for c in text) or not text.isprintable():
        raise RowError("extraction.invalid_identifier", value=text, kind=kind)


# -- persons ----------------------------------------------------------------------------


def _person_identifier(type_code: str, identifier: str) -> None:
    if type_code == "8":
        if len(identifier) == rpps.LENGTH and identifier.isascii() and identifier.isdigit():
            return  # the whole shape of an RPPS; its key is not enforced on directory data
        _shape_only(rpps.validate, rpps.compact, identifier, rpps.KIND)
    elif type_code == "0":
        _shape_only(adeli.validate, adeli.compact, identifier, adeli.KIND)
    else:
        _free_id(identifier, f"IdNat PS {type_code}")


def check_person(
    type_code: str,
    identifier: str,
    idnat: str,
    columns: tuple[str, str, str],
) -> str:
    """The IdNat PS of a row (type, identifier, national identification), checked.

    ``idnat`` must be ``type_code + identifier``; when it is empty it is built from them.
    ``columns`` are the header names of the three columns, for reports.
    """
    type_column, id_column, idnat_column = columns
    if type_code not in G08_CODES:
        raise RowError("extraction.unknown_person_type", column=type_column, value=type_code)
    if not identifier:
        raise RowError("extraction.missing_value", column=id_column)
    try:
        _person_identifier(type_code, identifier)
    except RowError as error:
        error.column = id_column
        raise
    expected = type_code + identifier
    if idnat and idnat != expected:
        raise RowError(
            "extraction.idnat_mismatch",
            column=idnat_column,
            value=idnat,
            type=type_code,
            identifier=identifier,
        )
    return expected


# -- structures -------------------------------------------------------------------------


def _typed_number(prefix: str, number: str) -> None:
    if prefix in ("1", "5", "6"):
        _strict(finess.validate, finess.compact, number, finess.KIND)
    elif prefix == "2":
        _strict(siren.validate, siren.compact, number, siren.KIND)
    elif prefix == "3":
        _strict(siret.validate, siret.compact, number, siret.KIND)
    elif prefix == "4":
        _rpps_rang_shape(number)
    elif prefix == "0":
        _shape_only(cabinet.validate_adeli_rang, cabinet.compact, number, cabinet.ADELI_RANG)
    elif not number:  # 40, 41: an id of free form, already of the opaque shape
        raise RowError("extraction.invalid_identifier", value=number, kind=f"IdNat Struct {prefix}")


def _inferred_prefix(text: str) -> str:
    """The G07 prefix of a digit-led IdNat Struct given without its type."""
    head = text[:1]
    if head == "4":
        rest = text[1:]
        if is_digits(rest) and len(rest) in (
            cabinet.RPPS_RANG_LENGTH - 1,
            cabinet.RPPS_RANG_LENGTH,
        ):
            return "4"
        if text[:2] in ("40", "41"):
            return text[:2]
        return "4"
    if head in G07_CODES:
        return head
    raise RowError("extraction.unknown_structure_prefix", value=text, prefix=head)


@functools.lru_cache(maxsize=_CACHE)
def _structure_verdict(text: str, type_code: str | None) -> RowError | None:
    try:
        if not _OPAQUE.fullmatch(text):
            raise RowError("extraction.invalid_structure_id", value=text, maximum=_MAX_ID)
        if not text[0].isdigit():
            return None  # a technical id, kept as it is
        if type_code is None:
            prefix = _inferred_prefix(text)
        else:
            if not text.startswith(type_code):
                raise RowError("extraction.structure_type_mismatch", value=text, prefix=type_code)
            prefix = type_code
        _typed_number(prefix, text[len(prefix) :])
    except RowError as error:
        return error.detached()  # cached: keeps no frames alive
    return None


def check_structure(text: str, type_code: str | None, column: str) -> str:
    """A structure's identifier as the directory gives it: IdNat Struct or technical id."""
    error = _structure_verdict(text, type_code)
    if error is not None:
        raise error.detached(column)
    return text


def check_technical_id(text: str, column: str) -> str:
    """An opaque technical id (any ASCII letters, digits, ``-``, ``_``, ``.``)."""
    if not _OPAQUE.fullmatch(text):
        raise RowError(
            "extraction.invalid_structure_id", column=column, value=text, maximum=_MAX_ID
        )
    return text


_NUMBER_CHECKS: Final[Mapping[str, tuple[Callable[[object], str], Callable[[object], str]]]] = {
    finess.KIND: (finess.validate, finess.compact),
    siren.KIND: (siren.validate, siren.compact),
    siret.KIND: (siret.validate, siret.compact),
}


@functools.lru_cache(maxsize=_CACHE)
def _number_verdict(kind: str, text: str) -> RowError | None:
    validate, compact = _NUMBER_CHECKS[kind]
    try:
        _strict(validate, compact, text, kind)
    except RowError as error:
        return error.detached()  # cached: keeps no frames alive
    return None


def check_number(kind: str, text: str, column: str) -> str:
    """A FINESS, SIREN or SIRET number, checked in full."""
    error = _number_verdict(kind, text)
    if error is not None:
        raise error.detached(column)
    return text


# -- professions and flags ----------------------------------------------------------------


@functools.lru_cache(maxsize=1024)
def _known_profession(code: str) -> bool:
    try:
        by_code(code)
    except UnknownProfession:
        return False
    return True


def check_profession(code: str, column: str) -> str:
    """A profession code of the catalogue (TRE_G15, TRE_R95, TRE_R94)."""
    if not _known_profession(code):
        raise RowError("extraction.unknown_profession", column=column, value=code)
    return code


def check_flag(value: str, column: str) -> bool | None:
    """O/N, oui/non, true/false, vrai/faux, 1/0 (any case), or empty (``None``)."""
    try:
        return _FLAGS[value]
    except KeyError:
        pass
    try:
        return _FLAGS[value.casefold()]
    except KeyError:
        raise RowError("extraction.invalid_flag", column=column, value=value) from None
