"""Contract of :class:`~balorg.ports.MailboxRepository`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from balorg.domain.mailbox import OrganisationalMailbox, RedList
from balorg.ports.repositories import ConcurrencyConflict, DuplicateError, UnitOfWorkFactory
from balorg.testing.contracts._support import StorageFixture, add, stored_mailbox
from balorg.testing.examples import (
    T0,
    example_address,
    example_mailbox,
    example_professional,
)

__all__ = ["MailboxRepositoryContract", "mailbox_fields"]


def mailbox_fields(mailbox: OrganisationalMailbox) -> dict[str, Any]:
    """Every stored field of a mailbox but its version (managed by the repository)."""
    return {
        f.name: getattr(mailbox, f.name)
        for f in attrs.fields(OrganisationalMailbox)
        if f.name not in ("events", "version")
    }


def _rich() -> OrganisationalMailbox:
    mailbox = example_mailbox("riche", red_list=RedList(national_directory=True))
    boss = mailbox.responsible.account
    mailbox.change_service(by=boss, at=T0, service="Pharmacie hospitalière")
    mailbox.change_responsible_contact(by=boss, at=T0, contact="Accueil, 05 61 00 00 00")
    mailbox.change_rank(by=boss, at=T0, rank=1)
    mailbox.pull_events()
    return mailbox


class MailboxRepositoryContract(StorageFixture):
    def test_a_mailbox_added_and_committed_reads_back_with_every_field(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        mailbox = _rich()
        add(uow_factory, mailbox)
        again = stored_mailbox(uow_factory, mailbox.address)
        assert mailbox_fields(again) == mailbox_fields(mailbox)
        assert again.version == 1

    def test_events_are_not_stored_a_mailbox_read_back_has_none(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        mailbox = example_mailbox()
        mailbox.change_description(by=mailbox.responsible.account, at=T0, description="Autre")
        assert mailbox.events
        add(uow_factory, mailbox)
        assert stored_mailbox(uow_factory, mailbox.address).events == []

    def test_a_mailbox_added_is_visible_in_its_own_unit_of_work(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        mailbox = example_mailbox()
        with uow_factory() as uow:
            uow.mailboxes.add(mailbox)
            assert uow.mailboxes.get(mailbox.address) is not None

    def test_an_unknown_address_reads_as_none(self, uow_factory: UnitOfWorkFactory) -> None:
        with uow_factory() as uow:
            assert uow.mailboxes.get(example_address("nobody")) is None

    def test_adding_a_mailbox_address_already_stored_is_a_duplicate(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        add(uow_factory, example_mailbox())

        def again() -> None:
            add(uow_factory, example_mailbox())

        with pytest.raises(DuplicateError):
            again()

    def test_saving_raises_the_version_by_one_and_keeps_the_change(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        add(uow_factory, example_mailbox())
        address = example_address("pharmacie")
        with uow_factory() as uow:
            mailbox = uow.mailboxes.get(address)
            assert mailbox is not None
            mailbox.change_description(by=mailbox.responsible.account, at=T0, description="Autre")
            uow.mailboxes.save(mailbox)
            uow.commit()
        stored = stored_mailbox(uow_factory, address)
        assert (stored.version, stored.description) == (2, "Autre")

    def test_a_stale_mailbox_save_is_a_conflict_and_changes_nothing(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        add(uow_factory, example_mailbox())
        address = example_address("pharmacie")
        with uow_factory() as slow:
            stale = slow.mailboxes.get(address)
            assert stale is not None
            with uow_factory() as fast:
                fresh = fast.mailboxes.get(address)
                assert fresh is not None
                fresh.change_description(by=fresh.responsible.account, at=T0, description="Vite")
                fast.mailboxes.save(fresh)
                fast.commit()
            stale.change_description(by=stale.responsible.account, at=T0, description="Lent")

            def save_stale() -> None:
                slow.mailboxes.save(stale)
                slow.commit()

            with pytest.raises(ConcurrencyConflict):
                save_stale()
        assert stored_mailbox(uow_factory, address).description == "Vite"

    def test_saving_a_mailbox_never_added_is_a_conflict(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        def save() -> None:
            with uow_factory() as uow:
                uow.mailboxes.save(example_mailbox())
                uow.commit()

        with pytest.raises(ConcurrencyConflict):
            save()

    def test_responsible_for_finds_the_mailboxes_of_their_responsible_only(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        claire, paul = example_professional(1), example_professional(2)
        add(
            uow_factory,
            example_mailbox("a", responsible=claire),
            example_mailbox("b", responsible=paul, n=2),
            example_mailbox("c", responsible=claire, n=3),
        )
        with uow_factory() as uow:
            found = uow.mailboxes.responsible_for(claire.email)
            assert [str(m.address) for m in found] == [
                "a@contract.mssante.fr",
                "c@contract.mssante.fr",
            ]
            assert not uow.mailboxes.responsible_for(example_address("nobody"))

    def test_responsible_for_follows_a_hand_over(self, uow_factory: UnitOfWorkFactory) -> None:
        claire, paul = example_professional(1), example_professional(2)
        add(uow_factory, example_mailbox("a", responsible=claire))
        with uow_factory() as uow:
            mailbox = uow.mailboxes.get(example_address("a"))
            assert mailbox is not None
            mailbox.hand_over(
                successor=paul,
                successor_account=paul.email,
                by=claire.email,
                at=T0 + dt.timedelta(days=1),
            )
            uow.mailboxes.save(mailbox)
            uow.commit()
        with uow_factory() as uow:
            assert not uow.mailboxes.responsible_for(claire.email)
            assert [m.address for m in uow.mailboxes.responsible_for(paul.email)] == [
                example_address("a")
            ]

    def test_addresses_come_in_order_a_page_at_a_time(self, uow_factory: UnitOfWorkFactory) -> None:
        add(uow_factory, *(example_mailbox(f"bal{i}", n=i + 1) for i in (3, 1, 2, 0)))
        with uow_factory() as uow:
            first = uow.mailboxes.addresses(limit=2)
            rest = uow.mailboxes.addresses(after=str(first[-1]), limit=10)
        assert [a.local_part for a in first] == ["bal0", "bal1"]
        assert [a.local_part for a in rest] == ["bal2", "bal3"]
