"""Publishing to the national directory over HTTP, against the strict test server."""

from __future__ import annotations

import json
import logging
import traceback
from typing import Any

import pytest
from tests.fhir.builders import ADDRESS, PHARMACY, PHONE, carrier, change, entry, replace
from tests.fhir.server import Fault, FhirTestServer

from balorg.adapters.fhir.publisher import FhirDirectoryPublisher
from balorg.domain.addresses import EmailAddress
from balorg.domain.publication import (
    BalType,
    Delete,
    DirectoryChange,
    DirectoryKind,
    EntryField,
    Insert,
    MailboxEntry,
    Replace,
)
from balorg.interop.fhir.contact_point import contact_point
from balorg.ports.publisher import DirectoryPublisher, PublicationFailed

JSON = dict[str, Any]


def mailboxes(server: FhirTestServer, ident: str = "pharmacy") -> list[JSON]:
    return [cp for cp in server.telecom("Organization", ident) if cp["system"] == "email"]


def last_patch(server: FhirTestServer) -> list[tuple[str, str]]:
    body = json.loads(server.requests("PATCH")[-1].body)
    return [(op["part"][0]["valueCode"], op["part"][1]["valueString"]) for op in body["parameter"]]


def publish(publisher: FhirDirectoryPublisher, directory_change: DirectoryChange) -> None:
    publisher.apply(directory_change, key=f"k-{id(directory_change)}")


def test_the_publisher_is_a_directory_publisher_for_the_national_directory_only(
    publisher: FhirDirectoryPublisher,
) -> None:
    port: DirectoryPublisher = publisher
    assert port.handles(DirectoryKind.NATIONAL)
    assert not port.handles(DirectoryKind.OPERATOR)
    with pytest.raises(PublicationFailed) as failure:
        publish(publisher, change(Delete(), directory=DirectoryKind.OPERATOR))
    assert failure.value.code == "publication.not_handled"
    assert not failure.value.retryable


def test_the_life_of_a_pharmacy_mailbox_ends_with_exactly_the_expected_telecom(
    fhir_server: FhirTestServer, publisher: FhirDirectoryPublisher
) -> None:
    fhir_server.add(carrier(ident="pharmacy"))
    created = entry()
    steps: list[tuple[DirectoryChange, MailboxEntry]] = [
        (DirectoryChange.create(created, DirectoryKind.NATIONAL), created),
        (replace(EntryField.RED_LIST, True), entry(red_listed=True)),
        (replace(EntryField.RED_LIST, False), entry()),
        (
            replace(EntryField.DESCRIPTION, "Officine du centre"),
            entry(description="Officine du centre"),
        ),
        (
            replace(EntryField.SERVICE, "Préparations"),
            entry(description="Officine du centre", service="Préparations"),
        ),
        (
            replace(EntryField.RESPONSIBLE, "Mme Martin, 05 61 00 00 01"),
            entry(
                description="Officine du centre",
                service="Préparations",
                responsible_contact="Mme Martin, 05 61 00 00 01",
            ),
        ),
        (
            replace(EntryField.RESPONSIBLE, "M. Durand, 05 61 00 00 02"),
            entry(
                description="Officine du centre",
                service="Préparations",
                responsible_contact="M. Durand, 05 61 00 00 02",
            ),
        ),
        (
            replace(EntryField.RANK, 1),
            entry(
                description="Officine du centre",
                service="Préparations",
                responsible_contact="M. Durand, 05 61 00 00 02",
                rank=1,
            ),
        ),
        (
            replace(EntryField.SERVICE, None),
            entry(
                description="Officine du centre",
                responsible_contact="M. Durand, 05 61 00 00 02",
                rank=1,
            ),
        ),
    ]
    for step, expected in steps:
        publish(publisher, step)
        assert mailboxes(fhir_server) == [contact_point(expected)], step
    publish(publisher, change(Delete()))
    assert fhir_server.telecom("Organization", "pharmacy") == [PHONE]


