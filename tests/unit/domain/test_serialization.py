"""The public serializer: every supported type to plain JSON-ready data and back.

Hypothesis round trips over the public strategies are in
``tests/property/test_serialization.py``; here, one example of each type and every rule
of the wire format.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs
import cattrs
import pytest

from balorg import serialization
from balorg.domain.account import ConnectionAccount
from balorg.domain.audit import AuditEntry, AuditRecord, chain
from balorg.domain.capabilities import Capability
from balorg.domain.credentials import StoredCredential
from balorg.domain.delegation import Delegation
from balorg.domain.events import (
    DelegationGranted,
    DomainEvent,
    MailboxActivated,
    SettingsReconciled,
)
from balorg.domain.identifiers import IdNatStruct, Siren
from balorg.domain.mail import ExpiryNotice, NewMailNotice, Notice, ReviewNotice, ValidationNotice
from balorg.domain.mailbox import OrganisationalMailbox
from balorg.domain.professional import Professional
from balorg.domain.publication import (
    Delete,
    DirectoryChange,
    DirectoryKind,
    EntryField,
    EntryOperation,
    Insert,
    MailboxEntry,
    Replace,
)
from balorg.domain.session import Session
from balorg.domain.structure import Structure
from balorg.rules.publication import entry
from balorg.serialization import SUPPORTED, structure, structure_stored, unstructure
from balorg.testing.examples import (
    T0,
    example_account,
    example_address,
    example_delegation,
    example_mailbox,
    example_professional,
    example_structure,
)

ALICE = example_address("alice.bernard")
CLAIRE = example_address("claire.martin1")
MAILBOX = example_address("pharmacie")
PARIS = dt.timezone(dt.timedelta(hours=2))
AGGREGATES = (OrganisationalMailbox, ConnectionAccount, Delegation, Session)


def session() -> Session:
    opened = Session.open(
        id="a1b2c3d4",
        token_hash="e" * 64,
        account=ALICE,
        mailbox=MAILBOX,
        method="password",
        at=T0,
        idle=dt.timedelta(minutes=30),
        absolute=dt.timedelta(hours=12),
    )
    opened.pull_events()
    return opened


def credential() -> StoredCredential:
    return StoredCredential(
        algorithm="scrypt", n=2**14, r=8, p=1, salt=b"\x00salt\xff", digest=b"\x01" * 32
    )


def mailbox_entry() -> MailboxEntry:
    found = entry(example_mailbox(), DirectoryKind.NATIONAL)
    assert found is not None
    return attrs.evolve(found, service="Officine", rank=1)


def examples() -> dict[Any, Any]:
    """One example of each supported type (several of the unions)."""
    mailbox = example_mailbox()
    delegation = example_delegation(mailbox, ALICE, expires_at=T0 + dt.timedelta(days=9))
    delegation.mark_for_review(by=CLAIRE, at=T0, grantor=CLAIRE)
    delegation.pull_events()
    account = example_account("alice.bernard")
    account.set_notices(MAILBOX, True, openable=frozenset({MAILBOX}), by=ALICE, at=T0)
    account.pull_events()
    record = AuditRecord(
        at=T0.astimezone(PARIS),
        actor=str(CLAIRE),
        auth="session:a1b2",
        action="grant_member",
        allowed=False,
        mailbox=str(MAILBOX),
        account=str(ALICE),
        reasons=("delegation.exceeds_grantor",),
        details={"capabilities": ["administer"], "nested": {"n": 1}},
        mentions=(str(example_address("autre")),),
    )
    return {
        OrganisationalMailbox: mailbox,
        ConnectionAccount: account,
        Delegation: delegation,
        Session: session(),
        Professional: example_professional(),
        Structure: example_structure(),
        StoredCredential: credential(),
        AuditRecord: record,
        AuditEntry: chain(None, record),
        MailboxEntry: mailbox_entry(),
        DirectoryChange: DirectoryChange(
            directory=DirectoryKind.NATIONAL,
            address=MAILBOX,
            carrier=example_structure().identifier,
            operations=(
                Insert(entry=mailbox_entry()),
                Replace(field=EntryField.RED_LIST, value=True),
                Replace(field=EntryField.SERVICE, value=None),
                Delete(),
            ),
        ),
        DomainEvent: DelegationGranted(
            actor=CLAIRE,
            at=T0,
            mailbox=MAILBOX,
            account=ALICE,
            number=2,
            capabilities=frozenset({Capability.SEND, Capability.READ}),
            expires_at=None,
            pending_validation=True,
        ),
        Notice: ExpiryNotice(
            to=ALICE, mailbox=MAILBOX, account=ALICE, expires_at=T0 + dt.timedelta(days=7), at=T0
        ),
    }


def fields_of(value: Any) -> dict[str, Any]:
    """An aggregate's fields without its pending events (aggregates compare by identity)."""
    return {f.name: getattr(value, f.name) for f in attrs.fields(type(value)) if f.name != "events"}


