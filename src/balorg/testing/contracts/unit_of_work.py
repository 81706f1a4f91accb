"""Contract of :class:`~balorg.ports.UnitOfWork`: one transaction, all or nothing."""

from __future__ import annotations

import pytest

from balorg.domain.mail import Direction
from balorg.ports.repositories import (
    ConcurrencyConflict,
    DuplicateError,
    UnitOfWork,
    UnitOfWorkFactory,
)
from balorg.testing.contracts._support import StorageFixture, add, message, record, stored_mailbox
from balorg.testing.examples import (
    T0,
    example_account,
    example_address,
    example_delegation,
    example_mailbox,
)

__all__ = ["UnitOfWorkContract"]


class _FailureInside(Exception):
    """Raised on purpose inside a unit of work."""


def _write_everything(uow: UnitOfWork) -> None:
    mailbox = example_mailbox("box1")
    uow.mailboxes.add(mailbox)
    uow.accounts.add(example_account("person1"))
    uow.delegations.add(example_delegation(mailbox, example_address("person1")))
    uow.messages.record(message(1, mailbox="box1"))
    uow.audit.append(record(1))


def _nothing_stored(factory: UnitOfWorkFactory) -> bool:
    with factory() as uow:
        return (
            uow.mailboxes.get(example_address("box1")) is None
            and uow.accounts.get(example_address("person1")) is None
            and uow.delegations.current(example_address("box1"), example_address("person1")) is None
            and not uow.messages.for_mailbox(example_address("box1"))
            and not uow.audit.entries()
        )


class UnitOfWorkContract(StorageFixture):
    def test_committed_changes_are_visible_to_later_units_of_work(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        with uow_factory() as uow:
            _write_everything(uow)
            uow.commit()
        assert not _nothing_stored(uow_factory)

    def test_leaving_without_commit_stores_nothing(self, uow_factory: UnitOfWorkFactory) -> None:
        with uow_factory() as uow:
            _write_everything(uow)
        assert _nothing_stored(uow_factory)

    def test_uncommitted_changes_are_invisible_to_other_units_of_work(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        with uow_factory() as uow:
            _write_everything(uow)
            assert _nothing_stored(uow_factory)
            uow.commit()

    def test_an_exception_inside_rolls_back_and_propagates(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        def fail_midway() -> None:
            with uow_factory() as uow:
                _write_everything(uow)
                raise _FailureInside

        with pytest.raises(_FailureInside):
            fail_midway()
        assert _nothing_stored(uow_factory)

    def test_undo_forgets_what_followed_the_mark_and_keeps_what_preceded_it(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        with uow_factory() as uow:
            uow.accounts.add(example_account("before"))
            uow.audit.append(record(1))
            uow.mark()
            _write_everything(uow)
            uow.undo()
            uow.audit.append(record(2))
            uow.commit()
        assert _nothing_stored(uow_factory) is False  # the entries are there
        with uow_factory() as uow:
            assert uow.accounts.get(example_address("before")) is not None
            assert uow.accounts.get(example_address("person1")) is None
            assert uow.mailboxes.get(example_address("box1")) is None
            assert [e.action for e in uow.audit.entries()] == ["action_1", "action_2"]

    def test_rollback_leaves_the_unit_of_work_usable(self, uow_factory: UnitOfWorkFactory) -> None:
        with uow_factory() as uow:
            _write_everything(uow)
            uow.rollback()
            uow.accounts.add(example_account("after"))
            uow.commit()
        assert _nothing_stored(uow_factory)
        with uow_factory() as uow:
            assert uow.accounts.get(example_address("after")) is not None

    def test_a_commit_with_one_stale_aggregate_stores_nothing(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        add(uow_factory, example_mailbox())
        address = example_address("pharmacie")

        def slow_commit() -> None:
            with uow_factory() as slow:
                stale = slow.mailboxes.get(address)
                assert stale is not None
                with uow_factory() as fast:
                    fresh = fast.mailboxes.get(address)
                    assert fresh is not None
                    fresh.change_description(
                        by=fresh.responsible.account, at=T0, description="Rapide"
                    )
                    fast.mailboxes.save(fresh)
                    fast.commit()
                slow.accounts.add(example_account("bob"))
                slow.messages.record(message(1))
                slow.audit.append(record(1))
                stale.change_description(by=stale.responsible.account, at=T0, description="Lente")
                slow.mailboxes.save(stale)
                slow.commit()

        with pytest.raises(ConcurrencyConflict):
            slow_commit()
        assert stored_mailbox(uow_factory, address).description == "Rapide"
        with uow_factory() as uow:
            assert uow.accounts.get(example_address("bob")) is None
            assert not uow.messages.for_mailbox(address, Direction.RECEIVED)
            assert not uow.audit.entries()

    def test_a_commit_with_one_duplicate_stores_nothing(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        add(uow_factory, example_account("alice"))

        def duplicate() -> None:
            with uow_factory() as uow:
                uow.mailboxes.add(example_mailbox())
                uow.audit.append(record(1))
                uow.accounts.add(example_account("alice", pending=True))
                uow.commit()

        with pytest.raises(DuplicateError):
            duplicate()
        with uow_factory() as uow:
            assert uow.mailboxes.get(example_address("pharmacie")) is None
            assert not uow.audit.entries()
