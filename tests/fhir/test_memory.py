"""The directory in memory: the operator's own directory, and a publisher for tests."""

from __future__ import annotations

import pytest
from tests.fhir.builders import ADDRESS, change, entry

from balorg.adapters.fhir.memory import InMemoryDirectoryPublisher
from balorg.domain.publication import (
    BalType,
    Delete,
    DirectoryChange,
    DirectoryKind,
    EntryField,
    Insert,
    Replace,
)
from balorg.ports.publisher import DirectoryPublisher, PublicationFailed

OPERATOR = DirectoryKind.OPERATOR


def op_change(*operations: Insert | Replace | Delete) -> DirectoryChange:
    return change(*operations, directory=OPERATOR)


def test_it_is_a_publisher_of_the_operators_directory_by_default() -> None:
    directory: DirectoryPublisher = InMemoryDirectoryPublisher()
    assert directory.handles(OPERATOR)
    assert not directory.handles(DirectoryKind.NATIONAL)
    with pytest.raises(PublicationFailed) as failure:
        directory.apply(change(Delete()), key="k")
    assert failure.value.code == "publication.not_handled"


def test_changes_apply_in_order_and_red_listed_entries_are_hidden() -> None:
    directory = InMemoryDirectoryPublisher()
    directory.apply(op_change(Insert(entry=entry())), key="k1")
    directory.apply(op_change(Replace(field=EntryField.SERVICE, value="Préparations")), key="k2")
    assert directory.entry(ADDRESS) == entry(service="Préparations")
    directory.apply(op_change(Replace(field=EntryField.RED_LIST, value=True)), key="k3")
    assert directory.visible() == []
    assert directory.entry(ADDRESS) == entry(service="Préparations", red_listed=True)
    directory.apply(op_change(Replace(field=EntryField.SERVICE, value=None), Delete()), key="k4")
    assert directory.entries == {}


def test_replays_are_harmless() -> None:
    directory = InMemoryDirectoryPublisher()
    creation = op_change(Insert(entry=entry()))
    directory.apply(creation, key="k1")
    directory.apply(op_change(Replace(field=EntryField.RANK, value=1)), key="k2")
    directory.apply(creation, key="k1")  # same key: skipped
    assert directory.entry(ADDRESS) == entry(rank=1)
    directory.apply(op_change(Insert(entry=entry(description="Autre"))), key="k3")
    assert directory.entry(ADDRESS) == entry(description="Autre")
    directory.apply(op_change(Delete()), key="k4")
    directory.apply(op_change(Delete()), key="k5")
    assert directory.applied == ["k1", "k2", "k3", "k4", "k5"]


def test_a_change_that_cannot_apply_changes_nothing() -> None:
    directory = InMemoryDirectoryPublisher()
    with pytest.raises(PublicationFailed) as failure:
        directory.apply(op_change(Replace(field=EntryField.RED_LIST, value=True)), key="k1")
    assert failure.value.code == "publication.mailbox_absent"
    directory.apply(op_change(Insert(entry=entry())), key="k2")
    with pytest.raises(PublicationFailed) as failure:
        directory.apply(
            op_change(
                Replace(field=EntryField.DESCRIPTION, value="x"),
                Insert(entry=entry(bal_type=BalType.APP)),
            ),
            key="k3",
        )
    assert failure.value.code == "publication.type_mismatch"
    assert directory.entry(ADDRESS) == entry()
    for field, value in [
        (EntryField.RANK, 0),
        (EntryField.RED_LIST, None),
        (EntryField.SERVICE, 2),
    ]:
        with pytest.raises(PublicationFailed) as failure:
            directory.apply(op_change(Replace(field=field, value=value)), key="k4")
        assert failure.value.code == "publication.invalid_value"
    assert "k3" not in directory.applied


def test_queued_failures_are_raised_first_for_dispatcher_tests() -> None:
    directory = InMemoryDirectoryPublisher()
    directory.failures.append(
        PublicationFailed("publication.unavailable", retryable=True, detail="time-out")
    )
    creation = op_change(Insert(entry=entry()))
    with pytest.raises(PublicationFailed) as failure:
        directory.apply(creation, key="k1")
    assert failure.value.retryable
    directory.apply(creation, key="k1")
    assert directory.visible() == [entry()]
