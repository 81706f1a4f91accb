"""identify(): every reading a string allows, with a verdict, never an exception."""

from __future__ import annotations

import json

import pytest

from balorg.domain.errors import InvalidChecksum
from balorg.domain.identifiers import (
    KIND_NAMES,
    KINDS,
    UNKNOWN,
    Identification,
    UnknownKind,
    identified,
    identify,
)


def kinds(text: object) -> list[tuple[str, bool]]:
    return [(r.kind, r.valid) for r in identify(text)]


def test_nine_digits_can_be_an_adeli_a_finess_and_a_siren() -> None:
    readings = identify("750 712 184")
    assert [(r.kind, r.valid, r.idnat) for r in readings] == [
        ("ADELI", True, "0750712184"),
        ("FINESS", True, "1750712184"),
        ("SIREN", True, "2750712184"),
    ]
    assert all(r.canonical == "750712184" and r.error is None for r in readings)


def test_fourteen_digits_can_be_a_siret_or_an_rpps_cabinet() -> None:
    assert kinds("35600000049837") == [("SIRET", True), ("RPPS-rang", False)]
    assert identify("35600000049837")[0].idnat == "335600000049837"


def test_eleven_digits_can_be_an_rpps_or_an_adeli_cabinet() -> None:
    readings = identify("10009652727")
    assert (readings[0].kind, readings[0].valid) == ("RPPS", True)
    assert {r.kind for r in readings} == {"RPPS", "ADELI-rang"}
    assert readings[0].idnat == "810009652727"


def test_an_idnat_ps_of_an_rpps_is_recognised() -> None:
    (reading,) = identify("810001045367")
    assert (reading.kind, reading.valid, reading.idnat) == ("IdNat PS", True, "810001045367")


def test_a_real_idnat_is_recognised_in_both_tables_when_the_shape_allows() -> None:
    assert kinds("1750712184") == [("IdNat Struct", True)]
    assert kinds("3750712184") == [("IdNat PS", True)]  # PS 3 + FINESS
    assert kinds("810009652727") == [("IdNat PS", True)]


def test_corsican_finess_is_also_a_letter_adeli() -> None:
    assert kinds("2A0000154") == [("ADELI", True), ("FINESS", True)]
    assert identify("2A0000154")[1].idnat == "12A0000154"


def test_an_mssante_address_with_its_prefix_is_an_idnat_ps() -> None:
    (reading,) = identify("10jean.dupont@hopital.mssante.fr")
    assert (reading.kind, reading.valid) == ("IdNat PS", True)
    assert reading.idnat == "10jean.dupont@hopital.mssante.fr"


def test_a_bare_address_is_unknown() -> None:
    (reading,) = identify("jean.dupont@hopital.mssante.fr")
    assert reading.kind == UNKNOWN
    assert reading.error is not None
    assert reading.error.code == "identifier.unrecognised"


@pytest.mark.parametrize("text", ["750712184", "750712185", "2A0000154", "35600000049837"])
def test_valid_readings_come_first_then_the_fixed_order(text: str) -> None:
    readings = identify(text)
    keys = [(not r.valid, KINDS.index(r.kind)) for r in readings]
    assert keys == sorted(keys)
    assert identify(text) == readings  # deterministic


def test_a_wrong_key_keeps_the_canonical_form_and_says_why() -> None:
    reading = next(r for r in identify("100 096 527 28") if r.kind == "RPPS")
    assert not reading.valid
    assert reading.canonical == "10009652728"
    assert reading.idnat is None
    assert isinstance(reading.error, InvalidChecksum)


def test_a_bad_department_has_no_canonical_form() -> None:
    reading = next(r for r in identify("960000019") if r.kind == "FINESS")
    assert reading.canonical is None
    assert reading.error is not None
    assert reading.error.code == "finess.invalid_department"


def test_text_that_fits_nothing_gets_one_unknown_verdict() -> None:
    (reading,) = identify("bonjour")
    assert (reading.kind, reading.input, reading.valid) == (UNKNOWN, "bonjour", False)
    assert reading.error is not None
    assert reading.error.params["length"] == 7


def test_non_text_gets_an_unknown_verdict_with_its_repr() -> None:
    (reading,) = identify(10009652727)
    assert (reading.kind, reading.input) == (UNKNOWN, "10009652727")
    assert reading.error is not None
    assert reading.error.code == "identifier.not_text"
    assert len(identify("x" * 10_000)) == 1


