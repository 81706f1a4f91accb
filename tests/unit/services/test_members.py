"""Managing members: grant, suspend, resume, revoke, hand over."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from balorg.domain.delegation import Capability, DelegationState
from balorg.domain.mailbox import DirectoryKind, Role
from balorg.domain.professions import lookup
from balorg.services import (
    connection_settings,
    grant_member,
    hand_over_responsibility,
    reject_account,
    resume_member,
    revoke_member,
    set_default_mailbox,
    set_notices,
    suspend_member,
    switch_mailbox,
)


@pytest.fixture
def bob(pharmacy):
    """An approved account with no delegation on the pharmacy (member of a lab)."""
    laboratoire = pharmacy.open_mailbox(pharmacy.addr("laboratoire"))
    return pharmacy.add_member("bob", mailbox=laboratoire)


def _state(world, account):
    delegation = world.mailbox().delegation_of(account, world.clock.now())
    return None if delegation is None else delegation.state_at(world.clock.now())


class TestGrant:
    def test_grants_an_existing_account(self, pharmacy, bob) -> None:
        mark = pharmacy.mark()
        expiry = pharmacy.t0 + dt.timedelta(days=30)
        grant_member(
            pharmacy.ports,
            pharmacy.pharmacie,
            account=bob,
            by=pharmacy.claire,
            capabilities={Capability.READ},
            expires_at=expiry,
        )
        delegation = pharmacy.mailbox().delegation_of(bob, pharmacy.clock.now())
        assert delegation is not None
        assert (delegation.state, delegation.capabilities, delegation.expires_at) == (
            DelegationState.ACTIVE,
            {Capability.READ},
            expiry,
        )
        [entry] = pharmacy.since(mark)
        assert (entry.actor, entry.mailbox, entry.action) == (
            str(pharmacy.claire),
            str(pharmacy.pharmacie),
            "delegation_granted",
        )
        assert entry.details["account"] == str(bob)
        assert entry.details["capabilities"] == ["read"]

    @pytest.mark.parametrize(
        ("capabilities", "expires_in", "code"),
        [
            (set(), 1, "delegation.no_capability"),
            ({Capability.READ}, -1, "delegation.expiry_in_past"),
        ],
    )
    def test_refuses_an_empty_or_already_expired_grant(
        self, pharmacy, bob, capabilities, expires_in, code
    ) -> None:
        pharmacy.refused(
            lambda: grant_member(
                pharmacy.ports,
                pharmacy.pharmacie,
                account=bob,
                by=pharmacy.claire,
                capabilities=capabilities,
                expires_at=pharmacy.clock.now() + dt.timedelta(days=expires_in),
            ),
            code,
            actor=pharmacy.claire,
            action="grant",
            mailbox=pharmacy.pharmacie,
        )

    def test_nobody_may_grant_more_than_they_hold(self, pharmacy, bob) -> None:
        manager = pharmacy.add_member(
            "manager", capabilities={Capability.READ, Capability.MANAGE_MEMBERS}
        )
        entry = pharmacy.refused(
            lambda: grant_member(
                pharmacy.ports,
                pharmacy.pharmacie,
                account=bob,
                by=manager,
                capabilities={Capability.READ, Capability.SEND},
            ),
            "delegation.exceeds_grantor",
            actor=manager,
            action="grant",
            mailbox=pharmacy.pharmacie,
        )
        assert entry.details["account"] == str(bob)
        grant_member(
            pharmacy.ports,
            pharmacy.pharmacie,
            account=bob,
            by=manager,
            capabilities={Capability.READ, Capability.MANAGE_MEMBERS},
        )
        assert _state(pharmacy, bob) is DelegationState.ACTIVE

    def test_refuses_a_member_without_the_manage_capability(self, pharmacy, bob) -> None:
        alice = pharmacy.addr("alice")
        pharmacy.refused(
            lambda: grant_member(pharmacy.ports, pharmacy.pharmacie, account=bob, by=alice),
            "access.missing_capability",
            actor=alice,
            action="grant",
            mailbox=pharmacy.pharmacie,
        )

    @pytest.mark.parametrize(
        ("who", "code"),
        [
            ("alice", "delegation.already_granted"),
            ("claire.martin", "delegation.responsible_holds_all"),
            ("nobody", "account.unknown"),
        ],
    )
    def test_refuses_whom_it_cannot_grant(self, pharmacy, who, code) -> None:
        pharmacy.refused(
            lambda: grant_member(
                pharmacy.ports, pharmacy.pharmacie, account=pharmacy.addr(who), by=pharmacy.claire
            ),
            code,
            actor=pharmacy.claire,
            action="grant",
            mailbox=pharmacy.pharmacie,
        )


class TestSuspendResumeRevoke:
    def test_suspend_then_resume(self, pharmacy) -> None:
        alice = pharmacy.addr("alice")
        mark = pharmacy.mark()
        suspend_member(
            pharmacy.ports, pharmacy.pharmacie, account=alice, by=pharmacy.claire, reason="congé"
        )
        assert _state(pharmacy, alice) is DelegationState.SUSPENDED
        assert alice not in pharmacy.mailbox().accounts_with_access(pharmacy.clock.now())
        resume_member(pharmacy.ports, pharmacy.pharmacie, account=alice, by=pharmacy.claire)
        assert _state(pharmacy, alice) is DelegationState.ACTIVE
        assert pharmacy.actions_since(mark) == [
            (str(pharmacy.claire), str(pharmacy.pharmacie), "delegation_suspended", True),
            (str(pharmacy.claire), str(pharmacy.pharmacie), "delegation_resumed", True),
        ]
        assert switch_mailbox(pharmacy.ports, alice, pharmacy.pharmacie).banner.organisational

    def test_suspending_drops_the_member_settings_that_pointed_at_the_mailbox(
        self, pharmacy
    ) -> None:
        alice = pharmacy.addr("alice")
        set_default_mailbox(pharmacy.ports, alice, pharmacy.pharmacie)
        set_notices(pharmacy.ports, alice, pharmacy.pharmacie, enabled=True)
        mark = pharmacy.mark()
        suspend_member(pharmacy.ports, pharmacy.pharmacie, account=alice, by=pharmacy.claire)
        assert pharmacy.actions_since(mark) == [
            (str(pharmacy.claire), str(pharmacy.pharmacie), "delegation_suspended", True),
            (str(pharmacy.claire), str(pharmacy.pharmacie), "settings_reconciled", True),
        ]
        account = pharmacy.account(alice)
        assert (account.default_mailbox, account.notices) == (None, frozenset())

    def test_refusals_of_suspend_and_resume(self, pharmacy, bob) -> None:
        alice = pharmacy.addr("alice")
        pharmacy.refused(
            lambda: suspend_member(
                pharmacy.ports, pharmacy.pharmacie, account=bob, by=pharmacy.claire
            ),
            "delegation.not_found",
            actor=pharmacy.claire,
            action="suspend_member",
            mailbox=pharmacy.pharmacie,
        )
        pharmacy.refused(
            lambda: resume_member(
                pharmacy.ports, pharmacy.pharmacie, account=alice, by=pharmacy.claire
            ),
            "delegation.not_suspended",
            actor=pharmacy.claire,
            action="resume_member",
            mailbox=pharmacy.pharmacie,
        )
        pharmacy.refused(
            lambda: suspend_member(pharmacy.ports, pharmacy.pharmacie, account=alice, by=alice),
            "access.missing_capability",
            actor=alice,
            action="suspend_member",
            mailbox=pharmacy.pharmacie,
        )

    def test_revoke_ends_the_delegation_for_good_with_its_reason(self, pharmacy) -> None:
        alice = pharmacy.addr("alice")
        set_notices(pharmacy.ports, alice, pharmacy.pharmacie, enabled=True)
        mark = pharmacy.mark()
        revoke_member(
            pharmacy.ports, pharmacy.pharmacie, account=alice, by=pharmacy.claire, reason="départ"
        )
        delegation = pharmacy.mailbox().delegation_of(alice, pharmacy.clock.now())
        assert delegation is not None
        assert (delegation.state, delegation.reason, delegation.changed_by) == (
            DelegationState.REVOKED,
            "départ",
            pharmacy.claire,
        )
        assert pharmacy.actions_since(mark) == [
            (str(pharmacy.claire), str(pharmacy.pharmacie), "delegation_revoked", True),
            (str(pharmacy.claire), str(pharmacy.pharmacie), "settings_reconciled", True),
        ]
        assert connection_settings(pharmacy.ports, alice).mailboxes == (alice,)
        pharmacy.refused(
            lambda: resume_member(
                pharmacy.ports, pharmacy.pharmacie, account=alice, by=pharmacy.claire
            ),
            "delegation.not_found",
            actor=pharmacy.claire,
            action="resume_member",
            mailbox=pharmacy.pharmacie,
        )

    def test_revoke_needs_a_reason_and_the_capability(self, pharmacy) -> None:
        alice = pharmacy.addr("alice")
        pharmacy.refused(
            lambda: revoke_member(
                pharmacy.ports, pharmacy.pharmacie, account=alice, by=pharmacy.claire, reason=" "
            ),
            "field.required",
            actor=pharmacy.claire,
            action="revoke_member",
            mailbox=pharmacy.pharmacie,
        )
        pharmacy.refused(
            lambda: revoke_member(
                pharmacy.ports, pharmacy.pharmacie, account=alice, by=alice, reason="moi"
            ),
            "access.missing_capability",
            actor=alice,
            action="revoke_member",
            mailbox=pharmacy.pharmacie,
        )


class TestHandOver:
    def test_hands_over_and_the_previous_responsible_keeps_what_was_said(self, pharmacy) -> None:
        dave = pharmacy.add_member("dave.dupont")
        successor = pharmacy.professional(2, email=dave)
        mark = pharmacy.mark()
        hand_over_responsibility(
            pharmacy.ports,
            pharmacy.pharmacie,
            successor=successor,
            by=pharmacy.claire,
            previous_keeps={Capability.READ},
        )
        mailbox = pharmacy.mailbox()
        assert mailbox.responsible.account == dave
        assert mailbox.responsible.professional == successor
        assert mailbox.role_of(pharmacy.claire) is Role.MEMBER
        assert mailbox.capabilities_of(pharmacy.claire, pharmacy.clock.now()) == {Capability.READ}
        assert pharmacy.actions_since(mark) == [
            (str(pharmacy.claire), str(pharmacy.pharmacie), "responsibility_handed_over", True),
            # Dave's member delegation ends: as responsible he holds everything.
            (str(pharmacy.claire), str(pharmacy.pharmacie), "delegation_revoked", True),
            (str(pharmacy.claire), str(pharmacy.pharmacie), "delegation_granted", True),
        ]
        for kind in DirectoryKind:  # the entries name the new responsible
            entry = pharmacy.directory.entry(pharmacy.pharmacie, kind)
            assert entry is not None
            assert entry.responsible == str(successor.idnat)

    def test_without_keeping_anything_the_previous_responsible_loses_access(self, pharmacy) -> None:
        set_default_mailbox(pharmacy.ports, pharmacy.claire, pharmacy.pharmacie)
        dave = pharmacy.add_member("dave.dupont")
        hand_over_responsibility(
            pharmacy.ports,
            pharmacy.pharmacie,
            successor=pharmacy.professional(2, email=dave),
            by=pharmacy.claire,
        )
        assert pharmacy.mailbox().role_of(pharmacy.claire) is Role.NONE
        assert pharmacy.account(pharmacy.claire).default_mailbox is None

    def test_only_the_responsible_hands_over(self, pharmacy) -> None:
        alice = pharmacy.addr("alice")
        pharmacy.refused(
            lambda: hand_over_responsibility(
                pharmacy.ports,
                pharmacy.pharmacie,
                successor=pharmacy.professional(2, email=alice),
                by=alice,
            ),
            "access.responsible_only",
            actor=alice,
            action="hand_over",
            mailbox=pharmacy.pharmacie,
        )

    def test_refuses_a_successor_without_a_validated_account(self, pharmacy) -> None:
        pending = pharmacy.add_member("eve.dupont", approve=False)
        for successor, code in (
            (pharmacy.addr("nobody"), "account.unknown"),
            (pending, "access.account_not_active"),
        ):
            pharmacy.refused(
                lambda successor=successor: hand_over_responsibility(
                    pharmacy.ports,
                    pharmacy.pharmacie,
                    successor=pharmacy.professional(2, email=successor),
                    by=pharmacy.claire,
                ),
                code,
                actor=pharmacy.claire,
                action="hand_over",
                mailbox=pharmacy.pharmacie,
            )

    def test_refuses_the_same_person_or_an_ineligible_successor(self, pharmacy) -> None:
        pharmacy.refused(
            lambda: hand_over_responsibility(
                pharmacy.ports,
                pharmacy.pharmacie,
                successor=pharmacy.professional(2),
                by=pharmacy.claire,
            ),
            "responsibility.same_person",
            actor=pharmacy.claire,
            action="hand_over",
            mailbox=pharmacy.pharmacie,
        )
        aide = attrs.evolve(
            pharmacy.professional(3, email=pharmacy.add_member("aide")),
            profession=lookup("aide-soignant"),
        )
        pharmacy.refused(
            lambda: hand_over_responsibility(
                pharmacy.ports, pharmacy.pharmacie, successor=aide, by=pharmacy.claire
            ),
            "profession.not_eligible",
            actor=pharmacy.claire,
            action="hand_over",
            mailbox=pharmacy.pharmacie,
        )


class TestManagingStaysWithinWhatOneHolds:
    def test_a_manager_cannot_end_a_member_holding_more_than_they_do(self, pharmacy) -> None:
        manager = pharmacy.add_member(
            "manager", capabilities={Capability.READ, Capability.MANAGE_MEMBERS}
        )
        admin = pharmacy.add_member("admin", capabilities={Capability.READ, Capability.ADMINISTER})
        for call, action in (
            (
                lambda: suspend_member(
                    pharmacy.ports, pharmacy.pharmacie, account=admin, by=manager
                ),
                "suspend_member",
            ),
            (
                lambda: revoke_member(
                    pharmacy.ports, pharmacy.pharmacie, account=admin, by=manager, reason="x"
                ),
                "revoke_member",
            ),
        ):
            entry = pharmacy.refused(
                call,
                "delegation.exceeds_actor",
                actor=manager,
                action=action,
                mailbox=pharmacy.pharmacie,
            )
            assert entry.details["account"] == str(admin)
        # Within what they hold, they may.
        reader = pharmacy.add_member("reader", capabilities={Capability.READ})
        suspend_member(pharmacy.ports, pharmacy.pharmacie, account=reader, by=manager)
        assert pharmacy.mailbox().capabilities_of(reader, pharmacy.clock.now()) == frozenset()

    def test_a_rejected_account_is_never_granted(self, pharmacy) -> None:
        eve = pharmacy.add_member("eve", approve=False)
        reject_account(pharmacy.ports, eve, by=pharmacy.agent, reason="inconnue")
        pharmacy.refused(
            lambda: grant_member(
                pharmacy.ports, pharmacy.pharmacie, account=eve, by=pharmacy.claire
            ),
            "account.rejected",
            actor=pharmacy.claire,
            action="grant",
            mailbox=pharmacy.pharmacie,
        )
