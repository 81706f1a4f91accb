"""FHIR Patch for directory changes: as ANS writes it, and planned against what is published."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from fhir.resources.R4B.parameters import Parameters
from tests.fhir import ans_examples as ans
from tests.fhir.builders import ADDRESS, PHARMACY, change, entry, replace

from balorg.domain.addresses import EmailAddress
from balorg.domain.publication import (
    BalType,
    Delete,
    DirectoryChange,
    DirectoryKind,
    EntryField,
    Insert,
    Replace,
)
from balorg.interop.fhir import (
    InvalidEntryValue,
    PlanRefused,
    conditional_patch_address,
    contact_point,
    patch_parameters,
    plan_patch,
)
from balorg.interop.fhir.systems import MAILBOX_METADATA_URL

JSON = dict[str, Any]
WHERE = "Organization.telecom.where(value = 'officine@pharmacie-du-centre.mssante.fr')"
META = f"extension('{MAILBOX_METADATA_URL}')"


def ops(parameters: JSON | None) -> list[JSON]:
    """Each operation as {part name: value}."""
    assert parameters is not None
    Parameters.model_validate(parameters)  # every emitted Parameters is valid FHIR R4
    return [
        {p["name"]: next(v for k, v in p.items() if k != "name") for p in op["part"]}
        for op in parameters["parameter"]
    ]


def test_a_creation_is_an_insert_at_index_zero_with_the_email_type_extension() -> None:
    (insert,) = ops(patch_parameters(DirectoryChange.create(entry(), DirectoryKind.NATIONAL)))
    assert insert == {
        "type": "insert",
        "path": "Organization.telecom",
        "index": 0,
        "value": contact_point(entry()),
    }
    assert insert["value"]["extension"][0]["valueCoding"]["code"] == "MSSANTE"


@pytest.mark.parametrize(
    ("field", "value", "path"),
    [
        (EntryField.RED_LIST, True, f"{WHERE}.{META}.extension('listeRouge').value"),
        (EntryField.DESCRIPTION, "Officine", f"{WHERE}.{META}.extension('description').value"),
        (EntryField.SERVICE, "Préparations", f"{WHERE}.{META}.extension('service').value"),
        (EntryField.RESPONSIBLE, "Mme Martin", f"{WHERE}.{META}.extension('responsible').value"),
        (EntryField.RANK, 1, f"{WHERE}.rank"),
    ],
)
def test_a_changed_value_is_a_replace_of_that_value(
    field: EntryField, value: str | bool | int, path: str
) -> None:
    (op,) = ops(patch_parameters(replace(field, value)))
    assert op == {"type": "replace", "path": path, "value": value}


def test_the_value_has_the_type_of_its_field() -> None:
    values: list[tuple[EntryField, str | bool | int]] = [
        (EntryField.RED_LIST, False),
        (EntryField.DESCRIPTION, "x"),
        (EntryField.RANK, 2),
    ]
    kinds = {
        field: next(
            k
            for k in patch_parameters(replace(field, value))["parameter"][0]["part"][2]
            if k != "name"
        )
        for field, value in values
    }
    assert kinds == {
        EntryField.RED_LIST: "valueBoolean",
        EntryField.DESCRIPTION: "valueString",
        EntryField.RANK: "valueInteger",
    }


@pytest.mark.parametrize(
    ("field", "path"),
    [
        (EntryField.DESCRIPTION, f"{WHERE}.{META}.extension('description')"),
        (EntryField.SERVICE, f"{WHERE}.{META}.extension('service')"),
        (EntryField.RESPONSIBLE, f"{WHERE}.{META}.extension('responsible')"),
        (EntryField.RANK, f"{WHERE}.rank"),
    ],
)
def test_a_removed_optional_value_is_a_delete_of_its_sub_extension(
    field: EntryField, path: str
) -> None:
    assert ops(patch_parameters(replace(field, None))) == [{"type": "delete", "path": path}]


def test_a_closed_mailbox_is_a_delete_of_its_contact_point() -> None:
    assert ops(patch_parameters(change(Delete()))) == [{"type": "delete", "path": WHERE}]


def test_several_operations_keep_their_order() -> None:
    found = ops(
        patch_parameters(
            change(
                Insert(entry=entry()),
                Replace(field=EntryField.RED_LIST, value=True),
                Delete(),
            )
        )
    )
    assert [op["type"] for op in found] == ["insert", "replace", "delete"]


def test_a_quote_in_the_address_is_escaped_in_the_fhirpath_literal() -> None:
    quoted = EmailAddress("o'brien@pharmacie.mssante.fr")
    (op,) = ops(patch_parameters(change(Delete(), address=quoted)))
    assert op["path"] == "Organization.telecom.where(value = 'o\\'brien@pharmacie.mssante.fr')"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (EntryField.RED_LIST, "yes"),
        (EntryField.RANK, 0),
        (EntryField.RANK, True),
        (EntryField.DESCRIPTION, 3),
    ],
)
def test_a_value_of_the_wrong_type_is_refused(field: EntryField, value: Any) -> None:
    with pytest.raises(InvalidEntryValue) as error:
        patch_parameters(replace(field, value))
    assert error.value.params["field"] == field.value


def test_the_conditional_patch_is_addressed_by_the_idnat_struct() -> None:
    assert conditional_patch_address("https://annuaire.example/fhir/", PHARMACY) == (
        "PATCH https://annuaire.example/fhir/Organization"
        "?identifier=urn:oid:1.2.250.1.71.4.2.2|1010000024"
    )


# -- planned against what the directory holds ----------------------------------------------------


def test_a_change_already_in_place_plans_nothing() -> None:
    published = contact_point(entry(red_listed=True))
    assert plan_patch(replace(EntryField.RED_LIST, True), published) is None
    assert plan_patch(DirectoryChange.create(entry(), DirectoryKind.NATIONAL),
                      contact_point(entry())) is None  # fmt: skip
    assert plan_patch(change(Delete()), None) is None


def test_an_insert_of_an_absent_address_plans_the_insert() -> None:
    creation = DirectoryChange.create(entry(), DirectoryKind.NATIONAL)
    assert plan_patch(creation, None) == patch_parameters(creation)


def test_a_value_present_on_both_sides_is_replaced_in_place() -> None:
    published = contact_point(entry(rank=2))
    found = ops(plan_patch(replace(EntryField.RANK, 1), published))
    assert found == [{"type": "replace", "path": f"{WHERE}.rank", "value": 1}]


def test_a_value_set_where_there_was_none_replaces_the_whole_contact_point() -> None:
    published = contact_point(entry())
    (op,) = ops(plan_patch(replace(EntryField.SERVICE, "Préparations"), published))
    assert op == {
        "type": "replace",
        "path": WHERE,
        "value": contact_point(entry(service="Préparations")),
    }


def test_the_whole_replacement_keeps_what_balorg_does_not_manage_and_drops_removed_fields() -> None:
    published = ans.nancy_before_june_2026() | {"use": "work"}
    published["extension"].append({"url": "https://example.org/other", "valueString": "kept"})
    published["extension"][1]["extension"].append({"url": "future", "valueString": "kept too"})
    nancy = EmailAddress(published["value"])
    (op,) = ops(plan_patch(change(Replace(field=EntryField.RANK, value=1), address=nancy),
                           published))  # fmt: skip
    cp = op["value"]
    assert cp["use"] == "work"
    assert cp["rank"] == 1
    assert {"url": "https://example.org/other", "valueString": "kept"} in cp["extension"]
    names = [s["url"] for s in cp["extension"][1]["extension"]]
    assert names == ["type", "description", "listeRouge", "future"]


def test_an_insert_over_a_published_address_plans_replaces_of_what_differs() -> None:
    published = contact_point(entry(red_listed=True, description="Ancienne"))
    found = ops(plan_patch(DirectoryChange.create(entry(), DirectoryKind.NATIONAL), published))
    assert found == [
        {
            "type": "replace",
            "path": f"{WHERE}.{META}.extension('description').value",
            "value": "Officine",
        },
        {
            "type": "replace",
            "path": f"{WHERE}.{META}.extension('listeRouge').value",
            "value": False,
        },
    ]


def test_an_insert_over_a_published_address_without_metadata_rewrites_it() -> None:
    published = copy.deepcopy(ans.PHARMACIST["telecom"][0]) | {"value": str(ADDRESS)}
    (op,) = ops(plan_patch(DirectoryChange.create(entry(), DirectoryKind.NATIONAL), published))
    assert op == {"type": "replace", "path": WHERE, "value": contact_point(entry())}


def test_the_paths_use_the_address_as_the_directory_spells_it() -> None:
    published = contact_point(entry()) | {"value": str(ADDRESS).upper()}
    (op,) = ops(plan_patch(change(Delete()), published))
    assert op["path"] == f"Organization.telecom.where(value = '{str(ADDRESS).upper()}')"


def test_a_value_changed_on_an_unpublished_address_is_refused() -> None:
    with pytest.raises(PlanRefused) as refused:
        plan_patch(replace(EntryField.RED_LIST, True), None)
    assert refused.value.code == "publication.mailbox_absent"
    assert refused.value.params == {"address": str(ADDRESS), "carrier": "1010000024"}


def test_an_insert_over_another_type_is_refused() -> None:
    with pytest.raises(PlanRefused) as refused:
        plan_patch(
            DirectoryChange.create(entry(bal_type=BalType.APP), DirectoryKind.NATIONAL),
            contact_point(entry()),
        )
    assert refused.value.code == "publication.type_mismatch"


def test_the_operations_of_one_change_go_out_as_one_step_to_their_result() -> None:
    created_then_changed = change(
        Insert(entry=entry()),
        Replace(field=EntryField.RED_LIST, value=True),
        Replace(field=EntryField.SERVICE, value="Préparations"),
    )
    (op,) = ops(plan_patch(created_then_changed, None))
    assert op == {
        "type": "insert",
        "path": "Organization.telecom",
        "index": 0,
        "value": contact_point(entry(red_listed=True, service="Préparations")),
    }

    changed_twice = change(
        Replace(field=EntryField.RED_LIST, value=True),
        Replace(field=EntryField.SERVICE, value="Préparations"),
        Replace(field=EntryField.RANK, value=3),
    )
    (op,) = ops(plan_patch(changed_twice, contact_point(entry())))
    assert op == {
        "type": "replace",
        "path": WHERE,
        "value": contact_point(entry(red_listed=True, service="Préparations", rank=3)),
    }
    assert ops(plan_patch(changed_twice, contact_point(entry(service="Accueil", rank=2)))) == [
        {"type": "replace", "path": f"{WHERE}.{META}.extension('service').value",
         "value": "Préparations"},
        {"type": "replace", "path": f"{WHERE}.{META}.extension('listeRouge').value",
         "value": True},
        {"type": "replace", "path": f"{WHERE}.rank", "value": 3},
    ]  # fmt: skip
    undone = change(
        Replace(field=EntryField.RED_LIST, value=True),
        Replace(field=EntryField.RED_LIST, value=False),
    )
    assert plan_patch(undone, contact_point(entry())) is None


def test_what_a_later_insert_or_delete_overwrites_is_not_sent() -> None:
    overwritten = change(
        Insert(entry=entry()),
        Replace(field=EntryField.RED_LIST, value=True),
        Delete(),
        Insert(entry=entry(rank=1)),
    )
    assert ops(plan_patch(overwritten, None)) == ops(
        patch_parameters(DirectoryChange.create(entry(rank=1), DirectoryKind.NATIONAL))
    )
    closing = change(Replace(field=EntryField.RED_LIST, value=True), Delete())
    assert plan_patch(closing, None) is None  # replayed once the mailbox is gone
    assert ops(plan_patch(closing, contact_point(entry()))) == [{"type": "delete", "path": WHERE}]
