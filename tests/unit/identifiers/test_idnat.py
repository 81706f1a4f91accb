"""National identifiers: prefix tables, ambiguities, reverse construction."""

from __future__ import annotations

from datetime import date

import pytest
from stdnum import luhn

from balorg.domain.errors import InvalidComponent, ValidationError
from balorg.domain.identifiers import (
    IDNAT_PS_PREFIXES,
    IDNAT_PS_SYSTEM,
    IDNAT_STRUCT_PREFIXES,
    IDNAT_STRUCT_SYSTEM,
    PREFIX_TABLES,
    Adeli,
    AdeliRang,
    Finess,
    IdNatPS,
    IdNatStruct,
    MssanteAddress,
    NationalStructureId,
    RorId,
    RorSituationId,
    Rpps,
    RppsRang,
    Siren,
    Siret,
    identify,
    idnat,
    parse_ps,
    parse_struct,
)

RPPS = "10009652727"
RPPS_RANG = "10009652727016"  # RPPS + order 01 + Luhn key


def test_fhir_systems_are_the_ans_oids() -> None:
    assert IDNAT_PS_SYSTEM == "urn:oid:1.2.250.1.71.4.2.1"
    assert IDNAT_STRUCT_SYSTEM == "urn:oid:1.2.250.1.71.4.2.2"
    assert IdNatPS.system == IDNAT_PS_SYSTEM
    assert IdNatStruct.system == IDNAT_STRUCT_SYSTEM


def test_prefix_tables_are_exactly_the_ans_tables() -> None:
    assert {c: e.kind for c, e in IDNAT_PS_PREFIXES.items() if not e.deprecated} == {
        "0": "ADELI",
        "1": "ADELI-rang",
        "3": "FINESS",
        "4": "SIREN",
        "5": "SIRET",
        "6": "RPPS-rang",
        "8": "RPPS",
        "10": "MSSanté address",
        "30": "ROR situation",
    }
    assert {c for c, e in IDNAT_PS_PREFIXES.items() if e.deprecated} == {"2", "9"}
    assert {c: e.kind for c, e in IDNAT_STRUCT_PREFIXES.items() if not e.deprecated} == {
        "0": "ADELI-rang",
        "1": "FINESS",
        "2": "SIREN",
        "3": "SIRET",
        "4": "RPPS-rang",
        "40": "national structure",
        "41": "ROR",
    }
    assert {c for c, e in IDNAT_STRUCT_PREFIXES.items() if e.deprecated} == {"5", "6"}
    assert PREFIX_TABLES == {"PS": IDNAT_PS_PREFIXES, "Struct": IDNAT_STRUCT_PREFIXES}
    assert all(e.code == c and e.label for t in PREFIX_TABLES.values() for c, e in t.items())


def test_prefix_tables_carry_the_official_labels_and_dates() -> None:
    # DOMAIN.md 7.2 (TRE_G08, TRE_G07).
    assert {c: IDNAT_PS_PREFIXES[c].label for c in ("1", "3", "4", "5", "6", "10", "2", "9")} == {
        "1": "Id Cabinet ADELI / N° de registre",
        "3": "FINESS / N° de registre",
        "4": "SIREN / N° de registre",
        "5": "SIRET / N° de registre",
        "6": "Id Cabinet RPPS / N° de registre",
        "10": "Adresse MSSante",
        "2": "N° DRASS",
        "9": "N° Etudiant",
    }
    assert {IDNAT_PS_PREFIXES[c].deprecated_since for c in ("2", "9")} == {date(2020, 5, 29)}
    thirty = IDNAT_PS_PREFIXES["30"]
    assert thirty.label == ("identifiant de la situation opérationnelle connu par l'instance ROR")
    assert thirty.active_since == date(2023, 3, 31)
    assert not thirty.deprecated
    assert (IDNAT_STRUCT_PREFIXES["5"].label, IDNAT_STRUCT_PREFIXES["6"].label) == (
        "FINESS EJ",
        "FINESS EG",
    )
    assert {IDNAT_STRUCT_PREFIXES[c].deprecated_since for c in ("5", "6")} == {date(2016, 9, 1)}


