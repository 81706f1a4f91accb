"""First guide, steps 11 and 12: register, attach accounts, "Terminer"."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from balorg.domain.account import AccountState
from balorg.domain.delegation import Capability, DelegationState
from balorg.domain.errors import DomainRefusal
from balorg.domain.mailbox import DirectoryKind, LifecycleState, RedList
from balorg.ports import Password
from balorg.services import (
    approve_account,
    attach_existing_account,
    create_member_account,
    finish_registration,
    register_mailbox,
    reject_account,
)


def _wrong_attach(world, account, password="wrong"):
    return lambda: attach_existing_account(
        world.ports,
        world.pharmacie,
        account=account,
        password=Password(password),
        by=world.claire,
    )


class TestRegisterMailbox:
    def test_registers_a_pending_mailbox_and_a_pending_account_for_a_new_responsible(
        self, world
    ) -> None:
        mark = world.mark()
        mailbox = register_mailbox(
            world.ports,
            world.registration(),
            address=world.pharmacie,
            responsible_password=Password("pw-1"),
        )
        assert mailbox.state is LifecycleState.PENDING
        assert world.mailbox().responsible.account == world.claire
        assert world.account(world.claire).state is AccountState.PENDING_VALIDATION
        assert world.credentials.verify(world.claire, Password("pw-1"))
        assert world.actions_since(mark) == [
            (str(world.claire), str(world.pharmacie), "account_created", True),
            (str(world.claire), str(world.pharmacie), "mailbox_registered", True),
        ]
        assert world.directory.entry(world.pharmacie, DirectoryKind.NATIONAL) is None

    def test_an_existing_responsible_account_proves_itself_with_its_password(self, world) -> None:
        world.open_mailbox()
        second = world.addr("laboratoire")
        mark = world.mark()
        register_mailbox(
            world.ports,
            world.registration(),
            address=second,
            responsible_password=Password(world.claire_password),
        )
        assert world.mailbox(second).responsible.account == world.claire
        assert world.actions_since(mark) == [
            (str(world.claire), str(second), "mailbox_registered", True)
        ]

    def test_refuses_an_address_outside_the_operator_domains(self, world) -> None:
        outside = world.addr("pharmacie", "gmail.com")
        world.refused(
            lambda: register_mailbox(
                world.ports,
                world.registration(),
                address=outside,
                responsible_password=Password("pw"),
            ),
            "address.not_operator_domain",
            actor=world.claire,
            action="register_mailbox",
            mailbox=outside,
        )

    def test_refuses_an_address_already_taken_by_a_mailbox_or_an_account(self, pharmacy) -> None:
        for taken in (pharmacy.pharmacie, pharmacy.addr("alice")):
            pharmacy.refused(
                lambda taken=taken: register_mailbox(
                    pharmacy.ports,
                    pharmacy.registration(),
                    address=taken,
                    responsible_password=Password(pharmacy.claire_password),
                ),
                "address.taken",
                actor=pharmacy.claire,
                action="register_mailbox",
                mailbox=taken,
            )

    def test_refuses_a_wrong_password_of_the_existing_responsible_account(self, world) -> None:
        world.open_mailbox()
        second = world.addr("laboratoire")
        entry = world.refused(
            lambda: register_mailbox(
                world.ports,
                world.registration(),
                address=second,
                responsible_password=Password("not-it"),
            ),
            "credentials.invalid",
            actor=world.claire,
            action="register_mailbox",
            mailbox=second,
        )
        assert entry.details["account"] == str(world.claire)

    def test_a_refusal_by_the_aggregate_enrols_no_password(self, world) -> None:
        """All or nothing: the new responsible's password is not enrolled with the host
        when the mailbox itself is refused."""
        world.refused(
            lambda: register_mailbox(
                world.ports,
                world.registration(description="   "),
                address=world.pharmacie,
                responsible_password=Password("pw-1"),
            ),
            "field.required",
            actor=world.claire,
            action="register_mailbox",
            mailbox=world.pharmacie,
        )
        assert not world.credentials.verify(world.claire, Password("pw-1"))


class TestAttachExistingAccount:
    def test_attaches_an_active_account_with_the_right_password(self, pharmacy) -> None:
        bob = pharmacy.add_member("bob", mailbox=pharmacy.pharmacie)
        second = pharmacy.open_mailbox(pharmacy.addr("laboratoire"))
        mark = pharmacy.mark()
        attach_existing_account(
            pharmacy.ports,
            second,
            account=bob,
            password=Password("bob-password"),
            by=pharmacy.claire,
        )
        delegation = pharmacy.mailbox(second).delegation_of(bob, pharmacy.clock.now())
        assert delegation is not None
        assert delegation.state is DelegationState.ACTIVE
        assert delegation.capabilities == {Capability.READ, Capability.SEND}
        assert pharmacy.actions_since(mark) == [
            (str(pharmacy.claire), str(second), "delegation_granted", True)
        ]

    def test_a_pending_account_gets_a_pending_delegation(self, world) -> None:
        world.register()
        bob = world.add_member("bob", approve=False)
        second = world.register(world.addr("laboratoire"))
        attach_existing_account(
            world.ports, second, account=bob, password=Password("bob-password"), by=world.claire
        )
        delegation = world.mailbox(second).delegation_of(bob, world.clock.now())
        assert delegation is not None
        assert delegation.state is DelegationState.PENDING_VALIDATION

    def test_refuses_a_wrong_password_and_an_unknown_account_alike(self, pharmacy) -> None:
        for account in (pharmacy.addr("alice"), pharmacy.addr("nobody")):
            entry = pharmacy.refused(
                _wrong_attach(pharmacy, account),
                "credentials.invalid",
                actor=pharmacy.claire,
                action="attach_member",
                mailbox=pharmacy.pharmacie,
            )
            assert entry.details["account"] == str(account)

    def test_refuses_an_account_that_may_not_manage_members(self, pharmacy) -> None:
        pharmacy.add_member("bob")
        pharmacy.refused(
            lambda: attach_existing_account(
                pharmacy.ports,
                pharmacy.pharmacie,
                account=pharmacy.addr("bob"),
                password=Password("bob-password"),
                by=pharmacy.addr("alice"),
            ),
            "access.missing_capability",
            actor=pharmacy.addr("alice"),
            action="attach_member",
            mailbox=pharmacy.pharmacie,
        )

    def test_refuses_an_unknown_mailbox(self, pharmacy) -> None:
        unknown = pharmacy.addr("inconnue")
        pharmacy.refused(
            lambda: attach_existing_account(
                pharmacy.ports,
                unknown,
                account=pharmacy.addr("alice"),
                password=Password("alice-password"),
                by=pharmacy.claire,
            ),
            "mailbox.unknown",
            actor=pharmacy.claire,
            action="attach_member",
            mailbox=unknown,
        )

    def test_refuses_an_account_already_attached(self, pharmacy) -> None:
        pharmacy.refused(
            _wrong_attach(pharmacy, pharmacy.addr("alice"), "alice-password"),
            "delegation.already_granted",
            actor=pharmacy.claire,
            action="attach_member",
            mailbox=pharmacy.pharmacie,
        )

    def test_five_wrong_passwords_in_fifteen_minutes_throttle_the_account(self, pharmacy) -> None:
        alice = pharmacy.addr("alice")
        second = pharmacy.open_mailbox(pharmacy.addr("laboratoire"))
        for _ in range(5):
            pharmacy.refused(
                _wrong_attach(pharmacy, alice),
                "credentials.invalid",
                actor=pharmacy.claire,
                action="attach_member",
                mailbox=pharmacy.pharmacie,
            )
            pharmacy.clock.advance(minutes=2)
        # Even the right password is not tried now, on any mailbox.
        entry = pharmacy.refused(
            lambda: attach_existing_account(
                pharmacy.ports,
                second,
                account=alice,
                password=Password("alice-password"),
                by=pharmacy.claire,
            ),
            "credentials.throttled",
            actor=pharmacy.claire,
            action="attach_member",
            mailbox=second,
        )
        assert entry.details["account"] == str(alice)
        # Another account is not throttled.
        bob = pharmacy.add_member("bob", mailbox=pharmacy.pharmacie)
        attach_existing_account(
            pharmacy.ports,
            second,
            account=bob,
            password=Password("bob-password"),
            by=pharmacy.claire,
        )
        # Past the window, the right password works again.
        pharmacy.clock.advance(minutes=15)
        attach_existing_account(
            pharmacy.ports,
            second,
            account=alice,
            password=Password("alice-password"),
            by=pharmacy.claire,
        )
        assert pharmacy.mailbox(second).role_of(alice).value == "member"

    def test_four_wrong_passwords_do_not_throttle(self, pharmacy) -> None:
        alice = pharmacy.addr("alice")
        second = pharmacy.open_mailbox(pharmacy.addr("laboratoire"))
        for _ in range(4):
            with pytest.raises(DomainRefusal, match="Wrong e-mail address or password"):
                _wrong_attach(pharmacy, alice)()
        attach_existing_account(
            pharmacy.ports,
            second,
            account=alice,
            password=Password("alice-password"),
            by=pharmacy.claire,
        )
        assert pharmacy.mailbox(second).role_of(alice).value == "member"

    def test_the_retry_time_given_when_throttled_is_kept(self, pharmacy) -> None:
        """Attempts refused while throttled are not password failures: at the retry
        time the refusal announces, the account may try again."""
        alice = pharmacy.addr("alice")
        second = pharmacy.open_mailbox(pharmacy.addr("laboratoire"))
        for _ in range(5):  # at t0, t0+1, ..., t0+4 minutes
            with pytest.raises(DomainRefusal, match="Wrong e-mail address or password"):
                _wrong_attach(pharmacy, alice)()
            pharmacy.clock.advance(minutes=1)
        with pytest.raises(DomainRefusal) as caught:  # at t0+5: throttled
            _wrong_attach(pharmacy, alice, "alice-password")()
        [problem] = caught.value.problems
        assert problem.code == "credentials.throttled"
        retry_at = dt.datetime.fromisoformat(problem.params["retry_at"])
        assert retry_at == pharmacy.t0 + dt.timedelta(minutes=15)
        pharmacy.clock.set(retry_at + dt.timedelta(seconds=30))
        attach_existing_account(
            pharmacy.ports,
            second,
            account=alice,
            password=Password("alice-password"),
            by=pharmacy.claire,
        )
        assert pharmacy.mailbox(second).role_of(alice).value == "member"


class TestCreateMemberAccount:
    def test_creates_a_pending_account_attached_at_once_without_access(self, pharmacy) -> None:
        mark = pharmacy.mark()
        bob = pharmacy.addr("bob")
        account = create_member_account(
            pharmacy.ports,
            pharmacy.pharmacie,
            account=bob,
            first_name="Bob",
            last_name="Durand",
            password=Password("bob-pw"),
            by=pharmacy.claire,
        )
        assert account.state is AccountState.PENDING_VALIDATION
        assert pharmacy.credentials.verify(bob, Password("bob-pw"))
        mailbox = pharmacy.mailbox()
        delegation = mailbox.delegation_of(bob, pharmacy.clock.now())
        assert delegation is not None
        assert delegation.state is DelegationState.PENDING_VALIDATION
        assert bob not in mailbox.accounts_with_access(pharmacy.clock.now())
        assert pharmacy.actions_since(mark) == [
            (str(pharmacy.claire), str(pharmacy.pharmacie), "account_created", True),
            (str(pharmacy.claire), str(pharmacy.pharmacie), "delegation_granted", True),
        ]

    @pytest.mark.parametrize(
        ("local", "domain", "code"),
        [
            ("bob", "gmail.com", "address.not_operator_domain"),
            ("alice", "pharmacie.mssante.fr", "address.taken"),
            ("pharmacie", "pharmacie.mssante.fr", "address.taken"),
        ],
    )
    def test_refuses_addresses_it_may_not_hand_out(self, pharmacy, local, domain, code) -> None:
        pharmacy.refused(
            lambda: create_member_account(
                pharmacy.ports,
                pharmacy.pharmacie,
                account=pharmacy.addr(local, domain),
                first_name="Bob",
                last_name="Durand",
                password=Password("bob-pw"),
                by=pharmacy.claire,
            ),
            code,
            actor=pharmacy.claire,
            action="create_member_account",
            mailbox=pharmacy.pharmacie,
        )

    def test_refuses_a_blank_name_and_enrols_nothing(self, pharmacy) -> None:
        pharmacy.refused(
            lambda: create_member_account(
                pharmacy.ports,
                pharmacy.pharmacie,
                account=pharmacy.addr("bob"),
                first_name=" ",
                last_name="",
                password=Password("bob-pw"),
                by=pharmacy.claire,
            ),
            "field.required",
            "field.required",
            actor=pharmacy.claire,
            action="create_member_account",
            mailbox=pharmacy.pharmacie,
        )
        assert not pharmacy.credentials.verify(pharmacy.addr("bob"), Password("bob-pw"))

    def test_nobody_grants_more_than_they_hold(self, pharmacy) -> None:
        manager = pharmacy.add_member(
            "manager", capabilities={Capability.READ, Capability.MANAGE_MEMBERS}
        )
        pharmacy.refused(
            lambda: create_member_account(
                pharmacy.ports,
                pharmacy.pharmacie,
                account=pharmacy.addr("bob"),
                first_name="Bob",
                last_name="Durand",
                password=Password("bob-pw"),
                by=manager,
                capabilities={Capability.READ, Capability.ADMINISTER},
            ),
            "delegation.exceeds_grantor",
            actor=manager,
            action="create_member_account",
            mailbox=pharmacy.pharmacie,
        )
        assert not pharmacy.credentials.verify(pharmacy.addr("bob"), Password("bob-pw"))

    def test_refuses_a_member_without_the_manage_capability(self, pharmacy) -> None:
        pharmacy.refused(
            lambda: create_member_account(
                pharmacy.ports,
                pharmacy.pharmacie,
                account=pharmacy.addr("bob"),
                first_name="Bob",
                last_name="Durand",
                password=Password("bob-pw"),
                by=pharmacy.addr("alice"),
            ),
            "access.missing_capability",
            actor=pharmacy.addr("alice"),
            action="create_member_account",
            mailbox=pharmacy.pharmacie,
        )


class TestFinishRegistration:
    def test_the_mailbox_waits_for_its_responsible_s_validation_then_goes_live(self, world) -> None:
        world.register()
        mark = world.mark()
        assert finish_registration(world.ports, world.pharmacie, by=world.claire) is False
        assert world.mailbox().state is LifecycleState.PENDING
        assert world.actions_since(mark) == [
            (str(world.claire), str(world.pharmacie), "registration_finished", True)
        ]
        assert all(world.directory.entry(world.pharmacie, k) is None for k in DirectoryKind)
        mark = world.mark()
        approve_account(world.ports, world.claire, by=world.agent)
        assert world.mailbox().state is LifecycleState.ACTIVE
        assert (
            str(world.agent),
            str(world.pharmacie),
            "mailbox_activated",
            True,
        ) in world.actions_since(mark)
        for kind in DirectoryKind:
            entry = world.directory.entry(world.pharmacie, kind)
            assert entry is not None
            assert entry.label == "Pharmacie Du Centre"

    def test_a_validated_responsible_s_mailbox_goes_live_at_once(self, world) -> None:
        world.open_mailbox()
        second = world.addr("second")
        world.register(second)
        mark = world.mark()
        assert finish_registration(world.ports, second, by=world.claire) is True
        assert world.mailbox(second).state is LifecycleState.ACTIVE
        assert [a for _, _, a, _ in world.actions_since(mark)] == [
            "registration_finished",
            "mailbox_activated",
        ]

    def test_the_pending_mailbox_of_a_rejected_responsible_is_closed(self, world) -> None:
        world.register()
        finish_registration(world.ports, world.pharmacie, by=world.claire)
        reject_account(world.ports, world.claire, by=world.agent, reason="RPPS inconnu")
        mailbox = world.mailbox()
        assert mailbox.state is LifecycleState.CLOSED
        assert all(world.directory.entry(world.pharmacie, k) is None for k in DirectoryKind)

    def test_a_red_listed_mailbox_is_published_only_where_allowed(self, world) -> None:
        world.register(red_list=RedList(national_directory=True))
        finish_registration(world.ports, world.pharmacie, by=world.claire)
        approve_account(world.ports, world.claire, by=world.agent)
        assert world.directory.entry(world.pharmacie, DirectoryKind.NATIONAL) is None
        assert world.directory.entry(world.pharmacie, DirectoryKind.OPERATOR) is not None

    def test_only_the_responsible_finishes(self, world) -> None:
        world.register()
        bob = world.add_member("bob")
        # Bob is approved: the rule reached is "responsible only".
        world.refused(
            lambda: finish_registration(world.ports, world.pharmacie, by=bob),
            "access.responsible_only",
            actor=bob,
            action="finish_registration",
            mailbox=world.pharmacie,
        )

    def test_an_active_mailbox_cannot_be_finished_again(self, pharmacy) -> None:
        pharmacy.refused(
            lambda: finish_registration(pharmacy.ports, pharmacy.pharmacie, by=pharmacy.claire),
            "access.mailbox_state",
            actor=pharmacy.claire,
            action="finish_registration",
            mailbox=pharmacy.pharmacie,
        )


class TestNominativeResponsible:
    def test_the_responsible_cannot_use_the_new_mailbox_s_own_address(self, world) -> None:
        registration = world.registration()
        responsible = attrs.evolve(registration.responsible, email=world.pharmacie)
        world.refused(
            lambda: register_mailbox(
                world.ports,
                attrs.evolve(registration, responsible=responsible),
                address=world.pharmacie,
                responsible_password=Password("pw-pw-pw"),
            ),
            "address.taken",
            actor=world.pharmacie,
            action="register_mailbox",
            mailbox=world.pharmacie,
        )

    def test_the_responsible_cannot_be_another_organisational_mailbox(self, world) -> None:
        world.open_mailbox()
        cabinet = world.addr("cabinet")
        registration = world.registration()
        responsible = attrs.evolve(registration.responsible, email=world.pharmacie)
        world.refused(
            lambda: register_mailbox(
                world.ports,
                attrs.evolve(registration, responsible=responsible),
                address=cabinet,
                responsible_password=Password("pw-pw-pw"),
            ),
            "address.taken",
            actor=world.pharmacie,
            action="register_mailbox",
            mailbox=cabinet,
        )
        with world.store() as uow:
            assert uow.accounts.get(world.pharmacie) is None
