"""Connection accounts: validation by the service centre, the credential's enrolment and
connection settings (second guide, "Gestion des comptes de connexion")."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from balorg.domain.account import AccountState, ConnectionAccount
from balorg.domain.errors import DomainRefusal
from balorg.domain.events import (
    AccountApproved,
    AccountCreated,
    AccountRejected,
    CredentialEnrolled,
    DefaultMailboxChanged,
    EnrolmentCancelled,
    NoticesChanged,
    SettingsReconciled,
)
from balorg.testing.examples import T0, example_address, example_professional

ALICE = example_address("alice.bernard")
CLAIRE = example_address("claire.martin1")
AGENT = example_address("agent.validation")
MAILBOX = example_address("pharmacie")
OTHER = example_address("secretariat")
BOTH = frozenset({MAILBOX, OTHER})
DAY = dt.timedelta(days=1)


def account(*, active: bool = True, credential_pending: bool = False) -> ConnectionAccount:
    """Alice's account (created by herself at T0), validated unless ``active`` is false."""
    created = ConnectionAccount.create(
        address=ALICE,
        first_name="Alice",
        last_name="Bernard",
        by=ALICE,
        at=T0,
        pending_validation=not active,
        credential_pending=credential_pending,
    )
    created.pull_events()
    return created


def test_creates_an_account_waiting_for_validation_by_default() -> None:
    created = ConnectionAccount.create(
        address=ALICE, first_name=" Alice ", last_name=" Bernard ", by=ALICE, at=T0
    )

    assert created.state is AccountState.PENDING_VALIDATION
    assert not created.is_active
    assert not created.may_log_in
    assert created.display_name == "Alice Bernard"
    assert (created.created_at, created.created_by) == (T0, ALICE)
    assert (created.professional, created.credential_pending) == (None, False)
    assert created.default_mailbox is None
    assert created.notices == frozenset()
    assert (created.decided_by, created.decided_at, created.decision_reason) == (None, None, None)
    assert created.pull_events() == [
        AccountCreated(
            actor=ALICE, at=T0, account=ALICE, pending_validation=True, credential_pending=False
        )
    ]
    assert created.events == []


def test_an_account_created_for_someone_names_its_creator_and_may_carry_an_identity() -> None:
    identity = example_professional().idnat

    created = ConnectionAccount.create(
        address=ALICE,
        first_name="Alice",
        last_name="Bernard",
        by=CLAIRE,
        at=T0,
        pending_validation=False,
        credential_pending=True,
        professional=identity,
    )

    assert created.is_active
    assert created.created_by == CLAIRE
    assert created.professional == identity
    assert created.events[0] == AccountCreated(
        actor=CLAIRE, at=T0, account=ALICE, pending_validation=False, credential_pending=True
    )


def test_refuses_an_account_without_names_reporting_both() -> None:
    with pytest.raises(DomainRefusal) as excinfo:
        ConnectionAccount.create(address=ALICE, first_name=" ", last_name="", by=ALICE, at=T0)

    assert [(p.code, p.path) for p in excinfo.value.problems] == [
        ("field.required", "first_name"),
        ("field.required", "last_name"),
    ]


def test_refuses_names_that_break_the_text_rule() -> None:
    with pytest.raises(DomainRefusal) as excinfo:
        ConnectionAccount.create(
            address=ALICE, first_name="Al\u202eice", last_name="Ber\nnard", by=ALICE, at=T0
        )

    assert [(p.code, p.path) for p in excinfo.value.problems] == [
        ("field.invisible_characters", "first_name"),
        ("field.single_line", "last_name"),
    ]


def test_refuses_a_creation_at_a_naive_time() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        ConnectionAccount.create(
            address=ALICE,
            first_name="Alice",
            last_name="Bernard",
            by=ALICE,
            at=T0.replace(tzinfo=None),
        )


@pytest.mark.parametrize("name", ["address", "created_at", "created_by"])
def test_what_identifies_an_account_cannot_be_reassigned(name: str) -> None:
    alice = account()
    before = getattr(alice, name)

    with pytest.raises(attrs.exceptions.FrozenAttributeError):
        setattr(alice, name, OTHER if name != "created_at" else T0 + DAY)

    assert getattr(alice, name) == before


