"""Eligibility of the responsible on a date, and the rule's register table."""

from __future__ import annotations

import datetime as dt

import pytest

from balorg.domain.directory import DirectoryPerson, PersonRef
from balorg.domain.errors import Problem, Severity
from balorg.domain.identifiers import Adeli, IdNatPS, Rpps
from balorg.domain.professional import Professional, eligibility_problems, register_of
from balorg.domain.professions import Register, lookup
from balorg.rules.decision import Decision
from balorg.rules.eligibility import directory_eligibility, eligibility
from balorg.testing.examples import example_address, example_structure, with_luhn_key

NURSES_MOVED = dt.date(2021, 10, 28)
KINES_MOVED = dt.date(2016, 12, 5)
SOCIAL_MOVED = dt.date(2023, 6, 15)
ON = dt.date(2026, 1, 5)
BEFORE = dt.timedelta(days=1)


def adeli_number(code: str) -> str:
    return with_luhn_key(f"31{code}1234")


def professional(profession: str, *, adeli: str | None = None) -> Professional:
    """A professional of ``profession`` (a code or a label), by ADELI when given, else RPPS."""
    number = Adeli.from_string(adeli) if adeli else Rpps.from_string(with_luhn_key("1000004536"))
    return Professional(
        idnat=IdNatPS.of(number),
        profession=lookup(profession),
        last_name="Martin",
        first_name="Claire",
        email=example_address("claire.martin"),
    )


def problems(decision: Decision) -> list[tuple[str, str, Severity]]:
    return [(p.code, p.path, p.severity) for p in decision.problems]


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


def test_a_podiatrist_with_adeli_earns_a_warning_with_an_approximate_date() -> None:
    answer = eligibility(professional("80", adeli=adeli_number("80")), ON)

    assert answer
    assert [p.code for p in answer.decision.warnings] == ["register.obsolete_approximate"]


@pytest.mark.parametrize(
    ("profession", "warning"),
    [
        ("ostéopathe", "register.date_unconfirmed_undated"),
        ("psychologue", "register.obsolete"),
        ("audioprothésiste", "register.obsolete"),
        ("orthophoniste", "register.obsolete_approximate"),
    ],
)
def test_accepts_a_case_2_professional_identified_by_adeli_with_the_registers_warning(
    profession: str, warning: str
) -> None:
    code = lookup(profession).code

    answer = eligibility(professional(profession, adeli=adeli_number(code)), ON)

    assert answer
    assert answer.decision.reasons == ()
    assert [p.code for p in answer.decision.warnings] == [warning]


def test_accepts_both_registers_with_a_warning_where_the_move_is_not_dated() -> None:
    osteopath = lookup("ostéopathe").code

    by_adeli = eligibility(professional(osteopath, adeli=adeli_number(osteopath)), ON)
    by_rpps = eligibility(professional(osteopath), ON)

    assert by_adeli
    assert by_rpps
    assert by_rpps.decision.warnings
    assert by_rpps.rule.unconfirmed == {Register.RPPS, Register.ADELI}


def test_refuses_a_profession_that_is_not_eligible() -> None:
    answer = eligibility(professional("31"), ON)

    assert not answer
    assert problems(answer.decision) == [("profession.not_eligible", "identifier", Severity.ERROR)]
    assert not answer.rule.eligible


def test_warns_when_the_adeli_profession_code_differs_from_the_declared_profession() -> None:
    answer = eligibility(professional("91", adeli=adeli_number("92")), dt.date(2023, 1, 2))

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
    idnat = IdNatPS.of(example_structure().identifier.identifier)  # a FINESS

    assert register_of(idnat) is None
    assert eligibility_problems(idnat, lookup("pharmacien"), ON) == (
        Problem("responsible.identifier_kind", "identifier", {"kind": "FINESS"}),
    )


def test_the_professional_and_the_rule_give_the_same_answer() -> None:
    doctor = professional("10", adeli=adeli_number("10"))

    assert doctor.eligibility_problems(ON) == eligibility(doctor, ON).decision.reasons


def test_the_directory_s_professional_is_judged_by_the_profession_it_gives() -> None:
    idnat = professional("médecin").idnat

    def person(code: str | None) -> DirectoryPerson:
        return DirectoryPerson(
            idnat=PersonRef.read(str(idnat)),
            last_name="Martin",
            first_name="Claire",
            profession_code=code,
        )

    assert directory_eligibility(idnat, person(lookup("médecin").code), ON)
    assert problems(directory_eligibility(idnat, None, ON)) == [
        ("directory.professional_unknown", "identifier", Severity.ERROR)
    ]
    assert problems(directory_eligibility(idnat, person("99"), ON)) == [
        ("directory.profession_unknown", "identifier", Severity.ERROR)
    ]
    code = lookup("médecin").code
    by_adeli = professional("médecin", adeli=adeli_number(code)).idnat
    assert problems(directory_eligibility(by_adeli, person(code), ON)) == problems(
        Decision.from_problems(eligibility_problems(by_adeli, lookup("médecin"), ON))
    )
    assert not directory_eligibility(by_adeli, person(code), ON)  # a médecin by ADELI