def same(value: Any, other: Any) -> bool:
    if isinstance(value, AGGREGATES):
        return type(value) is type(other) and fields_of(value) == fields_of(other)
    return bool(value == other)


def test_the_examples_cover_every_supported_type() -> None:
    assert set(examples()) == set(SUPPORTED)


@pytest.mark.parametrize("kind", SUPPORTED, ids=lambda k: getattr(k, "__name__", str(k)))
def test_every_supported_type_reads_back_as_it_was_written(kind: Any) -> None:
    value = examples()[kind]

    data = unstructure(value)
    text = json.dumps(data, ensure_ascii=False)
    read = structure(json.loads(text), kind)
    stored = structure_stored(json.loads(text), kind)

    assert same(read, value)
    assert same(stored, value)
    assert unstructure(read) == data


def test_aggregates_are_written_without_their_pending_events_and_with_their_version() -> None:
    mailbox = example_mailbox()
    mailbox.change_description(by=CLAIRE, at=T0, description="Autre")
    mailbox.version = 7

    data = unstructure(mailbox)
    read = structure(data, OrganisationalMailbox)

    assert "events" not in data
    assert data["version"] == 7
    assert read.events == []
    assert read.version == 7


@pytest.mark.parametrize("kind", [*AGGREGATES, Professional, AuditRecord, MailboxEntry])
def test_unknown_keys_are_refused(kind: Any) -> None:
    data = unstructure(examples()[kind])
    data["events"] = []

    with pytest.raises(cattrs.ClassValidationError):
        structure(data, kind)


def test_every_error_of_the_input_is_reported_at_its_path() -> None:
    data = unstructure(example_professional())
    data["email"] = "pas une adresse"
    data["idnat"] = "8123"
    del data["last_name"]

    with pytest.raises(cattrs.ClassValidationError) as excinfo:
        structure(data, Professional)

    paths = {message.rsplit(" @ ", 1)[1] for message in cattrs.transform_error(excinfo.value)}
    assert paths == {"$.email", "$.idnat", "$.last_name"}


def test_identifiers_and_addresses_are_written_in_their_canonical_text() -> None:
    data = unstructure(examples()[Delegation])

    assert data["mailbox"] == str(MAILBOX)
    assert data["granted_by"] == str(CLAIRE)
    assert unstructure(example_professional())["idnat"] == str(example_professional().idnat)


def test_an_idnat_struct_is_written_as_its_prefix_and_identifier_apart() -> None:
    identifier = example_structure().identifier

    data = unstructure(identifier)

    assert data == {"prefix": identifier.prefix, "identifier": str(identifier.identifier)}
    assert structure(data, IdNatStruct) == identifier
    assert structure(str(identifier), IdNatStruct) == identifier  # older documents
    siren = IdNatStruct.of(Siren.from_string("732829320"))
    assert structure(unstructure(siren), IdNatStruct) == siren


@pytest.mark.parametrize("data", [{"prefix": "1"}, {"prefix": "1", "identifier": "x", "y": 1}, 42])
def test_an_idnat_struct_of_another_shape_is_refused(data: object) -> None:
    with pytest.raises(TypeError):
        structure(data, IdNatStruct)


def test_times_keep_their_offset_and_durations_are_seconds() -> None:
    data = unstructure(examples()[AuditRecord])
    opened = unstructure(session())

    assert data["at"] == T0.astimezone(PARIS).isoformat()
    assert opened["idle_timeout"] == 1800
    assert structure(data, AuditRecord).at.utcoffset() == dt.timedelta(hours=2)


@pytest.mark.parametrize("value", ["2026-03-02T09:00:00", "2026-03-02", 1772442000, None])
def test_a_time_without_offset_or_not_in_iso_text_is_refused(value: object) -> None:
    data = unstructure(examples()[AuditRecord])
    data["at"] = value

    with pytest.raises(cattrs.ClassValidationError):
        structure(data, AuditRecord)


@pytest.mark.parametrize("value", [True, "1800", None])
def test_a_duration_that_is_not_a_number_of_seconds_is_refused(value: object) -> None:
    data = unstructure(session())
    data["idle_timeout"] = value

    with pytest.raises(cattrs.ClassValidationError):
        structure(data, Session)


def test_sets_are_written_as_sorted_lists_so_equal_objects_give_equal_data() -> None:
    delegation = examples()[Delegation]
    swapped = attrs.evolve(examples()[DomainEvent], capabilities=[Capability.READ, Capability.SEND])
    reconciled = SettingsReconciled(
        actor=ALICE,
        at=T0,
        account=ALICE,
        dropped_default=None,
        dropped_notices=frozenset({MAILBOX, ALICE}),
    )

    assert unstructure(delegation)["capabilities"] == ["read", "send"]
    assert unstructure(swapped) == unstructure(examples()[DomainEvent])
    assert unstructure(reconciled)["dropped_notices"] == sorted([str(MAILBOX), str(ALICE)])