def test_readings_exclude_the_shapeless_40_and_41() -> None:
    assert all(r.kind != "IdNat Struct" for r in identify("41R12345"))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_to_dict_is_json_ready(lang: str) -> None:
    for text in ("750712184", "10009652728", None, "bonjour"):
        for reading in identify(text):
            data = reading.to_dict(lang)  # type: ignore[arg-type]  # both languages
            assert set(data) == {
                "kind",
                "input",
                "canonical",
                "idnat",
                "valid",
                "error",
                "primary",
                "note",
            }
            json.dumps(data)
            if reading.error is None:
                assert data["error"] is None
            else:
                assert data["error"]["code"] == reading.error.code
                assert data["error"]["message"] == reading.error.message(lang)  # type: ignore[arg-type]  # both languages


def test_to_dict_french_by_default() -> None:
    reading = next(r for r in identify("10009652728") if r.kind == "RPPS")
    assert reading.to_dict()["error"]["message"] == "La clé de contrôle du numéro RPPS est fausse."
    assert reading.to_dict()["error"]["params"] == {"kind": "RPPS"}


def test_identification_is_a_frozen_value() -> None:
    reading = identify("750712184")[0]
    assert isinstance(reading, Identification)
    with pytest.raises(AttributeError):
        reading.valid = False  # type: ignore[misc]  # proving it is frozen


# -- cannot mislead: the primary reading, notes, identified() ----------------------------

MISTYPED_RPPS = "10001045368"  # 10001045367 with a wrong key: a valid ADELI-rang by chance


def test_a_mistyped_rpps_is_reported_invalid_first_though_it_is_a_valid_adeli_rang() -> None:
    readings = identify(MISTYPED_RPPS)
    assert [(r.kind, r.valid, r.primary) for r in readings] == [
        ("RPPS", False, True),
        ("ADELI-rang", True, False),
    ]
    assert readings[0].error is not None
    assert readings[0].error.code == "identifier.invalid_checksum"
    assert not identified(readings)


def test_an_adeli_rang_reading_carries_a_note_that_it_has_no_key() -> None:
    rang = identify(MISTYPED_RPPS)[1]
    assert rang.note == "identify.no_key"
    assert "no check key of its own" in rang.to_dict("en")["note"]["message"]
    assert "pas de clé de contrôle propre" in rang.to_dict("fr")["note"]["message"]
    (idnat_rang,) = identify("1" + MISTYPED_RPPS)  # IdNat PS 1 + ADELI-rang
    assert (idnat_rang.valid, idnat_rang.note) == (True, "identify.no_key")
    assert identify("10009652727")[0].note is None


def test_a_valid_rpps_is_identified_and_comes_first() -> None:
    readings = identify("10009652727")
    assert (readings[0].kind, readings[0].valid, readings[0].primary) == ("RPPS", True, True)
    assert identified(readings)


@pytest.mark.parametrize("text", ["750712184", "35600000049837", "1750712184", "2A0000154"])
def test_without_a_primary_shape_any_valid_reading_identifies(text: str) -> None:
    readings = identify(text)
    assert not any(r.primary for r in readings)
    assert identified(readings) == any(r.valid for r in readings)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("rpps", [("RPPS", False)]),
        ("RPPS", [("RPPS", False)]),
        ("adeli-rang", [("ADELI-rang", True)]),
        ("adeli", [("ADELI", False)]),
        ("siret", [("SIRET", False)]),
        ("idnat", [("IdNat PS", False), ("IdNat Struct", False)]),
    ],
)
def test_a_kind_restricts_the_readings_whatever_the_shape(
    kind: str, expected: list[tuple[str, bool]]
) -> None:
    readings = identify(MISTYPED_RPPS, kind=kind)
    assert [(r.kind, r.valid) for r in readings] == expected
    assert all(r.primary for r in readings)
    assert identified(readings) == expected[0][1]


def test_the_kind_idnat_reads_every_prefix_even_the_shapeless_ones() -> None:
    assert kinds("41R12345") == [("UNKNOWN", False)]
    readings = identify("41R12345", kind="idnat")
    assert [(r.kind, r.valid) for r in readings] == [("IdNat Struct", True), ("IdNat PS", False)]
    (ps,) = identify("30SO-1", kind="idnat-ps")
    assert (ps.valid, ps.idnat) == (True, "30SO-1")


def test_an_unknown_kind_is_a_callers_mistake_with_a_code() -> None:
    with pytest.raises(UnknownKind) as caught:
        identify("10009652727", kind="nir")
    assert caught.value.code == "identify.unknown_kind"
    assert set(KIND_NAMES) >= {
        "rpps",
        "adeli",
        "finess",
        "siren",
        "siret",
        "idnat",
        "rpps-rang",
        "adeli-rang",
    }


def test_a_kind_does_not_change_the_verdict_on_non_text() -> None:
    (reading,) = identify(None, kind="rpps")
    assert (reading.kind, reading.valid) == (UNKNOWN, False)
