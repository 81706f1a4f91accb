"""Eligibility of the responsible, choice of the structure identifier, directory visibility."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.unit.domain.builders import (
    FINESS,
    SIREN,
    SIRET,
    adeli_number,
    mailbox,
    professional,
    siren_number,
)

from balorg.domain.errors import DomainRefusal, Problem, Severity
from balorg.domain.identifiers import Finess, IdNatPS, IdNatStruct, Siren, Siret
from balorg.domain.mailbox import DirectoryKind, LifecycleState, RedList
from balorg.domain.professional import eligibility_problems, register_of
from balorg.domain.professions import Register, lookup
from balorg.domain.structure import StructureCategory
from balorg.rules.decision import Decision
from balorg.rules.eligibility import eligibility
from balorg.rules.structure_identifier import structure_identifier
from balorg.rules.visibility import visibility

NURSES_MOVED = dt.date(2021, 10, 28)
KINES_MOVED = dt.date(2016, 12, 5)
SOCIAL_MOVED = dt.date(2023, 6, 1)
ON = dt.date(2026, 1, 5)
BEFORE = dt.timedelta(days=1)


def problems(decision: Decision) -> list[tuple[str, str, Severity]]:
    return [(p.code, p.path, p.severity) for p in decision.problems]


# -- eligibility ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "profession", ["médecin", "chirurgien-dentiste", "pharmacien", "sage-femme"]
)
def test_accepts_a_case_1_professional_identified_by_rpps(profession: str) -> None:
    answer = eligibility(professional(profession), ON)

    assert answer
    assert answer.decision.problems == ()
    assert answer.register is Register.RPPS
    assert answer.rule.preferred is Register.RPPS


@pytest.mark.parametrize(
    "profession", ["médecin", "chirurgien-dentiste", "pharmacien", "sage-femme"]
)
def test_refuses_a_case_1_professional_identified_by_adeli(profession: str) -> None:
    code = lookup(profession).code
    answer = eligibility(professional(profession, adeli=adeli_number(code)), ON)

    assert not answer
    assert problems(answer.decision) == [
        ("register.refused", "identifier", Severity.ERROR),
    ]
    assert answer.register is Register.ADELI


@pytest.mark.parametrize(
    ("code", "moved"), [("60", NURSES_MOVED), ("70", KINES_MOVED), ("41", SOCIAL_MOVED)]
)
def test_before_the_move_to_rpps_adeli_is_accepted_and_rpps_refused(
    code: str, moved: dt.date
) -> None:
    by_adeli = professional(code, adeli=adeli_number(code))
    by_rpps = professional(code)

    assert problems(eligibility(by_adeli, moved - BEFORE).decision) == []
    assert problems(eligibility(by_rpps, moved - BEFORE).decision) == [
        ("register.refused", "identifier", Severity.ERROR)
    ]


@pytest.mark.parametrize(
    ("code", "moved"), [("60", NURSES_MOVED), ("70", KINES_MOVED), ("41", SOCIAL_MOVED)]
)
def test_from_the_move_rpps_is_accepted_and_adeli_earns_a_warning(
    code: str, moved: dt.date
) -> None:
    by_adeli = eligibility(professional(code, adeli=adeli_number(code)), moved)
    by_rpps = eligibility(professional(code), moved)

    assert by_adeli
    assert problems(by_adeli.decision) == [("register.obsolete", "identifier", Severity.WARNING)]
    assert by_adeli.decision.warnings[0].params["since"] == moved
    assert by_rpps
    assert by_rpps.decision.problems == ()


def test_a_podiatrist_with_adeli_earns_an_undated_warning() -> None:
    answer = eligibility(professional("80", adeli=adeli_number("80")), ON)

    assert answer
    assert [p.code for p in answer.decision.warnings] == ["register.obsolete_undated"]


@pytest.mark.parametrize(
    "profession", ["ostéopathe", "psychologue", "audioprothésiste", "orthophoniste"]
)
def test_accepts_a_case_2_professional_identified_by_adeli(profession: str) -> None:
    code = lookup(profession).code

    answer = eligibility(professional(profession, adeli=adeli_number(code)), ON)

    assert answer
    assert answer.decision.problems == ()


def test_refuses_a_profession_that_is_not_eligible() -> None:
    answer = eligibility(professional("aide-soignant"), ON)

    assert not answer
    assert problems(answer.decision) == [("profession.not_eligible", "identifier", Severity.ERROR)]
    assert not answer.rule.eligible


def test_warns_when_the_adeli_profession_code_differs_from_the_declared_profession() -> None:
    answer = eligibility(professional("91", adeli=adeli_number("92")), ON)

    assert answer
    assert problems(answer.decision) == [
        ("responsible.adeli_profession_mismatch", "identifier", Severity.WARNING)
    ]
    assert answer.decision.warnings[0].params == {
        "embedded": "92",
        "declared": "91",
        "profession": "Orthophoniste",
    }


def test_refuses_a_responsible_identified_by_anything_but_rpps_or_adeli() -> None:
    idnat = IdNatPS.of(Finess.from_string(FINESS))

    assert register_of(idnat) is None
    assert eligibility_problems(idnat, lookup("pharmacien"), ON) == (
        Problem("responsible.identifier_kind", "identifier", {"kind": "FINESS"}),
    )


def test_the_professional_and_the_rule_give_the_same_answer() -> None:
    doctor = professional("10", adeli=adeli_number("10"))

    assert doctor.eligibility_problems(ON) == eligibility(doctor, ON).decision.reasons


# -- structure identifier ---------------------------------------------------------------------

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


# -- visibility -------------------------------------------------------------------------------


@pytest.mark.parametrize("directory", list(DirectoryKind))
def test_publishes_an_active_mailbox_off_the_red_list(directory: DirectoryKind) -> None:
    assert visibility(mailbox(), directory)


def test_hides_a_mailbox_only_from_the_directory_whose_red_list_it_is_on() -> None:
    box = mailbox(red_list=RedList(national_directory=True))

    national = visibility(box, DirectoryKind.NATIONAL)

    assert not national
    assert problems(national) == [
        ("visibility.red_listed", "red_list.national_directory", Severity.ERROR)
    ]
    assert visibility(box, DirectoryKind.OPERATOR)


@pytest.mark.parametrize(
    "state", [LifecycleState.PENDING, LifecycleState.SUSPENDED, LifecycleState.CLOSED]
)
def test_does_not_publish_a_mailbox_that_is_not_active(state: LifecycleState) -> None:
    box = mailbox()
    box.state = state

    decision = visibility(box, DirectoryKind.OPERATOR)

    assert [(p.code, dict(p.params)) for p in decision.reasons] == [
        ("visibility.not_active", {"state": state.value})
    ]


def test_gives_every_reason_not_to_publish() -> None:
    box = mailbox(active=False, red_list=RedList(operator_directory=True))

    decision = visibility(box, DirectoryKind.OPERATOR)

    assert [p.code for p in decision.reasons] == ["visibility.not_active", "visibility.red_listed"]


# -- decision ---------------------------------------------------------------------------------


def test_a_decision_from_problems_is_refused_only_by_errors() -> None:
    warning = Problem("register.obsolete", severity=Severity.WARNING)
    error = Problem("register.refused")

    assert Decision.from_problems([warning])
    assert Decision.from_problems([warning]).warnings == (warning,)
    refused = Decision.from_problems([warning, error])
    assert not refused
    assert (refused.reasons, refused.warnings) == ((error,), (warning,))
    assert refused.problems == (error, warning)


def test_raise_if_refused_raises_the_reasons() -> None:
    Decision.allow().raise_if_refused()
    error = Problem("access.not_member")

    with pytest.raises(DomainRefusal) as excinfo:
        Decision.refuse(error).raise_if_refused()

    assert excinfo.value.problems == (error,)
