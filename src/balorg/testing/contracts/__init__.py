"""Contract test cases: what any adapter of a port must do.

Every adapter of a port, the reference ones of :mod:`balorg.adapters` and a
host's own, passes the same cases. Each contract is an abstract class (its name
ends in ``Contract`` so that pytest does not collect it) with an abstract
factory fixture; an adapter's test module subclasses it under a ``Test...``
name and provides the fixture::

    from balorg.adapters.memory import InMemoryStore
    from balorg.testing.contracts import StorageContract

    class TestInMemoryStorage(StorageContract):
        @pytest.fixture
        def uow_factory(self) -> UnitOfWorkFactory:
            return InMemoryStore()  # a fresh, empty store for every test

Contracts, the fixture a subclass provides, and optional hooks (methods):

- :class:`MailboxRepositoryContract`, :class:`AccountRepositoryContract`,
  :class:`MessageLogContract`, :class:`AuditLogContract`,
  :class:`UnitOfWorkContract`, and :class:`StorageContract` (all five):
  fixture ``uow_factory``.
- :class:`NotifierContract`: fixture ``notifier``; hook ``delivered(notifier)``.
- :class:`DirectoryContract`: fixture ``directory``; hook
  ``seed(directory, professionals, structures)``.
- :class:`CredentialsContract`: fixture ``credentials``; hook
  ``stored_bytes(credentials)``.
- :class:`ClockContract`: fixture ``clock``.

``uow_factory`` must answer a factory of units of work over a fresh, empty
store for each test. An optional hook left alone skips the cases that need it.

The ``example_*`` functions build valid domain objects (Luhn keys computed,
eligible responsible) for these cases and for a host's own tests.

This module imports pytest at run time: install balorg with its ``test`` extra
(``pip install balorg[test]``) to use it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import pytest

from balorg.domain.account import AccountState, ConnectionAccount
from balorg.domain.addresses import EmailAddress
from balorg.domain.audit import GENESIS, AuditEntry, AuditRecord, verify_chain
from balorg.domain.delegation import Capability, DelegationState
from balorg.domain.mail import Direction, MessageRecord, NewMailNotice, Notice, ValidationNotice
from balorg.domain.mailbox import (
    DirectoryKind,
    DirectoryLabel,
    OrganisationalMailbox,
    RedList,
)
from balorg.domain.professional import Professional
from balorg.domain.structure import Structure
from balorg.ports.clock import Clock
from balorg.ports.credentials import CredentialEnrolment, CredentialVerifier, Password
from balorg.ports.directory import Directory, DirectoryEntry
from balorg.ports.notifier import Notifier
from balorg.ports.repositories import (
    ConcurrencyConflict,
    DuplicateError,
    UnitOfWork,
    UnitOfWorkFactory,
)
from balorg.testing.examples import (
    EXAMPLE_DOMAIN,
    T0,
    example_address,
    example_professional,
    example_structure,
)

__all__ = [
    "T0",
    "AccountRepositoryContract",
    "AuditLogContract",
    "ClockContract",
    "CredentialsContract",
    "DirectoryContract",
    "MailboxRepositoryContract",
    "MessageLogContract",
    "NotifierContract",
    "StorageContract",
    "UnitOfWorkContract",
    "example_account",
    "example_address",
    "example_mailbox",
    "example_professional",
    "example_structure",
    "mailbox_fields",
]

_DOMAIN = EXAMPLE_DOMAIN


# -- examples --------------------------------------------------------------------------------


def example_mailbox(
    local: str = "pharmacie",
    *,
    responsible: Professional | None = None,
    at: dt.datetime = T0,
    red_list: RedList | None = None,
    active: bool = True,
) -> OrganisationalMailbox:
    """A registered mailbox (activated unless ``active`` is false), events pulled."""
    professional = responsible or example_professional()
    mailbox = OrganisationalMailbox.register(
        address=example_address(local),
        generic_email=EmailAddress(f"{local}@outlook.fr"),
        label=DirectoryLabel(last_name="Pharmacie", first_name=local.title()),
        structure=example_structure(),
        responsible=professional,
        description="Échanges de la pharmacie avec les médecins du quartier",
        red_list=red_list or RedList(),
        by=professional.email,
        at=at,
    )
    if active:
        mailbox.finish(by=professional.email, at=at)
        mailbox.activate(by=professional.email, at=at)
    mailbox.pull_events()
    return mailbox


def example_account(
    local: str,
    *,
    at: dt.datetime = T0,
    pending: bool = False,
    domain: str = _DOMAIN,
) -> ConnectionAccount:
    """A nominative account (active unless ``pending``), events pulled."""
    address = example_address(local, domain)
    account = ConnectionAccount.create(
        address=address,
        first_name=local.split(".", maxsplit=1)[0].title(),
        last_name="Durand",
        by=address,
        at=at,
        pending_validation=pending,
    )
    account.pull_events()
    return account


def mailbox_fields(mailbox: OrganisationalMailbox) -> dict[str, Any]:
    """Every stored field of a mailbox but its version (managed by the repository)."""
    return {
        f.name: getattr(mailbox, f.name)
        for f in attrs.fields(OrganisationalMailbox)
        if f.name not in ("events", "version")
    }


def _account_fields(account: ConnectionAccount) -> dict[str, Any]:
    return {
        f.name: getattr(account, f.name)
        for f in attrs.fields(ConnectionAccount)
        if f.name not in ("events", "version")
    }


def _rich_mailbox() -> OrganisationalMailbox:
    """A mailbox with a delegation in every recorded state, a red list and an expiry."""
    mailbox = example_mailbox(
        "rich", red_list=RedList(national_directory=True, operator_directory=False)
    )
    boss = mailbox.responsible.account
    at = T0 + dt.timedelta(minutes=1)
    mailbox.grant(
        account=example_address("active"),
        capabilities={Capability.READ, Capability.SEND},
        by=boss,
        at=at,
        expires_at=T0 + dt.timedelta(days=30),
    )
    mailbox.grant(
        account=example_address("pending"),
        capabilities={Capability.READ},
        by=boss,
        at=at,
        pending_validation=True,
    )
    mailbox.grant(
        account=example_address("suspended"), capabilities={Capability.READ}, by=boss, at=at
    )
    mailbox.suspend_delegation(
        account=example_address("suspended"), by=boss, at=at, reason="congé maternité"
    )
    mailbox.grant(
        account=example_address("revoked"),
        capabilities={Capability.READ, Capability.MANAGE_MEMBERS},
        by=boss,
        at=at,
    )
    mailbox.revoke_delegation(account=example_address("revoked"), by=boss, at=at, reason="départ")
    mailbox.pull_events()
    return mailbox


# -- small helpers (kept out of ``pytest.raises`` blocks) ------------------------------------


def _add_mailboxes(factory: UnitOfWorkFactory, *mailboxes: OrganisationalMailbox) -> None:
    with factory() as uow:
        for mailbox in mailboxes:
            uow.mailboxes.add(mailbox)
        uow.commit()


def _add_accounts(factory: UnitOfWorkFactory, *accounts: ConnectionAccount) -> None:
    with factory() as uow:
        for account in accounts:
            uow.accounts.add(account)
        uow.commit()


def _get_mailbox(factory: UnitOfWorkFactory, address: EmailAddress) -> OrganisationalMailbox:
    with factory() as uow:
        mailbox = uow.mailboxes.get(address)
    assert mailbox is not None, f"{address} was not stored"
    return mailbox


def _get_account(factory: UnitOfWorkFactory, address: EmailAddress) -> ConnectionAccount:
    with factory() as uow:
        account = uow.accounts.get(address)
    assert account is not None, f"{address} was not stored"
    return account


def _save_mailbox_and_commit(uow: UnitOfWork, mailbox: OrganisationalMailbox) -> None:
    uow.mailboxes.save(mailbox)
    uow.commit()


def _save_account_and_commit(uow: UnitOfWork, account: ConnectionAccount) -> None:
    uow.accounts.save(account)
    uow.commit()


def _add_mailbox_and_commit(uow: UnitOfWork, mailbox: OrganisationalMailbox) -> None:
    uow.mailboxes.add(mailbox)
    uow.commit()


def _add_account_and_commit(uow: UnitOfWork, account: ConnectionAccount) -> None:
    uow.accounts.add(account)
    uow.commit()


def _record(
    n: int,
    *,
    actor: str = "alice@contract.mssante.fr",
    mailbox: str | None = "pharmacie@contract.mssante.fr",
    allowed: bool = True,
    reasons: Iterable[str] = (),
    at: dt.datetime | None = None,
) -> AuditRecord:
    return AuditRecord(
        at=at or T0 + dt.timedelta(minutes=n),
        actor=actor,
        action=f"action_{n}",
        allowed=allowed,
        mailbox=mailbox,
        reasons=tuple(reasons),
        details={"n": n, "account": actor},
    )


def _append(factory: UnitOfWorkFactory, *records: AuditRecord) -> None:
    with factory() as uow:
        for record in records:
            uow.audit.append(record)
        uow.commit()


def _entries(factory: UnitOfWorkFactory, **filters: Any) -> list[AuditEntry]:
    with factory() as uow:
        return list(uow.audit.entries(**filters))


def _message(
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


class _FailureInsideUnitOfWork(Exception):
    """Raised on purpose inside a unit of work."""


# -- storage -------------------------------------------------------------------------------


class _StorageFixture:
    @pytest.fixture
    def uow_factory(self) -> UnitOfWorkFactory:
        """Override: a factory of units of work over a fresh, empty store."""
        raise NotImplementedError("a subclass provides the uow_factory fixture")


class MailboxRepositoryContract(_StorageFixture):
    """:class:`~balorg.ports.MailboxRepository`: round trips, duplicates, versions, queries."""

    def test_a_mailbox_added_and_committed_reads_back_with_every_field(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        mailbox = _rich_mailbox()
        expected = mailbox_fields(mailbox)
        _add_mailboxes(uow_factory, mailbox)
        stored = _get_mailbox(uow_factory, mailbox.address)
        assert mailbox_fields(stored) == expected
        assert isinstance(stored.version, int)
        assert stored.events == []
        states = {d.account.local_part: d.state for d in stored.delegations}
        assert states == {
            "active": DelegationState.ACTIVE,
            "pending": DelegationState.PENDING_VALIDATION,
            "suspended": DelegationState.SUSPENDED,
            "revoked": DelegationState.REVOKED,
        }

    def test_a_mailbox_added_is_visible_in_its_own_unit_of_work(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        mailbox = example_mailbox()
        with uow_factory() as uow:
            uow.mailboxes.add(mailbox)
            seen = uow.mailboxes.get(mailbox.address)
            assert seen is not None
            assert mailbox_fields(seen) == mailbox_fields(mailbox)

    def test_an_unknown_address_reads_as_none(self, uow_factory: UnitOfWorkFactory) -> None:
        _add_mailboxes(uow_factory, example_mailbox("known"))
        with uow_factory() as uow:
            assert uow.mailboxes.get(example_address("unknown")) is None

    def test_adding_an_address_already_stored_is_a_duplicate(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        first = example_mailbox()
        _add_mailboxes(uow_factory, first)
        second = example_mailbox(responsible=example_professional(2))
        with uow_factory() as uow, pytest.raises(DuplicateError):
            _add_mailbox_and_commit(uow, second)
        stored = _get_mailbox(uow_factory, first.address)
        assert stored.responsible == first.responsible

    def test_two_units_of_work_adding_one_address_leave_only_the_first(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        first = example_mailbox()
        second = example_mailbox(responsible=example_professional(2))
        with uow_factory() as late:
            late.mailboxes.add(second)
            _add_mailboxes(uow_factory, first)
            with pytest.raises(DuplicateError):
                late.commit()
        assert _get_mailbox(uow_factory, first.address).responsible == first.responsible

    def test_saving_raises_the_version_by_one(self, uow_factory: UnitOfWorkFactory) -> None:
        _add_mailboxes(uow_factory, example_mailbox())
        address = example_address("pharmacie")
        with uow_factory() as uow:
            mailbox = uow.mailboxes.get(address)
            assert mailbox is not None
            before = mailbox.version
            mailbox.change_description(by=mailbox.responsible.account, at=T0, description="Autre")
            _save_mailbox_and_commit(uow, mailbox)
        assert mailbox.version == before + 1
        stored = _get_mailbox(uow_factory, address)
        assert stored.version == before + 1
        assert stored.description == "Autre"

    def test_every_kind_of_change_reads_back(self, uow_factory: UnitOfWorkFactory) -> None:
        _add_mailboxes(uow_factory, example_mailbox())
        address = example_address("pharmacie")
        with uow_factory() as uow:
            mailbox = uow.mailboxes.get(address)
            assert mailbox is not None
            boss = mailbox.responsible.account
            later = T0 + dt.timedelta(hours=1)
            mailbox.grant(
                account=example_address("bob"),
                capabilities={Capability.READ},
                by=boss,
                at=later,
                expires_at=later + dt.timedelta(days=1),
            )
            mailbox.change_red_list(by=boss, at=later, operator_directory=True)
            mailbox.hand_over(
                successor=example_professional(2),
                by=boss,
                at=later,
                previous_keeps={Capability.READ, Capability.SEND},
            )
            mailbox.suspend(by=mailbox.responsible.account, at=later, reason="travaux")
            expected = mailbox_fields(mailbox)
            _save_mailbox_and_commit(uow, mailbox)
        assert mailbox_fields(_get_mailbox(uow_factory, address)) == expected

    def test_a_stale_mailbox_save_is_a_conflict_and_changes_nothing(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        _add_mailboxes(uow_factory, example_mailbox())
        address = example_address("pharmacie")
        with uow_factory() as slow:
            stale = slow.mailboxes.get(address)
            assert stale is not None
            with uow_factory() as fast:
                fresh = fast.mailboxes.get(address)
                assert fresh is not None
                fresh.change_description(by=fresh.responsible.account, at=T0, description="Rapide")
                _save_mailbox_and_commit(fast, fresh)
            stale.change_description(by=stale.responsible.account, at=T0, description="Lente")
            with pytest.raises(ConcurrencyConflict):
                _save_mailbox_and_commit(slow, stale)
        stored = _get_mailbox(uow_factory, address)
        assert stored.description == "Rapide"
        assert stored.version == fresh.version

    def test_saving_a_mailbox_never_added_is_a_conflict(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        ghost = example_mailbox("ghost")
        with uow_factory() as uow, pytest.raises(ConcurrencyConflict):
            _save_mailbox_and_commit(uow, ghost)
        with uow_factory() as uow:
            assert uow.mailboxes.get(ghost.address) is None

    def test_for_account_finds_the_responsible_and_every_delegate(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        rich = _rich_mailbox()
        other = example_mailbox("other", responsible=example_professional(2))
        other.grant(
            account=example_address("expired"),
            capabilities={Capability.READ},
            by=other.responsible.account,
            at=T0,
            expires_at=T0 + dt.timedelta(seconds=1),
        )
        other.pull_events()
        _add_mailboxes(uow_factory, rich, other)

        def found(local: str, domain: str = _DOMAIN) -> set[str]:
            with uow_factory() as uow:
                return {
                    m.address.local_part
                    for m in uow.mailboxes.for_account(example_address(local, domain))
                }

        assert found("claire.martin1") == {"rich"}
        assert found("claire.martin2") == {"other"}
        for delegate in ("active", "pending", "suspended", "revoked"):
            assert found(delegate) == {"rich"}, delegate
        assert found("expired") == {"other"}
        assert found("stranger") == set()

    def test_addresses_are_every_address_sorted(self, uow_factory: UnitOfWorkFactory) -> None:
        locals_ = ["zeta", "alpha", "m.x", "alpha2", "b"]
        _add_mailboxes(
            uow_factory,
            *(
                example_mailbox(local, responsible=example_professional(i + 1))
                for i, local in enumerate(locals_)
            ),
        )
        with uow_factory() as uow:
            addresses = [str(a) for a in uow.mailboxes.addresses()]
        assert addresses == sorted(str(example_address(x)) for x in locals_)


class AccountRepositoryContract(_StorageFixture):
    """:class:`~balorg.ports.AccountRepository`: round trips, duplicates, conflicts, pending."""

    def test_an_account_added_and_committed_reads_back_with_every_field(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        settled = example_account("alice")
        settled.set_default(
            example_address("pharmacie"),
            openable=frozenset({example_address("pharmacie"), example_address("labo")}),
            by=settled.address,
            at=T0,
        )
        settled.set_notices(
            example_address("labo"),
            True,
            openable=frozenset({example_address("labo")}),
            by=settled.address,
            at=T0,
        )
        rejected = example_account("mallory", pending=True)
        rejected.reject(by=example_address("agent"), at=T0, reason="identité non vérifiée")
        waiting = example_account("bob", pending=True)
        for account in (settled, rejected, waiting):
            account.pull_events()
        expected = {a.address: _account_fields(a) for a in (settled, rejected, waiting)}
        _add_accounts(uow_factory, settled, rejected, waiting)
        for address, fields in expected.items():
            stored = _get_account(uow_factory, address)
            assert _account_fields(stored) == fields
            assert isinstance(stored.version, int)
            assert stored.events == []

    def test_an_unknown_account_reads_as_none(self, uow_factory: UnitOfWorkFactory) -> None:
        _add_accounts(uow_factory, example_account("alice"))
        with uow_factory() as uow:
            assert uow.accounts.get(example_address("nobody")) is None

    def test_adding_an_account_already_stored_is_a_duplicate(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        _add_accounts(uow_factory, example_account("alice"))
        again = example_account("alice", pending=True)
        with uow_factory() as uow, pytest.raises(DuplicateError):
            _add_account_and_commit(uow, again)
        assert _get_account(uow_factory, again.address).state is AccountState.ACTIVE

    def test_saving_raises_the_version_and_reads_back(self, uow_factory: UnitOfWorkFactory) -> None:
        _add_accounts(uow_factory, example_account("bob", pending=True))
        address = example_address("bob")
        with uow_factory() as uow:
            account = uow.accounts.get(address)
            assert account is not None
            before = account.version
            account.approve(by=example_address("agent"), at=T0 + dt.timedelta(hours=5))
            expected = _account_fields(account)
            _save_account_and_commit(uow, account)
        stored = _get_account(uow_factory, address)
        assert stored.version == before + 1
        assert _account_fields(stored) == expected

    def test_a_stale_account_save_is_a_conflict_and_changes_nothing(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        _add_accounts(uow_factory, example_account("bob", pending=True))
        address = example_address("bob")
        with uow_factory() as slow:
            stale = slow.accounts.get(address)
            assert stale is not None
            with uow_factory() as fast:
                fresh = fast.accounts.get(address)
                assert fresh is not None
                fresh.approve(by=example_address("agent"), at=T0)
                _save_account_and_commit(fast, fresh)
            stale.reject(by=example_address("agent2"), at=T0, reason="doublon")
            with pytest.raises(ConcurrencyConflict):
                _save_account_and_commit(slow, stale)
        stored = _get_account(uow_factory, address)
        assert stored.state is AccountState.ACTIVE
        assert stored.decided_by == example_address("agent")

    def test_pending_lists_accounts_waiting_for_validation_oldest_first(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        hour = dt.timedelta(hours=1)
        _add_accounts(
            uow_factory,
            example_account("late", pending=True, at=T0 + 3 * hour),
            example_account("early", pending=True, at=T0 + hour),
            example_account("active", at=T0),
            example_account("middle", pending=True, at=T0 + 2 * hour),
        )
        rejected = example_account("rejected", pending=True, at=T0)
        rejected.reject(by=example_address("agent"), at=T0, reason="inconnu")
        _add_accounts(uow_factory, rejected)
        with uow_factory() as uow:
            pending = [a.address.local_part for a in uow.accounts.pending()]
        assert pending == ["early", "middle", "late"]


class MessageLogContract(_StorageFixture):
    """:class:`~balorg.ports.MessageLog`: records per mailbox, oldest first, by direction."""

    def test_records_read_back_oldest_first_with_every_field(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        records = [
            _message(1),
            _message(2, direction=Direction.SENT, author="alice"),
            _message(3),
        ]
        with uow_factory() as uow:
            for record in records:
                uow.messages.record(record)
            uow.commit()
        with uow_factory() as uow:
            assert list(uow.messages.for_mailbox(example_address("pharmacie"))) == records

    def test_records_are_kept_per_mailbox(self, uow_factory: UnitOfWorkFactory) -> None:
        mine, theirs = _message(1), _message(2, mailbox="labo")
        with uow_factory() as uow:
            uow.messages.record(mine)
            uow.messages.record(theirs)
            uow.commit()
        with uow_factory() as uow:
            assert list(uow.messages.for_mailbox(example_address("pharmacie"))) == [mine]
            assert list(uow.messages.for_mailbox(example_address("labo"))) == [theirs]
            assert list(uow.messages.for_mailbox(example_address("nowhere"))) == []

    def test_the_direction_filters(self, uow_factory: UnitOfWorkFactory) -> None:
        received = [_message(1), _message(4)]
        sent = [
            _message(2, direction=Direction.SENT, author="alice"),
            _message(3, direction=Direction.SENT, author="bob"),
        ]
        with uow_factory() as uow:
            for record in sorted([*received, *sent], key=lambda r: r.at):
                uow.messages.record(record)
            uow.commit()
        address = example_address("pharmacie")
        with uow_factory() as uow:
            assert list(uow.messages.for_mailbox(address, Direction.RECEIVED)) == received
            assert list(uow.messages.for_mailbox(address, Direction.SENT)) == sent

    def test_records_are_appended_across_units_of_work(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        for n in (1, 2, 3):
            with uow_factory() as uow:
                uow.messages.record(_message(n))
                uow.commit()
        with uow_factory() as uow:
            found = uow.messages.for_mailbox(example_address("pharmacie"))
        assert [r.reference for r in found] == [_message(n).reference for n in (1, 2, 3)]


class AuditLogContract(_StorageFixture):
    """:class:`~balorg.ports.AuditLog`: an append-only hash chain, read with filters."""

    def test_an_empty_log_has_no_entries_and_verifies(self, uow_factory: UnitOfWorkFactory) -> None:
        entries = _entries(uow_factory)
        assert entries == []
        assert verify_chain(entries).ok
        with uow_factory() as uow:
            assert uow.audit.head() == GENESIS

    def test_the_head_is_the_last_committed_entry_hash(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        _append(uow_factory, _record(1), _record(2))
        with uow_factory() as uow:
            uow.audit.append(_record(3))  # staged, not committed: the head does not move
            head = uow.audit.head()
        entries = _entries(uow_factory)
        assert head == entries[-1].hash
        assert verify_chain(entries, expected_head=head).ok
        assert not verify_chain(entries[:-1], expected_head=head).ok

    def test_appended_records_read_back_in_order_as_a_verified_chain(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        records = [
            _record(1),
            _record(2, allowed=False, reasons=["access.not_member", "credentials.invalid"]),
            _record(3, mailbox=None),
        ]
        _append(uow_factory, *records)
        entries = _entries(uow_factory)
        assert [e.seq for e in entries] == [1, 2, 3]
        for entry, record in zip(entries, records, strict=True):
            assert (entry.at, entry.actor, entry.action, entry.allowed) == (
                record.at,
                record.actor,
                record.action,
                record.allowed,
            )
            assert (entry.mailbox, entry.reasons, dict(entry.details)) == (
                record.mailbox,
                record.reasons,
                dict(record.details),
            )
        report = verify_chain(entries)
        assert report.ok, report.problems
        assert report.count == 3
        assert report.head == entries[-1].hash

    def test_details_and_times_survive_the_round_trip(self, uow_factory: UnitOfWorkFactory) -> None:
        paris = dt.timezone(dt.timedelta(hours=2))
        record = AuditRecord(
            at=dt.datetime(2026, 6, 1, 11, 30, 15, 123456, tzinfo=paris),
            actor="noémie.gallorini@esante-occitanie.fr",
            action="grant",
            allowed=True,
            mailbox="mss@esante-occitanie.fr",
            details={"capabilities": ["read", "send"], "nested": {"é": None, "n": 1.5}},
        )
        _append(uow_factory, record)
        [entry] = _entries(uow_factory)
        assert entry.at == record.at
        assert dict(entry.details) == dict(record.details)
        assert verify_chain([entry]).ok

    def test_entries_filter_by_mailbox(self, uow_factory: UnitOfWorkFactory) -> None:
        _append(
            uow_factory,
            _record(1, mailbox="a@contract.mssante.fr"),
            _record(2, mailbox="b@contract.mssante.fr"),
            _record(3, mailbox=None),
            _record(4, mailbox="a@contract.mssante.fr"),
        )
        found = _entries(uow_factory, mailbox="a@contract.mssante.fr")
        assert [e.seq for e in found] == [1, 4]

    def test_entries_filter_by_actor(self, uow_factory: UnitOfWorkFactory) -> None:
        _append(
            uow_factory,
            _record(1, actor="alice@contract.mssante.fr"),
            _record(2, actor="bob@contract.mssante.fr"),
            _record(3, actor="alice@contract.mssante.fr"),
        )
        found = _entries(uow_factory, actor="bob@contract.mssante.fr")
        assert [e.seq for e in found] == [2]

    def test_since_is_inclusive_and_until_exclusive(self, uow_factory: UnitOfWorkFactory) -> None:
        _append(uow_factory, *(_record(n) for n in range(1, 6)))
        minute = dt.timedelta(minutes=1)
        found = _entries(uow_factory, since=T0 + 2 * minute, until=T0 + 4 * minute)
        assert [e.seq for e in found] == [2, 3]
        assert [e.seq for e in _entries(uow_factory, since=T0 + 5 * minute)] == [5]
        assert [e.seq for e in _entries(uow_factory, until=T0 + 2 * minute)] == [1]

    def test_filters_combine(self, uow_factory: UnitOfWorkFactory) -> None:
        _append(
            uow_factory,
            _record(1, actor="alice@contract.mssante.fr", mailbox="a@contract.mssante.fr"),
            _record(2, actor="alice@contract.mssante.fr", mailbox="b@contract.mssante.fr"),
            _record(3, actor="bob@contract.mssante.fr", mailbox="a@contract.mssante.fr"),
            _record(4, actor="alice@contract.mssante.fr", mailbox="a@contract.mssante.fr"),
        )
        found = _entries(
            uow_factory,
            mailbox="a@contract.mssante.fr",
            actor="alice@contract.mssante.fr",
            since=T0 + dt.timedelta(minutes=2),
        )
        assert [e.seq for e in found] == [4]

    def test_later_appends_never_change_earlier_entries(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        _append(uow_factory, _record(1), _record(2))
        before = _entries(uow_factory)
        _append(uow_factory, _record(3))
        _append(uow_factory, _record(4, allowed=False, reasons=["x"]))
        after = _entries(uow_factory)
        assert after[: len(before)] == before
        assert [e.seq for e in after] == [1, 2, 3, 4]
        assert after[2].prev_hash == before[-1].hash
        assert verify_chain(after).ok

    def test_units_of_work_committing_in_turn_keep_one_chain(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        with uow_factory() as first:
            first.audit.append(_record(1))
            with uow_factory() as second:
                second.audit.append(_record(2))
                second.commit()
            first.commit()
        entries = _entries(uow_factory)
        assert [e.seq for e in entries] == [1, 2]
        assert {e.action for e in entries} == {"action_1", "action_2"}
        assert verify_chain(entries).ok

    def test_an_entry_altered_in_storage_would_be_detected(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        _append(uow_factory, _record(1), _record(2))
        entries = _entries(uow_factory)
        forged = [entries[0], attrs.evolve(entries[1], allowed=False)]
        assert not verify_chain(forged).ok


class UnitOfWorkContract(_StorageFixture):
    """:class:`~balorg.ports.UnitOfWork`: all or nothing."""

    @staticmethod
    def _stage_everything(uow: UnitOfWork, n: int = 1) -> None:
        uow.mailboxes.add(example_mailbox(f"box{n}", responsible=example_professional(n)))
        uow.accounts.add(example_account(f"person{n}"))
        uow.messages.record(_message(n, mailbox=f"box{n}"))
        uow.audit.append(_record(n))

    @staticmethod
    def _nothing_stored(factory: UnitOfWorkFactory, n: int = 1) -> bool:
        with factory() as uow:
            return (
                uow.mailboxes.get(example_address(f"box{n}")) is None
                and uow.accounts.get(example_address(f"person{n}")) is None
                and not uow.messages.for_mailbox(example_address(f"box{n}"))
                and not uow.audit.entries()
                and not uow.mailboxes.addresses()
                and not uow.accounts.pending()
            )

    def test_committed_changes_are_visible_to_later_units_of_work(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        with uow_factory() as uow:
            self._stage_everything(uow)
            uow.commit()
        assert not self._nothing_stored(uow_factory)
        with uow_factory() as uow:
            assert uow.mailboxes.get(example_address("box1")) is not None
            assert uow.accounts.get(example_address("person1")) is not None
            assert len(uow.messages.for_mailbox(example_address("box1"))) == 1
            assert len(uow.audit.entries()) == 1

    def test_leaving_without_commit_stores_nothing(self, uow_factory: UnitOfWorkFactory) -> None:
        with uow_factory() as uow:
            self._stage_everything(uow)
        assert self._nothing_stored(uow_factory)

    def test_uncommitted_changes_are_invisible_to_other_units_of_work(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        with uow_factory() as uow:
            self._stage_everything(uow)
            assert self._nothing_stored(uow_factory)
            uow.commit()
        assert not self._nothing_stored(uow_factory)

    def test_an_exception_inside_rolls_back_and_propagates(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        def fail_midway() -> None:
            with uow_factory() as uow:
                self._stage_everything(uow)
                raise _FailureInsideUnitOfWork

        with pytest.raises(_FailureInsideUnitOfWork):
            fail_midway()
        assert self._nothing_stored(uow_factory)

    def test_a_commit_with_one_stale_aggregate_stores_nothing(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        _add_mailboxes(uow_factory, example_mailbox())
        _add_accounts(uow_factory, example_account("alice", pending=True))
        address = example_address("pharmacie")
        with uow_factory() as slow:
            stale = slow.mailboxes.get(address)
            alice = slow.accounts.get(example_address("alice"))
            assert stale is not None
            assert alice is not None
            with uow_factory() as fast:
                fresh = fast.mailboxes.get(address)
                assert fresh is not None
                fresh.change_description(by=fresh.responsible.account, at=T0, description="Rapide")
                _save_mailbox_and_commit(fast, fresh)
            entries_before = _entries(uow_factory)
            alice.approve(by=example_address("agent"), at=T0)
            slow.accounts.save(alice)
            slow.accounts.add(example_account("bob"))
            slow.messages.record(_message(1))
            slow.audit.append(_record(1))
            stale.change_description(by=stale.responsible.account, at=T0, description="Lente")
            with pytest.raises(ConcurrencyConflict):
                _save_mailbox_and_commit(slow, stale)
        assert _get_mailbox(uow_factory, address).description == "Rapide"
        assert _get_account(uow_factory, example_address("alice")).state is (
            AccountState.PENDING_VALIDATION
        )
        with uow_factory() as uow:
            assert uow.accounts.get(example_address("bob")) is None
            assert not uow.messages.for_mailbox(address)
            assert list(uow.audit.entries()) == entries_before

    def test_a_commit_with_one_duplicate_stores_nothing(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        _add_accounts(uow_factory, example_account("alice"))
        with uow_factory() as uow:
            uow.mailboxes.add(example_mailbox())
            uow.audit.append(_record(1))
            with pytest.raises(DuplicateError):
                _add_account_and_commit(uow, example_account("alice", pending=True))
        with uow_factory() as uow:
            assert uow.mailboxes.get(example_address("pharmacie")) is None
            assert not uow.audit.entries()
        assert _get_account(uow_factory, example_address("alice")).state is AccountState.ACTIVE


class StorageContract(
    MailboxRepositoryContract,
    AccountRepositoryContract,
    MessageLogContract,
    AuditLogContract,
    UnitOfWorkContract,
):
    """Every storage contract at once, for an adapter of the whole unit of work."""


# -- notifier ------------------------------------------------------------------------------


class NotifierContract:
    """:class:`~balorg.ports.Notifier`: accepts every kind of notice."""

    @pytest.fixture
    def notifier(self) -> Notifier:
        """Override: the notifier under test."""
        raise NotImplementedError("a subclass provides the notifier fixture")

    def delivered(self, notifier: Notifier) -> Sequence[Notice] | None:
        """Optional hook: the notices the notifier delivered, in order (``None``: unknown)."""
        return None

    def test_every_kind_of_notice_is_sent_in_order(self, notifier: Notifier) -> None:
        notices: list[Notice] = [
            NewMailNotice(to=example_address("alice"), mailbox=example_address("pharmacie"), at=T0),
            ValidationNotice(
                to=example_address("bob"), account=example_address("bob"), approved=True, at=T0
            ),
            ValidationNotice(
                to=example_address("eve"),
                account=example_address("eve"),
                approved=False,
                at=T0,
                reason="identité non vérifiée",
            ),
        ]
        for notice in notices:
            notifier.send(notice)
        delivered = self.delivered(notifier)
        if delivered is None:
            pytest.skip("no delivered() hook: delivery cannot be observed")
        assert list(delivered) == notices


# -- directory -----------------------------------------------------------------------------


class DirectoryContract:
    """:class:`~balorg.ports.Directory`: entries per directory, and look-ups."""

    @pytest.fixture
    def directory(self) -> Directory:
        """Override: an empty directory."""
        raise NotImplementedError("a subclass provides the directory fixture")

    def seed(
        self,
        directory: Directory,
        professionals: Sequence[Professional],
        structures: Sequence[Structure],
    ) -> None:
        """Optional hook: make these professionals and structures known to ``directory``."""
        pytest.skip("no seed() hook: look-ups of known entries cannot be checked")

    def test_a_published_entry_reads_back_in_its_directory_only(self, directory: Directory) -> None:
        entry = DirectoryEntry.of(example_mailbox())
        directory.publish(entry, DirectoryKind.NATIONAL)
        assert directory.entry(entry.address, DirectoryKind.NATIONAL) == entry
        assert directory.entry(entry.address, DirectoryKind.OPERATOR) is None

    def test_publishing_again_replaces_the_entry(self, directory: Directory) -> None:
        mailbox = example_mailbox()
        directory.publish(DirectoryEntry.of(mailbox), DirectoryKind.OPERATOR)
        mailbox.change_description(by=mailbox.responsible.account, at=T0, description="Nouvelle")
        updated = DirectoryEntry.of(mailbox)
        directory.publish(updated, DirectoryKind.OPERATOR)
        assert directory.entry(mailbox.address, DirectoryKind.OPERATOR) == updated

    def test_withdrawing_removes_the_entry_from_that_directory(self, directory: Directory) -> None:
        entry = DirectoryEntry.of(example_mailbox())
        for kind in DirectoryKind:
            directory.publish(entry, kind)
        directory.withdraw(entry.address, DirectoryKind.NATIONAL)
        assert directory.entry(entry.address, DirectoryKind.NATIONAL) is None
        assert directory.entry(entry.address, DirectoryKind.OPERATOR) == entry

    def test_withdrawing_an_absent_entry_is_harmless(self, directory: Directory) -> None:
        directory.withdraw(example_address("absent"), DirectoryKind.NATIONAL)
        assert directory.entry(example_address("absent"), DirectoryKind.NATIONAL) is None

    def test_unknown_professionals_and_structures_are_none(self, directory: Directory) -> None:
        assert directory.find_professional(example_professional(7).idnat) is None
        assert directory.find_structure(example_structure(7).identifier) is None

    def test_seeded_professionals_and_structures_are_found(self, directory: Directory) -> None:
        professionals = [example_professional(1), example_professional(2)]
        structures = [example_structure(1), example_structure(2)]
        self.seed(directory, professionals, structures)
        for professional in professionals:
            assert directory.find_professional(professional.idnat) == professional
        for structure in structures:
            assert directory.find_structure(structure.identifier) == structure
        assert directory.find_professional(example_professional(3).idnat) is None


# -- credentials ---------------------------------------------------------------------------


class _Credentials(CredentialVerifier, CredentialEnrolment):
    """Typing helper: both halves of the host's credential service."""


