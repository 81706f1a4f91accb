"""The test server refuses what ANS's write API would refuse (so that passing against it means
something): raw requests, not through the publisher."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from attrs import evolve
from tests.fhir import ans_examples as ans
from tests.fhir.builders import PHONE, carrier, change, entry, replace
from tests.fhir.server import FhirTestServer

from balorg.domain.addresses import EmailAddress
from balorg.domain.publication import (
    Delete,
    DirectoryChange,
    DirectoryKind,
    EntryField,
    Insert,
    Replace,
)
from balorg.interop.fhir import contact_point, patch_parameters
from balorg.interop.fhir.patch import operation, parameters

JSON = dict[str, Any]
WHERE = "Organization.telecom.where(value = 'officine@pharmacie-du-centre.mssante.fr')"
META = "extension('https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-ext-mailbox-mss-metadata')"


@pytest.fixture
def client(fhir_server: FhirTestServer) -> Iterator[httpx.Client]:
    fhir_server.add(carrier(contact_point(entry()), ident="pharmacy"))
    headers = {"ESANTE-API-KEY": fhir_server.api_key, "Content-Type": "application/fhir+json"}
    with httpx.Client(base_url=fhir_server.base_url, headers=headers, timeout=2) as c:
        yield c


def patch(client: httpx.Client, body: object, **headers: str) -> httpx.Response:
    return client.patch(
        "/Organization",
        params={"identifier": "urn:oid:1.2.250.1.71.4.2.2|1010000024"},
        content=json.dumps(body),
        headers=headers,
    )


def refusal(response: httpx.Response) -> tuple[int, str]:
    body = response.json()
    assert body["resourceType"] == "OperationOutcome"
    return response.status_code, body["issue"][0]["details"]["text"]


def test_the_documented_operations_apply(client: httpx.Client, fhir_server: FhirTestServer) -> None:
    response = patch(client, patch_parameters(replace(EntryField.RED_LIST, True)))
    assert response.status_code == 200
    assert response.json()["meta"]["versionId"] == "2"


def test_a_wrong_content_type_is_refused(client: httpx.Client) -> None:
    body = patch_parameters(replace(EntryField.RED_LIST, True))
    status, _ = refusal(patch(client, body, **{"Content-Type": "application/json-patch+json"}))
    assert status == 415


@pytest.mark.parametrize("key", ["", "wrong"])
def test_a_missing_or_wrong_key_is_401(client: httpx.Client, key: str) -> None:
    body = patch_parameters(replace(EntryField.RED_LIST, True))
    assert refusal(patch(client, body, **{"ESANTE-API-KEY": key})) == (
        401,
        "Missing or invalid API key",
    )


def test_no_match_is_404_and_several_are_412(
    client: httpx.Client, fhir_server: FhirTestServer
) -> None:
    body = patch_parameters(replace(EntryField.RED_LIST, True))
    missing = client.patch(
        "/Organization",
        params={"identifier": "urn:oid:1.2.250.1.71.4.2.2|1750712184"},
        content=json.dumps(body),
    )
    assert refusal(missing)[0] == 404
    fhir_server.add(carrier())
    assert refusal(patch(client, body))[0] == 412


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ("not json", "The body is not JSON"),
        ({"resourceType": "Bundle"}, "The body must be a Parameters resource"),
        (
            {"resourceType": "Parameters", "parameter": []},
            "A FHIR Patch needs at least one operation",
        ),
        (
            parameters([operation("add", WHERE, value=("valueString", "x"))]),
            "Operation 'add' is not supported",
        ),
        (
            parameters([operation("replace", "Organization.name", value=("valueString", "x"))]),
            "Path not supported: Organization.name",
        ),
        (
            parameters(
                [operation("replace", f"{WHERE}.value", value=("valueString", "a@b.mssante.fr"))]
            ),
            "The address of a mailbox cannot change",
        ),
        (
            parameters(
                [
                    operation(
                        "replace",
                        f"{WHERE}.{META}.extension('type').value",
                        value=("valueCode", "APP"),
                    )
                ]
            ),
            "The type of a mailbox cannot change",
        ),
        (
            parameters([operation("delete", f"{WHERE}.{META}.extension('type')")]),
            "The type of a mailbox cannot change",
        ),
        (
            parameters(
                [
                    operation(
                        "replace",
                        f"{WHERE}.{META}.extension('service').value",
                        value=("valueString", "x"),
                    )
                ]
            ),
            "Nothing to replace at 'service'",
        ),
        (
            parameters(
                [
                    operation(
                        "replace",
                        f"{WHERE}.{META}.extension('phone').value",
                        value=("valueString", "x"),
                    )
                ]
            ),
            "Unknown sub-extension 'phone'",
        ),
        (
            parameters([operation("replace", f"{WHERE}.rank", value=("valueInteger", 1))]),
            "Nothing to replace at rank",
        ),
        (
            parameters(
                [
                    operation(
                        "replace",
                        f"{WHERE}.{META}.extension('listeRouge').value",
                        value=("valueString", "true"),
                    )
                ]
            ),
            "'listeRouge' takes valueBoolean",
        ),
    ],
)
def test_what_ans_would_refuse_is_a_400_with_an_operation_outcome(
    client: httpx.Client, fhir_server: FhirTestServer, body: object, text: str
) -> None:
    before = fhir_server.telecom("Organization", "pharmacy")
    response = client.patch(
        "/Organization",
        params={"identifier": "urn:oid:1.2.250.1.71.4.2.2|1010000024"},
        content=body if isinstance(body, str) else json.dumps(body),
    )
    assert refusal(response) == (400, text)
    assert fhir_server.telecom("Organization", "pharmacy") == before


def _insert(cp: JSON) -> JSON:
    return parameters(
        [operation("insert", "Organization.telecom", index=0, value=("valueContactPoint", cp))]
    )


@pytest.mark.parametrize(
    ("cp", "text"),
    [
        (ans.FEEDING_PAGE_MAILBOX, "as-mailbox-mss requires the e-mail type extension MSSANTE"),
        (
            ans.OPENAPI_MAILBOX
            | {"extension": [ans.EMAIL_TYPE, *ans.OPENAPI_MAILBOX["extension"]]},
            "The mailbox type is one coding of TRE_R257-TypeBAL",
        ),
        ({**ans.nancy_before_june_2026()}, "Unknown sub-extension 'phone'"),
        (
            contact_point(entry()),
            "The mailbox 'officine@pharmacie-du-centre.mssante.fr' already exists",
        ),
        (
            contact_point(entry()) | {"value": "officine@example.org"},
            "The address does not match the MSSanté pattern",
        ),
    ],
)
def test_an_insert_must_be_an_as_mailbox_mss_contact_point(
    client: httpx.Client, cp: JSON, text: str
) -> None:
    assert refusal(patch(client, _insert(cp))) == (400, text)


def test_a_patch_applies_whole_or_not_at_all(
    client: httpx.Client, fhir_server: FhirTestServer
) -> None:
    before = fhir_server.telecom("Organization", "pharmacy")
    body = patch_parameters(
        change(
            Replace(field=EntryField.RED_LIST, value=True),
            Replace(field=EntryField.SERVICE, value="x"),
        )
    )
    assert refusal(patch(client, body))[0] == 400
    assert fhir_server.telecom("Organization", "pharmacy") == before


def test_deleting_what_is_absent_is_not_an_error(
    client: httpx.Client, fhir_server: FhirTestServer
) -> None:
    body = patch_parameters(replace(EntryField.SERVICE, None))
    assert patch(client, body).status_code == 200
    removal = patch_parameters(change(Insert(entry=entry())))
    removal["parameter"] = [operation("delete", WHERE), operation("delete", WHERE)]
    assert patch(client, removal).status_code == 200
    assert fhir_server.telecom("Organization", "pharmacy") == [PHONE]


def test_the_mailbox_type_search_is_not_exposed(client: httpx.Client) -> None:
    response = client.get("/Organization", params={"mailbox-mss-type": "ORG"})
    assert refusal(response) == (
        400,
        "Unknown search parameter 'mailbox-mss-type' for Organization",
    )


def test_searches_page_through_next_links(
    client: httpx.Client, fhir_server: FhirTestServer
) -> None:
    for n in range(4):
        fhir_server.add(
            carrier(contact_point(entry(address=EmailAddress(f"b{n}@pharmacie.mssante.fr"))))
        )
    first = client.get("/Organization", params={"mailbox-mss:contains": "@pharmacie."}).json()
    assert first["total"] == 4
    assert len(first["entry"]) == 2
    (following,) = [link["url"] for link in first["link"] if link["relation"] == "next"]
    assert "_page_token=" in following
    second = client.get(following).json()
    assert len(second["entry"]) == 2
    assert not [link for link in second["link"] if link["relation"] == "next"]


def test_an_address_with_a_quote_round_trips_through_its_fhirpath_literal(
    client: httpx.Client, fhir_server: FhirTestServer
) -> None:
    quoted = entry(address=EmailAddress("o'brien@pharmacie.mssante.fr"))
    described = change(Replace(field=EntryField.DESCRIPTION, value="x"), address=quoted.address)
    for step in (DirectoryChange.create(quoted, DirectoryKind.NATIONAL), described):
        assert patch(client, patch_parameters(step)).status_code == 200
    cp = fhir_server.telecom("Organization", "pharmacy")[0]
    assert cp == contact_point(evolve(quoted, description="x"))
    closing = change(Delete(), address=quoted.address)
    assert patch(client, patch_parameters(closing)).status_code == 200
    assert "o'brien@pharmacie.mssante.fr" not in str(
        fhir_server.telecom("Organization", "pharmacy")
    )
