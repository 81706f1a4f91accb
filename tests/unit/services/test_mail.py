"""Mail through an organisational mailbox: received by the mail transport, sent and read
by people in the name of the mailbox, notices that carry no content.

Issue 10.7: receiving records the external sender as the sender, never as an actor of
the trail. Second guide, step 5: "Notif de réception vers compte de connexion".
"""

from __future__ import annotations

import json

import pytest
from tests.unit.services.support import CORRESPONDENT, Trail, login, member, outbox, refused

from balorg.domain.actors import SystemActor
from balorg.domain.addresses import EmailAddress
from balorg.domain.mail import Direction, NewMailNotice
from balorg.services import (
    change_red_list,
    close_mailbox,
    read_mailbox,
    receive_message,
    resume_mailbox,
    send_message,
    set_notices,
    suspend_mailbox,
    suspend_member,
    switch_mailbox,
)
from balorg.testing.examples import example_address
from balorg.testing.scenarios import TRANSPORT, Pharmacy

ALICE = example_address("alice.bernard")


def test_receiving_records_the_external_sender_and_the_transport_as_actor(
    world: Pharmacy,
) -> None:
    trail = Trail(world.ports)
    received = receive_message(
        world.ports, TRANSPORT, world.address, sender=CORRESPONDENT, reference="<r1@hopital>"
    )

    record = received.record
    assert (record.direction, record.correspondent, record.author) == (
        Direction.RECEIVED,
        CORRESPONDENT,
        None,
    )
    entry = trail.one()
    assert (entry.actor, entry.auth, entry.mailbox) == (
        "system:mail-transport",
        "system:mail-transport",
        str(world.address),
    )
    assert entry.details["sender"] == str(CORRESPONDENT)


@pytest.mark.parametrize("sender", ["pharmacy", "claire", "alice"])
def test_a_sender_known_here_is_still_only_the_sender(world: Pharmacy, sender: str) -> None:
    """``receive BAL --from BAL`` once recorded the mailbox as the actor (issue 10)."""
    address = {
        "pharmacy": world.address,
        "claire": world.mailbox.responsible.account,
        "alice": ALICE,
    }[sender]
    trail = Trail(world.ports)
    received = receive_message(
        world.ports, TRANSPORT, world.address, sender=address, reference="<r2@x>"
    )
    entry = trail.one()
    assert entry.actor == "system:mail-transport"
    assert (entry.account, received.record.author) == (None, None)
    assert received.record.correspondent == address


def test_receiving_a_known_message_again_changes_nothing(world: Pharmacy) -> None:
    set_notices(world.ports, world.alice, world.address, enabled=True)
    first = receive_message(
        world.ports, TRANSPORT, world.address, sender=CORRESPONDENT, reference="<r3@x>"
    )
    before = len(outbox(world.ports))
    trail = Trail(world.ports)

    again = receive_message(
        world.ports, TRANSPORT, world.address, sender=CORRESPONDENT, reference=" <r3@x> "
    )

    assert (first.new, again.new, again.notified) == (True, False, ())
    assert trail.one().details["duplicate"] is True
    assert len(outbox(world.ports)) == before
    switch_mailbox(world.ports, world.alice, world.address)
    assert len(read_mailbox(world.ports, world.alice).received) == 1


def test_only_the_mail_transport_and_other_system_jobs_hand_mail_over(world: Pharmacy) -> None:
    for actor in (world.alice, world.claire, world.agent):
        with refused("auth.method_not_allowed"):
            receive_message(
                world.ports,
                actor,  # type: ignore[arg-type]
                world.address,
                sender=CORRESPONDENT,
                reference="<r@x>",
            )


def test_a_suspended_mailbox_keeps_receiving_a_closed_one_does_not(world: Pharmacy) -> None:
    suspend_mailbox(world.ports, world.claire, world.address, reason="travaux")
    assert receive_message(
        world.ports, TRANSPORT, world.address, sender=CORRESPONDENT, reference="<s@x>"
    ).new
    resume_mailbox(world.ports, world.claire, world.address)
    close_mailbox(world.ports, world.claire, world.address, reason="fin")
    with refused("mailbox.not_receiving"):
        receive_message(
            world.ports, TRANSPORT, world.address, sender=CORRESPONDENT, reference="<c@x>"
        )
    with refused("mailbox.unknown"):
        receive_message(
            world.ports,
            SystemActor("mail-transport"),
            example_address("inconnue"),
            sender=CORRESPONDENT,
            reference="<u@x>",
        )


# -- notices --------------------------------------------------------------------------------------


