"""Mail through the shared mailbox (receive, notices, send, read) and the red list."""

from __future__ import annotations

import attrs
import pytest

from balorg.domain.delegation import Capability
from balorg.domain.mail import Direction, NewMailNotice
from balorg.domain.mailbox import DirectoryKind, RedList
from balorg.services import (
    change_red_list,
    read_mailbox,
    receive_message,
    send_message,
    set_notices,
    suspend_member,
)

SUBJECT = "Ordonnance de M. Jean Dupont"
REFERENCE = "<resultats-hba1c-dupont-2026@hopital.mssante.fr>"


class TestReceive:
    def test_notices_go_only_to_members_who_turned_them_on_and_can_open(self, pharmacy) -> None:
        alice = pharmacy.addr("alice")
        bob = pharmacy.add_member("bob")  # never turns notices on
        carol = pharmacy.add_member("carol")  # turns them on, then is suspended
        dan = pharmacy.add_member("dan", approve=False)  # pending: cannot turn them on
        for account in (pharmacy.claire, alice, carol):
            set_notices(pharmacy.ports, account, pharmacy.pharmacie, enabled=True)
        suspend_member(pharmacy.ports, pharmacy.pharmacie, account=carol, by=pharmacy.claire)
        mark = pharmacy.mark()
        notices = receive_message(
            pharmacy.ports, pharmacy.pharmacie, sender=pharmacy.correspondent, reference=REFERENCE
        )
        notified = {n.to for n in notices}
        assert notified == {pharmacy.claire, alice}
        assert not notified & {bob, carol, dan}
        assert pharmacy.notifier.sent[-len(notices) :] == list(notices)
        [entry] = pharmacy.since(mark)
        assert (entry.actor, entry.mailbox, entry.action, entry.allowed) == (
            str(pharmacy.correspondent),
            str(pharmacy.pharmacie),
            "receive_message",
            True,
        )
        assert sorted(entry.details["notified"]) == sorted(str(a) for a in notified)
        [record] = read_mailbox(pharmacy.ports, pharmacy.pharmacie, by=alice).received
        assert (record.reference, record.correspondent, record.author) == (
            REFERENCE,
            pharmacy.correspondent,
            None,
        )

    @pytest.mark.parametrize("lang", ["fr", "en"])
    def test_a_notice_never_carries_anything_of_the_message(self, pharmacy, lang) -> None:
        alice = pharmacy.addr("alice")
        set_notices(pharmacy.ports, alice, pharmacy.pharmacie, enabled=True)
        [notice] = receive_message(
            pharmacy.ports, pharmacy.pharmacie, sender=pharmacy.correspondent, reference=REFERENCE
        )
        rendered = notice.render(lang)
        text = f"{rendered.subject}\n{rendered.body}"
        assert str(pharmacy.pharmacie) in text  # it does say which mailbox
        for secret in (
            str(pharmacy.correspondent),
            pharmacy.correspondent.local_part,
            "hopital",
            REFERENCE,
            "hba1c",
            "dupont",
            SUBJECT,
        ):
            assert secret.lower() not in text.lower(), secret

    def test_a_new_mail_notice_has_no_field_for_message_content(self) -> None:
        names = {f.name for f in attrs.fields(NewMailNotice)}
        assert names == {"to", "mailbox", "at"}
        assert not names & {"sender", "subject", "body", "reference", "correspondent"}

    def test_mail_for_an_unknown_mailbox_is_refused(self, pharmacy) -> None:
        unknown = pharmacy.addr("inconnue")
        pharmacy.refused(
            lambda: receive_message(
                pharmacy.ports, unknown, sender=pharmacy.correspondent, reference="m"
            ),
            "mailbox.unknown",
            actor=pharmacy.correspondent,
            action="receive_message",
            mailbox=unknown,
        )