def test_each_step_sends_the_operation_ans_documents(
    fhir_server: FhirTestServer, publisher: FhirDirectoryPublisher
) -> None:
    fhir_server.add(carrier(ident="pharmacy"))
    where = f"Organization.telecom.where(value = '{ADDRESS}')"
    metadata = (
        "extension('https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/"
        "as-ext-mailbox-mss-metadata')"
    )
    publish(publisher, DirectoryChange.create(entry(rank=2), DirectoryKind.NATIONAL))
    assert last_patch(fhir_server) == [("insert", "Organization.telecom")]
    publish(publisher, replace(EntryField.RED_LIST, True))
    assert last_patch(fhir_server) == [
        ("replace", f"{where}.{metadata}.extension('listeRouge').value")
    ]
    publish(publisher, replace(EntryField.RANK, 1))
    assert last_patch(fhir_server) == [("replace", f"{where}.rank")]
    publish(publisher, replace(EntryField.DESCRIPTION, None))
    assert last_patch(fhir_server) == [("delete", f"{where}.{metadata}.extension('description')")]
    # A value set where there was none: the whole ContactPoint is replaced.
    publish(publisher, replace(EntryField.SERVICE, "Préparations"))
    assert last_patch(fhir_server) == [("replace", where)]
    publish(publisher, change(Delete()))
    assert last_patch(fhir_server) == [("delete", where)]


def test_the_requests_are_conditional_patches_in_fhir_json_with_the_key_in_its_header(
    fhir_server: FhirTestServer, publisher: FhirDirectoryPublisher
) -> None:
    fhir_server.add(carrier(ident="pharmacy"))
    publish(publisher, DirectoryChange.create(entry(), DirectoryKind.NATIONAL))
    (read,) = fhir_server.requests("GET")
    (patch,) = fhir_server.requests("PATCH")
    for request in (read, patch):
        assert request.path == "/fhir/Organization"
        assert request.query == {"identifier": ["urn:oid:1.2.250.1.71.4.2.2|1010000024"]}
        assert request.headers["ESANTE-API-KEY"] == fhir_server.api_key
    assert patch.headers["Content-Type"] == "application/fhir+json"


def test_several_operations_of_one_change_go_in_one_request_in_order(
    fhir_server: FhirTestServer, publisher: FhirDirectoryPublisher
) -> None:
    fhir_server.add(carrier(contact_point(entry(service="Accueil")), ident="pharmacy"))
    publish(
        publisher,
        change(
            Replace(field=EntryField.RED_LIST, value=True),
            Replace(field=EntryField.SERVICE, value="Préparations"),
        ),
    )
    assert [kind for kind, _ in last_patch(fhir_server)] == ["replace", "replace"]
    assert mailboxes(fhir_server) == [contact_point(entry(service="Préparations", red_listed=True))]


# -- replay ----------------------------------------------------------------------------------


def test_replaying_a_creation_changes_nothing_and_sends_no_patch(
    fhir_server: FhirTestServer, publisher: FhirDirectoryPublisher
) -> None:
    fhir_server.add(carrier(ident="pharmacy"))
    creation = DirectoryChange.create(entry(), DirectoryKind.NATIONAL)
    publisher.apply(creation, key="k1")
    publisher.apply(creation, key="k1")
    assert len(fhir_server.requests("PATCH")) == 1
    assert mailboxes(fhir_server) == [contact_point(entry())]


def test_an_insert_over_an_address_already_there_becomes_replaces(
    fhir_server: FhirTestServer, publisher: FhirDirectoryPublisher
) -> None:
    fhir_server.add(carrier(contact_point(entry(red_listed=True)), ident="pharmacy"))
    wanted = entry(description="Nouvelle description")
    publish(publisher, DirectoryChange.create(wanted, DirectoryKind.NATIONAL))
    assert [kind for kind, _ in last_patch(fhir_server)] == ["replace", "replace"]
    assert mailboxes(fhir_server) == [contact_point(wanted)]