def test_no_field_could_hold_a_password() -> None:
    names = {f.name for f in attrs.fields(ConnectionAccount)}

    assert "credential_pending" in names  # the scan looks at the real fields
    assert not {n for n in names if "password" in n or "secret" in n or "hash" in n}


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

    with pytest.raises(DomainRefusal) as blank:
        pending.reject(by=AGENT, at=T0, reason=" ")
    with pytest.raises(DomainRefusal) as hidden:
        pending.reject(by=AGENT, at=T0, reason="doublon\u200b")

    assert [(p.code, p.path) for p in blank.value.problems] == [("field.required", "reason")]
    assert [(p.code, p.path) for p in hidden.value.problems] == [
        ("field.invisible_characters", "reason")
    ]
    assert pending.state is AccountState.PENDING_VALIDATION
    assert (pending.decided_by, pending.decision_reason) == (None, None)
    assert pending.events == []


@pytest.mark.parametrize("decide", ["approve", "reject"])
@pytest.mark.parametrize("state", ["active", "rejected", "cancelled"])
def test_refuses_to_decide_on_an_account_that_is_not_pending(decide: str, state: str) -> None:
    decided = account(active=state == "active", credential_pending=state == "cancelled")
    if state == "rejected":
        decided.reject(by=AGENT, at=T0, reason="doublon")
    elif state == "cancelled":
        decided.cancel_enrolment(by=AGENT, at=T0)
    decided.pull_events()

    def again() -> None:
        if decide == "approve":
            decided.approve(by=AGENT, at=T0)
        else:
            decided.reject(by=AGENT, at=T0, reason="x")

    with pytest.raises(DomainRefusal) as excinfo:
        again()

    assert excinfo.value.code == "account.not_pending"
    assert excinfo.value.params == {"state": state}
    assert [p.path for p in excinfo.value.problems] == ["state"]
    assert decided.state.value == state
    assert decided.events == []


# -- the credential's enrolment --------------------------------------------------------------


def test_an_account_whose_credential_is_pending_may_not_log_in_until_it_is_confirmed() -> None:
    alice = account(credential_pending=True)
    assert alice.is_active
    assert not alice.may_log_in

    alice.confirm_credential(by=AGENT, at=T0 + DAY)

    assert alice.may_log_in
    assert alice.events == [CredentialEnrolled(actor=AGENT, at=T0 + DAY, account=ALICE)]


def test_an_enrolment_never_confirmed_is_given_up() -> None:
    alice = account(active=False, credential_pending=True)

    alice.cancel_enrolment(by=AGENT, at=T0 + DAY)

    assert alice.state is AccountState.CANCELLED
    assert (alice.decided_by, alice.decided_at) == (AGENT, T0 + DAY)
    assert not alice.may_log_in
    assert alice.events == [EnrolmentCancelled(actor=AGENT, at=T0 + DAY, account=ALICE)]


@pytest.mark.parametrize("change", ["confirm_credential", "cancel_enrolment"])
def test_a_credential_that_is_not_pending_is_neither_confirmed_nor_given_up(change: str) -> None:
    alice = account()

    with pytest.raises(DomainRefusal) as excinfo:
        getattr(alice, change)(by=AGENT, at=T0)

    assert excinfo.value.code == "account.credential_not_pending"
    assert excinfo.value.params == {"account": str(ALICE)}
    assert [p.path for p in excinfo.value.problems] == ["credential_pending"]
    assert (alice.state, alice.credential_pending, alice.events) == (
        AccountState.ACTIVE,
        False,
        [],
    )


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

    with pytest.raises(DomainRefusal) as excinfo:
        pending.set_default(MAILBOX, openable=BOTH, by=ALICE, at=T0)

    assert excinfo.value.code == "account.cannot_open"
    assert not pending.can_open(ALICE, BOTH)
    assert pending.default_mailbox is None


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


def test_notices_of_a_mailbox_no_longer_openable_may_still_be_turned_off() -> None:
    alice = account()
    alice.set_notices(MAILBOX, True, openable=BOTH, by=ALICE, at=T0)

    alice.set_notices(MAILBOX, False, openable=frozenset(), by=ALICE, at=T0 + DAY)

    assert alice.notices == frozenset()


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
