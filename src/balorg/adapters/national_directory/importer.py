"""Importing a national extraction into a store, as a new snapshot that replaces the current one.

:func:`import_extraction` checks the file's header, reads the file once to take its
SHA-256 (the same text already imported is recognised and nothing is written), then once
more, row by row, loading the accepted rows in batches into a new snapshot; only when every
row has been read does the snapshot become the current one of its kind, in one transaction.
A failed or killed import leaves the current snapshot in place. Rejected rows go to
``on_reject`` as they come.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, TypeVar

from attrs import field, frozen

from balorg.adapters.clock import SystemClock
from balorg.adapters.national_directory.snapshots import Snapshot, SnapshotInfo, SnapshotStore
from balorg.domain.directory import DirectoryMailbox, DirectoryPerson
from balorg.domain.errors import Problem
from balorg.interop.extractions import (
    ExtractionKind,
    Rejected,
    RppsLine,
    content_digest,
    mailbox_record,
    open_extraction,
    person_record,
)
from balorg.ports.clock import Clock

__all__ = ["BATCH_ROWS", "ImportReport", "Progress", "import_extraction", "load_values"]

_Row = TypeVar("_Row")

#: Rows handed to the store at once.
BATCH_ROWS: Final = 10_000

#: ``progress(bytes_read, total_bytes)``: called after each batch (``total`` may be None).
Progress = Callable[[int, int | None], None]


def _freeze(counts: Mapping[str, int] | None) -> Mapping[str, int]:
    return dict(counts or {})


@frozen(kw_only=True)
class ImportReport:
    """What an import did."""

    kind: ExtractionKind
    file_name: str
    #: True when the file's text was already the current snapshot's: nothing was written,
    #: and the counts are that snapshot's.
    unchanged: bool
    #: The current snapshot after the import.
    snapshot: Snapshot
    #: The snapshot it replaced, if any (``None`` when unchanged).
    replaced: Snapshot | None = None
    warnings: tuple[Problem, ...] = ()
    rejected: Mapping[str, int] = field(converter=_freeze, factory=dict)

    @property
    def rows_read(self) -> int:
        return self.snapshot.rows_read

    @property
    def accepted(self) -> int:
        return self.snapshot.accepted

    @property
    def merged(self) -> int:
        return self.snapshot.merged

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "file_name": self.file_name,
            "unchanged": self.unchanged,
            "snapshot": self.snapshot.to_dict(),
            "replaced": None if self.replaced is None else self.replaced.to_dict(),
        }


def import_extraction(
    store: SnapshotStore,
    source: str | os.PathLike[str],
    *,
    kind: ExtractionKind | None = None,
    on_reject: Callable[[Rejected], None] | None = None,
    progress: Progress | None = None,
    clock: Clock | None = None,
    batch_rows: int = BATCH_ROWS,
) -> ImportReport:
    """Import the extraction at ``source`` (the ``.txt`` or its ZIP) into ``store``.

    The kind is told by the header; with ``kind``, a file of the other kind is refused
    (:class:`~balorg.interop.extractions.ExtractionError`). Raises what the store raises
    when it fails, the current snapshot untouched.
    """
    with open_extraction(source, kind=kind) as extraction:
        # The header is checked first: a file of the wrong kind is refused unread.
        digest = content_digest(source)
        found = extraction.kind
        current = store.current_snapshot(found)
        if current is not None and current.digest == digest:
            return ImportReport(
                kind=found,
                file_name=extraction.name,
                unchanged=True,
                snapshot=current,
                warnings=(
                    Problem(
                        "national_directory.unchanged",
                        params={"snapshot": current.id, "date": current.imported_at.date()},
                    ).as_warning(),
                ),
                rejected=current.rejected,
            )
        date = extraction.date
        warnings: list[Problem] = []
        if current is not None and current.file_date and date and date < current.file_date:
            warnings.append(
                Problem(
                    "national_directory.older_file",
                    params={"date": date.isoformat(), "current": current.file_date.isoformat()},
                ).as_warning()
            )
        info = SnapshotInfo(
            kind=found,
            file_name=extraction.name,
            file_date=date,
            digest=digest,
            header=extraction.version.value,
        )
        load = store.begin_snapshot(info)
        try:

            def report_progress() -> None:
                if progress is not None:
                    progress(extraction.source.consumed, extraction.source.size)

            if found is ExtractionKind.MSSANTE:
                _feed(
                    extraction.mailbox_records(),
                    load.add_mailboxes,
                    batch_rows,
                    on_reject,
                    report_progress,
                )
            else:
                _feed(
                    extraction.rpps_lines(),
                    load.add_rpps_lines,
                    batch_rows,
                    on_reject,
                    report_progress,
                )
            report_progress()
            stats = extraction.stats
            snapshot = load.finish(
                rows_read=stats.read,
                accepted=stats.accepted,
                rejected=Counter(stats.rejected),
                blank=stats.blank,
                imported_at=(clock or SystemClock()).now(),
            )
        except BaseException:
            load.abort()
            raise
    return ImportReport(
        kind=found,
        file_name=extraction.name,
        unchanged=False,
        snapshot=snapshot,
        replaced=current,
        warnings=tuple(warnings),
        rejected=snapshot.rejected,
    )


def _feed(
    items: Iterable[_Row | Rejected],
    add: Callable[[list[_Row]], None],
    batch_rows: int,
    on_reject: Callable[[Rejected], None] | None,
    batch_done: Callable[[], None],
) -> None:
    """Hand the accepted ``items`` to ``add`` in batches; the rejected go to ``on_reject``."""
    batch: list[_Row] = []
    for item in items:
        if isinstance(item, Rejected):
            if on_reject is not None:
                on_reject(item)
            continue
        batch.append(item)
        if len(batch) >= batch_rows:
            add(batch)
            batch = []
            batch_done()
    add(batch)


def load_values(
    store: SnapshotStore,
    *,
    persons: Iterable[DirectoryPerson] | None = None,
    mailboxes: Iterable[DirectoryMailbox] | None = None,
    at: dt.datetime | None = None,
) -> list[Snapshot]:
    """Replace the snapshot of each kind given by these domain values, through the store's
    own snapshot loading (tests, quick starts, contract cases). Mailboxes de-duplicate on the
    address (the first wins); a person's activities keep their order."""
    when = at or dt.datetime.now(dt.UTC)
    done: list[Snapshot] = []
    if mailboxes is not None:
        rows = [(n, mailbox_record(m)) for n, m in enumerate(mailboxes, start=2)]
        load = store.begin_snapshot(_values_info(ExtractionKind.MSSANTE, repr(rows)))
        try:
            load.add_mailboxes(rows)
            snapshot = load.finish(
                rows_read=len(rows), accepted=len(rows), rejected={}, blank=0, imported_at=when
            )
        except BaseException:
            load.abort()
            raise
        done.append(snapshot)
    if persons is not None:
        lines: list[RppsLine] = []
        for person in persons:
            record, activities = person_record(person)
            if not activities:
                lines.append(RppsLine(len(lines) + 2, record, None))
            for activity in activities:
                lines.append(RppsLine(len(lines) + 2, record, activity))
        load = store.begin_snapshot(_values_info(ExtractionKind.RPPS, repr(lines)))
        try:
            load.add_rpps_lines(lines)
            snapshot = load.finish(
                rows_read=len(lines), accepted=len(lines), rejected={}, blank=0, imported_at=when
            )
        except BaseException:
            load.abort()
            raise
        done.append(snapshot)
    return done


def _values_info(kind: ExtractionKind, content: str) -> SnapshotInfo:
    return SnapshotInfo(
        kind=kind,
        file_name="(values)",
        file_date=None,
        digest=hashlib.sha256(content.encode()).hexdigest(),
        header="values",
    )
