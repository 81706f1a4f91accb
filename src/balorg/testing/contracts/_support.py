"""What the storage contracts share: the fixture a subclass provides, and small helpers
kept out of ``pytest.raises`` blocks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import pytest

from balorg.domain.account import ConnectionAccount
from balorg.domain.addresses import EmailAddress
from balorg.domain.audit import AuditRecord
from balorg.domain.delegation import Delegation
from balorg.domain.mail import Direction, MessageRecord
from balorg.domain.mailbox import OrganisationalMailbox
from balorg.ports.repositories import UnitOfWorkFactory
from balorg.testing.examples import T0, example_address

__all__ = [
    "StorageFixture",
    "add",
    "committed",
    "message",
    "record",
    "stored_account",
    "stored_delegation",
    "stored_mailbox",
]


class StorageFixture:
    """A contract over storage: a subclass provides ``uow_factory``, a factory of units
    of work over a fresh, empty store for each test."""

    @pytest.fixture
    def uow_factory(self) -> UnitOfWorkFactory:
        """Override: a factory of units of work over a fresh, empty store."""
        raise NotImplementedError("a subclass provides the uow_factory fixture")


def add(factory: UnitOfWorkFactory, *aggregates: object) -> None:
    """Store new aggregates in one unit of work."""
    with factory() as uow:
        for aggregate in aggregates:
            if isinstance(aggregate, OrganisationalMailbox):
                uow.mailboxes.add(aggregate)
            elif isinstance(aggregate, ConnectionAccount):
                uow.accounts.add(aggregate)
            elif isinstance(aggregate, Delegation):
                uow.delegations.add(aggregate)
            else:  # pragma: no cover - a contract's own mistake
                raise TypeError(type(aggregate).__name__)
        uow.commit()


def committed(factory: UnitOfWorkFactory, change: Any) -> None:
    """Run ``change(uow)`` in a unit of work and commit it."""
    with factory() as uow:
        change(uow)
        uow.commit()


def stored_mailbox(factory: UnitOfWorkFactory, address: EmailAddress) -> OrganisationalMailbox:
    with factory() as uow:
        found = uow.mailboxes.get(address)
    assert found is not None, f"{address} was not stored"
    return found


def stored_account(factory: UnitOfWorkFactory, address: EmailAddress) -> ConnectionAccount:
    with factory() as uow:
        found = uow.accounts.get(address)
    assert found is not None, f"{address} was not stored"
    return found


def stored_delegation(
    factory: UnitOfWorkFactory, mailbox: EmailAddress, account: EmailAddress
) -> Delegation:
    with factory() as uow:
        found = uow.delegations.current(mailbox, account)
    assert found is not None, f"no delegation of {account} on {mailbox}"
    return found


def record(
    n: int,
    *,
    actor: str = "alice@contract.mssante.fr",
    mailbox: str | None = "pharmacie@contract.mssante.fr",
    account: str | None = None,
    allowed: bool = True,
    reasons: Iterable[str] = (),
    at: dt.datetime | None = None,
    mentions: Iterable[str] = (),
) -> AuditRecord:
    return AuditRecord(
        at=at or T0 + dt.timedelta(minutes=n),
        actor=actor,
        auth="session:contract",
        action=f"action_{n}",
        allowed=allowed,
        mailbox=mailbox,
        account=account,
        reasons=tuple(reasons),
        details={"n": n, "texte": "é ✓"},
        mentions=tuple(mentions),
    )


def message(
    n: int,
    *,
    mailbox: str = "pharmacie",
    direction: Direction = Direction.RECEIVED,
    author: str | None = None,
) -> MessageRecord:
    return MessageRecord(
        mailbox=example_address(mailbox),
        direction=direction,
        reference=f"<msg-{n}@hopital.mssante.fr>",
        at=T0 + dt.timedelta(minutes=n),
        correspondent=example_address("dr.house", "hopital.mssante.fr"),
        author=example_address(author) if author is not None else None,
    )
