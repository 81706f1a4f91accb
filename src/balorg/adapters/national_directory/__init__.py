"""The national directory, imported: snapshots of the ANS extractions, and look-ups over them.

* :func:`~balorg.adapters.national_directory.importer.import_extraction` loads an
  extraction (MSSanté addresses or RPPS activities) as a new snapshot of its kind, which
  replaces the current one atomically;
* :class:`~balorg.adapters.national_directory.memory.InMemoryNationalDirectory` and
  :class:`~balorg.adapters.national_directory.sql.SqlNationalDirectory` hold the
  snapshots and implement :class:`~balorg.ports.directory.DirectoryLookup`.

The SQL adapter needs the ``sql`` extra; import it from its module.
"""

from __future__ import annotations

from balorg.adapters.national_directory.importer import (
    BATCH_ROWS,
    ImportReport,
    Progress,
    import_extraction,
    load_values,
)
from balorg.adapters.national_directory.memory import InMemoryNationalDirectory
from balorg.adapters.national_directory.snapshots import (
    Snapshot,
    SnapshotInfo,
    SnapshotLoad,
    SnapshotStore,
)

__all__ = [
    "BATCH_ROWS",
    "ImportReport",
    "InMemoryNationalDirectory",
    "Progress",
    "Snapshot",
    "SnapshotInfo",
    "SnapshotLoad",
    "SnapshotStore",
    "import_extraction",
    "load_values",
]
