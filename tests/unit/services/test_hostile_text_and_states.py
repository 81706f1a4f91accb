"""Text that storage could not hold is refused with a code, and mail needs a live mailbox."""

from __future__ import annotations

import datetime as dt

import pytest

from balorg.domain.account import ConnectionAccount
from balorg.domain.addresses import EmailAddress
from balorg.domain.errors import DomainRefusal
from balorg.domain.mail import Direction
from balorg.registration import validate_registration
from balorg.services import receive_message, send_message

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
