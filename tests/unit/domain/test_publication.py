"""What a directory shows of a mailbox (the entry) and the changes sent to it."""

from __future__ import annotations

import attrs
import pytest

from balorg.domain.identifiers import Finess, IdNatStruct
from balorg.domain.publication import (
    BalType,
    Delete,
    DirectoryChange,
    DirectoryKind,
    EntryField,
    Insert,
    MailboxEntry,
    Replace,
    apply_change,
)
from balorg.testing.examples import example_address

ADDRESS = example_address("pharmacie")
CARRIER = IdNatStruct.of(Finess.from_string("010000024"))
ENTRY = MailboxEntry(
    address=ADDRESS,
    structure=CARRIER,
    description="Officine",
    service="Préparations",
    responsible_contact="Accueil, 05 61 00 00 00",
    red_listed=False,
    rank=1,
)


def change(*operations: Insert | Replace | Delete) -> DirectoryChange:
    return DirectoryChange(
        directory=DirectoryKind.NATIONAL, address=ADDRESS, carrier=CARRIER, operations=operations
    )


def test_an_entry_is_an_org_mailbox_by_default() -> None:
    assert ENTRY.bal_type is BalType.ORG
    assert [t.value for t in BalType] == ["PER", "ORG", "APP", "CAB"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        (EntryField.RED_LIST, False),
        (EntryField.DESCRIPTION, "Officine"),
        (EntryField.SERVICE, "Préparations"),
        (EntryField.RESPONSIBLE, "Accueil, 05 61 00 00 00"),
        (EntryField.RANK, 1),
    ],
)
def test_each_changeable_field_reads_its_value(name: EntryField, value: object) -> None:
    assert ENTRY.value_of(name) == value


def test_the_changeable_fields_carry_the_names_of_the_ans_sub_extensions() -> None:
    assert {f.value for f in EntryField} == {
        "listeRouge",
        "description",
        "service",
        "responsible",
        "rank",
    }


def test_the_public_entry_drops_the_responsible_contact_and_nothing_else() -> None:
    public = ENTRY.public()

    assert public.responsible_contact is None
    assert attrs.evolve(public, responsible_contact=ENTRY.responsible_contact) == ENTRY


def test_a_new_entry_is_one_insert_on_its_structure() -> None:
    created = DirectoryChange.create(ENTRY, DirectoryKind.OPERATOR)

    assert created == DirectoryChange(
        directory=DirectoryKind.OPERATOR,
        address=ADDRESS,
        carrier=CARRIER,
        operations=(Insert(entry=ENTRY),),
    )


def test_operations_given_as_a_list_are_kept_as_a_tuple() -> None:
    made = DirectoryChange(
        directory=DirectoryKind.NATIONAL,
        address=ADDRESS,
        carrier=CARRIER,
        operations=[Delete()],  # type: ignore[arg-type]
    )

    assert made.operations == (Delete(),)


def test_an_insert_shows_the_entry_whatever_was_shown() -> None:
    other = attrs.evolve(ENTRY, description="Autre")

    assert apply_change(None, change(Insert(entry=ENTRY))) == ENTRY
    assert apply_change(other, change(Insert(entry=ENTRY))) == ENTRY


def test_a_replace_changes_one_field_and_none_removes_it() -> None:
    shown = apply_change(
        ENTRY,
        change(
            Replace(field=EntryField.RED_LIST, value=True),
            Replace(field=EntryField.SERVICE, value=None),
            Replace(field=EntryField.RANK, value=2),
        ),
    )

    assert shown == attrs.evolve(ENTRY, red_listed=True, service=None, rank=2)


@pytest.mark.parametrize("field", list(EntryField))
def test_every_field_may_be_replaced(field: EntryField) -> None:
    value: object = {EntryField.RED_LIST: True, EntryField.RANK: 7}.get(field, "nouveau")

    shown = apply_change(ENTRY, change(Replace(field=field, value=value)))  # type: ignore[arg-type]

    assert shown is not None
    assert shown.value_of(field) == value
    for other in EntryField:
        if other is not field:
            assert shown.value_of(other) == ENTRY.value_of(other)


def test_a_delete_shows_nothing_even_when_nothing_was_shown() -> None:
    assert apply_change(ENTRY, change(Delete())) is None
    assert apply_change(None, change(Delete())) is None


def test_a_replace_of_an_entry_not_shown_is_refused_as_a_server_would() -> None:
    with pytest.raises(LookupError, match=str(ADDRESS)):
        apply_change(None, change(Replace(field=EntryField.RANK, value=2)))


def test_operations_after_an_insert_apply_to_the_entry_inserted() -> None:
    shown = apply_change(
        None, change(Insert(entry=ENTRY), Replace(field=EntryField.RED_LIST, value=True))
    )

    assert shown == attrs.evolve(ENTRY, red_listed=True)


def test_what_comes_before_the_last_insert_or_delete_is_overwritten_by_it() -> None:
    # A replace before a delete of an entry not shown would be refused on its own.
    closing = change(Replace(field=EntryField.RANK, value=3), Delete())
    reopening = change(Delete(), Replace(field=EntryField.RANK, value=3), Insert(entry=ENTRY))

    assert apply_change(None, closing) is None
    assert apply_change(ENTRY, reopening) == ENTRY


@pytest.mark.parametrize(
    "operations",
    [
        (Insert(entry=ENTRY),),
        (Replace(field=EntryField.DESCRIPTION, value="Autre"),),
        (Delete(),),
        (Insert(entry=ENTRY), Replace(field=EntryField.RANK, value=None)),
        (Replace(field=EntryField.RANK, value=2), Delete()),
    ],
    ids=["insert", "replace", "delete", "insert+replace", "replace+delete"],
)
def test_a_change_applied_twice_shows_what_it_shows_applied_once(
    operations: tuple[Insert | Replace | Delete, ...],
) -> None:
    once = apply_change(ENTRY, change(*operations))

    assert apply_change(once, change(*operations)) == once