def test_a_delete_of_an_absent_mailbox_succeeds_without_a_request(
    fhir_server: FhirTestServer, publisher: FhirDirectoryPublisher
) -> None:
    fhir_server.add(carrier(ident="pharmacy"))
    publish(publisher, change(Delete()))
    assert fhir_server.requests("PATCH") == []


def test_the_address_is_found_whatever_its_case_in_the_directory(
    fhir_server: FhirTestServer, publisher: FhirDirectoryPublisher
) -> None:
    shouting = contact_point(entry()) | {"value": str(ADDRESS).upper()}
    fhir_server.add(carrier(shouting, ident="pharmacy"))
    publish(publisher, replace(EntryField.RED_LIST, True))
    (cp,) = mailboxes(fhir_server)
    assert cp["value"] == str(ADDRESS).upper()
    assert cp["extension"][1]["extension"][-1] == {"url": "listeRouge", "valueBoolean": True}


# -- failures that may pass --------------------------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503, 504, 429])
def test_a_server_error_is_retryable_and_the_retry_applies_the_change(
    fhir_server: FhirTestServer, publisher: FhirDirectoryPublisher, status: int
) -> None:
    fhir_server.add(carrier(ident="pharmacy"))
    fhir_server.fail_next(Fault(status=status, methods=frozenset({"PATCH"})))
    creation = DirectoryChange.create(entry(), DirectoryKind.NATIONAL)
    with pytest.raises(PublicationFailed) as failure:
        publisher.apply(creation, key="k1")
    assert (failure.value.code, failure.value.retryable) == ("publication.unavailable", True)
    assert failure.value.detail == "Injected failure"
    assert mailboxes(fhir_server) == []
    publisher.apply(creation, key="k1")
    assert mailboxes(fhir_server) == [contact_point(entry())]


def test_a_server_error_on_the_read_is_retryable(
    fhir_server: FhirTestServer, publisher: FhirDirectoryPublisher
) -> None:
    fhir_server.add(carrier(ident="pharmacy"))
    fhir_server.fail_next(Fault(status=503, methods=frozenset({"GET"})))
    with pytest.raises(PublicationFailed) as failure:
        publish(publisher, DirectoryChange.create(entry(), DirectoryKind.NATIONAL))
    assert failure.value.retryable
    assert fhir_server.requests("PATCH") == []


def test_a_time_out_before_the_server_applies_is_retryable(
    fhir_server: FhirTestServer, publisher: FhirDirectoryPublisher
) -> None:
    fhir_server.add(carrier(ident="pharmacy"))
    fhir_server.fail_next(Fault(stall=True, methods=frozenset({"PATCH"})))
    creation = DirectoryChange.create(entry(), DirectoryKind.NATIONAL)
    with pytest.raises(PublicationFailed) as failure:
        publisher.apply(creation, key="k1")
    assert (failure.value.code, failure.value.retryable) == ("publication.unavailable", True)
    assert failure.value.detail == "time-out"
    assert mailboxes(fhir_server) == []
    publisher.apply(creation, key="k1")
    assert mailboxes(fhir_server) == [contact_point(entry())]


def test_a_time_out_after_the_server_applied_makes_the_retry_harmless(
    fhir_server: FhirTestServer, publisher: FhirDirectoryPublisher
) -> None:
    fhir_server.add(carrier(ident="pharmacy"))
    fhir_server.fail_next(Fault(stall=True, after_apply=True, methods=frozenset({"PATCH"})))
    creation = DirectoryChange.create(entry(), DirectoryKind.NATIONAL)
    with pytest.raises(PublicationFailed) as failure:
        publisher.apply(creation, key="k1")
    assert failure.value.retryable
    assert mailboxes(fhir_server) == [contact_point(entry())]
    publisher.apply(creation, key="k1")
    assert len(fhir_server.requests("PATCH")) == 1
    assert mailboxes(fhir_server) == [contact_point(entry())]


