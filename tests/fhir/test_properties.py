"""Properties: an entry written then read (in any ANS variant) comes back; a change applied
twice to the test server leaves it as applying it once."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from attrs import evolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.fhir.builders import ADDRESS, PHARMACY, carrier
from tests.fhir.server import FhirTestServer

from balorg.adapters.fhir.memory import InMemoryDirectoryPublisher
from balorg.adapters.fhir.publisher import FhirDirectoryPublisher
from balorg.domain.publication import (
    BalType,
    Delete,
    DirectoryChange,
    DirectoryKind,
    EntryField,
    EntryOperation,
    Insert,
    MailboxEntry,
    Replace,
)
from balorg.interop.fhir import contact_point, public_contact_point, read_entry, read_mailbox
from balorg.interop.fhir.systems import MESSAGING_TYPE_SYSTEM
from balorg.ports.publisher import PublicationFailed
from balorg.testing.strategies import idnat_struct, mssante_addresses

JSON = dict[str, Any]

texts = st.none() | st.text(min_size=1, max_size=40).filter(lambda t: t.strip() == t and t)
ranks = st.none() | st.integers(min_value=1, max_value=9)


@st.composite
def entries(draw: st.DrawFn, *, address: Any = None, structure: Any = None) -> MailboxEntry:
    return MailboxEntry(
        address=address or draw(mssante_addresses()),
        structure=structure or draw(idnat_struct()),
        description=draw(texts),
        service=draw(texts),
        responsible_contact=draw(texts),
        red_listed=draw(st.booleans()),
        rank=draw(ranks),
        bal_type=draw(st.sampled_from([BalType.ORG, BalType.APP])),
    )


def _type_variant(cp: JSON, form: str) -> None:
    subs = cp["extension"][1]["extension"]
    code = subs[0]["valueCodeableConcept"]["coding"][0]["code"]
    subs[0] = {
        "definition": subs[0],
        "valueCode": {"url": "type", "valueCode": code},
        "lowercase": {"url": "type", "valueCode": code.lower()},
        "valueCoding": {"url": "type", "valueCoding": {"code": code}},
        "tre_r256": {
            "url": "type",
            "valueCodeableConcept": {"coding": [{"system": MESSAGING_TYPE_SYSTEM, "code": code}]},
        },
    }[form]


@st.composite
def variants(draw: st.DrawFn, written: JSON) -> JSON:
    """``written`` in one of the forms ANS material uses."""
    cp = copy.deepcopy(written)
    _type_variant(
        cp,
        draw(st.sampled_from(["definition", "valueCode", "lowercase", "valueCoding", "tre_r256"])),
    )
    subs = cp["extension"][1]["extension"]
    if draw(st.booleans()):
        subs.append({"url": "phone", "valueString": "0561000000"})
        subs.append({"url": "digitization", "valueBoolean": draw(st.booleans())})
    cp["extension"][1]["extension"] = draw(st.permutations(subs))
    if draw(st.booleans()):
        del cp["extension"][0]  # the e-mail type, omitted by ANS's feeding examples
    return cp


@given(entries(), st.data())
def test_an_entry_written_then_read_in_any_variant_comes_back(
    entry: MailboxEntry, data: st.DataObject
) -> None:
    written = contact_point(entry)
    assert read_entry(written, structure=entry.structure) == entry
    assert read_entry(data.draw(variants(written)), structure=entry.structure) == entry
    public = public_contact_point(entry)
    assert read_entry(data.draw(variants(public)), structure=entry.structure) == entry.public()


@given(entries())
def test_the_directorys_reading_of_a_written_entry_has_its_published_fields(
    entry: MailboxEntry,
) -> None:
    read = read_mailbox(public_contact_point(entry))
    assert (read.address, read.bal_type, read.description, read.service) == (
        entry.address,
        entry.bal_type,
        entry.description,
        entry.service,
    )
    assert (read.red_listed, read.rank) == (entry.red_listed, entry.rank)


# -- applying twice equals once, on the test server ---------------------------------------------

FIELDS: dict[EntryField, Any] = {
    EntryField.RED_LIST: st.booleans(),
    EntryField.DESCRIPTION: texts,
    EntryField.SERVICE: texts,
    EntryField.RESPONSIBLE: texts,
    EntryField.RANK: ranks,
}


@st.composite
def operations(draw: st.DrawFn) -> EntryOperation:
    kind = draw(st.sampled_from(["insert", "replace", "replace", "delete"]))
    if kind == "insert":
        return Insert(
            entry=evolve(draw(entries(address=ADDRESS, structure=PHARMACY)), bal_type=BalType.ORG)
        )
    if kind == "delete":
        return Delete()
    field = draw(st.sampled_from(list(FIELDS)))
    return Replace(field=field, value=draw(FIELDS[field]))


changes = st.lists(operations(), min_size=1, max_size=3).map(
    lambda ops: DirectoryChange(
        directory=DirectoryKind.NATIONAL, address=ADDRESS, carrier=PHARMACY, operations=ops
    )
)


@pytest.fixture(scope="module")
def shared_server() -> Iterator[FhirTestServer]:
    server = FhirTestServer().start()
    yield server
    server.stop()


def _mailboxes(server: FhirTestServer) -> list[JSON]:
    return [cp for cp in server.telecom("Organization", "pharmacy") if cp["system"] == "email"]


def _outcome(publisher: Any, change: DirectoryChange, key: str) -> str | None:
    try:
        publisher.apply(change, key=key)
    except PublicationFailed as failure:
        return failure.code
    return None


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    start=st.none() | entries(address=ADDRESS, structure=PHARMACY),
    steps=st.lists(changes, max_size=4),
)
def test_applying_each_change_twice_leaves_the_server_as_applying_it_once(
    shared_server: FhirTestServer, start: MailboxEntry | None, steps: list[DirectoryChange]
) -> None:
    shared_server.resources["Organization"].clear()
    published = [contact_point(evolve(start, bal_type=BalType.ORG))] if start else []
    shared_server.add(carrier(*published, ident="pharmacy"))
    model = InMemoryDirectoryPublisher([DirectoryKind.NATIONAL])
    if start is not None:
        model.entries[ADDRESS] = evolve(start, bal_type=BalType.ORG)
    with FhirDirectoryPublisher(shared_server.base_url, shared_server.api_key) as publisher:
        for n, step in enumerate(steps):
            first = _outcome(publisher, step, f"k{n}")
            once = _mailboxes(shared_server)
            second = _outcome(publisher, step, f"k{n}")
            assert _mailboxes(shared_server) == once
            assert second == first
            assert _outcome(model, step, f"k{n}") == first
            expected = model.entry(ADDRESS)
            if expected is None:
                assert once == []
            else:
                assert [read_entry(cp, structure=PHARMACY) for cp in once] == [expected]