def test_bytes_are_written_in_base64_and_must_be_read_so() -> None:
    data = unstructure(credential())

    assert data["salt"] == "AHNhbHT/"
    data["salt"] = "not base64!"
    with pytest.raises(cattrs.ClassValidationError):
        structure(data, StoredCredential)


@pytest.mark.parametrize(
    ("value", "tag", "name"),
    [
        (MailboxActivated(actor=CLAIRE, at=T0, mailbox=MAILBOX), "type", "MailboxActivated"),
        (NewMailNotice(to=ALICE, mailbox=MAILBOX, at=T0), "kind", "new_mail"),
        (ValidationNotice(to=ALICE, account=ALICE, approved=True, at=T0), "kind", "validation"),
        (ReviewNotice(to=ALICE, mailbox=MAILBOX, grantor=ALICE, count=2, at=T0), "kind", "review"),
        (Replace(field=EntryField.RANK, value=2), "op", "replace"),
        (Delete(), "op", "delete"),
    ],
)
def test_events_notices_and_operations_carry_their_kind(value: Any, tag: str, name: str) -> None:
    assert unstructure(value)[tag] == name


def test_a_list_of_mixed_events_reads_back_each_as_its_own_kind() -> None:
    mailbox = example_mailbox(active=False)
    mailbox.finish(by=CLAIRE, at=T0)
    mailbox.activate(by=CLAIRE, at=T0, responsible_validated=True)
    events = [*mailbox.pull_events(), examples()[DomainEvent]]

    read = structure(unstructure(events), list[DomainEvent])

    assert read == events
    assert [type(e) for e in read] == [type(e) for e in events]


def test_every_concrete_event_has_a_type_name() -> None:
    assert {kind.__name__ for kind in serialization.EVENT_TYPES.values()} == set(
        serialization.EVENT_TYPES
    )
    assert "MailboxEvent" not in serialization.EVENT_TYPES
    assert "DelegationReminded" in serialization.EVENT_TYPES
    assert set(serialization.NOTICE_TYPES.values()) == {
        NewMailNotice,
        ValidationNotice,
        ExpiryNotice,
        ReviewNotice,
    }


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        ({"type": "NoSuchEvent", "actor": str(ALICE)}, DomainEvent),
        ({"type": "MailboxEvent", "actor": str(ALICE)}, DomainEvent),
        ({"kind": "sms", "to": str(ALICE)}, Notice),
        ("MailboxActivated", DomainEvent),
    ],
)
def test_an_unknown_kind_is_refused(data: object, kind: Any) -> None:
    with pytest.raises(TypeError):
        structure(data, kind)


@pytest.mark.parametrize("value", [True, False, 0, 3, "texte", None])
def test_a_directory_value_keeps_its_own_type(value: object) -> None:
    operation = Replace(field=EntryField.RANK, value=value)  # type: ignore[arg-type]

    read = structure(unstructure(operation), EntryOperation)

    assert isinstance(read, Replace)
    assert read.value == value
    assert type(read.value) is type(value)


@pytest.mark.parametrize("value", [1.5, [1], {"a": 1}])
def test_a_directory_value_of_another_type_is_refused(value: object) -> None:
    with pytest.raises(cattrs.ClassValidationError):
        structure({"op": "replace", "field": "rank", "value": value}, EntryOperation)


def test_addresses_are_checked_from_outside_but_trusted_from_storage() -> None:
    data = unstructure(example_delegation(example_mailbox(), ALICE))
    data["account"] = "Quelqu'un d'autre"

    with pytest.raises(cattrs.ClassValidationError):
        structure(data, Delegation)
    assert str(structure_stored(data, Delegation).account) == "Quelqu'un d'autre"


def test_an_address_is_read_in_its_canonical_form() -> None:
    data = unstructure(example_delegation(example_mailbox(), ALICE))
    data["account"] = str(ALICE).upper()

    assert structure(data, Delegation).account == ALICE


def test_a_domain_invariant_checked_by_attrs_holds_on_reading() -> None:
    data = unstructure(MailboxActivated(actor=CLAIRE, at=T0, mailbox=MAILBOX))
    data["at"] = "2026-03-02T09:00:00"

    with pytest.raises(cattrs.ClassValidationError):
        structure(data, DomainEvent)


#: Values of the wrong JSON type that the reader should refuse (STYLE.md: "cattrs coerces
#: primitives by default (1 -> '1', 1.9 -> 1): register strict hooks for input").
COERCED = [
    (Professional, "last_name", None),
    (Professional, "last_name", 42),
    (Delegation, "number", 2.7),
    (Delegation, "number", "3"),
    (Delegation, "number", True),
    (AuditRecord, "allowed", "no"),
    (AuditRecord, "reasons", "access.not_member"),
    (AuditRecord, "actor", 5),
]


@pytest.mark.parametrize(("kind", "name", "value"), COERCED)
def test_a_value_of_the_wrong_json_type_is_refused_not_coerced(
    kind: Any, name: str, value: object
) -> None:
    data = unstructure(examples()[kind])
    data[name] = value

    with pytest.raises(cattrs.ClassValidationError):
        structure(data, kind)