class TestSendAndRead:
    def test_a_sent_message_is_shared_and_names_its_author(self, pharmacy) -> None:
        alice = pharmacy.addr("alice")
        bob = pharmacy.add_member("bob", capabilities={Capability.READ})
        mark = pharmacy.mark()
        record = send_message(
            pharmacy.ports,
            pharmacy.pharmacie,
            by=alice,
            recipient=pharmacy.correspondent,
            reference="sent-1",
        )
        assert (record.mailbox, record.direction, record.author) == (
            pharmacy.pharmacie,
            Direction.SENT,
            alice,
        )
        assert pharmacy.actions_since(mark) == [
            (str(alice), str(pharmacy.pharmacie), "send_message", True)
        ]
        for reader in (alice, bob, pharmacy.claire):
            contents = read_mailbox(pharmacy.ports, pharmacy.pharmacie, by=reader)
            assert contents.sent == (record,)
            assert contents.received == ()
        assert [e.actor for e in pharmacy.since(mark + 1)] == [
            str(alice),
            str(bob),
            str(pharmacy.claire),
        ]

    def test_sending_needs_the_send_capability(self, pharmacy) -> None:
        reader = pharmacy.add_member("reader", capabilities={Capability.READ})
        entry = pharmacy.refused(
            lambda: send_message(
                pharmacy.ports,
                pharmacy.pharmacie,
                by=reader,
                recipient=pharmacy.correspondent,
                reference="sent-2",
            ),
            "access.missing_capability",
            actor=reader,
            action="send",
            mailbox=pharmacy.pharmacie,
        )
        assert entry.details["reference"] == "sent-2"

    def test_a_stranger_neither_sends_nor_reads(self, pharmacy) -> None:
        laboratoire = pharmacy.open_mailbox(pharmacy.addr("laboratoire"))
        bob = pharmacy.add_member("bob", mailbox=laboratoire)
        pharmacy.refused(
            lambda: send_message(
                pharmacy.ports,
                pharmacy.pharmacie,
                by=bob,
                recipient=pharmacy.correspondent,
                reference="x",
            ),
            "access.not_member",
            actor=bob,
            action="send",
            mailbox=pharmacy.pharmacie,
        )
        pharmacy.refused(
            lambda: read_mailbox(pharmacy.ports, pharmacy.pharmacie, by=bob),
            "access.not_member",
            actor=bob,
            action="read",
            mailbox=pharmacy.pharmacie,
        )


class TestRedList:
    def test_the_red_list_withdraws_and_publishes_per_directory(self, pharmacy) -> None:
        national, operator = DirectoryKind.NATIONAL, DirectoryKind.OPERATOR
        mark = pharmacy.mark()
        assert change_red_list(
            pharmacy.ports, pharmacy.pharmacie, by=pharmacy.claire, national_directory=True
        )
        assert pharmacy.directory.entry(pharmacy.pharmacie, national) is None
        assert pharmacy.directory.entry(pharmacy.pharmacie, operator) is not None
        assert pharmacy.mailbox().red_list == RedList(national_directory=True)
        [entry] = pharmacy.since(mark)
        assert (entry.actor, entry.mailbox, entry.action) == (
            str(pharmacy.claire),
            str(pharmacy.pharmacie),
            "red_list_changed",
        )
        assert (entry.details["national_directory"], entry.details["operator_directory"]) == (
            True,
            False,
        )
        change_red_list(
            pharmacy.ports,
            pharmacy.pharmacie,
            by=pharmacy.claire,
            national_directory=False,
            operator_directory=True,
        )
        assert pharmacy.directory.entry(pharmacy.pharmacie, national) is not None
        assert pharmacy.directory.entry(pharmacy.pharmacie, operator) is None

    def test_no_change_answers_false_and_records_nothing(self, pharmacy) -> None:
        mark = pharmacy.mark()
        assert not change_red_list(
            pharmacy.ports, pharmacy.pharmacie, by=pharmacy.claire, national_directory=False
        )
        assert pharmacy.since(mark) == []

    def test_the_red_list_changes_nothing_else(self, pharmacy) -> None:
        alice = pharmacy.addr("alice")
        change_red_list(
            pharmacy.ports,
            pharmacy.pharmacie,
            by=pharmacy.claire,
            national_directory=True,
            operator_directory=True,
        )
        send_message(
            pharmacy.ports,
            pharmacy.pharmacie,
            by=alice,
            recipient=pharmacy.correspondent,
            reference="still-works",
        )
        assert len(read_mailbox(pharmacy.ports, pharmacy.pharmacie, by=alice).sent) == 1

    def test_only_an_administrator_changes_the_red_list(self, pharmacy) -> None:
        alice = pharmacy.addr("alice")
        pharmacy.refused(
            lambda: change_red_list(
                pharmacy.ports, pharmacy.pharmacie, by=alice, national_directory=True
            ),
            "access.missing_capability",
            actor=alice,
            action="change_red_list",
            mailbox=pharmacy.pharmacie,
        )
        assert pharmacy.directory.entry(pharmacy.pharmacie, DirectoryKind.NATIONAL) is not None
