"""The mailbox's settings and life: red list (first guide, step 10), description (step 8),
what the directory shows (service, responsible contact, rank), suspending, resuming and
closing; :func:`show_mailbox` for its members.
"""

from __future__ import annotations

from tests.unit.services.support import CORRESPONDENT, Trail, outbox, refused

from balorg.domain.mailbox import MAX_RANK, LifecycleState
from balorg.domain.publication import DirectoryKind
from balorg.services import (
    change_description,
    change_directory_entry,
    change_red_list,
    close_mailbox,
    list_members,
    read_audit_trail,
    read_mailbox,
    receive_message,
    resume_mailbox,
    show_mailbox,
    suspend_mailbox,
    switch_mailbox,
)
from balorg.testing.examples import example_address
from balorg.testing.scenarios import TRANSPORT, Pharmacy, pharmacy


def test_a_change_that_changes_nothing_says_so_and_publishes_nothing(world: Pharmacy) -> None:
    description = world.mailbox.description
    before = len(outbox(world.ports))
    trail = Trail(world.ports)

    assert (
        change_description(world.ports, world.claire, world.address, description=description)
        is False
    )
    assert (
        change_red_list(world.ports, world.claire, world.address, national_directory=False) is False
    )
    assert change_directory_entry(world.ports, world.claire, world.address) is False

    assert len(outbox(world.ports)) == before
    assert all("events" not in e.details and e.allowed for e in trail.new())


def test_unchanged_leaves_a_field_and_none_clears_it(world: Pharmacy) -> None:
    change_directory_entry(
        world.ports, world.claire, world.address, service="Officine", contact="Accueil", rank=2
    )
    change_directory_entry(world.ports, world.claire, world.address, contact=None)
    mailbox = world.mailbox
    assert (mailbox.service, mailbox.responsible_contact, mailbox.rank) == ("Officine", None, 2)
    change_directory_entry(world.ports, world.claire, world.address, service="  ", rank=None)
    mailbox = world.mailbox
    assert (mailbox.service, mailbox.rank) == (None, None)  # blank is none


def test_the_rank_stays_within_its_bounds(world: Pharmacy) -> None:
    assert change_directory_entry(world.ports, world.claire, world.address, rank=MAX_RANK)
    for rank in (0, MAX_RANK + 1):
        with refused("field.out_of_range"):
            change_directory_entry(world.ports, world.claire, world.address, rank=rank)


def test_a_suspended_mailbox_opens_to_nobody_and_still_receives(world: Pharmacy) -> None:
    switch_mailbox(world.ports, world.alice, world.address)
    suspend_mailbox(world.ports, world.claire, world.address, reason="travaux")

    with refused("access.mailbox_state"):
        read_mailbox(world.ports, world.alice)
    with refused("access.mailbox_state"):
        switch_mailbox(world.ports, world.claire, world.address)
    assert receive_message(
        world.ports, TRANSPORT, world.address, sender=CORRESPONDENT, reference="<p@x>"
    ).new
    with refused("access.mailbox_state"):
        suspend_mailbox(world.ports, world.claire, world.address, reason="encore")

    resume_mailbox(world.ports, world.claire, world.address)
    assert [m.reference for m in read_mailbox(world.ports, world.alice).received] == ["<p@x>"]


def test_a_closed_mailbox_changes_no_more_and_keeps_its_history(world: Pharmacy) -> None:
    close_mailbox(world.ports, world.claire, world.address, reason="cessation d'activité")

    assert world.mailbox.state is LifecycleState.CLOSED
    with refused("access.mailbox_state"):
        change_description(world.ports, world.claire, world.address, description="Autre")
    with refused("access.mailbox_state"):
        close_mailbox(world.ports, world.claire, world.address, reason="encore")
    with refused("access.mailbox_state"):
        resume_mailbox(world.ports, world.claire, world.address)
    trail = read_audit_trail(world.ports, world.claire, world.address)
    assert trail.verification.ok
    assert "close_mailbox" in [e.action for e in trail.entries]
    assert list_members(world.ports, world.claire, world.address).members


def test_its_members_see_the_mailboxs_settings_and_what_each_directory_shows(
    world: Pharmacy,
) -> None:
    change_red_list(world.ports, world.claire, world.address, operator_directory=True)
    view = show_mailbox(world.ports, world.alice, world.address)

    assert view.mailbox.address == world.address
    assert view.mailbox.red_list.operator_directory is True
    assert view.entries[DirectoryKind.OPERATOR] is None
    national = view.entries[DirectoryKind.NATIONAL]
    assert national is not None
    assert (national.address, national.red_listed) == (world.address, False)

    other = pharmacy(world.ports, n=2)
    with refused("access.not_member"):
        show_mailbox(world.ports, other.alice, world.address)
    with refused("mailbox.unknown"):
        show_mailbox(world.ports, world.alice, example_address("inconnue"))