def test_a_deprecated_prefix_is_refused_naming_its_label() -> None:
    with pytest.raises(InvalidComponent) as caught:
        parse_ps("9123456789")
    assert caught.value.code == "idnat.deprecated_prefix"
    assert caught.value.params["label"] == "N° Etudiant"


# --- PS 30 (ROR situation) against 3 + FINESS of départements 01-09 ------------------

FINESS_01 = "010000024"  # a valid FINESS of département 01


def test_3_plus_a_valid_finess_of_the_first_departements_reads_as_finess() -> None:
    read = parse_ps("3" + FINESS_01)
    assert (read.prefix, read.identifier) == ("3", Finess(FINESS_01))
    assert str(read) == "3010000024"


def test_30_plus_an_id_that_is_no_valid_finess_reads_as_a_ror_situation() -> None:
    wrong_key = FINESS_01[:-1] + ("5" if FINESS_01[-1] != "5" else "6")
    read = parse_ps("3" + wrong_key)
    assert read.prefix == "30"
    assert read.identifier == RorSituationId(wrong_key[1:])
    assert str(read) == "3" + wrong_key
    assert parse_ps("30SO-2023-42").identifier == RorSituationId("SO-2023-42")


def test_when_neither_reading_holds_a_finess_shaped_text_reports_the_finess_error() -> None:
    with pytest.raises(ValidationError) as finess_shaped:
        parse_ps("30000000/x y")  # FINESS shape with a bad internal id
    assert finess_shaped.value.code != "idnat.invalid_structure_id"
    with pytest.raises(ValidationError) as other:
        parse_ps("30" + "x" * 70)
    assert other.value.code == "idnat.invalid_structure_id"


def test_a_ror_situation_id_rebuilt_from_its_parts_is_not_guessed_again() -> None:
    rebuilt = IdNatPS.from_parts("30", FINESS_01[1:] + "0")
    assert rebuilt.identifier == RorSituationId(FINESS_01[1:] + "0")
    assert IdNatPS.from_parts("3", FINESS_01).identifier == Finess(FINESS_01)
    assert IdNatPS.of(RorSituationId("SO-1")).prefix == "30"


# --- PS 10: the address is checked, never cleaned ------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("10jean\x00@hopital.mssante.fr", "email.invalid_characters"),
        ("10jean@hopital.mssante.fr\x00", "email.invalid_characters"),
        ("10jean\ud800@hopital.mssante.fr", "email.invalid_characters"),
        ("10jean\u202e@hopital.mssante.fr", "email.invalid_characters"),
        ("10jean\u2066@hopital.mssante.fr", "email.invalid_characters"),
        ("10jean\u200b@hopital.mssante.fr", "email.invalid_characters"),
        ("10jean dupont@hopital.mssante.fr", "email.whitespace"),
        ("10jean\tdupont@hopital.mssante.fr", "email.invalid_characters"),
        ("10jean\u00a0dupont@hopital.mssante.fr", "email.whitespace"),
        ("10j\u0435an@hopital.mssante.fr", "email.mixed_scripts"),  # Cyrillic е
        ("10jean@h\u043epital.mssante.fr", "email.mixed_scripts"),  # Cyrillic о
        ("10jean@hopital.example.org", "idnat.invalid_address"),
        ("10jean@hopital.mssante.fr\n", None),  # a final newline is stripped, not matched by $
    ],
)
def test_an_idnat_10_with_hostile_characters_is_never_valid(text: str, code: str | None) -> None:
    if code is None:
        assert str(parse_ps(text)) == "10jean@hopital.mssante.fr"
        return
    with pytest.raises(ValidationError) as caught:
        parse_ps(text)
    assert caught.value.code == code
    assert not idnat.is_valid_ps(text)
    assert not any(r.valid for r in identify(text))


def test_prefix_tables_are_read_only() -> None:
    with pytest.raises(TypeError):
        IDNAT_PS_PREFIXES["7"] = IDNAT_PS_PREFIXES["8"]  # type: ignore[index]  # proving it fails


