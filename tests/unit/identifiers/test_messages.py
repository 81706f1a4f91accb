"""Every code the identifiers raise has a French and an English message."""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterator
from typing import Any

from balorg.domain.errors import BalorgError, ValidationError
from balorg.domain.identifiers import (
    Finess,
    IdNatPS,
    IdNatStruct,
    RorId,
    Rpps,
    UnknownKind,
    adeli,
    cabinet,
    finess,
    identify,
    idnat,
    national,
    rpps,
    siren,
    siret,
)
from balorg.domain.messages import CATALOGUE, render
from balorg.domain.messages._identifiers import MESSAGES

INPUTS: list[object] = [
    None,
    42,
    "",
    "€",
    "３",
    "abc",
    "10009652727",
    "10009652728",
    "1000 965 2727",
    "1000965272",
    "287008627",
    "207008627",
    "2C7008627",
    "9A12345678",
    "9AX234567",
    "750712184",
    "750712185",
    "960000019",
    "970000019",
    "2A0000154",
    "2AA000154",
    "7507121840",
    "26010004500012",
    "26010004500013",
    "35600000049838",
    "10009652727016",
    "10009652727011",
    "28700862701",
    "287008627AB",
    "810009652727",
    "2123456789",
    "7123",
    "8jean@x.fr",
    "10jean",
    "10 jean dupont@x.fr",
    "3750712184/",
    "810009652727/x",
    "5750712184",
    "41",
    "40€",
    " ",
    "10jean\x00@h.mssante.fr",
    "10jean dupont@h.mssante.fr",
    "10j\u0435an@h.mssante.fr",
    "10\uff41@h.mssante.fr",
    "30SO-1",
    "30" + "x" * 70,
    "10001045368",
]

CALLS: list[Callable[[Any], object]] = [
    rpps.validate,
    adeli.validate,
    finess.validate,
    siren.validate,
    siret.validate,
    cabinet.validate_rpps_rang,
    cabinet.validate_adeli_rang,
    national.validate_address,
    national.validate_structure_id,
    idnat.validate_ps,
    idnat.validate_struct,
    Rpps,
    Finess,
    IdNatPS.of,
    IdNatStruct.of,
    lambda x: IdNatPS("0", Rpps("10009652727")),
    lambda x: IdNatPS.of(Finess("750712184"), internal_id="a b"),
    lambda x: IdNatStruct.of(RorId("R1")).identifier and IdNatPS.of(RorId("R1")),
]


def raised() -> Iterator[ValidationError]:
    for call in CALLS:
        for value in INPUTS:
            try:
                call(value)
            except ValidationError as error:
                yield error
    for value in INPUTS:
        for reading in identify(value):
            if reading.error is not None:
                yield reading.error


def test_every_raised_code_is_rendered_in_both_languages() -> None:
    errors = list(raised())
    codes = {e.code for e in errors}
    assert len(codes) >= 15
    for error in errors:
        assert error.code in CATALOGUE, error.code
        french, english = error.message("fr"), error.message("en")
        assert french != error.code
        assert english != error.code
        assert french != english
        assert "{" not in french
        assert "{" not in english, (error.code, dict(error.params))


def notes_and_caller_errors() -> Iterator[tuple[str, BalorgError | None]]:
    for value in INPUTS:
        for reading in identify(value):
            if reading.note is not None:
                yield reading.note, None
    try:
        identify("10009652727", kind="nir")
    except UnknownKind as error:
        yield error.code, error


def test_notes_and_caller_errors_render_in_both_languages() -> None:
    found = list(notes_and_caller_errors())
    assert {code for code, _ in found} == {"identify.no_key", "identify.unknown_kind"}
    for code, error in found:
        params = dict(error.params) if error is not None else {}
        french, english = render(code, params, "fr"), render(code, params, "en")
        assert french != english
        assert "{" not in french + english


def test_the_catalogue_holds_no_code_that_is_never_raised() -> None:
    codes = {e.code for e in raised()} | {code for code, _ in notes_and_caller_errors()}
    unused = set(MESSAGES) - codes
    # Raised only if python-stdnum ever reports an InvalidComponent for SIREN/SIRET.
    assert unused <= {"identifier.invalid_component"}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_french_and_english_use_the_same_params() -> None:
    for code, (french, english) in MESSAGES.items():
        assert _fields(french) == _fields(english), code


def test_french_is_written_with_its_accents_and_typography() -> None:
    french = " ".join(fr for fr, _ in MESSAGES.values())
    assert re.search(r"[éèàç]", french)
    assert " :" in french  # French puts a space before a colon
    assert not re.search(r"\b(numero|cle|prefixe|deprecie|accepte)\b", french)


def test_render_falls_back_to_the_code_for_unknown_codes() -> None:
    assert render("identifier.no_such_code", {}, "fr") == "identifier.no_such_code"
