"""The directory: look up professionals and structures; publish mailbox entries.

:class:`DirectoryLookup` is the national directory as balorg reads it (filled from the
ANS extractions, or read over the Annuaire Santé FHIR API).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from attrs import frozen

from balorg.domain.addresses import EmailAddress
from balorg.domain.directory import DirectoryMailbox, DirectoryPerson, StructureRef
from balorg.domain.identifiers import IdNatPS, IdNatStruct
from balorg.domain.mailbox import DirectoryKind, OrganisationalMailbox
from balorg.domain.professional import Professional
from balorg.domain.structure import Structure

__all__ = ["Directory", "DirectoryEntry", "DirectoryLookup"]


@frozen(kw_only=True)
class DirectoryEntry:
    """What a directory publishes of an organisational mailbox (no red list: a
    red-listed mailbox has no entry at all)."""

    address: EmailAddress
    bal_type: str
    label: str
    description: str
    structure: str  # IdNat Struct
    responsible: str  # IdNat PS

    @classmethod
    def of(cls, mailbox: OrganisationalMailbox) -> DirectoryEntry:
        return cls(
            address=mailbox.address,
            bal_type=mailbox.type.value,
            label=str(mailbox.label),
            description=mailbox.description,
            structure=str(mailbox.structure.identifier),
            responsible=str(mailbox.responsible.professional.idnat),
        )


class Directory(Protocol):
    def find_professional(self, idnat: IdNatPS) -> Professional | None: ...

    def find_structure(self, idnat: IdNatStruct) -> Structure | None: ...

    def publish(self, entry: DirectoryEntry, directory: DirectoryKind) -> None:
        """Create or update the entry."""

    def withdraw(self, address: EmailAddress, directory: DirectoryKind) -> None:
        """Remove the entry if present."""

    def entry(self, address: EmailAddress, directory: DirectoryKind) -> DirectoryEntry | None: ...


class DirectoryLookup(Protocol):
    """Look-ups in the national directory (read only)."""

    def professional(self, identifier: IdNatPS) -> DirectoryPerson | None:
        """The professional with this national identifier (``8`` + RPPS, ``0`` + ADELI,
        or any other IdNat PS), with their activities; ``None`` when unknown."""

    def mailbox(self, address: EmailAddress) -> DirectoryMailbox | None:
        """The MSSanté mailbox published at ``address``; ``None`` when absent."""

    def structure_mailboxes(self, structure: StructureRef | str) -> Sequence[DirectoryMailbox]:
        """Every mailbox carried by the structure (by its IdNat Struct or technical id),
        by address."""
