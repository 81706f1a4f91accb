"""Second guide, steps 1 to 5: log in, the blue label, switch, default, notices."""

from __future__ import annotations

import datetime as dt

from balorg.services import (
    connection_settings,
    log_in,
    receive_message,
    set_default_mailbox,
    set_notices,
    suspend_member,
    switch_mailbox,
)


class TestLogIn:
    def test_logs_into_the_nominative_mailbox_by_default(self, pharmacy) -> None:
        alice = pharmacy.addr("alice")
        mark = pharmacy.mark()
        session = log_in(pharmacy.ports, alice)
        assert session.mailbox == alice
        assert session.banner.label == "Alice Durand"
        assert not session.banner.organisational
        assert session.openable == {pharmacy.pharmacie}
        assert pharmacy.actions_since(mark) == []

    def test_opens_the_default_organisational_mailbox_and_says_so(self, pharmacy) -> None:
        alice = pharmacy.addr("alice")
        set_default_mailbox(pharmacy.ports, alice, pharmacy.pharmacie)
        mark = pharmacy.mark()
        session = log_in(pharmacy.ports, alice)
        assert session.mailbox == pharmacy.pharmacie
        assert session.banner.label == "Pharmacie Du Centre"
        assert session.banner.organisational
        assert pharmacy.actions_since(mark) == [
            (str(alice), str(pharmacy.pharmacie), "open_mailbox", True)
        ]

    def test_nobody_logs_into_an_organisational_mailbox(self, pharmacy) -> None:
        pharmacy.refused(
            lambda: log_in(pharmacy.ports, pharmacy.pharmacie),
            "login.organisational_mailbox",
            actor=pharmacy.pharmacie,
            action="log_in",
            mailbox=pharmacy.pharmacie,
        )

    def test_an_unknown_account_is_refused(self, pharmacy) -> None:
        nobody = pharmacy.addr("nobody")
        pharmacy.refused(
            lambda: log_in(pharmacy.ports, nobody),
            "account.unknown",
            actor=nobody,
            action="log_in",
            mailbox=None,
        )


class TestSwitchMailbox:
    def test_switches_to_the_organisational_mailbox_with_its_label(self, pharmacy) -> None:
        alice = pharmacy.addr("alice")
        mark = pharmacy.mark()
        session = switch_mailbox(pharmacy.ports, alice, pharmacy.pharmacie)
        assert (session.mailbox, session.banner.label) == (
            pharmacy.pharmacie,
            "Pharmacie Du Centre",
        )
        assert pharmacy.actions_since(mark) == [
            (str(alice), str(pharmacy.pharmacie), "switch_mailbox", True)
        ]
        back = switch_mailbox(pharmacy.ports, alice, alice)
        assert back.banner.label == "Alice Durand"

    def test_refuses_a_mailbox_the_account_may_not_open(self, pharmacy) -> None:
        laboratoire = pharmacy.open_mailbox(pharmacy.addr("laboratoire"))
        bob = pharmacy.add_member("bob", mailbox=laboratoire)
        pharmacy.refused(
            lambda: switch_mailbox(pharmacy.ports, bob, pharmacy.pharmacie),
            "access.not_member",
            actor=bob,
            action="switch_mailbox",
            mailbox=pharmacy.pharmacie,
        )

    def test_refuses_a_suspended_member(self, pharmacy) -> None:
        alice = pharmacy.addr("alice")
        suspend_member(pharmacy.ports, pharmacy.pharmacie, account=alice, by=pharmacy.claire)
        entry = pharmacy.refused(
            lambda: switch_mailbox(pharmacy.ports, alice, pharmacy.pharmacie),
            "access.delegation_not_active",
            actor=alice,
            action="switch_mailbox",
            mailbox=pharmacy.pharmacie,
        )
        assert entry.allowed is False

    def test_refuses_an_unknown_mailbox(self, pharmacy) -> None:
        alice, unknown = pharmacy.addr("alice"), pharmacy.addr("inconnue")
        pharmacy.refused(
            lambda: switch_mailbox(pharmacy.ports, alice, unknown),
            "mailbox.unknown",
            actor=alice,
            action="switch_mailbox",
            mailbox=unknown,
        )


