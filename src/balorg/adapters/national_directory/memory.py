"""The imported national directory in memory: for tests, quick starts and small hosts.

:class:`InMemoryNationalDirectory` implements :class:`~balorg.ports.directory.DirectoryLookup`
over snapshots loaded by :func:`~balorg.adapters.national_directory.importer.import_extraction`
(or given as values with :meth:`~InMemoryNationalDirectory.load_values`). A new snapshot is
built apart and swapped in with one assignment: a reader sees the old one or the new one.

>>> from balorg.domain.addresses import EmailAddress
>>> from balorg.domain.directory import DirectoryMailbox, StructureRef
>>> from balorg.domain.publication import BalType
>>> directory = InMemoryNationalDirectory()
>>> accueil = DirectoryMailbox(address=EmailAddress("accueil@ch-exemple.mssante.fr"),
...     bal_type=BalType.ORG, structure=StructureRef.read("R10100000328372"))
>>> _ = directory.load_values(mailboxes=[accueil])
>>> directory.mailbox(EmailAddress("Accueil@CH-Exemple.mssante.fr")) == accueil
True
>>> [str(m.address) for m in directory.structure_mailboxes("R10100000328372")]
['accueil@ch-exemple.mssante.fr']
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

from attrs import define, field

from balorg.adapters.national_directory.importer import load_values
from balorg.adapters.national_directory.snapshots import Snapshot, SnapshotInfo
from balorg.domain.addresses import EmailAddress
from balorg.domain.directory import (
    DirectoryMailbox,
    DirectoryPerson,
    PersonRef,
    StructureRef,
)
from balorg.domain.identifiers import IdNatPS
from balorg.domain.publication import STRUCTURE_CARRIED
from balorg.interop.extractions import (
    ActivityRecord,
    ExtractionKind,
    MailboxRecord,
    PersonRecord,
    RppsLine,
    mailbox_of,
    person_of,
)

__all__ = ["CARRIED", "InMemoryNationalDirectory"]

#: The mailbox types a structure carries (a person carries PER and CAB mailboxes, even
#: when the row names the structure where they work).
CARRIED: Final = frozenset(t.value for t in STRUCTURE_CARRIED)

_ids = itertools.count(1)


@define
class _Mailboxes:
    snapshot: Snapshot | None = None
    by_address: dict[str, MailboxRecord] = field(factory=dict)
    by_structure: dict[str, list[str]] = field(factory=dict)


@define
class _People:
    snapshot: Snapshot | None = None
    persons: dict[str, PersonRecord] = field(factory=dict)
    activities: dict[str, list[ActivityRecord]] = field(factory=dict)


class _Load:
    """A snapshot being built; swapped in by :meth:`finish`."""

    def __init__(self, directory: InMemoryNationalDirectory, info: SnapshotInfo) -> None:
        self.directory = directory
        self.info = info
        self.mailboxes = _Mailboxes()
        self.people = _People()

    def add_mailboxes(self, rows: Sequence[tuple[int, MailboxRecord]]) -> None:
        by_address = self.mailboxes.by_address
        for _line, record in rows:
            by_address.setdefault(record.address, record)

    def add_rpps_lines(self, lines: Sequence[RppsLine]) -> None:
        persons, activities = self.people.persons, self.people.activities
        for line in lines:
            idnat = line.person.idnat
            persons.setdefault(idnat, line.person)
            if line.activity is not None:
                activities.setdefault(idnat, []).append(line.activity)

    def finish(
        self,
        *,
        rows_read: int,
        accepted: int,
        rejected: Mapping[str, int],
        blank: int,
        imported_at: dt.datetime,
    ) -> Snapshot:
        mssante = self.info.kind is ExtractionKind.MSSANTE
        stored = len(self.mailboxes.by_address) if mssante else len(self.people.persons)
        snapshot = Snapshot(
            id=next(_ids),
            kind=self.info.kind,
            file_name=self.info.file_name,
            file_date=self.info.file_date,
            digest=self.info.digest,
            header=self.info.header,
            rows_read=rows_read,
            accepted=accepted,
            merged=accepted - stored,
            rejected=rejected,
            blank=blank,
            stored=stored,
            activities=0 if mssante else sum(len(a) for a in self.people.activities.values()),
            imported_at=imported_at,
        )
        if mssante:
            by_structure: dict[str, list[str]] = {}
            for address, record in self.mailboxes.by_address.items():
                if record.structure is not None and record.bal_type in CARRIED:
                    by_structure.setdefault(record.structure, []).append(address)
            for addresses in by_structure.values():
                addresses.sort()
            self.mailboxes.by_structure = by_structure
            self.mailboxes.snapshot = snapshot
            self.directory._mailboxes = self.mailboxes  # one assignment: the swap
        else:
            self.people.snapshot = snapshot
            self.directory._people = self.people
        self.directory._history.append(snapshot)
        return snapshot

    def abort(self) -> None:
        self.mailboxes = _Mailboxes()
        self.people = _People()


class InMemoryNationalDirectory:
    """The national directory's imported snapshots, in memory; a ``DirectoryLookup``."""

    def __init__(self) -> None:
        self._mailboxes = _Mailboxes()
        self._people = _People()
        self._history: list[Snapshot] = []

    # -- DirectoryLookup ---------------------------------------------------------------------

    def professional(self, identifier: IdNatPS | PersonRef | str) -> DirectoryPerson | None:
        """The professional with this IdNat PS (``8`` + RPPS, ``0`` + ADELI...).

        Beyond the port, also by the text the directory wrote (a fictitious RPPS, whose
        key fails, has no :class:`IdNatPS`)."""
        people = self._people  # one snapshot for the whole answer
        key = str(identifier)
        person = people.persons.get(key)
        if person is None:
            return None
        return person_of(person, tuple(people.activities.get(key, ())))

    def mailbox(self, address: EmailAddress | str) -> DirectoryMailbox | None:
        key = address.value if isinstance(address, EmailAddress) else EmailAddress(address).value
        record = self._mailboxes.by_address.get(key)
        return None if record is None else mailbox_of(record)

    def structure_mailboxes(self, structure: StructureRef | str) -> list[DirectoryMailbox]:
        """The mailboxes the structure carries (ORG, APP), by address."""
        mailboxes = self._mailboxes
        addresses = mailboxes.by_structure.get(str(structure), [])
        return [mailbox_of(mailboxes.by_address[a]) for a in addresses]

    # -- snapshots ---------------------------------------------------------------------------

    def current_snapshot(self, kind: ExtractionKind) -> Snapshot | None:
        if kind is ExtractionKind.MSSANTE:
            return self._mailboxes.snapshot
        return self._people.snapshot

    def begin_snapshot(self, info: SnapshotInfo) -> _Load:
        return _Load(self, info)

    def snapshots(self, kind: ExtractionKind | None = None) -> list[Snapshot]:
        """Every snapshot imported, oldest first (the current ones last of their kind)."""
        return [s for s in self._history if kind is None or s.kind is kind]

    def load_values(
        self,
        *,
        persons: Iterable[DirectoryPerson] | None = None,
        mailboxes: Iterable[DirectoryMailbox] | None = None,
        at: dt.datetime | None = None,
    ) -> list[Snapshot]:
        """Replace the snapshot of each kind given by these values (tests, quick starts)."""
        return load_values(self, persons=persons, mailboxes=mailboxes, at=at)
