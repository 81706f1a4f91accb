"""Errors people can act on: a stable code, params, a path, and a French and an English message."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from stdnum import exceptions as stdnum_exceptions

from balorg.domain.errors import (
    BalorgError,
    DomainRefusal,
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    Problem,
    Severity,
    ValidationError,
)
from balorg.domain.identifiers import rpps
from balorg.domain.messages import (
    CATALOGUE,
    LANGUAGES,
    get_language,
    language,
    render,
    set_default_language,
)


def test_a_problem_is_an_error_by_default_with_frozen_params() -> None:
    problem = Problem("structure.finess_required", "structure.finess", {"category": "x"})

    assert problem.is_error
    assert problem.severity is Severity.ERROR
    with pytest.raises(TypeError):
        problem.params["category"] = "y"  # type: ignore[index]


def test_a_problem_keeps_no_reference_to_the_params_given() -> None:
    params = {"category": "pharmacie_officine"}
    problem = Problem("structure.finess_required", "", params)

    params["category"] = "changed"

    assert problem.params == {"category": "pharmacie_officine"}


def test_a_problem_renders_in_french_by_default_and_in_english() -> None:
    problem = Problem("structure.finess_required", params={"category": "pharmacie_officine"})

    assert problem.message() == (
        "Le FINESS est obligatoire pour cette catégorie de structure (pharmacie_officine)."
    )
    assert problem.message("en") == (
        "A FINESS number is required for this category of structure (pharmacie_officine)."
    )


@pytest.mark.parametrize(
    ("prefix", "path", "expected"),
    [
        ("structure", "finess", "structure.finess"),
        ("responsible", "", "responsible"),
        ("", "identifier", "identifier"),
        ("", "", ""),
    ],
)
def test_at_places_the_path_under_a_prefix(prefix: str, path: str, expected: str) -> None:
    problem = Problem("field.required", path, {"x": 1}, Severity.WARNING)

    placed = problem.at(prefix)

    assert placed == Problem("field.required", expected, {"x": 1}, Severity.WARNING)


def test_as_warning_keeps_everything_but_the_severity() -> None:
    problem = Problem("field.required", "description", {"x": 1})

    warning = problem.as_warning()

    assert not warning.is_error
    assert (warning.code, warning.path, warning.params) == (problem.code, problem.path, {"x": 1})


def test_problems_are_equal_by_value_and_hashable() -> None:
    a = Problem("field.required", "description")
    b = Problem("field.required", "description")

    assert a == b
    assert len({a, b, a.as_warning()}) == 2
    assert a != Problem("field.required", "description", {"x": 1})


def test_to_dict_makes_params_plain() -> None:
    problem = Problem("x.y", "p", {"on": dt.date(2021, 10, 28), "codes": ("a", 1), "n": None})

    assert problem.to_dict("en") == {
        "code": "x.y",
        "path": "p",
        "params": {"on": "2021-10-28", "codes": ["a", 1], "n": None},
        "severity": "error",
        "message": "x.y",
    }


def test_from_error_takes_the_code_and_params_of_an_exception() -> None:
    error = InvalidChecksum("identifier.invalid_checksum", kind="FINESS")

    problem = Problem.from_error(error, "structure.finess")

    assert problem == Problem("identifier.invalid_checksum", "structure.finess", {"kind": "FINESS"})


def test_a_balorg_error_carries_its_code_and_params_and_says_them_in_french_by_default() -> None:
    error = BalorgError("mailbox.not_active", state="suspended")

    assert error.code == "mailbox.not_active"
    assert error.params == {"state": "suspended"}
    assert str(error) == "La BAL n'est pas active (état : suspended)."
    assert error.message() == "La BAL n'est pas active (état : suspended)."
    assert error.message("en") == "The mailbox is not active (state: suspended)."


def test_str_of_an_error_follows_the_language_in_force() -> None:
    error = BalorgError("mailbox.not_active", state="suspended")

    with language("en"):
        assert str(error) == "The mailbox is not active (state: suspended)."
        assert error.message() == "The mailbox is not active (state: suspended)."
        assert error.message("fr") == "La BAL n'est pas active (état : suspended)."
    assert str(error) == "La BAL n'est pas active (état : suspended)."


def test_the_process_wide_default_language_can_be_set_and_a_block_still_wins() -> None:
    refusal = DomainRefusal([Problem("delegation.no_capability", "capabilities")])
    try:
        set_default_language("en")
        assert get_language() == "en"
        assert str(refusal) == "A delegation must grant at least one capability."
        with language("fr"):
            assert str(refusal) == "Une délégation doit accorder au moins un droit."
    finally:
        set_default_language("fr")
    assert str(refusal) == "Une délégation doit accorder au moins un droit."


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown message language"):
        set_default_language("de")  # type: ignore[arg-type]  # proving it fails
    with pytest.raises(ValueError, match="unknown message language"), language("de"):  # type: ignore[arg-type]
        pass
    assert get_language() == "fr"


def test_a_language_block_is_local_to_its_thread() -> None:
    seen: list[str] = []
    inside = threading.Event()
    done = threading.Event()

    def other_thread() -> None:
        inside.wait(5)
        seen.append(str(BalorgError("mailbox.not_active", state="x")))
        done.set()

    worker = threading.Thread(target=other_thread)
    worker.start()
    with language("en"):
        inside.set()
        done.wait(5)
        seen.append(str(BalorgError("mailbox.not_active", state="x")))
    worker.join(5)

    assert seen == ["La BAL n'est pas active (état : x).", "The mailbox is not active (state: x)."]


def test_a_problem_reads_as_code_path_and_message() -> None:
    problem = Problem("identifier.invalid_checksum", "structure.finess", {"kind": "FINESS"})

    assert str(problem) == (
        "[identifier.invalid_checksum] structure.finess: "
        "La clé de contrôle du numéro FINESS est fausse."
    )
    with language("en"):
        assert str(Problem("field.required")) == "[field.required] This field is required."


def test_a_balorg_error_without_code_uses_its_default_code() -> None:
    assert BalorgError().code == "balorg.error"
    assert InvalidLength().code == "identifier.invalid_length"
    assert ValidationError().code == "identifier.invalid"


@pytest.mark.parametrize(
    ("cls", "code"),
    [
        (BalorgError, "balorg.error"),
        (DomainRefusal, "domain.refused"),
        (ValidationError, "identifier.invalid"),
        (InvalidFormat, "identifier.invalid_format"),
        (InvalidLength, "identifier.invalid_length"),
        (InvalidChecksum, "identifier.invalid_checksum"),
        (InvalidComponent, "identifier.invalid_component"),
    ],
)
def test_every_default_code_of_the_hierarchy_has_both_messages(
    cls: type[BalorgError], code: str
) -> None:
    assert cls.default_code == code
    assert code in CATALOGUE
    for lang in LANGUAGES:
        assert render(code, {}, lang) != code


def test_identifier_errors_are_value_errors_as_in_python_stdnum() -> None:
    for cls in (InvalidFormat, InvalidLength, InvalidChecksum, InvalidComponent):
        assert issubclass(cls, ValidationError)
        assert issubclass(cls, ValueError)
        assert issubclass(cls, BalorgError)


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (ValidationError, stdnum_exceptions.ValidationError),
        (InvalidFormat, stdnum_exceptions.InvalidFormat),
        (InvalidLength, stdnum_exceptions.InvalidLength),
        (InvalidLength, stdnum_exceptions.InvalidFormat),  # as in stdnum
        (InvalidChecksum, stdnum_exceptions.InvalidChecksum),
        (InvalidComponent, stdnum_exceptions.InvalidComponent),
    ],
)
def test_identifier_errors_are_python_stdnums_own_classes(
    ours: type[ValidationError], theirs: type[Exception]
) -> None:
    assert issubclass(ours, theirs)
    with pytest.raises(theirs) as caught:
        raise ours()
    assert getattr(caught.value, "code", None) == ours.default_code


def test_a_host_catching_stdnum_catches_a_real_balorg_check() -> None:
    with pytest.raises(stdnum_exceptions.InvalidChecksum) as caught:
        rpps.validate("10009652728")
    assert str(caught.value) == "La clé de contrôle du numéro RPPS est fausse."
    assert not issubclass(InvalidChecksum, stdnum_exceptions.InvalidFormat)


def test_a_domain_refusal_carries_every_problem_and_joins_their_messages() -> None:
    problems = [
        Problem("delegation.no_capability", "capabilities"),
        Problem("delegation.already_granted", "account", {"account": "alice@x.fr"}),
    ]

    refusal = DomainRefusal(problems)

    assert refusal.problems == tuple(problems)
    assert refusal.code == "delegation.no_capability"
    assert refusal.message("en") == (
        "A delegation must grant at least one capability. "
        "Account alice@x.fr already holds a current delegation on this mailbox."
    )
    assert str(refusal) == refusal.message("fr")
    assert isinstance(refusal, BalorgError)


def test_a_domain_refusal_without_problem_still_says_something() -> None:
    refusal = DomainRefusal([])

    assert refusal.problems == ()
    assert refusal.code == "domain.refused"
    assert refusal.message("en") == "The change is refused."
    assert refusal.message("fr") == "La modification est refusée."


def test_an_unknown_code_renders_as_itself_and_a_missing_param_stays_visible() -> None:
    assert render("no.such.code", {"x": 1}, "en") == "no.such.code"
    assert render("mailbox.not_active", {}, "en") == "The mailbox is not active (state: {state})."