@pytest.mark.parametrize(
    ("text", "prefix", "identifier"),
    [
        ("810009652727", "8", Rpps(RPPS)),
        ("0287008627", "0", Adeli("287008627")),
        ("0 9A1234567", "0", Adeli("9A1234567")),
        ("128700862701", "1", AdeliRang("28700862701")),
        ("3750712184", "3", Finess("750712184")),
        ("4260100045", "4", Siren("260100045")),
        ("526010004500012", "5", Siret("26010004500012")),
        ("6" + RPPS_RANG, "6", RppsRang(RPPS_RANG)),
        (
            "10jean.dupont@hopital.mssante.fr",
            "10",
            MssanteAddress("jean.dupont@hopital.mssante.fr"),
        ),
    ],
)
def test_parse_ps_reads_every_prefix(text: str, prefix: str, identifier: object) -> None:
    parsed = parse_ps(text)
    assert (parsed.prefix, parsed.identifier) == (prefix, identifier)
    assert IdNatPS.of(parsed.identifier) == parsed
    assert idnat.validate_ps(idnat.format_ps(text)) == str(parsed)


@pytest.mark.parametrize(
    ("text", "prefix", "identifier"),
    [
        ("028700862701", "0", AdeliRang("28700862701")),
        ("1750712184", "1", Finess("750712184")),
        ("1 2A 000 015 4", "1", Finess("2A0000154")),
        ("2260100045", "2", Siren("260100045")),
        ("326010004500012", "3", Siret("26010004500012")),
        ("4" + RPPS_RANG, "4", RppsRang(RPPS_RANG)),
        ("40S-0042", "40", NationalStructureId("S-0042")),
        ("41R12345", "41", RorId("R12345")),
    ],
)
def test_parse_struct_reads_every_prefix(text: str, prefix: str, identifier: object) -> None:
    parsed = parse_struct(text)
    assert (parsed.prefix, parsed.identifier) == (prefix, identifier)
    assert IdNatStruct.of(parsed.identifier) == parsed
    assert idnat.validate_struct(idnat.format_struct(text)) == str(parsed)


@pytest.mark.parametrize(("text", "prefix"), [("2123456789", "2"), ("9123", "9")])
def test_deprecated_ps_prefixes_are_recognised_and_refused(text: str, prefix: str) -> None:
    with pytest.raises(InvalidComponent) as caught:
        parse_ps(text)
    assert caught.value.code == "idnat.deprecated_prefix"
    assert caught.value.params["prefix"] == prefix
    assert caught.value.params["table"] == "PS"


@pytest.mark.parametrize("text", ["5750712184", "6750712184"])
def test_deprecated_struct_prefixes_are_recognised_and_refused(text: str) -> None:
    with pytest.raises(InvalidComponent) as caught:
        parse_struct(text)
    assert caught.value.code == "idnat.deprecated_prefix"


@pytest.mark.parametrize(("parse", "text"), [(parse_ps, "7123"), (parse_struct, "8" + RPPS)])
def test_unknown_prefixes_have_their_own_code(parse: object, text: str) -> None:
    with pytest.raises(InvalidComponent) as caught:
        parse(text)  # type: ignore[operator]  # parametrized callables
    assert caught.value.code == "idnat.unknown_prefix"


def test_an_address_is_read_with_prefix_10_and_anything_else_with_prefix_1() -> None:
    address = parse_ps("10 jean.dupont@hopital.mssante.fr")
    assert address.prefix == "10"
    assert isinstance(address.identifier, MssanteAddress)
    adeli_in_ain = "01700000" + luhn.calc_check_digit("01700000")
    cabinet = parse_ps("1" + adeli_in_ain + "01")  # "10..." without '@'
    assert cabinet.prefix == "1"
    assert isinstance(cabinet.identifier, AdeliRang)


def test_an_address_with_another_prefix_is_refused() -> None:
    with pytest.raises(InvalidComponent) as caught:
        parse_ps("8jean.dupont@hopital.mssante.fr")
    assert caught.value.code == "idnat.address_prefix"


