"""Values of the FHIR tests: a pharmacy, its mailbox entry, its carrier Organization, changes."""

from __future__ import annotations

from typing import Any

from attrs import evolve

from balorg.domain.addresses import EmailAddress
from balorg.domain.identifiers import Finess, IdNatStruct
from balorg.domain.publication import (
    DirectoryChange,
    DirectoryKind,
    EntryField,
    EntryOperation,
    MailboxEntry,
    Replace,
)
from balorg.interop.fhir.identifiers import organization_identifiers

JSON = dict[str, Any]

PHARMACY = IdNatStruct.of(Finess.from_string("010000024"))
ADDRESS = EmailAddress("officine@pharmacie-du-centre.mssante.fr")
PHONE = {"system": "phone", "value": "0561000000", "rank": 1}


def entry(**changes: Any) -> MailboxEntry:
    """The pharmacy's mailbox as first published, with ``changes``."""
    base = MailboxEntry(
        address=ADDRESS,
        structure=PHARMACY,
        description="Officine",
        service=None,
        responsible_contact=None,
        red_listed=False,
        rank=None,
    )
    return evolve(base, **changes)


def carrier(*telecom: JSON, structure: IdNatStruct = PHARMACY, ident: str | None = None) -> JSON:
    """The Organization carrying ``structure``'s mailboxes, with a phone and ``telecom``."""
    org: JSON = {
        "resourceType": "Organization",
        "active": True,
        "identifier": organization_identifiers(structure),
        "name": "PHARMACIE DU CENTRE",
        "address": [{"postalCode": "31000", "city": "TOULOUSE"}],
        "telecom": [PHONE, *telecom],
    }
    if ident is not None:
        org["id"] = ident
    return org


def change(
    *operations: EntryOperation,
    directory: DirectoryKind = DirectoryKind.NATIONAL,
    address: EmailAddress = ADDRESS,
    structure: IdNatStruct = PHARMACY,
) -> DirectoryChange:
    return DirectoryChange(
        directory=directory, address=address, carrier=structure, operations=operations
    )


def replace(field: EntryField, value: str | bool | int | None) -> DirectoryChange:
    return change(Replace(field=field, value=value))