class CredentialsContract:
    """:class:`~balorg.ports.CredentialVerifier` and :class:`~balorg.ports.CredentialEnrolment`."""

    #: A password distinctive enough to be searched for in storage.
    PASSWORD = "Zébulon-contract-P@ss-8419"

    @pytest.fixture
    def credentials(self) -> _Credentials:
        """Override: an empty credential service (both verifier and enrolment)."""
        raise NotImplementedError("a subclass provides the credentials fixture")

    def stored_bytes(self, credentials: Any) -> bytes | None:
        """Optional hook: everything the service stored, as bytes (``None``: unknown)."""
        return None

    def test_an_enrolled_password_verifies(self, credentials: _Credentials) -> None:
        alice = example_address("alice")
        credentials.enrol(alice, Password(self.PASSWORD))
        assert credentials.verify(alice, Password(self.PASSWORD)) is True

    def test_a_wrong_password_does_not_verify(self, credentials: _Credentials) -> None:
        alice = example_address("alice")
        credentials.enrol(alice, Password(self.PASSWORD))
        for wrong in ("", self.PASSWORD.lower(), self.PASSWORD + " ", self.PASSWORD[:-1]):
            assert credentials.verify(alice, Password(wrong)) is False, wrong

    def test_an_unknown_address_does_not_verify(self, credentials: _Credentials) -> None:
        credentials.enrol(example_address("alice"), Password(self.PASSWORD))
        assert credentials.verify(example_address("bob"), Password(self.PASSWORD)) is False

    def test_enrolment_never_replaces_a_password(self, credentials: _Credentials) -> None:
        alice = example_address("alice")
        credentials.enrol(alice, Password("alice-secret"))
        with pytest.raises(DuplicateError):
            credentials.enrol(alice, Password("someone-else"))
        assert credentials.verify(alice, Password("alice-secret")) is True
        assert credentials.verify(alice, Password("someone-else")) is False

    def test_passwords_belong_to_one_address(self, credentials: _Credentials) -> None:
        alice, bob = example_address("alice"), example_address("bob")
        credentials.enrol(alice, Password("alice-secret"))
        credentials.enrol(bob, Password("bob-secret"))
        assert credentials.verify(alice, Password("bob-secret")) is False
        assert credentials.verify(bob, Password("bob-secret")) is True

    def test_the_password_is_never_stored(self, credentials: _Credentials) -> None:
        credentials.enrol(example_address("alice"), Password(self.PASSWORD))
        stored = self.stored_bytes(credentials)
        if stored is None:
            pytest.skip("no stored_bytes() hook: storage cannot be inspected")
        assert stored, "stored_bytes() answered nothing: the hook returns too little"
        for encoding in ("utf-8", "utf-16-le", "utf-16-be", "latin-1"):
            assert self.PASSWORD.encode(encoding) not in stored, encoding
        assert b"contract-P@ss" not in stored


# -- clock ---------------------------------------------------------------------------------


class ClockContract:
    """:class:`~balorg.ports.Clock`: timezone-aware time that never goes back."""

    @pytest.fixture
    def clock(self) -> Clock:
        """Override: the clock under test."""
        raise NotImplementedError("a subclass provides the clock fixture")

    def test_now_is_timezone_aware(self, clock: Clock) -> None:
        now = clock.now()
        assert isinstance(now, dt.datetime)
        assert now.tzinfo is not None
        assert now.utcoffset() is not None

    def test_now_never_goes_back(self, clock: Clock) -> None:
        readings = [clock.now() for _ in range(5)]
        assert readings == sorted(readings)
