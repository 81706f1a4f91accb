"""What each directory shows of a mailbox, and what it is told when that changes: the
national directory lists a mailbox from its activation until it is closed and receives
its red list as a flag; the operator's own directory hides a red-listed mailbox."""

from __future__ import annotations

import attrs
import pytest

from balorg.domain.mailbox import LifecycleState, OrganisationalMailbox, RedList
from balorg.domain.publication import (
    Delete,
    DirectoryChange,
    DirectoryKind,
    EntryField,
    Insert,
    MailboxEntry,
    Replace,
)
from balorg.rules.publication import changes, entry, listed
from balorg.testing.examples import T0, example_mailbox

NATIONAL, OPERATOR = DirectoryKind.NATIONAL, DirectoryKind.OPERATOR


def mailbox(
    state: LifecycleState = LifecycleState.ACTIVE, red_list: RedList | None = None
) -> OrganisationalMailbox:
    box = example_mailbox(active=state is not LifecycleState.PENDING, red_list=red_list)
    by = box.responsible.account
    if state is LifecycleState.SUSPENDED:
        box.suspend(by=by, at=T0, reason="audit")
    elif state is LifecycleState.CLOSED:
        box.close(by=by, at=T0, reason="fin")
    box.pull_events()
    return box


@pytest.mark.parametrize(
    ("state", "national", "operator"),
    [
        (LifecycleState.PENDING, False, False),
        (LifecycleState.ACTIVE, True, True),
        (LifecycleState.SUSPENDED, True, False),  # it still receives mail
        (LifecycleState.CLOSED, False, False),
    ],
)
def test_which_directories_list_a_mailbox_in_each_state(
    state: LifecycleState, national: bool, operator: bool
) -> None:
    box = mailbox(state)

    assert (listed(box, NATIONAL), listed(box, OPERATOR)) == (national, operator)
    assert (entry(box, NATIONAL) is not None, entry(box, OPERATOR) is not None) == (
        national,
        operator,
    )


def test_the_national_red_list_is_transmitted_not_a_withdrawal() -> None:
    box = mailbox(red_list=RedList(national_directory=True))

    shown = entry(box, NATIONAL)

    assert listed(box, NATIONAL)
    assert shown is not None
    assert shown.red_listed
    assert listed(box, OPERATOR)
    assert entry(box, OPERATOR) == attrs.evolve(shown, red_listed=False)


def test_the_operators_red_list_hides_the_mailbox_from_the_operators_directory_only() -> None:
    box = mailbox(red_list=RedList(operator_directory=True))

    national = entry(box, NATIONAL)

    assert not listed(box, OPERATOR)
    assert entry(box, OPERATOR) is None
    assert national is not None
    assert not national.red_listed


def test_the_entry_shows_the_mailboxs_directory_fields() -> None:
    box = mailbox()
    box.change_service(by=box.responsible.account, at=T0, service="Officine")
    box.change_responsible_contact(by=box.responsible.account, at=T0, contact="Accueil")
    box.change_rank(by=box.responsible.account, at=T0, rank=1)

    assert entry(box, NATIONAL) == MailboxEntry(
        address=box.address,
        structure=box.structure.identifier,
        description=box.description,
        service="Officine",
        responsible_contact="Accueil",
        red_listed=False,
        rank=1,
    )


# -- changes -------------------------------------------------------------------------------------


def _entry(**changes: object) -> MailboxEntry:
    shown = entry(mailbox(), NATIONAL)
    assert shown is not None
    return attrs.evolve(shown, **changes)  # type: ignore[arg-type]


def test_nothing_is_sent_when_nothing_shown_changed() -> None:
    assert changes(None, None, NATIONAL) is None
    assert changes(_entry(), _entry(), NATIONAL) is None


def test_a_mailbox_newly_shown_is_inserted() -> None:
    shown = _entry()

    assert changes(None, shown, OPERATOR) == DirectoryChange(
        directory=OPERATOR,
        address=shown.address,
        carrier=shown.structure,
        operations=(Insert(entry=shown),),
    )


def test_a_mailbox_no_longer_shown_is_deleted_from_its_carrier() -> None:
    shown = _entry()

    assert changes(shown, None, NATIONAL) == DirectoryChange(
        directory=NATIONAL, address=shown.address, carrier=shown.structure, operations=(Delete(),)
    )


def test_each_changed_field_is_one_replace_in_the_order_of_the_fields() -> None:
    before = _entry(service="Officine", rank=1)
    after = _entry(service=None, rank=2, red_listed=True, description="Autre")

    found = changes(before, after, NATIONAL)

    assert found is not None
    assert found.operations == (
        Replace(field=EntryField.RED_LIST, value=True),
        Replace(field=EntryField.DESCRIPTION, value="Autre"),
        Replace(field=EntryField.SERVICE, value=None),
        Replace(field=EntryField.RANK, value=2),
    )


def _told(before: OrganisationalMailbox, after: OrganisationalMailbox) -> dict[str, object]:
    told: dict[str, object] = {}
    for directory in DirectoryKind:
        change = changes(entry(before, directory), entry(after, directory), directory)
        told[directory.value] = None if change is None else change.operations
    return told


def test_putting_a_mailbox_on_each_red_list_tells_each_directory_its_own_way() -> None:
    before = mailbox()
    after = mailbox(red_list=RedList(national_directory=True, operator_directory=True))

    assert _told(before, after) == {
        "national_directory": (Replace(field=EntryField.RED_LIST, value=True),),
        "operator_directory": (Delete(),),
    }


def test_going_live_inserts_and_closing_deletes_from_both() -> None:
    pending, live, closed = (
        mailbox(LifecycleState.PENDING),
        mailbox(),
        mailbox(LifecycleState.CLOSED),
    )
    shown = entry(live, NATIONAL)

    assert _told(pending, live) == {
        "national_directory": (Insert(entry=shown),),
        "operator_directory": (Insert(entry=entry(live, OPERATOR)),),
    }
    assert _told(live, closed) == {
        "national_directory": (Delete(),),
        "operator_directory": (Delete(),),
    }


def test_a_suspension_leaves_the_national_directory_alone() -> None:
    assert _told(mailbox(), mailbox(LifecycleState.SUSPENDED)) == {
        "national_directory": None,
        "operator_directory": (Delete(),),
    }
