"""Reading the national directory over its FHIR API, against the test server."""

from __future__ import annotations

import copy
import logging

import pytest
from tests.fhir import ans_examples as ans
from tests.fhir.builders import PHARMACY, carrier, entry
from tests.fhir.server import Fault, FhirTestServer

from balorg.adapters.fhir.reader import DirectoryReadError, FhirDirectoryReader
from balorg.domain.addresses import EmailAddress
from balorg.domain.directory import Activity, PersonRef, StructureRef
from balorg.domain.identifiers import IdNatPS, Rpps, parse_ps
from balorg.domain.publication import BalType
from balorg.interop.fhir import contact_point
from balorg.ports.directory import DirectoryLookup

REAL_RPPS = "10009652727"  # a key-valid RPPS, so that IdNatPS can hold it


def pharmacist_in(server: FhirTestServer) -> None:
    server.add(ans.PHARMACIST)
    server.add(ans.PHARMACY)
    server.add(ans.PHARMACIST_ROLE)


def test_the_reader_is_a_directory_lookup(reader: FhirDirectoryReader) -> None:
    lookup: DirectoryLookup = reader
    assert lookup is reader


def test_a_professional_is_read_with_profession_and_activities(
    fhir_server: FhirTestServer, reader: FhirDirectoryReader
) -> None:
    pharmacist = copy.deepcopy(ans.PHARMACIST)
    pharmacist["identifier"][0]["value"] = "8" + REAL_RPPS
    fhir_server.add(pharmacist)
    fhir_server.add(ans.PHARMACY)
    fhir_server.add(ans.PHARMACIST_ROLE)
    person = reader.professional(parse_ps("8" + REAL_RPPS))
    assert person is not None
    assert (person.idnat.text, person.last_name, person.first_name, person.civility) == (
        "8" + REAL_RPPS,
        "CHATELIER",
        "David",
        "M",
    )
    assert (person.profession_code, person.profession_label) == ("21", "Pharmacien")
    assert person.activities == (
        Activity(
            structure=StructureRef.read("1580008803"),
            structure_name="PHARMACIE NOLOT",
            finess_legal_entity="580008803",
            mode="L",
            role="FON-AU",
            postcode="58000",
            city="NEVERS",
            profession_code="21",
            sector="SA33",
        ),
    )
    (roles,) = [r for r in fhir_server.requests("GET") if r.path.endswith("PractitionerRole")]
    assert roles.query["_include"] == ["PractitionerRole:organization"]


def test_a_professional_known_only_by_rpps_is_found_by_the_rpps_system(
    fhir_server: FhirTestServer, reader: FhirDirectoryReader
) -> None:
    only_rpps = copy.deepcopy(ans.PHARMACIST)
    only_rpps["identifier"] = [{"system": "https://rpps.esante.gouv.fr", "value": REAL_RPPS}]
    fhir_server.add(only_rpps)
    person = reader.professional(IdNatPS.of(Rpps.from_string(REAL_RPPS)))
    assert person is not None
    assert person.idnat == PersonRef.read("8" + REAL_RPPS)
    assert person.activities == ()


def test_an_unknown_professional_is_none(reader: FhirDirectoryReader) -> None:
    assert reader.professional(parse_ps("8" + REAL_RPPS)) is None


def test_a_mailbox_is_found_by_address_on_an_organization(
    fhir_server: FhirTestServer, reader: FhirDirectoryReader
) -> None:
    fhir_server.add(ans.NANCY)
    found = reader.mailbox(EmailAddress("exemple.address@address.mssante.fr"))
    assert found is not None
    assert (found.bal_type, found.structure, found.structure_name, found.description) == (
        BalType.ORG,
        StructureRef.read("1540002698"),
        "CHRU NANCY - HOPITAUX DE BRABOIS",
        "Description-mss",
    )
    assert found.postcode == "54511"


def test_a_personal_mailbox_is_found_on_a_practitioner(
    fhir_server: FhirTestServer, reader: FhirDirectoryReader
) -> None:
    fhir_server.add(ans.PHARMACIST)
    found = reader.mailbox(EmailAddress("davidchatelier@xxx.mssante.fr"))
    assert found is not None
    assert (found.bal_type, found.person, found.last_name, found.profession_code) == (
        BalType.PER,
        PersonRef.read("810102727017"),
        "CHATELIER",
        "21",
    )


def test_a_mailbox_on_a_practitioner_role_comes_with_its_professional_and_structure(
    fhir_server: FhirTestServer, reader: FhirDirectoryReader
) -> None:
    pharmacist_in(fhir_server)
    role = copy.deepcopy(ans.PHARMACIST_ROLE) | {"id": "role-2"}
    role["telecom"] = [
        {
            "system": "email",
            "value": "d.chatelier@pharmacie-nolot.mssante.fr",
            "extension": [ans.EMAIL_TYPE],
        }
    ]
    fhir_server.add(role)
    found = reader.mailbox(EmailAddress("d.chatelier@pharmacie-nolot.mssante.fr"))
    assert found is not None
    assert (found.person, found.structure, found.structure_name, found.first_name) == (
        PersonRef.read("810102727017"),
        StructureRef.read("1580008803"),
        "PHARMACIE NOLOT",
        "David",
    )


