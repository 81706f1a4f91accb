"""The registration form of an organisational mailbox (first guide, steps 1 to 11)."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from tests.unit.domain.builders import (
    DELETE,
    FINESS,
    RPPS,
    SIREN,
    SIRET,
    adeli_number,
    example_form,
    keyed,
    rpps_number,
    siren_number,
    siret_number,
    wrong_key,
)

from balorg.domain.errors import Problem, Severity
from balorg.domain.identifiers import Finess, IdNatPS, IdNatStruct, Rpps, Siren, Siret
from balorg.domain.messages import LANGUAGES
from balorg.domain.structure import StructureCategory
from balorg.registration import MAX_TEXT, RegistrationReport, validate_registration

ON = dt.date(2026, 1, 5)
NURSES_MOVED = dt.date(2021, 10, 28)
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def check(form: object, on: dt.date = ON) -> RegistrationReport:
    return validate_registration(form, on=on)


def codes(problems: tuple[Problem, ...]) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in problems]


def assert_renders(problems: tuple[Problem, ...]) -> None:
    for problem in problems:
        for lang in LANGUAGES:
            text = problem.message(lang)
            assert text != problem.code, (problem.code, lang)
            assert not PLACEHOLDER.search(text), (problem.code, lang, text)


# -- forms that pass ----------------------------------------------------------------------


def test_accepts_the_example_form_of_the_issue() -> None:
    report = check(example_form())

    assert report.ok
    assert report.errors == ()
    assert report.warnings == ()
    registration = report.registration
    assert registration is not None
    assert str(registration.generic_email) == "pharmacieducentre@outlook.fr"
    assert str(registration.label) == "Pharmacie Du Centre"
    assert registration.structure.identifier == IdNatStruct.of(Finess.from_string("010000024"))
    assert registration.structure.category is StructureCategory.PHARMACIE_OFFICINE
    assert registration.structure.location.address_lines == ("1 place du Capitole",)
    assert registration.structure.location.city == "Toulouse"
    assert registration.responsible.idnat == IdNatPS.of(Rpps.from_string("10001045367"))
    assert registration.responsible.profession.label == "Pharmacien"
    assert registration.description.startswith("Échanges de la pharmacie")
    assert not registration.red_list.national_directory
    assert registration.checked_on == ON


def test_keeps_the_red_list_choices_of_the_form() -> None:
    report = check(example_form(red_list={"national_directory": True, "operator_directory": False}))

    assert report.registration is not None
    assert report.registration.red_list.national_directory
    assert not report.registration.red_list.operator_directory


@pytest.mark.parametrize(
    ("generic_email", "last_name", "first_name"),
    [
        ("pharmacieducentre@outlook.fr", "Pharmacie", "Du Centre"),
        ("cabinet.dr.martin@gmail.fr", "Cabinet", "Dr Martin"),
        ("ophtalmologie-toulouse@hotmail.fr", "Cabinet d'ophtalmologie", "Toulouse"),
    ],
)
def test_accepts_the_generic_addresses_and_labels_of_the_guide(
    generic_email: str, last_name: str, first_name: str
) -> None:
    form = example_form(
        generic_email=generic_email,
        directory_label={"last_name": last_name, "first_name": first_name},
    )

    report = check(form)

    assert report.ok, report.to_dict("en")
    assert report.registration is not None
    assert str(report.registration.generic_email) == generic_email
    assert report.registration.label.last_name == last_name
    assert report.registration.label.first_name == first_name


def test_accepts_a_cabinet_identified_by_its_siret_only() -> None:
    form = example_form(
        structure__legal_name="Cabinet du Dr Martin",
        structure__category="cabinet_liberal",
        structure__finess=None,
        structure__siret=SIRET,
        responsible__profession="10",
    )

    report = check(form)

    assert report.ok, report.to_dict("en")
    assert report.warnings == ()
    assert report.registration is not None
    assert report.registration.structure.identifier == IdNatStruct.of(Siret.from_string(SIRET))
    assert str(report.registration.structure.identifier) == "3" + SIRET


def test_accepts_a_cabinet_identified_by_its_siren_only() -> None:
    form = example_form(
        generic_email="ophtalmologie-toulouse@hotmail.fr",
        structure__legal_name="Cabinet d'ophtalmologie de Toulouse",
        structure__category="cabinet_liberal",
        structure__finess=DELETE,
        structure__siret=DELETE,
        structure__siren=SIREN,
        responsible__profession="Médecin",
    )

    report = check(form)

    assert report.ok, report.to_dict("en")
    assert report.registration is not None
    assert report.registration.structure.identifier == IdNatStruct.of(Siren.from_string(SIREN))


def test_accepts_a_responsible_identifier_written_as_an_idnat_ps() -> None:
    report = check(example_form(responsible__identifier="8" + RPPS))

    assert report.registration is not None
    assert report.registration.responsible.idnat == IdNatPS.of(Rpps.from_string(RPPS))


def test_accepts_an_identifier_written_with_spaces() -> None:
    report = check(example_form(responsible__identifier="100 010 453 67"))

    assert report.ok


# -- THE acceptance test --------------------------------------------------------------------


def test_reports_exactly_a_bad_finess_key_a_medecin_with_adeli_and_a_missing_description() -> None:
    form = example_form(
        structure__finess=wrong_key("010000024"),
        responsible__profession="10",  # médecin: RPPS only
        responsible__identifier=adeli_number("10"),  # a valid ADELI number
        description=DELETE,
    )

    report = check(form)

    assert not report.ok
    assert report.registration is None
    assert sorted(codes(report.errors)) == [
        ("field.required", "description"),
        ("identifier.invalid_checksum", "structure.finess"),
        ("register.refused", "responsible.identifier"),
    ]
    assert report.warnings == ()
    assert_renders(report.errors)


def test_a_blank_description_is_required_too() -> None:
    report = check(example_form(description="   "))

    assert codes(report.errors) == [("field.required", "description")]


# -- shape ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("", "password"),
        ("directory_label", "civility"),
        ("structure", "rpps"),
        ("structure.location", "country"),
        ("responsible", "phone"),
        ("red_list", "everywhere"),
    ],
)
def test_refuses_an_unknown_key_at_each_level_with_its_path(path: str, key: str) -> None:
    form = example_form()
    node: dict[str, Any] = form
    for part in filter(None, path.split(".")):
        node = node[part]
    node[key] = "x"

    report = check(form)

    where = f"{path}.{key}" if path else key
    assert codes(report.errors) == [("form.unknown_key", where)]
    assert report.errors[0].params == {"key": key}


def test_reports_unknown_keys_at_several_levels_at_once() -> None:
    form = example_form(extra=1, structure__location__country="FR", red_list__x=True)

    report = check(form)

    assert sorted(codes(report.errors)) == [
        ("form.unknown_key", "extra"),
        ("form.unknown_key", "red_list.x"),
        ("form.unknown_key", "structure.location.country"),
    ]


@pytest.mark.parametrize(
    "path",
    [
        "generic_email",
        "directory_label__last_name",
        "structure__legal_name",
        "structure__location__city",
        "responsible__identifier",
        "description",
    ],
)
def test_refuses_a_number_where_a_string_is_expected(path: str) -> None:
    report = check(example_form(**{path: 1}))

    [error] = report.errors
    assert (error.code, error.path) == ("form.wrong_type", path.replace("__", "."))
    assert error.params == {"expected": "string", "got": "number"}


def test_refuses_a_number_for_a_finess_without_also_asking_for_a_finess() -> None:
    report = check(example_form(structure__finess=10000024))

    assert codes(report.errors) == [("form.wrong_type", "structure.finess")]


@pytest.mark.parametrize(
    ("value", "got"), [(1, "number"), ("yes", "string"), (None, "null"), ([True], "array")]
)
def test_refuses_a_non_boolean_for_a_checkbox(value: object, got: str) -> None:
    report = check(example_form(shared_account=value))

    [error] = report.errors
    assert (error.code, error.path) == ("form.wrong_type", "shared_account")
    assert error.params == {"expected": "boolean", "got": got}


def test_refuses_true_for_a_string() -> None:
    report = check(example_form(description=True))

    assert report.errors[0].params == {"expected": "string", "got": "boolean"}


@pytest.mark.parametrize(
    ("form", "got"), [([], "array"), (None, "null"), ("{}", "string"), (42, "number")]
)
def test_refuses_a_form_that_is_not_an_object(form: object, got: str) -> None:
    report = check(form)

    assert not report.ok
    [error] = report.errors
    assert (error.code, error.path) == ("form.wrong_type", "")
    assert error.params == {"expected": "object", "got": got}


def test_refuses_an_object_part_that_is_not_an_object() -> None:
    report = check(example_form(structure=[], responsible="Claire Martin", directory_label=None))

    assert sorted((p.code, p.path, p.params["got"]) for p in report.errors) == [
        ("form.wrong_type", "directory_label", "null"),
        ("form.wrong_type", "responsible", "string"),
        ("form.wrong_type", "structure", "array"),
    ]


def test_reports_every_missing_key_of_an_empty_form() -> None:
    report = check({})

    assert sorted(codes(report.errors)) == sorted(
        ("field.required", key)
        for key in (
            "shared_account",
            "generic_email",
            "directory_label",
            "structure",
            "responsible",
            "description",
            "red_list",
        )
    )


@pytest.mark.parametrize(
    "path",
    [
        "directory_label__first_name",
        "structure__location",
        "structure__location__postcode",
        "responsible__email",
        "red_list__operator_directory",
    ],
)
def test_reports_a_missing_nested_key_with_its_path(path: str) -> None:
    report = check(example_form(**{path: DELETE}))

    assert codes(report.errors) == [("field.required", path.replace("__", "."))]


@pytest.mark.parametrize("key", ["siret", "siren"])
def test_structure_identifiers_other_than_the_finess_may_be_left_out(key: str) -> None:
    assert check(example_form(**{f"structure__{key}": DELETE})).ok


def test_the_finess_may_be_left_out_of_a_cabinet_with_a_siret() -> None:
    form = example_form(
        structure__category="cabinet_liberal", structure__finess=DELETE, structure__siret=SIRET
    )

    assert check(form).ok


# -- meaning ----------------------------------------------------------------------------------


def test_refuses_a_pharmacie_officine_without_finess() -> None:
    form = example_form(structure__finess=None, structure__siret=SIRET)

    report = check(form)

    assert codes(report.errors) == [("structure.finess_required", "structure.finess")]
    assert report.errors[0].params == {"category": "pharmacie_officine"}


def test_refuses_a_cabinet_without_any_identifier() -> None:
    form = example_form(structure__category="cabinet_liberal", structure__finess=None)

    assert codes(check(form).errors) == [("structure.identifier_required", "structure.finess")]


def test_refuses_a_siret_that_does_not_belong_to_the_siren() -> None:
    other_siren = siren_number(424242)
    form = example_form(
        structure__category="cabinet_liberal",
        structure__finess=None,
        structure__siret=SIRET,
        structure__siren=other_siren,
    )

    report = check(form)

    assert codes(report.errors) == [("structure.siret_siren_mismatch", "structure.siret")]
    assert report.errors[0].params == {"siret": SIRET, "siren": other_siren}


def test_accepts_a_siret_with_its_own_siren() -> None:
    form = example_form(
        structure__category="cabinet_liberal",
        structure__finess=None,
        structure__siret=SIRET,
        structure__siren=SIREN,
    )

    report = check(form)

    assert report.ok
    assert report.registration is not None
    assert str(report.registration.structure.identifier) == "3" + SIRET


def test_warns_that_the_finess_comes_first_when_a_siret_is_also_given() -> None:
    report = check(example_form(structure__siret=SIRET))

    assert report.ok
    assert report.registration is not None
    assert str(report.registration.structure.identifier) == "1010000024"
    [warning] = report.warnings
    assert (warning.code, warning.path) == ("structure.finess_first", "structure.siret")
    assert warning.severity is Severity.WARNING
    assert warning.params == {"ignored": SIRET, "finess": "010000024"}
    assert_renders(report.warnings)


def test_refuses_invalid_identifiers_of_the_structure_with_their_paths() -> None:
    form = example_form(
        structure__category="cabinet_liberal",
        structure__finess=None,
        structure__siret=wrong_key(siret_number(SIREN)),
        structure__siren="12345",
    )

    report = check(form)

    assert sorted(codes(report.errors)) == [
        ("identifier.invalid_checksum", "structure.siret"),
        ("identifier.invalid_length", "structure.siren"),
    ]


def test_a_nurse_with_adeli_after_the_move_to_rpps_registers_with_a_warning() -> None:
    form = example_form(responsible__profession="60", responsible__identifier=adeli_number("60"))

    report = check(form, on=NURSES_MOVED)

    assert report.ok
    [warning] = report.warnings
    assert (warning.code, warning.path) == ("register.obsolete", "responsible.identifier")
    assert warning.params["since"] == NURSES_MOVED
    assert_renders(report.warnings)


def test_a_nurse_with_adeli_before_the_move_registers_without_warning() -> None:
    form = example_form(responsible__profession="60", responsible__identifier=adeli_number("60"))

    report = check(form, on=NURSES_MOVED - dt.timedelta(days=1))

    assert report.ok
    assert report.warnings == ()


def test_a_nurse_with_rpps_registers_without_warning() -> None:
    report = check(example_form(responsible__profession="infirmier"), on=NURSES_MOVED)

    assert report.ok
    assert report.warnings == ()


def test_refuses_a_nurse_with_rpps_before_nurses_had_rpps_numbers() -> None:
    report = check(example_form(responsible__profession="60"), on=dt.date(2020, 1, 1))

    assert codes(report.errors) == [("register.refused", "responsible.identifier")]


def test_refuses_a_medecin_with_an_adeli_number() -> None:
    form = example_form(responsible__profession="10", responsible__identifier=adeli_number("10"))

    report = check(form)

    assert codes(report.errors) == [("register.refused", "responsible.identifier")]
    assert report.errors[0].params["preferred"] == "RPPS"


def test_warns_when_the_adeli_number_carries_another_profession_code() -> None:
    form = example_form(responsible__profession="60", responsible__identifier=adeli_number("70"))

    report = check(form, on=dt.date(2020, 1, 1))

    assert report.ok
    [warning] = report.warnings
    assert (warning.code, warning.path) == (
        "responsible.adeli_profession_mismatch",
        "responsible.identifier",
    )
    assert warning.params == {"embedded": "70", "declared": "60", "profession": "Infirmier"}
    assert_renders(report.warnings)


def test_refuses_a_profession_that_may_not_be_responsible() -> None:
    report = check(example_form(responsible__profession="aide-soignant"))

    assert codes(report.errors) == [("profession.not_eligible", "responsible.identifier")]


def test_refuses_a_responsible_identified_by_a_structure_number() -> None:
    report = check(example_form(responsible__identifier="3" + FINESS))

    assert codes(report.errors) == [("responsible.identifier_kind", "responsible.identifier")]
    assert report.errors[0].params == {"kind": "FINESS"}


def test_refuses_a_wrong_rpps_key() -> None:
    report = check(example_form(responsible__identifier=wrong_key(rpps_number())))

    assert codes(report.errors) == [("identifier.invalid_checksum", "responsible.identifier")]


def test_reports_every_problem_of_meaning_at_once() -> None:
    form = example_form(
        shared_account=False,
        generic_email="pharmacie@",
        structure__category="boulangerie",
        structure__location__postcode="310",
        responsible__profession="plombier",
        responsible__email="claire.martin",
        directory_label__last_name="",
        description="x" * (MAX_TEXT + 1),
    )

    report = check(form)

    assert sorted(codes(report.errors)) == [
        ("email.at_missing", "responsible.email"),
        ("email.domain_invalid", "generic_email"),
        ("field.required", "directory_label.last_name"),
        ("field.too_long", "description"),
        ("form.invalid_choice", "structure.category"),
        ("location.invalid_postcode", "structure.location.postcode"),
        ("profession.unknown", "responsible.profession"),
        ("registration.not_shared", "shared_account"),
    ]
    assert_renders(report.errors)


def test_accepts_text_of_the_longest_length() -> None:
    assert check(example_form(description="x" * MAX_TEXT)).ok


def test_accepts_a_corsican_finess_and_an_overseas_one() -> None:
    assert check(example_form(structure__finess="2B0000038")).ok
    assert check(example_form(structure__finess=keyed("97040858"))).ok


# -- messages and the report's shape ----------------------------------------------------------

FORMS_WITH_PROBLEMS: list[tuple[str, dict[str, Any]]] = [
    ("acceptance", example_form(structure__finess=wrong_key(FINESS), description=DELETE)),
    ("unknown key", example_form(structure__location__country="FR")),
    ("wrong type", example_form(description=1, shared_account="yes")),
    ("finess first", example_form(structure__siret=SIRET, structure__siren=SIREN)),
    ("finess required", example_form(structure__finess=None)),
    (
        "mismatch",
        example_form(
            structure__category="other",
            structure__finess=None,
            structure__siret=SIRET,
            structure__siren=siren_number(77),
        ),
    ),
    (
        "adeli",
        example_form(responsible__profession="60", responsible__identifier=adeli_number("40")),
    ),
    (
        "medecin adeli",
        example_form(responsible__profession="10", responsible__identifier=adeli_number("10")),
    ),
    ("not eligible", example_form(responsible__profession="aide-soignant")),
    ("kind", example_form(responsible__identifier="3" + FINESS)),
    (
        "meaning",
        example_form(
            shared_account=False,
            generic_email="a@",
            structure__category="x",
            structure__location__postcode="1",
            responsible__profession="plombier",
            description="x" * (MAX_TEXT + 1),
        ),
    ),
]


@pytest.mark.parametrize(
    ("name", "form"), FORMS_WITH_PROBLEMS, ids=[n for n, _ in FORMS_WITH_PROBLEMS]
)
def test_every_problem_renders_in_french_and_english_without_placeholders(
    name: str, form: dict[str, Any]
) -> None:
    report = check(form)

    assert report.errors or report.warnings, name
    assert_renders(report.errors + report.warnings)


def test_the_report_converts_to_plain_data_with_both_messages() -> None:
    report = check(example_form(structure__finess=wrong_key(FINESS), structure__siren=SIREN))

    data = report.to_dict()

    assert data == {
        "ok": False,
        "errors": [
            {
                "code": "identifier.invalid_checksum",
                "path": "structure.finess",
                "params": {"kind": "FINESS"},
                "severity": "error",
                "message": {
                    "fr": "La clé de contrôle du numéro FINESS est fausse.",
                    "en": "The check digit of the FINESS number is wrong.",
                },
            }
        ],
        "warnings": [],
    }
    assert json.loads(json.dumps(data)) == data


def test_the_report_converts_to_plain_data_in_one_language() -> None:
    report = check(
        example_form(responsible__profession="60", responsible__identifier=adeli_number("60"))
    )

    data = report.to_dict("en")

    assert data["ok"] is True
    assert data["errors"] == []
    [warning] = data["warnings"]
    assert set(warning) == {"code", "path", "params", "severity", "message"}
    assert warning["severity"] == "warning"
    assert warning["params"]["since"] == "2021-10-28"  # dates become text
    assert warning["message"].startswith("The ADELI register is obsolete")
    json.dumps(data)
