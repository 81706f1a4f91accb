"""What the national directory says: references read strictly when they can be, kept as
text always."""

from __future__ import annotations

import pytest

from balorg.domain.directory import (
    Activity,
    DirectoryMailbox,
    DirectoryPerson,
    PersonRef,
    StructureRef,
)
from balorg.domain.identifiers import IdNatPS, IdNatStruct, Rpps
from balorg.domain.publication import BalType
from balorg.testing.examples import example_address, with_luhn_key

RPPS = with_luhn_key("1000000001")


def test_a_structure_identifier_that_reads_strictly_is_parsed() -> None:
    ref = StructureRef.read("1010000024")

    assert ref.text == str(ref) == "1010000024"
    assert isinstance(ref.parsed, IdNatStruct)
    assert str(ref.parsed) == "1010000024"


@pytest.mark.parametrize("text", ["R10100000328372", "C75912415900", "F754567860", "X"])
def test_a_technical_structure_id_is_kept_as_text_without_a_reading(text: str) -> None:
    ref = StructureRef.read(text)

    assert (ref.text, ref.parsed) == (text, None)


def test_a_person_identifier_that_reads_strictly_is_parsed() -> None:
    ref = PersonRef.read(f"8{RPPS}")

    assert ref.parsed == IdNatPS.of(Rpps.from_string(RPPS))
    assert str(ref) == f"8{RPPS}"


def test_an_ans_fictitious_number_is_kept_as_text() -> None:
    ref = PersonRef.read("810101201234")  # fails Luhn, as ANS's own examples do

    assert (ref.text, ref.parsed) == ("810101201234", None)


def test_a_person_keeps_their_activities_as_a_tuple_and_a_mailbox_its_holder() -> None:
    person = DirectoryPerson(
        idnat=PersonRef.read(f"8{RPPS}"),
        last_name="Martin",
        first_name="Claire",
        profession_code="21",
        activities=[Activity(structure=StructureRef.read("R10100000328372"))],  # type: ignore[arg-type]
    )
    mailbox = DirectoryMailbox(
        address=example_address("pharmacie"), bal_type=BalType.ORG, structure=StructureRef("X")
    )

    assert isinstance(person.activities, tuple)
    assert person.activities[0].structure is not None
    assert person.activities[0].structure.parsed is None
    assert (mailbox.person, mailbox.red_listed, mailbox.rank) == (None, None, None)
