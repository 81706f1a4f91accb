"""Per-module rules: shapes, departments, keys, formats."""

from __future__ import annotations

import pytest
from stdnum import luhn

from balorg.domain.errors import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from balorg.domain.identifiers import adeli, cabinet, finess, rpps, siren, siret


@pytest.mark.parametrize(
    ("text", "error", "code"),
    [
        ("1000965272", InvalidLength, "identifier.invalid_length"),
        ("100096527270", InvalidLength, "identifier.invalid_length"),
        ("1000965272A", InvalidFormat, "identifier.invalid_format"),
        ("10009652728", InvalidChecksum, "identifier.invalid_checksum"),
        ("10101201234", InvalidChecksum, "identifier.invalid_checksum"),  # ANS fictitious
    ],
)
def test_rpps_errors(text: str, error: type[Exception], code: str) -> None:
    with pytest.raises(error) as caught:
        rpps.validate(text)
    assert caught.value.code == code  # type: ignore[attr-defined]  # library errors
    assert caught.value.params["kind"] == "RPPS"  # type: ignore[attr-defined]  # library errors


def test_rpps_numbers_not_starting_with_1_are_not_refused_for_that() -> None:
    number = "2" + "000965272"
    number += luhn.calc_check_digit(number)
    assert rpps.is_valid(number)


def test_rpps_length_error_has_params() -> None:
    with pytest.raises(InvalidLength) as caught:
        rpps.validate("123")
    assert dict(caught.value.params) == {"kind": "RPPS", "expected": 11, "actual": 3}
    assert caught.value.message("fr") == "Un numéro RPPS comporte 11 caractères, pas 3."


@pytest.mark.parametrize("department", ["00", "20", "96", "97", "98", "99", "2C", "9G", "AA"])
def test_adeli_unknown_departments(department: str) -> None:
    with pytest.raises(InvalidComponent) as caught:
        adeli.validate(department + "7008627")
    assert caught.value.code == "adeli.invalid_department"
    assert caught.value.params["department"] == department


@pytest.mark.parametrize(
    ("number", "department"),
    [("2A1234567", "2A"), ("2B1234567", "2B"), ("9A1234567", "971"), ("9F1234567", "976")],
)
def test_adeli_letter_departments_are_accepted_on_their_shape(number: str, department: str) -> None:
    assert adeli.validate(number.lower()) == number
    assert adeli.department(number) == department
    assert adeli.profession_code(number) == "12"


def test_adeli_key_is_checked_only_where_a_rule_is_known() -> None:
    assert adeli.key_verified("287008627")
    corsican = "2A700000"
    good = corsican + luhn.calc_check_digit("21700000")
    assert adeli.key_verified(good)
    assert adeli.is_valid(corsican + str((int(good[-1]) + 1) % 10))
    assert not adeli.key_verified("9A1234567")


@pytest.mark.parametrize("text", ["28700862A", "2870086 2A", "2A70086X2"])
def test_adeli_shape_errors(text: str) -> None:
    with pytest.raises(InvalidFormat) as caught:
        adeli.validate(text)
    assert caught.value.code == "adeli.invalid_format"


@pytest.mark.parametrize(
    ("number", "department"),
    [
        ("750712184", "75"),
        ("010000024", "01"),
        ("950100016", "95"),
        ("970100228", "971"),
        ("970211207", "972"),
        ("970302022", "973"),
        ("970408589", "974"),
        ("980501506", "976"),
        ("980600027", "986"),
        ("2A0000154", "2A"),
        ("2B0000038", "2B"),
    ],
)
def test_finess_departments(number: str, department: str) -> None:
    assert finess.department(number) == department


@pytest.mark.parametrize(
    ("number", "department"),
    [("000000000", "00"), ("200000002", "20"), ("960000002", "96"), ("990000000", "99")],
)
def test_finess_unknown_departments(number: str, department: str) -> None:
    with pytest.raises(InvalidComponent) as caught:
        finess.validate(number)
    assert caught.value.code == "finess.invalid_department"
    assert caught.value.params["department"] == department


@pytest.mark.parametrize("prefix", ["9700", "9706", "9709", "9800", "9803", "9809", "9710"])
def test_finess_unknown_overseas_prefixes(prefix: str) -> None:
    payload = prefix + "0000"
    with pytest.raises(InvalidComponent) as caught:
        finess.validate(payload + luhn.calc_check_digit(payload))
    assert caught.value.params["department"] == prefix


@pytest.mark.parametrize("text", ["2C0000154", "A20000154", "75071218A", "7507121_8"])
def test_finess_letters_only_for_corsica(text: str) -> None:
    with pytest.raises((InvalidFormat, InvalidComponent)):
        finess.validate(text)


def test_finess_overseas_keys_are_checked() -> None:
    with pytest.raises(InvalidChecksum):
        finess.validate("970408588")


@pytest.mark.parametrize(
    ("module", "text", "expected"),
    [
        (rpps, "10009652727", "100 096 527 27"),
        (adeli, "287008627", "28 70 0862 7"),
        (finess, "2A0000154", "2A0 000 154"),
        (siren, "260100045", "260 100 045"),
        (siret, "26010004500012", "260 100 045 00012"),
    ],
)
def test_formats(module: object, text: str, expected: str) -> None:
    assert module.format(text) == expected  # type: ignore[attr-defined]  # identifier modules
    assert module.compact(expected) == text  # type: ignore[attr-defined]  # identifier modules


def test_compact_strips_french_no_break_spaces_and_dashes() -> None:
    assert rpps.compact("\u00a0100\u202f096-527.27\t") == "10009652727"


@pytest.mark.parametrize(
    ("module", "text", "error"),
    [
        (siren, "26010004", InvalidLength),
        (siren, "26010004A", InvalidFormat),
        (siren, "260100046", InvalidChecksum),
        (siret, "2601000450001", InvalidLength),
        (siret, "35600000049838", InvalidChecksum),  # La Poste, neither rule
        (siret, "2601000450001A", InvalidFormat),
        (siret, "１２３", InvalidFormat),
    ],
)
def test_siren_siret_translate_stdnum_errors(
    module: object, text: str, error: type[Exception]
) -> None:
    with pytest.raises(error) as caught:
        module.validate(text)  # type: ignore[attr-defined]  # identifier modules
    assert caught.value.params["kind"] == module.KIND  # type: ignore[attr-defined]  # library errors
    assert not type(caught.value).__module__.startswith("stdnum")


def test_siret_length_error_has_params() -> None:
    with pytest.raises(InvalidLength) as caught:
        siret.validate("123")
    assert dict(caught.value.params) == {"kind": "SIRET", "expected": 14, "actual": 3}


def test_cabinet_errors() -> None:
    with pytest.raises(InvalidChecksum) as caught:
        cabinet.validate_rpps_rang("10009652728016")
    assert caught.value.params["kind"] == "RPPS"
    with pytest.raises(InvalidFormat):
        cabinet.validate_adeli_rang("2870086270A")
    with pytest.raises(InvalidLength):
        cabinet.validate_rpps_rang("1000965272701")
    assert cabinet.is_valid_adeli_rang("2A123456700")
