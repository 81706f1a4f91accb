"""When a mailbox goes live, and what follows the service centre's decision."""

from __future__ import annotations

import datetime as dt

import pytest

from balorg.domain.account import ConnectionAccount
from balorg.domain.mailbox import LifecycleState, OrganisationalMailbox
from balorg.rules.lifecycle import closes_with_responsible, delegation_follows_account, goes_live
from balorg.testing.examples import (
    T0,
    example_account,
    example_address,
    example_delegation,
    example_mailbox,
)

RESPONSIBLE = "claire.martin1"
ALICE = example_address("alice.bernard")
HOUR = dt.timedelta(hours=1)


def pending_mailbox(*, finished: bool = True) -> OrganisationalMailbox:
    box = example_mailbox(active=False)
    if finished:
        box.finish(by=box.responsible.account, at=T0)
        box.pull_events()
    return box


def responsible(state: str = "active") -> ConnectionAccount:
    account = ConnectionAccount.create(
        address=example_address(RESPONSIBLE),
        first_name="Claire",
        last_name="Martin",
        by=example_address(RESPONSIBLE),
        at=T0,
        credential_pending=state == "cancelled",
    )
    if state == "active":
        account.approve(by=ALICE, at=T0)
    elif state == "rejected":
        account.reject(by=ALICE, at=T0, reason="identité non vérifiée")
    elif state == "cancelled":
        account.cancel_enrolment(by=ALICE, at=T0)
    return account


def test_a_finished_mailbox_goes_live_once_its_responsible_is_validated() -> None:
    assert goes_live(pending_mailbox(), responsible())


@pytest.mark.parametrize("state", ["pending_validation", "rejected", "cancelled", None])
def test_a_mailbox_waits_while_its_responsible_is_not_validated(state: str | None) -> None:
    decision = goes_live(pending_mailbox(), None if state is None else responsible(state))

    assert [p.code for p in decision.reasons] == ["mailbox.responsible_not_validated"]


def test_an_unfinished_mailbox_waits_for_terminer_too() -> None:
    decision = goes_live(pending_mailbox(finished=False), responsible())

    assert [p.code for p in decision.reasons] == ["mailbox.registration_unfinished"]


def test_a_live_mailbox_does_not_go_live_again() -> None:
    assert [p.code for p in goes_live(example_mailbox(), responsible()).reasons] == [
        "mailbox.not_pending"
    ]


@pytest.mark.parametrize("state", ["rejected", "cancelled"])
def test_a_pending_mailbox_whose_responsible_was_refused_is_closed(state: str) -> None:
    assert closes_with_responsible(pending_mailbox(), responsible(state))


@pytest.mark.parametrize("state", ["active", "pending_validation"])
def test_a_pending_mailbox_stays_while_its_responsible_stands(state: str) -> None:
    assert not closes_with_responsible(pending_mailbox(), responsible(state))


def test_only_a_pending_mailbox_of_that_responsible_is_closed_with_them() -> None:
    assert not closes_with_responsible(example_mailbox(), responsible("rejected"))
    other = example_account("bob.petit", pending=True)
    other.reject(by=ALICE, at=T0, reason="doublon")
    assert not closes_with_responsible(pending_mailbox(), other)


def test_a_pending_delegation_follows_its_accounts_validation() -> None:
    box = example_mailbox()

    assert delegation_follows_account(box, example_delegation(box, ALICE, pending=True), T0)
    assert not delegation_follows_account(box, example_delegation(box, ALICE), T0)


def test_a_pending_delegation_past_its_expiry_or_on_a_closed_mailbox_does_not_follow() -> None:
    box = example_mailbox()
    expired = example_delegation(box, ALICE, pending=True, expires_at=T0 + HOUR)
    closed = example_mailbox()
    closed.close(by=closed.responsible.account, at=T0, reason="fin")

    assert not delegation_follows_account(box, expired, T0 + HOUR)
    waiting = example_delegation(closed, ALICE, pending=True)
    assert not delegation_follows_account(closed, waiting, T0)
    assert closed.state is LifecycleState.CLOSED