class TestSettings:
    def test_default_and_notices_are_set_and_shown(self, pharmacy) -> None:
        alice = pharmacy.addr("alice")
        mark = pharmacy.mark()
        set_default_mailbox(pharmacy.ports, alice, pharmacy.pharmacie)
        set_notices(pharmacy.ports, alice, pharmacy.pharmacie, enabled=True)
        assert pharmacy.actions_since(mark) == [
            (str(alice), None, "default_mailbox_changed", True),
            (str(alice), None, "notices_changed", True),
        ]
        settings = connection_settings(pharmacy.ports, alice)
        assert settings.mailboxes == (alice, pharmacy.pharmacie)
        assert settings.default == pharmacy.pharmacie
        assert settings.notices == {pharmacy.pharmacie}
        set_notices(pharmacy.ports, alice, pharmacy.pharmacie, enabled=False)
        assert connection_settings(pharmacy.ports, alice).notices == frozenset()

    def test_refuses_a_default_the_account_may_not_open(self, pharmacy) -> None:
        laboratoire = pharmacy.open_mailbox(pharmacy.addr("laboratoire"))
        alice = pharmacy.addr("alice")
        pharmacy.refused(
            lambda: set_default_mailbox(pharmacy.ports, alice, laboratoire),
            "account.cannot_open",
            actor=alice,
            action="set_default_mailbox",
            mailbox=laboratoire,
        )

    def test_refuses_notices_of_the_own_mailbox_or_of_one_not_openable(self, pharmacy) -> None:
        laboratoire = pharmacy.open_mailbox(pharmacy.addr("laboratoire"))
        alice = pharmacy.addr("alice")
        pharmacy.refused(
            lambda: set_notices(pharmacy.ports, alice, alice, enabled=True),
            "account.notices_own_mailbox",
            actor=alice,
            action="set_notices",
            mailbox=alice,
        )
        pharmacy.refused(
            lambda: set_notices(pharmacy.ports, alice, laboratoire, enabled=True),
            "account.cannot_open",
            actor=alice,
            action="set_notices",
            mailbox=laboratoire,
        )


class TestExpiringDelegation:
    def test_past_its_expiry_a_delegation_gives_nothing(self, world) -> None:
        world.open_mailbox()
        expiry = world.t0 + dt.timedelta(days=7)
        temp = world.add_member("interim", expires_at=expiry)
        set_default_mailbox(world.ports, temp, world.pharmacie)
        set_notices(world.ports, temp, world.pharmacie, enabled=True)
        world.clock.set(expiry - dt.timedelta(seconds=1))
        assert log_in(world.ports, temp).mailbox == world.pharmacie
        assert [
            n.to
            for n in receive_message(
                world.ports, world.pharmacie, sender=world.correspondent, reference="m-1"
            )
        ] == [temp]

        world.clock.set(expiry)
        session = log_in(world.ports, temp)
        assert session.mailbox == temp  # the default falls back to the nominative mailbox
        assert session.openable == frozenset()
        settings = connection_settings(world.ports, temp)
        assert (settings.default, settings.notices) == (temp, frozenset())
        assert (
            receive_message(
                world.ports, world.pharmacie, sender=world.correspondent, reference="m-2"
            )
            == []
        )
        entry = world.refused(
            lambda: switch_mailbox(world.ports, temp, world.pharmacie),
            "access.delegation_not_active",
            actor=temp,
            action="switch_mailbox",
            mailbox=world.pharmacie,
        )
        assert entry.at == expiry

    def test_an_expired_member_cannot_be_given_notices_again(self, world) -> None:
        world.open_mailbox()
        expiry = world.t0 + dt.timedelta(hours=1)
        temp = world.add_member("interim", expires_at=expiry)
        world.clock.set(expiry)
        world.refused(
            lambda: set_notices(world.ports, temp, world.pharmacie, enabled=True),
            "account.cannot_open",
            actor=temp,
            action="set_notices",
            mailbox=world.pharmacie,
        )