def test_no_server_at_all_is_retryable(fhir_server: FhirTestServer) -> None:
    base = fhir_server.base_url
    fhir_server.stop()
    with (
        FhirDirectoryPublisher(base, "k", timeout=0.5) as publisher,
        pytest.raises(PublicationFailed) as failure,
    ):
        publish(publisher, change(Delete()))
    assert failure.value.retryable
    assert failure.value.detail.startswith("no connection")


# -- failures kept for a person ----------------------------------------------------------------


def test_a_wrong_key_is_an_unauthorized_failure_kept_for_a_person(
    fhir_server: FhirTestServer,
) -> None:
    fhir_server.add(carrier(ident="pharmacy"))
    with (
        FhirDirectoryPublisher(fhir_server.base_url, "not-the-key", timeout=0.5) as publisher,
        pytest.raises(PublicationFailed) as failure,
    ):
        publish(publisher, DirectoryChange.create(entry(), DirectoryKind.NATIONAL))
    assert (failure.value.code, failure.value.retryable) == ("publication.unauthorized", False)
    assert failure.value.detail == "Missing or invalid API key"


def test_no_carrier_is_a_not_found_failure(
    fhir_server: FhirTestServer, publisher: FhirDirectoryPublisher
) -> None:
    with pytest.raises(PublicationFailed) as failure:
        publish(publisher, DirectoryChange.create(entry(), DirectoryKind.NATIONAL))
    assert (failure.value.code, failure.value.retryable) == ("publication.carrier_not_found", False)
    assert failure.value.params["carrier"] == "1010000024"
    assert "1010000024" in failure.value.message("fr")


def test_several_carriers_are_an_ambiguous_failure(
    fhir_server: FhirTestServer, publisher: FhirDirectoryPublisher
) -> None:
    fhir_server.add(carrier())
    fhir_server.add(carrier())
    with pytest.raises(PublicationFailed) as failure:
        publish(publisher, DirectoryChange.create(entry(), DirectoryKind.NATIONAL))
    assert (failure.value.code, failure.value.retryable) == ("publication.carrier_ambiguous", False)


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (400, "publication.bad_request"),
        (401, "publication.unauthorized"),
        (404, "publication.carrier_not_found"),
        (412, "publication.carrier_ambiguous"),
        (409, "publication.rejected"),
    ],
)
def test_each_refusal_of_the_patch_has_its_code_and_the_servers_text(
    fhir_server: FhirTestServer, publisher: FhirDirectoryPublisher, status: int, code: str
) -> None:
    fhir_server.add(carrier(ident="pharmacy"))
    fhir_server.fail_next(Fault(status=status, methods=frozenset({"PATCH"})))
    with pytest.raises(PublicationFailed) as failure:
        publish(publisher, DirectoryChange.create(entry(), DirectoryKind.NATIONAL))
    assert (failure.value.code, failure.value.retryable) == (code, False)
    assert failure.value.detail == "Injected failure"
    assert failure.value.params["status"] == status


def test_an_address_the_server_refuses_is_a_bad_request_with_its_outcome(
    fhir_server: FhirTestServer, publisher: FhirDirectoryPublisher
) -> None:
    fhir_server.add(carrier(ident="pharmacy"))
    outside = entry(address=EmailAddress("officine@example.org"))
    with pytest.raises(PublicationFailed) as failure:
        publish(publisher, DirectoryChange.create(outside, DirectoryKind.NATIONAL))
    assert failure.value.code == "publication.bad_request"
    assert failure.value.detail == "The address does not match the MSSanté pattern"
    assert "MSSanté pattern" in failure.value.message("en")


def test_a_value_changed_on_an_unpublished_address_waits_for_a_person(
    fhir_server: FhirTestServer, publisher: FhirDirectoryPublisher
) -> None:
    fhir_server.add(carrier(ident="pharmacy"))
    with pytest.raises(PublicationFailed) as failure:
        publish(publisher, replace(EntryField.RED_LIST, True))
    assert (failure.value.code, failure.value.retryable) == ("publication.mailbox_absent", False)
    assert fhir_server.requests("PATCH") == []


