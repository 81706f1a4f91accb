"""Contracts of :class:`~balorg.ports.AccountRepository` and
:class:`~balorg.ports.CredentialRepository`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from balorg.domain.account import AccountState, ConnectionAccount
from balorg.domain.credentials import StoredCredential
from balorg.ports.repositories import ConcurrencyConflict, DuplicateError, UnitOfWorkFactory
from balorg.testing.contracts._support import StorageFixture, add, stored_account
from balorg.testing.examples import (
    T0,
    example_account,
    example_address,
    example_professional,
)

__all__ = ["AccountRepositoryContract", "CredentialRepositoryContract", "account_fields"]


def account_fields(account: ConnectionAccount) -> dict[str, Any]:
    """Every field of an account, to compare one read back with the one stored."""
    return {
        f.name: getattr(account, f.name)
        for f in attrs.fields(ConnectionAccount)
        if f.name not in ("events", "version")
    }


class AccountRepositoryContract(StorageFixture):
    def test_an_account_reads_back_with_every_field(self, uow_factory: UnitOfWorkFactory) -> None:
        box = example_address("pharmacie")
        account = ConnectionAccount.create(
            address=example_address("alice"),
            first_name="Alice",
            last_name="Bernard",
            by=example_address("claire"),
            at=T0,
            pending_validation=False,
            credential_pending=True,
            professional=example_professional().idnat,
        )
        account.set_notices(box, True, openable=frozenset({box}), by=account.address, at=T0)
        account.set_default(box, openable=frozenset({box}), by=account.address, at=T0)
        account.pull_events()
        add(uow_factory, account)
        again = stored_account(uow_factory, account.address)
        assert account_fields(again) == account_fields(account)
        assert again.events == []

    def test_an_unknown_account_reads_as_none(self, uow_factory: UnitOfWorkFactory) -> None:
        with uow_factory() as uow:
            assert uow.accounts.get(example_address("nobody")) is None

    def test_adding_an_account_address_already_stored_is_a_duplicate(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        add(uow_factory, example_account("alice"))

        def again() -> None:
            add(uow_factory, example_account("alice", pending=True))

        with pytest.raises(DuplicateError):
            again()
        assert stored_account(uow_factory, example_address("alice")).is_active

    def test_a_stale_account_save_is_a_conflict(self, uow_factory: UnitOfWorkFactory) -> None:
        add(uow_factory, example_account("alice", pending=True))
        address = example_address("alice")
        with uow_factory() as slow:
            stale = slow.accounts.get(address)
            assert stale is not None
            with uow_factory() as fast:
                fresh = fast.accounts.get(address)
                assert fresh is not None
                fresh.approve(by=example_address("agent"), at=T0)
                fast.accounts.save(fresh)
                fast.commit()
            stale.reject(by=example_address("agent"), at=T0, reason="doublon")

            def save() -> None:
                slow.accounts.save(stale)
                slow.commit()

            with pytest.raises(ConcurrencyConflict):
                save()
        assert stored_account(uow_factory, address).state is AccountState.ACTIVE

    def test_pending_accounts_come_oldest_first_a_page_at_a_time(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        add(
            uow_factory,
            example_account("carol", pending=True, at=T0 + dt.timedelta(hours=2)),
            example_account("alice", pending=True, at=T0),
            example_account("bob", pending=True, at=T0),
            example_account("dora", at=T0),
        )
        with uow_factory() as uow:
            first = uow.accounts.pending(limit=2)
            last = first[-1]
            rest = uow.accounts.pending(after=(last.created_at, str(last.address)), limit=5)
        assert [a.address.local_part for a in first] == ["alice", "bob"]
        assert [a.address.local_part for a in rest] == ["carol"]

    def test_notice_subscribers_follow_each_saved_choice(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        box = example_address("pharmacie")
        add(uow_factory, example_account("alice"), example_account("bob"))
        for name in ("bob", "alice"):
            with uow_factory() as uow:
                account = uow.accounts.get(example_address(name))
                assert account is not None
                account.set_notices(box, True, openable=frozenset({box}), by=account.address, at=T0)
                uow.accounts.save(account)
                uow.commit()
        with uow_factory() as uow:
            assert [a.local_part for a in uow.accounts.notice_subscribers(box)] == ["alice", "bob"]
            alice = uow.accounts.get(example_address("alice"))
            assert alice is not None
            alice.set_notices(box, False, openable=frozenset({box}), by=alice.address, at=T0)
            uow.accounts.save(alice)
            uow.commit()
        with uow_factory() as uow:
            assert [a.local_part for a in uow.accounts.notice_subscribers(box)] == ["bob"]

    def test_credential_pending_accounts_are_listed(self, uow_factory: UnitOfWorkFactory) -> None:
        waiting = ConnectionAccount.create(
            address=example_address("alice"),
            first_name="Alice",
            last_name="Bernard",
            by=example_address("alice"),
            at=T0,
            credential_pending=True,
        )
        waiting.pull_events()
        add(uow_factory, waiting, example_account("bob"))
        with uow_factory() as uow:
            assert [a.address.local_part for a in uow.accounts.credential_pending()] == ["alice"]


def _credential(n: int) -> StoredCredential:
    return StoredCredential(
        algorithm="scrypt", n=2**4, r=1, p=1, salt=bytes([n]) * 16, digest=bytes([n + 1]) * 64
    )


class CredentialRepositoryContract(StorageFixture):
    def test_a_credential_reads_back_as_stored(self, uow_factory: UnitOfWorkFactory) -> None:
        alice = example_address("alice")
        with uow_factory() as uow:
            assert uow.credentials.get(alice) is None
            uow.credentials.set(alice, _credential(1))
            assert uow.credentials.get(alice) == _credential(1)
            uow.commit()
        with uow_factory() as uow:
            assert uow.credentials.get(alice) == _credential(1)

    def test_setting_again_replaces_it(self, uow_factory: UnitOfWorkFactory) -> None:
        alice = example_address("alice")
        for n in (1, 2):
            with uow_factory() as uow:
                uow.credentials.set(alice, _credential(n))
                uow.commit()
        with uow_factory() as uow:
            assert uow.credentials.get(alice) == _credential(2)

    def test_a_credential_and_its_account_are_kept_or_lost_together(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        alice = example_address("alice")
        with uow_factory() as uow:
            uow.accounts.add(example_account("alice"))
            uow.credentials.set(alice, _credential(1))
        with uow_factory() as uow:
            assert uow.accounts.get(alice) is None
            assert uow.credentials.get(alice) is None