def test_a_mailbox_is_found_whatever_the_case_and_an_absent_one_is_none(
    fhir_server: FhirTestServer, reader: FhirDirectoryReader
) -> None:
    shouting = contact_point(entry()) | {"value": "OFFICINE@Pharmacie-du-Centre.mssante.fr"}
    fhir_server.add(carrier(shouting))
    found = reader.mailbox(EmailAddress("officine@pharmacie-du-centre.mssante.fr"))
    assert found is not None
    assert found.structure == StructureRef.read(str(PHARMACY))
    assert reader.mailbox(EmailAddress("absent@pharmacie-du-centre.mssante.fr")) is None


def _five_mailboxes(server: FhirTestServer) -> None:
    boxes = [
        contact_point(entry(address=EmailAddress(f"box{n}@pharmacie.mssante.fr"), bal_type=kind))
        for n, kind in enumerate([BalType.ORG, BalType.APP, BalType.ORG, BalType.APP, BalType.ORG])
    ]
    server.add(carrier(*boxes[:3]))
    server.add(carrier(*boxes[3:], structure=PHARMACY))


def test_a_structures_mailboxes_come_from_every_page_sorted_by_address(
    fhir_server: FhirTestServer, reader: FhirDirectoryReader
) -> None:
    fhir_server.add(carrier(contact_point(entry())))
    for _n in range(4):
        fhir_server.add(carrier(structure=PHARMACY))  # same identifier: several pages
    found = reader.structure_mailboxes(StructureRef.read(str(PHARMACY)))
    assert [str(m.address) for m in found] == ["officine@pharmacie-du-centre.mssante.fr"]
    tokens = [r.query.get("_page_token") for r in fhir_server.requests("GET")]
    assert tokens[0] is None
    assert all(t is not None for t in tokens[1:])
    assert len(tokens) == 3  # five Organizations, two a page


def test_the_mailbox_type_is_filtered_on_the_client(
    fhir_server: FhirTestServer, reader: FhirDirectoryReader
) -> None:
    _five_mailboxes(fhir_server)
    apps = reader.structure_mailboxes(PHARMACY, types={BalType.APP})
    assert [str(m.address) for m in apps] == [
        "box1@pharmacie.mssante.fr",
        "box3@pharmacie.mssante.fr",
    ]
    assert all("mailbox-mss-type" not in r.query for r in fhir_server.requests("GET"))
    everything = reader.structure_mailboxes(PHARMACY)
    assert len(everything) == 5


def test_a_technical_structure_id_is_searched_in_any_system(
    fhir_server: FhirTestServer, reader: FhirDirectoryReader
) -> None:
    technical = carrier(contact_point(entry()))
    technical["identifier"] = [{"system": "https://annuaire.sante.fr", "value": "R10100000328372"}]
    fhir_server.add(technical)
    found = reader.structure_mailboxes("R10100000328372")
    assert [m.structure for m in found] == [None]
    (search,) = fhir_server.requests("GET")
    assert search.query["identifier"] == ["R10100000328372"]


def test_a_search_of_addresses_follows_every_page(
    fhir_server: FhirTestServer, reader: FhirDirectoryReader
) -> None:
    _five_mailboxes(fhir_server)
    found = list(reader.search_mailboxes("@pharmacie.", types={BalType.ORG}))
    assert sorted(str(m.address) for m in found) == [
        "box0@pharmacie.mssante.fr",
        "box2@pharmacie.mssante.fr",
        "box4@pharmacie.mssante.fr",
    ]


def test_a_next_link_to_another_host_is_not_followed(
    fhir_server: FhirTestServer, reader: FhirDirectoryReader
) -> None:
    _five_mailboxes(fhir_server)
    for _n in range(3):
        fhir_server.add(carrier(structure=PHARMACY))
    fhir_server.foreign_next_links = True
    with pytest.raises(DirectoryReadError) as error:
        reader.structure_mailboxes(PHARMACY)
    assert error.value.code == "fhir.foreign_link"
    assert error.value.params["host"] == "elsewhere.example"
    assert len(fhir_server.requests("GET")) == 1


def test_a_server_error_is_a_retryable_read_failure(
    fhir_server: FhirTestServer, reader: FhirDirectoryReader
) -> None:
    fhir_server.fail_next(Fault(status=503))
    with pytest.raises(DirectoryReadError) as error:
        reader.mailbox(EmailAddress("a@b.mssante.fr"))
    assert (error.value.code, error.value.retryable) == ("fhir.read_failed", True)


def test_a_wrong_key_is_a_read_failure_that_does_not_say_the_key(
    fhir_server: FhirTestServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fhir_server.echo_key = True
    secret = "wrong-key-0123456789"
    with (
        FhirDirectoryReader(fhir_server.base_url, secret, timeout=0.5) as reader,
        pytest.raises(DirectoryReadError) as error,
    ):
        reader.mailbox(EmailAddress("a@b.mssante.fr"))
    assert not error.value.retryable
    assert error.value.detail == "Missing or invalid API key (received '********')"
    assert secret not in repr(reader) + str(error.value) + caplog.text
