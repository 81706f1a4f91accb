"""Structure identifiers keep their prefix through storage, however their text reads."""

from __future__ import annotations

import attrs

from balorg.adapters.sql.codec import mailbox_document, mailbox_from_document
from balorg.domain.identifiers import IdNatStruct, NationalStructureId, parse_struct
from balorg.testing.contracts import example_mailbox


def test_a_national_structure_id_that_reads_as_an_rpps_cabinet_round_trips() -> None:
    ambiguous = IdNatStruct("40", NationalStructureId.from_string("0000000000000"))
    assert parse_struct(str(ambiguous)).prefix == "4"  # the text alone is read otherwise
    mailbox = example_mailbox()
    mailbox.structure = attrs.evolve(mailbox.structure, identifier=ambiguous)
    again = mailbox_from_document(mailbox_document(mailbox), version=1)
    assert again.structure.identifier == ambiguous


def test_documents_written_with_the_text_form_are_still_read() -> None:
    mailbox = example_mailbox()
    document = mailbox_document(mailbox)
    document["structure"]["identifier"] = str(mailbox.structure.identifier)
    again = mailbox_from_document(document, version=1)
    assert again.structure.identifier == mailbox.structure.identifier
