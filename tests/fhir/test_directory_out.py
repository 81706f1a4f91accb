"""``directory show``'s rendering: the ContactPoint as the national directory receives it."""

from __future__ import annotations

import io
import json

import pytest
from fhir.resources.R4B.contactpoint import ContactPoint
from tests.fhir.builders import entry

from balorg.cli.directory_out import render_show, show_result
from balorg.cli.output import Output
from balorg.interop.fhir import contact_point, public_contact_point

SHOWN = entry(responsible_contact="Mme Martin, 05 61 00 00 01", rank=1, service="Préparations")


def shown(lang: str, *, as_json: bool, public: bool = False) -> tuple[int, str]:
    stream = io.StringIO()
    out = Output(command="directory show", lang=lang, as_json=as_json, stream=stream)  # type: ignore[arg-type]
    return render_show(SHOWN, out, public=public), stream.getvalue()


def test_people_see_the_fields_then_the_contact_point_the_directory_receives() -> None:
    code, text = shown("fr", as_json=False)
    assert code == 0
    lines = text.splitlines()
    assert lines[0] == "officine@pharmacie-du-centre.mssante.fr"
    assert "  porteur        Organization?identifier=urn:oid:1.2.250.1.71.4.2.2|1010000024" in lines
    assert "  responsable    Mme Martin, 05 61 00 00 01" in lines
    assert "  liste rouge    non" in lines
    start = lines.index(
        "ContactPoint reçu par l'annuaire national (non public, avec le responsable) :"
    )
    assert json.loads("\n".join(lines[start + 1 :])) == contact_point(SHOWN)


def test_the_public_form_withholds_the_responsible_contact() -> None:
    _, text = shown("en", as_json=False, public=True)
    assert "Mme Martin" not in text
    assert "  responsible    (not public)" in text.splitlines()


def test_machines_get_the_envelope_with_a_valid_contact_point() -> None:
    code, text = shown("en", as_json=True)
    envelope = json.loads(text)
    assert (code, envelope["command"], envelope["ok"], envelope["errors"]) == (
        0,
        "directory show",
        True,
        [],
    )
    assert envelope["result"] == json.loads(json.dumps(show_result(SHOWN)))
    ContactPoint.model_validate(envelope["result"]["contact_point"])


@pytest.mark.parametrize("public", [False, True])
def test_the_result_says_which_form_it_holds(public: bool) -> None:
    result = show_result(SHOWN, public=public)
    assert result["public"] is public
    expected = public_contact_point(SHOWN) if public else contact_point(SHOWN)
    assert result["contact_point"] == expected
    assert result["carrier"] == {
        "resourceType": "Organization",
        "identifier": "urn:oid:1.2.250.1.71.4.2.2|1010000024",
    }