def test_a_valid_rpps_cabinet_wins_over_a_ror_id() -> None:
    assert isinstance(parse_struct("4" + RPPS_RANG).identifier, RppsRang)


def test_an_invalid_rpps_cabinet_starting_with_41_reads_as_a_ror_id() -> None:
    """Documented consequence: a mistyped cabinet after 4 is a valid ROR id."""
    typo = "4" + RPPS_RANG[:-1] + "1"
    parsed = parse_struct(typo)
    assert isinstance(parsed.identifier, RorId)
    assert parsed.prefix == "41"
    assert str(parsed) == typo


def test_a_4_text_without_a_40_or_41_reading_reports_the_cabinet_error() -> None:
    # "42...": only the RPPS-cabinet reading exists, so its error is the one reported.
    with pytest.raises(ValidationError) as caught:
        parse_struct("4" + "2" + RPPS_RANG[1:])
    assert caught.value.params["kind"] in ("RPPS", "RPPS-rang")


def test_an_empty_ror_id_reports_the_ror_error() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_struct("41")
    assert caught.value.code == "idnat.invalid_structure_id"


def test_ps_internal_ids_are_kept_and_printed() -> None:
    parsed = parse_ps("3 750 712 184/SERV-0042")
    assert parsed.identifier == Finess("750712184")
    assert parsed.internal_id == "SERV-0042"
    assert str(parsed) == "3750712184/SERV-0042"
    assert IdNatPS.of(Finess("750712184"), internal_id="SERV-0042") == parsed


@pytest.mark.parametrize("text", ["8" + RPPS + "/1", "0287008627/x"])
def test_internal_ids_are_refused_where_the_table_has_none(text: str) -> None:
    with pytest.raises(InvalidComponent) as caught:
        parse_ps(text)
    assert caught.value.code == "idnat.internal_id_not_allowed"


@pytest.mark.parametrize("text", ["3750712184/", "3750712184/a b"])
def test_internal_ids_must_be_non_empty_without_spaces(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_ps(text)
    assert caught.value.code == "idnat.invalid_internal_id"


@pytest.mark.parametrize(
    "identifier",
    [NationalStructureId("S1"), RorId("R1"), "810009652727", 42, None],
)
def test_ps_of_refuses_kinds_without_a_ps_prefix(identifier: object) -> None:
    with pytest.raises(InvalidComponent) as caught:
        IdNatPS.of(identifier)
    assert caught.value.code == "idnat.no_prefix"


@pytest.mark.parametrize(
    "identifier", [Rpps(RPPS), Adeli("287008627"), MssanteAddress("a@b.mssante.fr"), "x"]
)
def test_struct_of_refuses_kinds_without_a_struct_prefix(identifier: object) -> None:
    with pytest.raises(InvalidComponent) as caught:
        IdNatStruct.of(identifier)
    assert caught.value.code == "idnat.no_prefix"
    assert caught.value.params["table"] == "Struct"


def test_direct_construction_checks_the_prefix() -> None:
    with pytest.raises(InvalidComponent) as caught:
        IdNatPS("0", Rpps(RPPS))
    assert caught.value.code == "idnat.prefix_mismatch"
    assert caught.value.params["expected"] == "8"
    with pytest.raises(InvalidComponent):
        IdNatStruct("1", Siren("260100045"))


@pytest.mark.parametrize(("parse", "text"), [(parse_ps, "  "), (parse_struct, "")])
def test_empty_text_is_refused(parse: object, text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse(text)  # type: ignore[operator]  # parametrized callables
    assert caught.value.code == "idnat.empty"


def test_underlying_errors_pass_through() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_ps("810009652728")
    assert (caught.value.code, caught.value.params["kind"]) == (
        "identifier.invalid_checksum",
        "RPPS",
    )


def test_value_is_the_canonical_string() -> None:
    assert parse_ps(" 8-100.096.527.27 ").value == "810009652727"
    assert parse_struct("1 750 712 184").value == "1750712184"
