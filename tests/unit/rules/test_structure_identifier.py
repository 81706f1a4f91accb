"""The structure's identifier: FINESS first, else SIRET or SIREN, agreeing."""

from __future__ import annotations

import pytest

from balorg.domain.errors import Severity
from balorg.domain.identifiers import Finess, IdNatStruct, Siren, Siret
from balorg.domain.structure import StructureCategory
from balorg.rules.decision import Decision
from balorg.rules.structure_identifier import structure_identifier
from balorg.testing.examples import with_luhn_key

FINESS = with_luhn_key("31000001")
SIREN = with_luhn_key("00012345")
SIRET = with_luhn_key(f"{SIREN}0017")


def siren_number(sequence: int) -> str:
    return with_luhn_key(f"{sequence:08d}")


def problems(decision: Decision) -> list[tuple[str, str, Severity]]:
    return [(p.code, p.path, p.severity) for p in decision.problems]


FINESS_ID = Finess.from_string(FINESS)
SIRET_ID = Siret.from_string(SIRET)
SIREN_ID = Siren.from_string(SIREN)


def test_chooses_the_finess_when_there_is_one() -> None:
    choice = structure_identifier(StructureCategory.PHARMACIE_OFFICINE, finess=FINESS_ID)

    assert choice.decision
    assert choice.decision.problems == ()
    assert choice.identifier == IdNatStruct.of(FINESS_ID)
    assert str(choice.identifier).startswith("1")


def test_chooses_the_finess_and_warns_about_each_other_identifier_given() -> None:
    choice = structure_identifier(
        StructureCategory.CABINET_LIBERAL, finess=FINESS_ID, siret=SIRET_ID, siren=SIREN_ID
    )

    assert choice.decision
    assert choice.identifier == IdNatStruct.of(FINESS_ID)
    assert problems(choice.decision) == [
        ("structure.finess_first", "structure.siret", Severity.WARNING),
        ("structure.finess_first", "structure.siren", Severity.WARNING),
    ]


@pytest.mark.parametrize(
    "category", [StructureCategory.PHARMACIE_OFFICINE, StructureCategory.ETABLISSEMENT_SANTE]
)
def test_refuses_a_structure_that_always_has_a_finess_without_it(
    category: StructureCategory,
) -> None:
    choice = structure_identifier(category, siret=SIRET_ID)

    assert not choice.decision
    assert choice.identifier is None
    assert problems(choice.decision) == [
        ("structure.finess_required", "structure.finess", Severity.ERROR)
    ]
    assert choice.decision.reasons[0].params == {"category": category.value}


def test_prefers_the_siret_to_the_siren_when_they_agree() -> None:
    choice = structure_identifier(
        StructureCategory.CABINET_LIBERAL, siret=SIRET_ID, siren=SIRET_ID.siren
    )

    assert choice.decision
    assert choice.identifier == IdNatStruct.of(SIRET_ID)
    assert str(choice.identifier) == "3" + SIRET


def test_accepts_a_siren_alone() -> None:
    choice = structure_identifier(StructureCategory.OTHER, siren=SIREN_ID)

    assert choice.identifier == IdNatStruct.of(SIREN_ID)
    assert str(choice.identifier) == "2" + SIREN


def test_refuses_a_siret_of_another_company_than_the_siren() -> None:
    other = Siren.from_string(siren_number(4242))

    choice = structure_identifier(StructureCategory.CABINET_LIBERAL, siret=SIRET_ID, siren=other)

    assert not choice.decision
    assert choice.identifier is None
    assert problems(choice.decision) == [
        ("structure.siret_siren_mismatch", "structure.siret", Severity.ERROR)
    ]


def test_refuses_a_structure_without_any_identifier() -> None:
    choice = structure_identifier(StructureCategory.CENTRE_SANTE, path="org")

    assert problems(choice.decision) == [
        ("structure.identifier_required", "org.finess", Severity.ERROR)
    ]
