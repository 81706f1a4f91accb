"""Snapshots of the national directory: what an import leaves, and what a store offers the importer.

Each kind of extraction (MSSanté addresses, RPPS activities) is imported as a snapshot of
its own; an import replaces the current snapshot of its kind as a whole, atomically:
readers see the old one or the new one, never a mix. A snapshot records the file it came
from (name, date written in the name, SHA-256 of its text) and what the reader counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, Protocol

from attrs import field, frozen

from balorg.interop.extractions import ExtractionKind, MailboxRecord, RppsLine

__all__ = ["Snapshot", "SnapshotInfo", "SnapshotLoad", "SnapshotStore"]


def _freeze(counts: Mapping[str, int] | None) -> Mapping[str, int]:
    return MappingProxyType(dict(counts or {}))


@frozen(kw_only=True)
class SnapshotInfo:
    """What is known of a file before its rows are read."""

    kind: ExtractionKind
    file_name: str
    #: The date and time written in the file's name (French local time), when there is one.
    file_date: dt.datetime | None
    #: SHA-256 of the extraction's text, in hexadecimal: the same text is the same file.
    digest: str
    #: The header version (``mssante-31``, ``rpps-56``, ``rpps-52``).
    header: str


@frozen(kw_only=True)
class Snapshot:
    """An imported extraction, as recorded."""

    id: int
    kind: ExtractionKind
    file_name: str
    file_date: dt.datetime | None
    digest: str
    header: str
    #: Data lines read, rows accepted, accepted rows folded into an earlier one (the same
    #: address, the same professional's next line), rows rejected (by code), blank lines.
    rows_read: int
    accepted: int
    merged: int
    rejected: Mapping[str, int] = field(converter=_freeze, hash=False)
    blank: int = 0
    #: Mailboxes (MSSanté) or professionals (RPPS) stored; activities stored (RPPS).
    stored: int
    activities: int = 0
    imported_at: dt.datetime

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "id": self.id,
            "kind": self.kind.value,
            "file_name": self.file_name,
            "file_date": None if self.file_date is None else self.file_date.isoformat(),
            "digest": self.digest,
            "header": self.header,
            "rows_read": self.rows_read,
            "accepted": self.accepted,
            "merged": self.merged,
            "rejected": dict(self.rejected),
            "blank": self.blank,
            "stored": self.stored,
            "activities": self.activities,
            "imported_at": self.imported_at.isoformat(),
        }


class SnapshotLoad(Protocol):
    """A snapshot being loaded: invisible to readers until :meth:`finish`."""

    def add_mailboxes(self, rows: Sequence[tuple[int, MailboxRecord]]) -> None:
        """Add ``(line, record)`` rows in file order; an address already added is skipped
        (the first line wins)."""

    def add_rpps_lines(self, lines: Sequence[RppsLine]) -> None:
        """Add lines in file order: a professional's first line gives their identity, every
        line its activity."""

    def finish(
        self,
        *,
        rows_read: int,
        accepted: int,
        rejected: Mapping[str, int],
        blank: int,
        imported_at: dt.datetime,
    ) -> Snapshot:
        """Make the snapshot the current one of its kind, atomically, and drop the one it
        replaces. ``merged`` is counted by the store (``accepted`` minus what it kept)."""

    def abort(self) -> None:
        """Forget the snapshot; the current one stays in place."""


class SnapshotStore(Protocol):
    """A store the importer loads snapshots into."""

    def current_snapshot(self, kind: ExtractionKind) -> Snapshot | None: ...

    def begin_snapshot(self, info: SnapshotInfo) -> SnapshotLoad: ...