def test_an_insert_over_a_mailbox_of_another_type_is_refused(
    fhir_server: FhirTestServer, publisher: FhirDirectoryPublisher
) -> None:
    fhir_server.add(carrier(contact_point(entry()), ident="pharmacy"))
    with pytest.raises(PublicationFailed) as failure:
        publish(
            publisher,
            DirectoryChange.create(entry(bal_type=BalType.APP), DirectoryKind.NATIONAL),
        )
    assert failure.value.code == "publication.type_mismatch"
    assert failure.value.params["published"] == "ORG"


def test_a_value_of_the_wrong_type_is_refused_before_any_request(
    fhir_server: FhirTestServer, publisher: FhirDirectoryPublisher
) -> None:
    fhir_server.add(carrier(contact_point(entry()), ident="pharmacy"))
    with pytest.raises(PublicationFailed) as failure:
        publish(publisher, replace(EntryField.RANK, "first"))
    assert failure.value.code == "publication.invalid_value"
    assert fhir_server.requests("PATCH") == []


# -- the key never leaks -----------------------------------------------------------------------


def _everything_said(failure: PublicationFailed) -> str:
    return "\n".join(
        [
            str(failure),
            repr(failure),
            failure.detail,
            failure.message("fr"),
            failure.message("en"),
            json.dumps(dict(failure.params), default=str),
            "".join(traceback.format_exception(failure)),
        ]
    )


@pytest.mark.parametrize(
    "fault",
    [
        None,
        Fault(status=503, methods=frozenset({"PATCH"})),
        Fault(stall=True, methods=frozenset({"PATCH"})),
        Fault(status=400, methods=frozenset({"PATCH"})),
    ],
)
def test_the_key_is_never_in_a_failure_a_repr_or_a_log(
    fhir_server: FhirTestServer, caplog: pytest.LogCaptureFixture, fault: Fault | None
) -> None:
    caplog.set_level(logging.DEBUG)
    fhir_server.echo_key = True
    fhir_server.add(carrier(ident="pharmacy"))
    secret = fhir_server.api_key if fault is not None else "wrong-key-4242-abcdef"
    if fault is not None:
        fhir_server.fail_next(fault)
    with (
        FhirDirectoryPublisher(fhir_server.base_url, secret, timeout=0.5) as publisher,
        pytest.raises(PublicationFailed) as failure,
    ):
        publish(publisher, DirectoryChange.create(entry(), DirectoryKind.NATIONAL))
    assert secret not in repr(publisher)
    assert secret not in _everything_said(failure.value)
    assert secret not in caplog.text
    assert any(r.name.startswith(("httpx", "httpcore")) for r in caplog.records)


def test_a_server_that_echoes_the_key_has_it_cut_out_of_the_detail(
    fhir_server: FhirTestServer,
) -> None:
    fhir_server.echo_key = True
    fhir_server.add(carrier(ident="pharmacy"))
    with (
        FhirDirectoryPublisher(fhir_server.base_url, "wrong-key-4242", timeout=0.5) as publisher,
        pytest.raises(PublicationFailed) as failure,
    ):
        publish(publisher, change(Insert(entry=entry())))
    assert failure.value.detail == "Missing or invalid API key (received '********')"


def test_the_responsible_contact_is_sent_but_never_logged(
    fhir_server: FhirTestServer, publisher: FhirDirectoryPublisher, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fhir_server.add(carrier(ident="pharmacy"))
    secretive = entry(responsible_contact="Mme Secret, 06 99 99 99 99")
    publish(publisher, DirectoryChange.create(secretive, DirectoryKind.NATIONAL))
    assert mailboxes(fhir_server) == [contact_point(secretive)]
    assert "Mme Secret" not in caplog.text
    assert str(PHARMACY) in fhir_server.requests("PATCH")[0].query["identifier"][0]
