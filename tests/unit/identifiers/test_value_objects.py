"""Value objects: frozen, valid by construction, equal on the canonical form."""

from __future__ import annotations

import importlib
from typing import Any

import attrs
import pytest

from balorg.domain.errors import InvalidFormat, ValidationError
from balorg.domain.identifiers import (
    Adeli,
    AdeliRang,
    Finess,
    MssanteAddress,
    NationalStructureId,
    RorId,
    RorSituationId,
    Rpps,
    RppsRang,
    Siren,
    Siret,
    identify,
)

CASES: list[tuple[Any, str, str, str]] = [
    # class, kind, a messy input, its canonical form
    (Rpps, "RPPS", " 100.096.527-27 ", "10009652727"),
    (Adeli, "ADELI", "28 70 0862 7", "287008627"),
    (Finess, "FINESS", "2b 000 003 8", "2B0000038"),
    (Siren, "SIREN", "260 100 045", "260100045"),
    (Siret, "SIRET", "260 100 045 00012", "26010004500012"),
    (RppsRang, "RPPS-rang", "10009652727 01 6", "10009652727016"),
    (AdeliRang, "ADELI-rang", "287008627-01", "28700862701"),
]


@pytest.mark.parametrize(("cls", "kind", "messy", "canonical"), CASES)
def test_from_string_compacts_and_equality_is_on_the_canonical_form(
    cls: Any, kind: str, messy: str, canonical: str
) -> None:
    value = cls.from_string(messy)
    assert value.value == canonical
    assert str(value) == canonical
    assert value == cls(canonical) == cls.from_string(canonical)
    assert hash(value) == hash(cls(canonical))
    assert cls.kind == kind


@pytest.mark.parametrize(("cls", "kind", "messy", "canonical"), CASES)
def test_direct_construction_validates(cls: Any, kind: str, messy: str, canonical: str) -> None:
    with pytest.raises(InvalidFormat) as caught:
        cls(messy)
    assert caught.value.code == "identifier.not_canonical"
    assert caught.value.params["canonical"] == canonical
    with pytest.raises(ValidationError):
        cls("bad")
    with pytest.raises(ValidationError):
        cls(None)


@pytest.mark.parametrize(("cls", "kind", "messy", "canonical"), CASES)
def test_values_are_frozen_and_evolve_revalidates(
    cls: Any, kind: str, messy: str, canonical: str
) -> None:
    value = cls(canonical)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        value.value = "x"
    with pytest.raises(ValidationError):
        attrs.evolve(value, value="0" * len(canonical) + "1")


def test_kinds_are_not_fields() -> None:
    assert [f.name for f in attrs.fields(Rpps)] == ["value"]


def test_siret_exposes_its_siren() -> None:
    siret = Siret.from_string("35600000049837")
    assert siret.siren == Siren("356000000")


def test_adeli_exposes_department_and_profession() -> None:
    value = Adeli.from_string("958000523")
    assert (value.department, value.profession_code) == ("95", "80")
    assert Adeli("9D1234567").department == "974"


def test_finess_exposes_department_and_key_check() -> None:
    assert Finess("970300026").department == "973"
    assert Finess("2A0000154").department == "2A"
    assert Finess("2A0000154").key_verified
    assert not Finess("2A0000155").key_verified


def test_cabinets_expose_their_holder_and_order() -> None:
    rpps_rang = RppsRang("10009652727016")
    assert (rpps_rang.rpps, rpps_rang.order) == (Rpps("10009652727"), "01")
    adeli_rang = AdeliRang("28700862701")
    assert (adeli_rang.adeli, adeli_rang.order) == (Adeli("287008627"), "01")


def test_address_and_structure_ids() -> None:
    address = MssanteAddress.from_string(" Jean.Dupont@Hopital.MSSANTE.fr")
    assert str(address) == "Jean.Dupont@hopital.mssante.fr"
    with pytest.raises(InvalidFormat):
        MssanteAddress("jean@x")
    assert str(NationalStructureId.from_string(" S-42 ")) == "S-42"
    assert RorId("R_1.2").kind == "ROR"
    with pytest.raises(InvalidFormat):
        RorId("R 1")


def test_identifications_are_hashable_and_compare_errors_by_code() -> None:
    first, second = identify("10009652728"), identify("10009652728")
    assert first == second
    assert hash(first) == hash(second)


# -- validate once (issue 9.5) -----------------------------------------------------------

MODULES: list[tuple[Any, str, str]] = [
    # class, module, name of the function from_string validates with
    (Rpps, "balorg.domain.identifiers.rpps", "validate"),
    (Adeli, "balorg.domain.identifiers.adeli", "validate"),
    (Finess, "balorg.domain.identifiers.finess", "validate"),
    (Siren, "balorg.domain.identifiers.siren", "validate"),
    (Siret, "balorg.domain.identifiers.siret", "validate"),
    (RppsRang, "balorg.domain.identifiers.cabinet", "validate_rpps_rang"),
    (AdeliRang, "balorg.domain.identifiers.cabinet", "validate_adeli_rang"),
    (MssanteAddress, "balorg.domain.identifiers.national", "validate_address"),
    (NationalStructureId, "balorg.domain.identifiers.national", "validate_structure_id"),
    (RorId, "balorg.domain.identifiers.national", "_validate_ror"),
    (RorSituationId, "balorg.domain.identifiers.national", "_validate_ror_situation"),
]


@pytest.mark.parametrize(("cls", "module", "function"), MODULES)
def test_from_string_validates_once_and_does_not_run_the_attrs_validator_again(
    cls: Any, module: str, function: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []

    def counted(text: object) -> str:
        calls.append(text)
        return "NOT CANONICAL"  # the attrs validator would refuse this value

    monkeypatch.setattr(importlib.import_module(module), function, counted)

    built = cls.from_string("anything")

    assert calls == ["anything"]
    assert built.value == "NOT CANONICAL"  # so the validator did not run
    with pytest.raises(ValidationError):
        cls("NOT CANONICAL")  # direct construction still validates


@pytest.mark.parametrize(("cls", "kind", "messy", "canonical"), CASES)
def test_a_value_built_once_equals_one_built_by_its_constructor(
    cls: Any, kind: str, messy: str, canonical: str
) -> None:
    once = cls.from_string(messy)
    assert once == cls(canonical)
    assert hash(once) == hash(cls(canonical))
    assert attrs.evolve(once) == once  # evolve re-runs the validator: still valid
