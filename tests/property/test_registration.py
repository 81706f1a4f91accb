"""Generated registration forms: every valid one is accepted as written, and junk
in any one field is reported at that field."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any, Final

from hypothesis import given
from hypothesis import strategies as st

from balorg.domain.addresses import EmailAddress
from balorg.registration import MAX_TEXT, validate_registration
from balorg.testing.strategies import dates, registrations


def _compact(text: str) -> str:
    return text.replace(" ", "")


def _chosen_identifier(structure: dict[str, Any]) -> str:
    """FINESS first, then SIRET, then SIREN: the first one the form gives."""
    return next(_compact(structure[k]) for k in ("finess", "siret", "siren") if structure.get(k))


@given(st.data())
def test_every_generated_registration_is_accepted_as_written(data: st.DataObject) -> None:
    on = data.draw(dates(), label="on")
    form = data.draw(registrations(on=on), label="form")

    report = validate_registration(form, on=on)

    assert report.ok, report.errors
    assert report.errors == ()
    assert all(not w.is_error for w in report.warnings)
    registration = report.registration
    assert registration is not None
    assert registration.checked_on == on
    assert registration.generic_email == EmailAddress(form["generic_email"])
    label = form["directory_label"]
    assert (registration.label.last_name, registration.label.first_name) == (
        label["last_name"],
        label["first_name"],
    )
    structure, wanted = registration.structure, form["structure"]
    assert structure.legal_name == wanted["legal_name"]
    assert structure.category.value == wanted["category"]
    assert str(structure.identifier.identifier) == _chosen_identifier(wanted)
    location = wanted["location"]
    assert structure.location.address_lines == tuple(location["address"].split("\n"))
    assert (structure.location.postcode, structure.location.city) == (
        location["postcode"],
        location["city"],
    )
    responsible, person = registration.responsible, form["responsible"]
    assert (responsible.last_name, responsible.first_name) == (
        person["last_name"],
        person["first_name"],
    )
    assert str(responsible.email) == person["email"]
    profession = responsible.profession
    assert person["profession"] in {
        profession.key,
        profession.code,
        profession.label,
        profession.label.upper(),
    }
    number = str(responsible.idnat.identifier)
    assert _compact(person["identifier"]) in {number, str(responsible.idnat)}
    assert registration.description == form["description"]
    assert registration.red_list.national_directory is form["red_list"]["national_directory"]
    assert registration.red_list.operator_directory is form["red_list"]["operator_directory"]


_ON: Final = dt.date(2026, 6, 1)
_MISSING: Final = object()  # the key is taken out of the form
_TEXT_JUNK: Final = st.sampled_from([None, 42, [], {}, "", "   ", "x" * (MAX_TEXT + 1), _MISSING])
_BOOL_JUNK: Final = st.sampled_from(["true", 1, None, _MISSING])
_EMAIL_JUNK: Final = st.sampled_from(["pharmacie@", "@outlook.fr", "pas une adresse", 7, "", None])
#: Each field of the form and values that are wrong there.
_JUNK: Final[dict[str, st.SearchStrategy[object]]] = {
    "shared_account": st.sampled_from([False, "yes", None, _MISSING]),
    "structure": st.sampled_from(["Pharmacie du Centre", [], None, _MISSING]),
    "responsible": st.sampled_from(["Dr Martin", ["Martin"], None, _MISSING]),
    "red_list": st.sampled_from([True, "non", None, _MISSING]),
    "generic_email": _EMAIL_JUNK,
    "directory_label": st.sampled_from(["Cabinet", [], None, _MISSING]),
    "directory_label.last_name": _TEXT_JUNK,
    "directory_label.first_name": _TEXT_JUNK,
    "structure.legal_name": _TEXT_JUNK,
    "structure.category": st.sampled_from(["plombier", "", None, 3, _MISSING]),
    "structure.finess": st.sampled_from(["12345", "€", "750712185", "200000000", 750712184]),
    "structure.siret": st.sampled_from(["1234", "ABCDEFGHIJKLMN", "26010004500013", 1]),
    "structure.siren": st.sampled_from(["12", "260100046", "😴", ["260100045"]]),
    "structure.location": st.sampled_from(["Toulouse", None, _MISSING]),
    "structure.location.address": _TEXT_JUNK,
    "structure.location.postcode": st.sampled_from(["7500", "ABCDE", "750001", "", None]),
    "structure.location.city": _TEXT_JUNK,
    "responsible.last_name": _TEXT_JUNK,
    "responsible.first_name": _TEXT_JUNK,
    "responsible.profession": st.sampled_from(
        ["plombier", "", None, "psychologue/psychothérapeute", _MISSING]
    ),
    "responsible.identifier": st.sampled_from(["123", "€", "10009652728", "", None, "3²"]),
    "responsible.email": _EMAIL_JUNK,
    "description": _TEXT_JUNK,
    "red_list.national_directory": _BOOL_JUNK,
    "red_list.operator_directory": _BOOL_JUNK,
}


def _put(form: dict[str, Any], path: str, value: object) -> dict[str, Any]:
    junk = copy.deepcopy(form)
    *parents, key = path.split(".")
    where = junk
    for parent in parents:
        where = where[parent]
    if value is _MISSING:
        where.pop(key, None)
    else:
        where[key] = value
    return junk


@given(st.data(), st.sampled_from(sorted(_JUNK)))
def test_junk_in_one_field_is_reported_at_that_field(data: st.DataObject, path: str) -> None:
    form = data.draw(registrations(on=_ON), label="form")
    junk = data.draw(_JUNK[path], label="junk")

    report = validate_registration(_put(form, path, junk), on=_ON)

    assert not report.ok
    assert path in {p.path for p in report.errors}, report.errors


@given(
    registrations(on=_ON),
    st.sampled_from(["", "structure", "responsible", "structure.location", "red_list"]),
)
def test_an_unknown_key_is_reported_where_it_stands(form: dict[str, Any], parent: str) -> None:
    path = f"{parent}.fax" if parent else "fax"

    report = validate_registration(_put(form, path, "05 61 00 00 00"), on=_ON)

    assert path in {p.path for p in report.errors if p.code == "form.unknown_key"}
