"""Connection accounts: validation by the service centre and connection settings
(second guide, "Gestion des comptes de connexion")."""

from __future__ import annotations

import attrs
import pytest
from tests.unit.domain.builders import AGENT, ALICE, DAY, MAILBOX, T0, account

from balorg.domain.account import AccountState, ConnectionAccount
from balorg.domain.addresses import EmailAddress
from balorg.domain.errors import DomainRefusal
from balorg.domain.events import (
    AccountApproved,
    AccountCreated,
    AccountRejected,
    DefaultMailboxChanged,
    NoticesChanged,
    SettingsReconciled,
)

OTHER = EmailAddress("secretariat@medimail.mssante.fr")
BOTH = frozenset({MAILBOX, OTHER})


def test_creates_an_account_waiting_for_validation_by_default() -> None:
    created = ConnectionAccount.create(
        address=ALICE, first_name=" Alice ", last_name=" Durand ", by=ALICE, at=T0
    )

    assert created.state is AccountState.PENDING_VALIDATION
    assert not created.is_active
    assert created.display_name == "Alice Durand"
    assert created.default_mailbox is None
    assert created.notices == frozenset()
    assert created.pull_events() == [
        AccountCreated(actor=ALICE, at=T0, account=ALICE, pending_validation=True)
    ]
    assert created.events == []


def test_creates_an_active_account_when_no_validation_is_needed() -> None:
    created = ConnectionAccount.create(
        address=ALICE, first_name="Alice", last_name="Durand", by=AGENT, at=T0,
        pending_validation=False,
    )  # fmt: skip

    assert created.is_active
    assert created.events[0].actor == AGENT


def test_refuses_an_account_without_names_reporting_both() -> None:
    with pytest.raises(DomainRefusal) as excinfo:
        ConnectionAccount.create(address=ALICE, first_name=" ", last_name="", by=ALICE, at=T0)

    assert [(p.code, p.path) for p in excinfo.value.problems] == [
        ("field.required", "first_name"),
        ("field.required", "last_name"),
    ]


def test_no_field_could_hold_a_password_and_the_address_is_fixed() -> None:
    names = {f.name for f in attrs.fields(ConnectionAccount)}

    assert not {n for n in names if "password" in n or "secret" in n or "hash" in n}
    with pytest.raises(attrs.exceptions.FrozenAttributeError):
        account().address = OTHER  # type: ignore[misc]


def test_the_service_centre_approves_a_pending_account() -> None:
    pending = account(active=False)

    pending.approve(by=AGENT, at=T0 + DAY)

    assert pending.is_active
    assert (pending.decided_by, pending.decided_at) == (AGENT, T0 + DAY)
    assert pending.events == [AccountApproved(actor=AGENT, at=T0 + DAY, account=ALICE)]


def test_the_service_centre_rejects_a_pending_account_with_a_reason() -> None:
    pending = account(active=False)

    pending.reject(by=AGENT, at=T0 + DAY, reason="  identité non vérifiée ")

    assert pending.state is AccountState.REJECTED
    assert pending.decision_reason == "identité non vérifiée"
    assert pending.events == [
        AccountRejected(actor=AGENT, at=T0 + DAY, account=ALICE, reason="identité non vérifiée")
    ]


def test_a_rejection_needs_a_reason() -> None:
    pending = account(active=False)

    with pytest.raises(DomainRefusal) as excinfo:
        pending.reject(by=AGENT, at=T0, reason=" ")

    assert excinfo.value.problems[0].path == "reason"
    assert pending.state is AccountState.PENDING_VALIDATION


@pytest.mark.parametrize("decide", ["approve", "reject"])
def test_refuses_to_decide_twice(decide: str) -> None:
    decided = account()

    def again() -> None:
        if decide == "approve":
            decided.approve(by=AGENT, at=T0)
        else:
            decided.reject(by=AGENT, at=T0, reason="x")

    with pytest.raises(DomainRefusal) as excinfo:
        again()

    assert excinfo.value.code == "account.not_pending"
    assert excinfo.value.params == {"state": "active"}


# -- default mailbox --------------------------------------------------------------------------


def test_sets_an_openable_organisational_mailbox_as_default() -> None:
    alice = account()

    alice.set_default(MAILBOX, openable=BOTH, by=ALICE, at=T0)

    assert alice.default_mailbox == MAILBOX
    assert alice.effective_default(BOTH) == MAILBOX
    assert alice.events == [
        DefaultMailboxChanged(actor=ALICE, at=T0, account=ALICE, default=MAILBOX)
    ]


