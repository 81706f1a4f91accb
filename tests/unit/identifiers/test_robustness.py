"""Junk in, a clear answer out: is_valid says False, validate raises only library errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from balorg.domain.errors import BalorgError, ValidationError
from balorg.domain.identifiers import (
    Adeli,
    AdeliRang,
    Finess,
    MssanteAddress,
    NationalStructureId,
    RorId,
    Rpps,
    RppsRang,
    Siren,
    Siret,
    adeli,
    cabinet,
    finess,
    identify,
    idnat,
    national,
    parse_ps,
    parse_struct,
    rpps,
    siren,
    siret,
)

JUNK: list[object] = [
    None,
    "",
    "   ",
    "€",
    "😴",
    "３",
    "3²",
    "１０００９６５２７２７",  # a real RPPS in full-width digits
    "10009652727²",
    "١٠٠٠٩٦٥٢٧٢٧",  # Arabic-Indic digits
    "２６０１０００４５０００１２",  # a real SIRET in full-width digits
    "２６０１０００４５",  # its SIREN
    12345678901,
    10009652727,
    3.14,
    object(),
    b"123",
    b"10009652727",
    ["10009652727"],
    "1" * 10_000,
    "9" * 10_000 + "@x.fr",
    "/" * 10,
    "@",
    "10@",
]

VALIDATORS: dict[str, Callable[[Any], object]] = {
    "rpps": rpps.validate,
    "adeli": adeli.validate,
    "adeli.department": adeli.department,
    "adeli.profession_code": adeli.profession_code,
    "adeli.key_verified": adeli.key_verified,
    "finess": finess.validate,
    "finess.department": finess.department,
    "finess.key_verified": finess.key_verified,
    "siren": siren.validate,
    "siret": siret.validate,
    "rpps_rang": cabinet.validate_rpps_rang,
    "adeli_rang": cabinet.validate_adeli_rang,
    "address": national.validate_address,
    "idnat.validate_ps": idnat.validate_ps,
    "idnat.validate_struct": idnat.validate_struct,
    "idnat.format_ps": idnat.format_ps,
    "idnat.format_struct": idnat.format_struct,
    "parse_ps": parse_ps,
    "parse_struct": parse_struct,
    **{
        f"{cls.__name__}.from_string": cls.from_string
        for cls in (
            Rpps,
            Adeli,
            Finess,
            Siren,
            Siret,
            RppsRang,
            AdeliRang,
            MssanteAddress,
            NationalStructureId,
            RorId,
        )
    },
    **{
        f"{cls.__name__}()": cls
        for cls in (Rpps, Adeli, Finess, Siren, Siret, RppsRang, AdeliRang, MssanteAddress)
    },
}
CHECKERS: dict[str, Callable[[object], bool]] = {
    "rpps": rpps.is_valid,
    "adeli": adeli.is_valid,
    "finess": finess.is_valid,
    "siren": siren.is_valid,
    "siret": siret.is_valid,
    "rpps_rang": cabinet.is_valid_rpps_rang,
    "adeli_rang": cabinet.is_valid_adeli_rang,
    "address": national.is_valid_address,
    "idnat_ps": idnat.is_valid_ps,
    "idnat_struct": idnat.is_valid_struct,
}
FORMATTERS: dict[str, Callable[[object], str]] = {
    "rpps": rpps.format,
    "adeli": adeli.format,
    "finess": finess.format,
    "siren": siren.format,
    "siret": siret.format,
    "rpps_rang": cabinet.format_rpps_rang,
    "adeli_rang": cabinet.format_adeli_rang,
    "rpps.compact": rpps.compact,
    "adeli.compact": adeli.compact,
    "finess.compact": finess.compact,
    "siren.compact": siren.compact,
    "siret.compact": siret.compact,
    "cabinet.compact": cabinet.compact,
    "idnat.compact": idnat.compact,
}


@pytest.mark.parametrize("junk", JUNK, ids=repr)
@pytest.mark.parametrize("name", sorted(CHECKERS))
def test_is_valid_answers_false(name: str, junk: object) -> None:
    assert CHECKERS[name](junk) is False


@pytest.mark.parametrize("junk", JUNK, ids=repr)
@pytest.mark.parametrize("name", sorted(VALIDATORS))
def test_validate_raises_only_library_errors(name: str, junk: object) -> None:
    with pytest.raises(ValidationError) as caught:
        VALIDATORS[name](junk)
    error = caught.value
    assert isinstance(error, BalorgError)
    assert isinstance(error, ValueError)
    assert error.message("fr") != error.code
    assert error.message("en") != error.code


@pytest.mark.parametrize("junk", JUNK, ids=repr)
@pytest.mark.parametrize("name", sorted(FORMATTERS))
def test_compact_and_format_return_text_or_a_library_error(name: str, junk: object) -> None:
    if isinstance(junk, str):
        assert isinstance(FORMATTERS[name](junk), str)
    else:
        with pytest.raises(ValidationError) as caught:
            FORMATTERS[name](junk)
        assert caught.value.code == "identifier.not_text"


@pytest.mark.parametrize("junk", JUNK, ids=repr)
def test_identify_never_raises_and_answers_unknown(junk: object) -> None:
    verdicts = identify(junk)
    assert verdicts
    assert not any(v.valid for v in verdicts)
    for verdict in verdicts:
        assert isinstance(verdict.error, ValidationError)
        assert verdict.idnat is None
        assert isinstance(verdict.input, str)
        assert len(verdict.input) <= 100 or isinstance(junk, str)
        assert verdict.to_dict("en")["error"]["message"] != verdict.error.code


@pytest.mark.parametrize("junk", [j for j in JUNK if not isinstance(j, str)], ids=repr)
def test_non_text_is_an_invalid_format_not_a_type_error(junk: object) -> None:
    with pytest.raises(ValidationError) as caught:
        rpps.validate(junk)
    assert caught.value.code == "identifier.not_text"
    assert caught.value.params["type"] == type(junk).__name__
