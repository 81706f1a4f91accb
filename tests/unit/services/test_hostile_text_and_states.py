"""Text that storage could not hold is refused with a code, and mail needs a live mailbox."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.unit.domain.builders import ALICE, RESPONSIBLE, T0, mailbox

from balorg.domain.account import ConnectionAccount
from balorg.domain.addresses import EmailAddress
from balorg.domain.errors import DomainRefusal
from balorg.domain.mail import Direction
from balorg.ports import Password
from balorg.registration import validate_registration
from balorg.services import create_member_account, receive_message, send_message

LONE_SURROGATE = "ref-\ud800"


class TestHostileText:
    def test_a_reference_with_a_lone_surrogate_is_refused_and_nothing_is_recorded(
        self, pharmacy
    ) -> None:
        alice = pharmacy.addr("alice")
        for call, actor, action in (
            (
                lambda: send_message(
                    pharmacy.ports,
                    pharmacy.pharmacie,
                    by=alice,
                    recipient=pharmacy.addr("house"),
                    reference=LONE_SURROGATE,
                ),
                alice,
                "send",
            ),
            (
                lambda: receive_message(
                    pharmacy.ports,
                    pharmacy.pharmacie,
                    sender=pharmacy.addr("house"),
                    reference=LONE_SURROGATE,
                ),
                pharmacy.addr("house"),
                "receive_message",
            ),
        ):
            entry = pharmacy.refused(
                call,
                "field.invalid_characters",
                actor=actor,
                action=action,
                mailbox=pharmacy.pharmacie,
            )
            assert LONE_SURROGATE not in repr(entry.details)
        with pharmacy.store() as uow:
            assert list(uow.messages.for_mailbox(pharmacy.pharmacie, Direction.SENT)) == []

    def test_names_with_control_characters_are_refused(self) -> None:
        at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        me = EmailAddress("bob@example.mssante.fr")
        with pytest.raises(DomainRefusal) as caught:
            ConnectionAccount.create(
                address=me, first_name="Bob\x00", last_name="Petit", by=me, at=at
            )
        assert [(p.code, p.path) for p in caught.value.problems] == [
            ("field.invalid_characters", "first_name")
        ]

    def test_a_form_field_with_a_control_character_is_reported_at_its_path(self) -> None:
        report = validate_registration(
            {"shared_account": True, "description": "Échanges\x1b[31m"},
            on=dt.date(2026, 11, 22),
        )
        assert ("field.invalid_characters", "description") in [
            (p.code, p.path) for p in report.errors
        ]


class TestMailNeedsALiveMailbox:
    def test_a_pending_mailbox_receives_nothing(self, world) -> None:
        world.register()
        world.refused(
            lambda: receive_message(
                world.ports, world.pharmacie, sender=world.addr("house"), reference="m-1"
            ),
            "mailbox.not_receiving",
            actor=world.addr("house"),
            action="receive_message",
            mailbox=world.pharmacie,
        )

    def test_a_closed_mailbox_receives_nothing(self, pharmacy) -> None:
        with pharmacy.store() as uow:
            mailbox = uow.mailboxes.get(pharmacy.pharmacie)
            assert mailbox is not None
            mailbox.close(by=pharmacy.claire, at=pharmacy.clock.now(), reason="fin")
            mailbox.pull_events()
            uow.mailboxes.save(mailbox)
            uow.commit()
        pharmacy.refused(
            lambda: receive_message(
                pharmacy.ports, pharmacy.pharmacie, sender=pharmacy.addr("house"), reference="m"
            ),
            "mailbox.not_receiving",
            actor=pharmacy.addr("house"),
            action="receive_message",
            mailbox=pharmacy.pharmacie,
        )


class TestNewPasswords:
    def test_a_new_account_never_gets_a_blank_password(self, pharmacy) -> None:
        pharmacy.refused(
            lambda: create_member_account(
                pharmacy.ports,
                pharmacy.pharmacie,
                account=pharmacy.addr("bob"),
                first_name="Bob",
                last_name="Petit",
                password=Password("   "),
                by=pharmacy.claire,
            ),
            "password.blank",
            actor=pharmacy.claire,
            action="create_member_account",
            mailbox=pharmacy.pharmacie,
        )
        assert not pharmacy.ports.credentials.verify(pharmacy.addr("bob"), Password("   "))


class TestGrantInputs:
    def test_capabilities_may_be_given_by_name_and_a_naive_expiry_is_refused(self) -> None:
        box = mailbox()
        delegation = box.grant(account=ALICE, capabilities=["read"], by=RESPONSIBLE, at=T0)
        assert {c.value for c in delegation.capabilities} == {"read"}
        with pytest.raises(ValueError, match="timezone-aware"):
            box.grant(
                account=ALICE,
                capabilities=["send"],
                by=RESPONSIBLE,
                at=T0,
                expires_at=dt.datetime(2030, 1, 1),
            )