def test_new_mail_notices_go_to_the_members_who_asked_for_them(world: Pharmacy) -> None:
    """Guide 2, step 5: "Notif de réception vers compte de connexion"."""
    bob = member(world, "bob.dupont")
    set_notices(world.ports, world.alice, world.address, enabled=True)
    set_notices(world.ports, login(world.ports, bob), world.address, enabled=True)
    member(world, "dan.petit")  # did not ask
    suspend_member(world.ports, world.claire, world.address, account=bob)  # may not read now

    received = receive_message(
        world.ports, TRANSPORT, world.address, sender=CORRESPONDENT, reference="<n1@x>"
    )

    assert received.notified == (ALICE,)
    world.deliver()
    [notice] = [n for n in world.notifier.sent if isinstance(n, NewMailNotice)]
    assert (notice.to, notice.mailbox) == (ALICE, world.address)


def test_a_new_mail_notice_says_which_mailbox_and_nothing_else(world: Pharmacy) -> None:
    set_notices(world.ports, world.alice, world.address, enabled=True)
    secret = "<compte-rendu-opératoire-de-M-Dupont@hopital>"
    sender = EmailAddress("chirurgien.secret@hopital.mssante.fr")
    receive_message(world.ports, TRANSPORT, world.address, sender=sender, reference=secret)

    [message] = [m for m in outbox(world.ports, "notice") if m.payload.get("kind") == "new_mail"]
    assert set(message.payload) == {"kind", "to", "mailbox", "at"}
    text = json.dumps(dict(message.payload))
    assert "chirurgien" not in text
    assert "Dupont" not in text
    world.deliver()
    [notice] = [n for n in world.notifier.sent if isinstance(n, NewMailNotice)]
    for lang in ("fr", "en"):
        rendered = notice.render(lang)
        assert str(world.address) in rendered.subject
        assert "Dupont" not in rendered.body
        assert "chirurgien" not in rendered.body


def test_no_notice_while_the_mailbox_is_suspended(world: Pharmacy) -> None:
    set_notices(world.ports, world.alice, world.address, enabled=True)
    suspend_mailbox(world.ports, world.claire, world.address, reason="travaux")
    received = receive_message(
        world.ports, TRANSPORT, world.address, sender=CORRESPONDENT, reference="<s@x>"
    )
    assert received.notified == ()


def test_notices_cannot_point_at_ones_own_mailbox_nor_at_one_one_cannot_open(
    world: Pharmacy,
) -> None:
    with refused("account.notices_own_mailbox"):
        set_notices(world.ports, world.alice, ALICE, enabled=True)
    with refused("mailbox.unknown"):
        switch_mailbox(world.ports, world.alice, example_address("inconnue"))
    change_red_list(world.ports, world.claire, world.address, national_directory=True)
    set_notices(world.ports, world.alice, world.address, enabled=True)  # the red list is no bar
    set_notices(world.ports, world.alice, world.address, enabled=False)


# -- sending and reading --------------------------------------------------------------------------


def test_sending_in_the_name_of_the_mailbox_names_its_author(world: Pharmacy) -> None:
    switch_mailbox(world.ports, world.alice, world.address)
    trail = Trail(world.ports)
    sent = send_message(world.ports, world.alice, recipient=CORRESPONDENT, reference=" <e1@x> ")

    assert (sent.mailbox, sent.direction, sent.author, sent.reference) == (
        world.address,
        Direction.SENT,
        ALICE,
        "<e1@x>",
    )
    entry = trail.one()
    assert (entry.actor, entry.mailbox, entry.details["recipient"]) == (
        str(ALICE),
        str(world.address),
        str(CORRESPONDENT),
    )
    with refused("mail.duplicate_reference"):
        send_message(world.ports, world.alice, recipient=CORRESPONDENT, reference="<e1@x>")


def test_a_reader_reads_but_does_not_send(world: Pharmacy) -> None:
    reader = login(world.ports, member(world, "lecteur", capabilities=["read"]))
    switch_mailbox(world.ports, reader, world.address)
    receive_message(world.ports, TRANSPORT, world.address, sender=CORRESPONDENT, reference="<1@x>")
    assert len(read_mailbox(world.ports, reader).received) == 1
    with refused("access.missing_capability"):
        send_message(world.ports, reader, recipient=CORRESPONDENT, reference="<2@x>")


def test_the_shared_inbox_and_sent_messages_are_shared(world: Pharmacy) -> None:
    """ "La boîte de réception commune et les messages reçus et envoyés sont ainsi partagés"."""
    claire = world.claire
    switch_mailbox(world.ports, world.alice, world.address)
    switch_mailbox(world.ports, claire, world.address)
    receive_message(world.ports, TRANSPORT, world.address, sender=CORRESPONDENT, reference="<in@x>")
    send_message(world.ports, world.alice, recipient=CORRESPONDENT, reference="<a@x>")
    send_message(world.ports, claire, recipient=CORRESPONDENT, reference="<c@x>")

    for person in (world.alice, claire):
        contents = read_mailbox(world.ports, person)
        assert [m.reference for m in contents.received] == ["<in@x>"]
        assert [(m.reference, m.author) for m in contents.sent] == [
            ("<a@x>", ALICE),
            ("<c@x>", world.mailbox.responsible.account),
        ]
