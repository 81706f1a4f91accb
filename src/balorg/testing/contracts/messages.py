"""Contract of :class:`~balorg.ports.MessageLog`."""

from __future__ import annotations

import pytest

from balorg.domain.mail import Direction
from balorg.ports.repositories import DuplicateError, UnitOfWorkFactory
from balorg.testing.contracts._support import StorageFixture, committed, message
from balorg.testing.examples import example_address

__all__ = ["MessageLogContract"]


class MessageLogContract(StorageFixture):
    def test_records_read_back_oldest_first_with_every_field(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        records = [message(1), message(2, direction=Direction.SENT, author="alice")]
        committed(uow_factory, lambda uow: [uow.messages.record(r) for r in records])
        with uow_factory() as uow:
            found = uow.messages.for_mailbox(example_address("pharmacie"))
        assert [m for _, m in found] == records
        assert found[0][0] < found[1][0]

    def test_records_are_kept_per_mailbox_and_filtered_by_direction(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        records = [
            message(1),
            message(2, mailbox="cabinet"),
            message(3, direction=Direction.SENT, author="alice"),
        ]
        committed(uow_factory, lambda uow: [uow.messages.record(r) for r in records])
        with uow_factory() as uow:
            box = example_address("pharmacie")
            assert [m for _, m in uow.messages.for_mailbox(box)] == [records[0], records[2]]
            sent = uow.messages.for_mailbox(box, Direction.SENT)
            assert [m for _, m in sent] == [records[2]]

    def test_a_page_starts_after_the_position_given(self, uow_factory: UnitOfWorkFactory) -> None:
        committed(uow_factory, lambda uow: [uow.messages.record(message(n)) for n in range(5)])
        box = example_address("pharmacie")
        with uow_factory() as uow:
            first = uow.messages.for_mailbox(box, limit=2)
            rest = uow.messages.for_mailbox(box, after=first[-1][0], limit=10)
        assert [m.reference for _, m in [*first, *rest]] == [message(n).reference for n in range(5)]

    def test_a_reference_is_recorded_once_per_mailbox_and_direction(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        committed(uow_factory, lambda uow: uow.messages.record(message(1)))
        with uow_factory() as uow:
            box = example_address("pharmacie")
            assert uow.messages.has(box, Direction.RECEIVED, message(1).reference)
            assert not uow.messages.has(box, Direction.SENT, message(1).reference)

        def again() -> None:
            committed(uow_factory, lambda uow: uow.messages.record(message(1)))

        with pytest.raises(DuplicateError):
            again()