def test_refuses_a_default_the_account_cannot_open() -> None:
    alice = account()

    with pytest.raises(DomainRefusal) as excinfo:
        alice.set_default(MAILBOX, openable=frozenset({OTHER}), by=ALICE, at=T0)

    assert [(p.code, p.path) for p in excinfo.value.problems] == [
        ("account.cannot_open", "default_mailbox")
    ]
    assert alice.default_mailbox is None
    assert alice.events == []


def test_an_account_waiting_for_validation_cannot_choose_a_default() -> None:
    pending = account(active=False)

    with pytest.raises(DomainRefusal):
        pending.set_default(MAILBOX, openable=BOTH, by=ALICE, at=T0)


def test_choosing_the_own_mailbox_as_default_stores_no_preference() -> None:
    alice = account()
    alice.set_default(MAILBOX, openable=BOTH, by=ALICE, at=T0)

    alice.set_default(ALICE, openable=BOTH, by=ALICE, at=T0)

    assert alice.default_mailbox is None
    assert alice.effective_default(BOTH) == ALICE


def test_the_default_falls_back_to_the_nominative_mailbox_when_the_delegation_ends() -> None:
    alice = account()
    alice.set_default(MAILBOX, openable=BOTH, by=ALICE, at=T0)

    assert alice.effective_default(frozenset({OTHER})) == ALICE
    assert alice.default_mailbox == MAILBOX  # stored until reconciled
    assert alice.effective_default(BOTH) == MAILBOX


# -- notices ----------------------------------------------------------------------------------


def test_turns_notices_on_and_off_for_an_openable_mailbox() -> None:
    alice = account()

    alice.set_notices(MAILBOX, True, openable=BOTH, by=ALICE, at=T0)
    assert alice.effective_notices(BOTH) == {MAILBOX}
    alice.set_notices(MAILBOX, False, openable=BOTH, by=ALICE, at=T0 + DAY)

    assert alice.notices == frozenset()
    assert alice.events == [
        NoticesChanged(actor=ALICE, at=T0, account=ALICE, mailbox=MAILBOX, enabled=True),
        NoticesChanged(actor=ALICE, at=T0 + DAY, account=ALICE, mailbox=MAILBOX, enabled=False),
    ]


def test_records_nothing_when_notices_do_not_change() -> None:
    alice = account()

    alice.set_notices(MAILBOX, False, openable=BOTH, by=ALICE, at=T0)

    assert alice.events == []


def test_refuses_notices_for_a_mailbox_the_account_cannot_open() -> None:
    alice = account()

    with pytest.raises(DomainRefusal) as excinfo:
        alice.set_notices(MAILBOX, True, openable=frozenset(), by=ALICE, at=T0)

    assert [(p.code, p.path) for p in excinfo.value.problems] == [
        ("account.cannot_open", "notices")
    ]


def test_refuses_notices_for_the_own_nominative_mailbox() -> None:
    alice = account()

    with pytest.raises(DomainRefusal) as excinfo:
        alice.set_notices(ALICE, True, openable=BOTH | {ALICE}, by=ALICE, at=T0)

    assert excinfo.value.code == "account.notices_own_mailbox"
    assert alice.notices == frozenset()


def test_notices_in_force_are_only_those_of_openable_mailboxes_of_an_active_account() -> None:
    alice = account()
    alice.set_notices(MAILBOX, True, openable=BOTH, by=ALICE, at=T0)
    alice.set_notices(OTHER, True, openable=BOTH, by=ALICE, at=T0)

    assert alice.effective_notices(frozenset({OTHER})) == {OTHER}
    alice.state = AccountState.REJECTED
    assert alice.effective_notices(BOTH) == frozenset()


# -- reconciliation ---------------------------------------------------------------------------


def test_reconcile_drops_stale_settings_and_records_it() -> None:
    alice = account()
    alice.set_default(MAILBOX, openable=BOTH, by=ALICE, at=T0)
    alice.set_notices(MAILBOX, True, openable=BOTH, by=ALICE, at=T0)
    alice.set_notices(OTHER, True, openable=BOTH, by=ALICE, at=T0)
    alice.pull_events()

    dropped = alice.reconcile(openable=frozenset({OTHER}), by=AGENT, at=T0 + DAY)

    assert dropped
    assert alice.default_mailbox is None
    assert alice.notices == {OTHER}
    assert alice.events == [
        SettingsReconciled(
            actor=AGENT,
            at=T0 + DAY,
            account=ALICE,
            dropped_default=MAILBOX,
            dropped_notices=frozenset({MAILBOX}),
        )
    ]


def test_reconcile_records_nothing_when_every_setting_still_holds() -> None:
    alice = account()
    alice.set_default(MAILBOX, openable=BOTH, by=ALICE, at=T0)
    alice.pull_events()

    assert not alice.reconcile(openable=BOTH, by=AGENT, at=T0)
    assert alice.default_mailbox == MAILBOX
    assert alice.events == []
