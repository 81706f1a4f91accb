"""The national directory as balorg reads it: professionals, their activities, mailboxes.

Filled from the ANS extractions (:mod:`balorg.adapters.national_directory`) or read over
the Annuaire Santé FHIR API (:mod:`balorg.adapters.fhir`). Publishing is the other
way: :mod:`balorg.ports.publisher`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from balorg.domain.addresses import EmailAddress
from balorg.domain.directory import DirectoryMailbox, DirectoryPerson, StructureRef
from balorg.domain.identifiers import IdNatPS

__all__ = ["DirectoryLookup"]


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
