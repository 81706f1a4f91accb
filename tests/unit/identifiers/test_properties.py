"""Generated valid numbers: they validate, round-trip, and their typos are caught."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.unit.identifiers import strategies as ids

from balorg.domain.identifiers import (
    Adeli,
    AdeliRang,
    Finess,
    IdNatPS,
    IdNatStruct,
    Rpps,
    RppsRang,
    Siren,
    Siret,
    adeli,
    cabinet,
    finess,
    identify,
    parse_ps,
    parse_struct,
    rpps,
    siren,
    siret,
)

CONTRACTS: list[
    tuple[
        str,
        Callable[[], st.SearchStrategy[str]],
        Callable[[object], str],
        Callable[[object], str],
        Callable[[object], str],
    ]
] = [
    ("rpps", ids.rpps_numbers, rpps.validate, rpps.format, rpps.compact),
    ("adeli", ids.adeli_numbers, adeli.validate, adeli.format, adeli.compact),
    ("finess", ids.finess_numbers, finess.validate, finess.format, finess.compact),
    ("siren", ids.siren_numbers, siren.validate, siren.format, siren.compact),
    ("siret", ids.siret_numbers, siret.validate, siret.format, siret.compact),
    (
        "rpps_rang",
        ids.rpps_rang_numbers,
        cabinet.validate_rpps_rang,
        cabinet.format_rpps_rang,
        cabinet.compact,
    ),
    (
        "adeli_rang",
        ids.adeli_rang_numbers,
        cabinet.validate_adeli_rang,
        cabinet.format_adeli_rang,
        cabinet.compact,
    ),
]


@pytest.mark.parametrize(
    ("strategy", "validate", "format_", "compact"),
    [c[1:] for c in CONTRACTS],
    ids=[c[0] for c in CONTRACTS],
)
def test_generated_numbers_validate_and_round_trip_through_format(
    strategy: Callable[[], st.SearchStrategy[str]],
    validate: Callable[[object], str],
    format_: Callable[[object], str],
    compact: Callable[[object], str],
) -> None:
    @given(strategy())
    def check(number: str) -> None:
        assert validate(number) == number
        assert compact(format_(number)) == number
        assert validate(format_(number)) == number
        assert validate(f"  {number[:3]}.{number[3:5]}-{number[5:]} ") == number

    check()


PS_VALUES = st.one_of(
    ids.rpps_numbers().map(Rpps),
    ids.adeli_numbers().map(Adeli),
    ids.adeli_rang_numbers().map(AdeliRang),
    ids.finess_numbers().map(Finess),
    ids.siren_numbers().map(Siren),
    ids.siret_numbers().map(Siret),
    ids.rpps_rang_numbers().map(RppsRang),
)
STRUCT_VALUES = st.one_of(
    ids.adeli_rang_numbers().map(AdeliRang),
    ids.finess_numbers().map(Finess),
    ids.siren_numbers().map(Siren),
    ids.siret_numbers().map(Siret),
    ids.rpps_rang_numbers().map(RppsRang),
)


@given(PS_VALUES)
def test_idnat_ps_round_trips(
    value: Rpps | Adeli | AdeliRang | Finess | Siren | Siret | RppsRang,
) -> None:
    idnat = IdNatPS.of(value)
    assert parse_ps(str(idnat)).identifier == value
    assert parse_ps(str(idnat)) == idnat


@given(STRUCT_VALUES)
def test_idnat_struct_round_trips(value: AdeliRang | Finess | Siren | Siret | RppsRang) -> None:
    idnat = IdNatStruct.of(value)
    assert parse_struct(str(idnat)).identifier == value
    assert parse_struct(str(idnat)) == idnat


@given(ids.rpps_numbers())
def test_identify_finds_a_valid_rpps_and_its_idnat(number: str) -> None:
    readings = identify(number)
    assert readings[0].valid
    rpps_reading = next(r for r in readings if r.kind == "RPPS")
    assert rpps_reading.valid
    assert rpps_reading.idnat == "8" + number
    assert identify("8" + number)[0].kind == "IdNat PS"


def _changes(number: str) -> list[str]:
    return [
        number[:i] + d + number[i + 1 :]
        for i in range(len(number))
        for d in "0123456789"
        if d != number[i]
    ]


@pytest.mark.parametrize(
    ("strategy", "is_valid"),
    [
        (ids.rpps_numbers, rpps.is_valid),
        (ids.adeli_numbers, adeli.is_valid),
        (ids.finess_mainland_numbers, finess.is_valid),
        (ids.finess_overseas_numbers, finess.is_valid),
        (ids.rpps_rang_numbers, cabinet.is_valid_rpps_rang),
    ],
    ids=["rpps", "adeli", "finess-mainland", "finess-overseas", "rpps-rang"],
)
def test_every_single_digit_change_is_detected(
    strategy: Callable[[], st.SearchStrategy[str]], is_valid: Callable[[object], bool]
) -> None:
    @given(strategy())
    def check(number: str) -> None:
        assert [m for m in _changes(number) if is_valid(m)] == []

    check()


@given(ids.finess_corsica_numbers())
def test_corsican_finess_are_never_refused_on_their_key(number: str) -> None:
    assert finess.validate(number) == number
    assert finess.department(number) == number[:2]


@given(ids.la_poste_siret_numbers())
def test_la_poste_establishments_validate_by_their_digit_sum(number: str) -> None:
    assert siret.validate(number) == number
    assert Siret(number).siren == Siren("356000000")
