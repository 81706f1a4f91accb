"""Logging in with a password through the host's port: throttled and audited."""

from __future__ import annotations

from balorg.ports import Password
from balorg.services import authenticate, set_default_mailbox


class TestAuthenticate:
    def test_the_right_password_opens_the_default_mailbox(self, pharmacy) -> None:
        alice = pharmacy.addr("alice")
        set_default_mailbox(pharmacy.ports, alice, pharmacy.pharmacie)
        session = authenticate(pharmacy.ports, alice, Password("alice-password"))
        assert session.mailbox == pharmacy.pharmacie
        assert session.banner.organisational is True

    def test_a_wrong_password_is_refused_and_audited_without_the_password(self, pharmacy) -> None:
        alice = pharmacy.addr("alice")
        entry = pharmacy.refused(
            lambda: authenticate(pharmacy.ports, alice, Password("not-hers")),
            "credentials.invalid",
            actor=alice,
            action="log_in",
            mailbox=None,
        )
        assert "not-hers" not in repr(entry)

    def test_an_unknown_account_gets_the_same_answer(self, pharmacy) -> None:
        nobody = pharmacy.addr("nobody")
        pharmacy.refused(
            lambda: authenticate(pharmacy.ports, nobody, Password("x")),
            "credentials.invalid",
            actor=nobody,
            action="log_in",
            mailbox=None,
        )

    def test_an_organisational_mailbox_is_never_logged_into(self, pharmacy) -> None:
        pharmacy.refused(
            lambda: authenticate(pharmacy.ports, pharmacy.pharmacie, Password("x")),
            "login.organisational_mailbox",
            actor=pharmacy.pharmacie,
            action="log_in",
            mailbox=pharmacy.pharmacie,
        )

    def test_five_wrong_passwords_throttle_until_the_window_passes(self, pharmacy) -> None:
        alice = pharmacy.addr("alice")
        for _ in range(5):
            pharmacy.refused(
                lambda: authenticate(pharmacy.ports, alice, Password("wrong")),
                "credentials.invalid",
                actor=alice,
                action="log_in",
                mailbox=None,
            )
        pharmacy.refused(
            lambda: authenticate(pharmacy.ports, alice, Password("alice-password")),
            "credentials.throttled",
            actor=alice,
            action="log_in",
            mailbox=None,
        )
        pharmacy.clock.advance(minutes=15)
        assert authenticate(pharmacy.ports, alice, Password("alice-password")).account == alice
