"""The service centre validates new nominative accounts within 72 hours."""

from __future__ import annotations

import datetime as dt

import pytest

from balorg.domain.account import AccountState
from balorg.domain.delegation import DelegationState
from balorg.domain.errors import DomainRefusal
from balorg.domain.mail import ValidationNotice
from balorg.services import (
    approve_account,
    log_in,
    pending_accounts,
    read_mailbox,
    reject_account,
    switch_mailbox,
)

HOUR = dt.timedelta(hours=1)


class TestPendingAccounts:
    def test_lists_waiting_accounts_oldest_first_with_a_72_hour_deadline(self, world) -> None:
        world.register()  # Claire's new account, at t0
        world.clock.advance(hours=2)
        world.add_member("bob", approve=False)  # t0 + 2 h
        world.clock.advance(hours=1)
        world.add_member("alice", approve=False)  # t0 + 3 h
        listed = pending_accounts(world.ports, by=world.agent)
        assert [p.account.address for p in listed] == [
            world.claire,
            world.addr("bob"),
            world.addr("alice"),
        ]
        assert [p.deadline - p.created_at for p in listed] == [72 * HOUR] * 3
        assert listed[1].created_at == world.t0 + 2 * HOUR
        assert not any(p.overdue for p in listed)

    def test_the_overdue_flag_flips_when_the_clock_passes_the_deadline(self, world) -> None:
        world.register()
        world.clock.set(world.t0 + 72 * HOUR)
        [at_deadline] = pending_accounts(world.ports, by=world.agent)
        assert not at_deadline.overdue
        world.clock.advance(seconds=1)
        [late] = pending_accounts(world.ports, by=world.agent)
        assert late.overdue

    def test_approved_and_rejected_accounts_leave_the_list(self, world) -> None:
        world.register()
        world.add_member("bob", approve=False)
        approve_account(world.ports, world.claire, by=world.agent)
        reject_account(world.ports, world.addr("bob"), by=world.agent, reason="inconnu")
        assert pending_accounts(world.ports, by=world.agent) == []

    def test_only_an_agent_may_list(self, world) -> None:
        world.register()
        world.refused(
            lambda: pending_accounts(world.ports, by=world.claire),
            "service_centre.not_agent",
            actor=world.claire,
            action="list_pending_accounts",
            mailbox=None,
        )


class TestApproveAccount:
    def test_approving_activates_the_account_and_its_pending_delegations(self, world) -> None:
        world.open_mailbox()
        bob = world.add_member("bob", approve=False)
        world.clock.advance(hours=30)
        mark = world.mark()
        approve_account(world.ports, bob, by=world.agent)
        account = world.account(bob)
        assert account.state is AccountState.ACTIVE
        assert (account.decided_by, account.decided_at) == (world.agent, world.clock.now())
        delegation = world.mailbox().delegation_of(bob, world.clock.now())
        assert delegation is not None
        assert delegation.state is DelegationState.ACTIVE
        assert world.actions_since(mark) == [
            (str(world.agent), None, "account_approved", True),
            (str(world.agent), str(world.pharmacie), "delegation_activated", True),
        ]
        assert world.notifier.sent[-1] == ValidationNotice(
            to=bob, account=bob, approved=True, at=world.clock.now()
        )

    def test_a_pending_account_has_no_access_until_approved(self, world) -> None:
        world.open_mailbox()
        bob = world.add_member("bob", approve=False)
        world.refused(
            lambda: log_in(world.ports, bob),
            "access.account_not_active",
            actor=bob,
            action="log_in",
            mailbox=None,
        )
        world.refused(
            lambda: switch_mailbox(world.ports, bob, world.pharmacie),
            "access.account_not_active",
            actor=bob,
            action="switch_mailbox",
            mailbox=world.pharmacie,
        )
        world.refused(
            lambda: read_mailbox(world.ports, world.pharmacie, by=bob),
            "access.account_not_active",
            actor=bob,
            action="read",
            mailbox=world.pharmacie,
        )
        approve_account(world.ports, bob, by=world.agent)
        assert switch_mailbox(world.ports, bob, world.pharmacie).banner.organisational

    def test_only_an_agent_approves(self, world) -> None:
        world.open_mailbox()
        bob = world.add_member("bob", approve=False)
        entry = world.refused(
            lambda: approve_account(world.ports, bob, by=world.claire),
            "service_centre.not_agent",
            actor=world.claire,
            action="approve_account",
            mailbox=None,
        )
        assert entry.details["account"] == str(bob)

    def test_an_unknown_or_already_decided_account_is_refused(self, pharmacy) -> None:
        pharmacy.refused(
            lambda: approve_account(pharmacy.ports, pharmacy.addr("nobody"), by=pharmacy.agent),
            "account.unknown",
            actor=pharmacy.agent,
            action="approve_account",
            mailbox=None,
        )
        pharmacy.refused(
            lambda: approve_account(pharmacy.ports, pharmacy.addr("alice"), by=pharmacy.agent),
            "account.not_pending",
            actor=pharmacy.agent,
            action="approve_account",
            mailbox=None,
        )


class TestRejectAccount:
    def test_rejecting_revokes_the_pending_delegation_and_tells_the_person(self, world) -> None:
        world.open_mailbox()
        bob = world.add_member("bob", approve=False)
        mark = world.mark()
        reject_account(world.ports, bob, by=world.agent, reason="identité non vérifiée")
        account = world.account(bob)
        assert account.state is AccountState.REJECTED
        assert account.decision_reason == "identité non vérifiée"
        delegation = world.mailbox().delegation_of(bob, world.clock.now())
        assert delegation is not None
        assert delegation.state is DelegationState.REVOKED
        assert delegation.changed_by == world.agent
        assert world.actions_since(mark) == [
            (str(world.agent), None, "account_rejected", True),
            (str(world.agent), str(world.pharmacie), "delegation_revoked", True),
        ]
        notice = world.notifier.sent[-1]
        assert isinstance(notice, ValidationNotice)
        assert (notice.to, notice.approved, notice.reason) == (bob, False, "identité non vérifiée")
        with pytest.raises(DomainRefusal):
            log_in(world.ports, bob)

    def test_a_reason_is_required(self, world) -> None:
        world.open_mailbox()
        bob = world.add_member("bob", approve=False)
        world.refused(
            lambda: reject_account(world.ports, bob, by=world.agent, reason="  "),
            "field.required",
            actor=world.agent,
            action="reject_account",
            mailbox=None,
        )
        assert world.account(bob).state is AccountState.PENDING_VALIDATION


class TestNoSelfValidation:
    def test_an_agent_never_decides_on_their_own_account(self, world) -> None:
        agent = world.agent
        for decide in (
            lambda: approve_account(world.ports, agent, by=agent),
            lambda: reject_account(world.ports, agent, by=agent, reason="moi"),
        ):
            with pytest.raises(DomainRefusal) as caught:
                decide()
            assert [p.code for p in caught.value.problems] == ["service_centre.own_account"]
        assert [e.reasons for e in world.audit()] == [
            ("service_centre.own_account",),
            ("service_centre.own_account",),
        ]
