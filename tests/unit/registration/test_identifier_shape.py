"""The responsible's identifier: a number of the wrong shape says what is expected."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from balorg.registration import validate_registration

FORM = json.loads(
    (Path(__file__).parents[3] / "examples" / "pharmacie.json").read_text(encoding="utf-8")
)


def _with_identifier(identifier: str) -> dict[str, object]:
    form = json.loads(json.dumps(FORM))
    form["responsible"]["identifier"] = identifier
    return form


def test_a_number_of_no_known_length_reports_the_expected_shapes() -> None:
    report = validate_registration(_with_identifier("12345"), on=dt.date(2026, 11, 22))
    [error] = report.errors
    assert (error.code, error.path, error.params["length"]) == (
        "responsible.identifier_shape",
        "responsible.identifier",
        5,
    )
    assert "RPPS" in error.message("en")
    assert "11" in error.message("fr")


def test_an_idnat_ps_of_an_rpps_is_accepted() -> None:
    report = validate_registration(_with_identifier("810001045367"), on=dt.date(2026, 11, 22))
    assert report.ok, report.errors
    assert report.registration is not None
    assert str(report.registration.responsible.idnat) == "810001045367"


def test_a_deprecated_idnat_prefix_keeps_its_own_code() -> None:
    report = validate_registration(_with_identifier("210001045367"), on=dt.date(2026, 11, 22))
    assert [e.code for e in report.errors] == ["idnat.deprecated_prefix"]
