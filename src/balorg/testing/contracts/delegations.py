"""Contract of :class:`~balorg.ports.DelegationRepository`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from balorg.domain.capabilities import Capability
from balorg.domain.delegation import Delegation, DelegationState, Review
from balorg.ports.repositories import ConcurrencyConflict, DuplicateError, UnitOfWorkFactory
from balorg.testing.contracts._support import StorageFixture, add, stored_delegation
from balorg.testing.examples import T0, example_address, example_delegation, example_mailbox

__all__ = ["DelegationRepositoryContract", "delegation_fields"]

_DAY = dt.timedelta(days=1)


def delegation_fields(delegation: Delegation) -> dict[str, Any]:
    """Every field of a delegation, to compare one read back with the one stored."""
    return {
        f.name: getattr(delegation, f.name)
        for f in attrs.fields(Delegation)
        if f.name not in ("events", "version")
    }


def _revoked(delegation: Delegation) -> Delegation:
    delegation.revoke(by=delegation.granted_by, at=T0 + _DAY, reason="départ")
    delegation.pull_events()
    return delegation


class DelegationRepositoryContract(StorageFixture):
    @pytest.fixture
    def mailbox(self, uow_factory: UnitOfWorkFactory) -> Any:
        mailbox = example_mailbox()
        add(uow_factory, mailbox)
        return mailbox

    def test_a_delegation_reads_back_with_every_field(
        self, uow_factory: UnitOfWorkFactory, mailbox: Any
    ) -> None:
        delegation = example_delegation(
            mailbox,
            example_address("alice"),
            capabilities=frozenset({Capability.READ, Capability.MANAGE_MEMBERS}),
            expires_at=T0 + 30 * _DAY,
        )
        delegation.suspend(by=mailbox.responsible.account, at=T0 + _DAY, reason="congé")
        delegation.mark_for_review(
            by=mailbox.responsible.account, at=T0 + _DAY, grantor=example_address("eve")
        )
        delegation.record_reminder(by=mailbox.responsible.account, at=T0 + 2 * _DAY)
        delegation.pull_events()
        add(uow_factory, delegation)
        again = stored_delegation(uow_factory, mailbox.address, example_address("alice"))
        assert delegation_fields(again) == delegation_fields(delegation)
        assert again.events == []
        assert again.version == 1

    def test_current_is_the_live_one_else_the_latest(
        self, uow_factory: UnitOfWorkFactory, mailbox: Any
    ) -> None:
        alice = example_address("alice")
        add(uow_factory, _revoked(example_delegation(mailbox, alice, number=1)))
        assert stored_delegation(uow_factory, mailbox.address, alice).number == 1
        add(uow_factory, example_delegation(mailbox, alice, number=2, at=T0 + 2 * _DAY))
        current = stored_delegation(uow_factory, mailbox.address, alice)
        assert (current.number, current.state) == (2, DelegationState.ACTIVE)
        with uow_factory() as uow:
            assert [d.number for d in uow.delegations.history(mailbox.address, alice)] == [1, 2]
            assert uow.delegations.current(mailbox.address, example_address("bob")) is None

    def test_a_second_live_delegation_of_one_account_is_a_duplicate(
        self, uow_factory: UnitOfWorkFactory, mailbox: Any
    ) -> None:
        alice = example_address("alice")
        add(uow_factory, example_delegation(mailbox, alice, number=1))

        def second() -> None:
            add(uow_factory, example_delegation(mailbox, alice, number=2))

        with pytest.raises(DuplicateError):
            second()
        assert stored_delegation(uow_factory, mailbox.address, alice).number == 1

    def test_ending_the_live_one_in_the_same_unit_of_work_leaves_room_for_the_next(
        self, uow_factory: UnitOfWorkFactory, mailbox: Any
    ) -> None:
        alice = example_address("alice")
        add(uow_factory, example_delegation(mailbox, alice, number=1))
        with uow_factory() as uow:
            first = uow.delegations.current(mailbox.address, alice)
            assert first is not None
            uow.delegations.save(_revoked(first))
            uow.delegations.add(example_delegation(mailbox, alice, number=2, at=T0 + 2 * _DAY))
            uow.commit()
        assert stored_delegation(uow_factory, mailbox.address, alice).number == 2

    def test_a_stale_delegation_save_is_a_conflict(
        self, uow_factory: UnitOfWorkFactory, mailbox: Any
    ) -> None:
        alice = example_address("alice")
        add(uow_factory, example_delegation(mailbox, alice))
        with uow_factory() as slow:
            stale = slow.delegations.current(mailbox.address, alice)
            assert stale is not None
            with uow_factory() as fast:
                fresh = fast.delegations.current(mailbox.address, alice)
                assert fresh is not None
                fresh.suspend(by=mailbox.responsible.account, at=T0 + _DAY)
                fast.delegations.save(fresh)
                fast.commit()
            stale.revoke(by=mailbox.responsible.account, at=T0 + _DAY, reason="x")

            def save() -> None:
                slow.delegations.save(stale)
                slow.commit()

            with pytest.raises(ConcurrencyConflict):
                save()
        assert stored_delegation(uow_factory, mailbox.address, alice).state is (
            DelegationState.SUSPENDED
        )

    def test_live_of_an_account_lists_its_live_delegations_by_mailbox(
        self, uow_factory: UnitOfWorkFactory, mailbox: Any
    ) -> None:
        other = example_mailbox("cabinet", n=2)
        third = example_mailbox("labo", n=3)
        add(uow_factory, other, third)
        alice = example_address("alice")
        add(
            uow_factory,
            example_delegation(mailbox, alice),
            example_delegation(other, alice, pending=True),
            _revoked(example_delegation(third, alice)),
            example_delegation(mailbox, example_address("bob")),
        )
        with uow_factory() as uow:
            found = uow.delegations.live_of(alice)
        assert [d.mailbox.local_part for d in found] == ["cabinet", "pharmacie"]

    def test_a_page_holds_the_current_delegation_of_each_account_in_order(
        self, uow_factory: UnitOfWorkFactory, mailbox: Any
    ) -> None:
        names = ["dora", "alice", "carol", "bob", "eve"]
        add(uow_factory, _revoked(example_delegation(mailbox, example_address("carol"))))
        add(
            uow_factory,
            *(
                example_delegation(mailbox, example_address(n), number=2 if n == "carol" else 1)
                for n in names
            ),
        )
        with uow_factory() as uow:
            first = uow.delegations.page(mailbox.address, limit=2)
            second = uow.delegations.page(mailbox.address, after=str(first[-1].account), limit=2)
            last = uow.delegations.page(mailbox.address, after=str(second[-1].account), limit=2)
        assert [d.account.local_part for d in [*first, *second, *last]] == sorted(names)
        carol = next(d for d in second if d.account.local_part == "carol")
        assert (carol.number, carol.state) == (2, DelegationState.ACTIVE)

    def test_grants_by_a_grantor_and_grants_to_review(
        self, uow_factory: UnitOfWorkFactory, mailbox: Any
    ) -> None:
        eve = example_address("eve")
        mine = Delegation.grant(
            mailbox=mailbox.address,
            account=example_address("alice"),
            number=1,
            capabilities=frozenset({Capability.READ}),
            by=eve,
            at=T0,
        )
        mine.mark_for_review(by=mailbox.responsible.account, at=T0 + _DAY, grantor=eve)
        mine.pull_events()
        add(uow_factory, mine, example_delegation(mailbox, example_address("bob")))
        with uow_factory() as uow:
            assert [
                d.account.local_part for d in uow.delegations.granted_by(mailbox.address, eve)
            ] == ["alice"]
            reviews = uow.delegations.to_review(mailbox.address)
            assert [(d.account.local_part, d.review) for d in reviews] == [
                ("alice", Review.TO_REVIEW)
            ]

    def test_expiring_delegations_not_yet_reminded_come_soonest_first(
        self, uow_factory: UnitOfWorkFactory, mailbox: Any
    ) -> None:
        soon, later, far = (T0 + n * _DAY for n in (3, 5, 40))
        reminded = example_delegation(mailbox, example_address("dora"), expires_at=soon)
        reminded.record_reminder(by=mailbox.responsible.account, at=T0 + _DAY)
        reminded.pull_events()
        add(
            uow_factory,
            example_delegation(mailbox, example_address("bob"), expires_at=later),
            example_delegation(mailbox, example_address("alice"), expires_at=soon),
            example_delegation(mailbox, example_address("carol"), expires_at=far),
            example_delegation(mailbox, example_address("eric")),
            reminded,
        )
        with uow_factory() as uow:
            found = uow.delegations.expiring(after=T0, until=T0 + 7 * _DAY)
        assert [d.account.local_part for d in found] == ["alice", "bob"]
