"""Streaming readers of the ANS national extractions (MSSanté addresses, RPPS activities).

* ``Extraction_Correspondance_MSSante_AAAAMMJJhhmm.txt`` (in a ZIP): every published
  MSSanté address, read as :class:`~balorg.domain.directory.DirectoryMailbox` values;
* ``PS_LibreAcces_Personne_activite_AAAAMMJJhhmm.txt``: every professional's activities
  (RPPS), read as :class:`~balorg.domain.directory.DirectoryPerson` values.

Each row is checked; a row that fails is reported as a
:class:`~balorg.interop.extractions.rejects.Rejected` (line, column, code, FR/EN
message), never dropped silently. See :mod:`~balorg.interop.extractions.reader`.
"""

from __future__ import annotations

from balorg.interop.extractions.headers import (
    MSSANTE_COLUMNS,
    RPPS_COLUMNS,
    RPPS_COLUMNS_52,
    ExtractionKind,
    HeaderVersion,
)
from balorg.interop.extractions.reader import (
    Extraction,
    ReadStats,
    open_extraction,
    read_mssante,
    read_rpps,
)
from balorg.interop.extractions.records import (
    ActivityRecord,
    MailboxRecord,
    PersonRecord,
    RppsLine,
    activity_of,
    activity_record,
    mailbox_of,
    mailbox_record,
    person_of,
    person_record,
)
from balorg.interop.extractions.rejects import (
    Cause,
    ExtractionError,
    Rejected,
    RejectsFormat,
    RejectsWriter,
    write_rejects,
)
from balorg.interop.extractions.source import content_digest, file_date

__all__ = [
    "MSSANTE_COLUMNS",
    "RPPS_COLUMNS",
    "RPPS_COLUMNS_52",
    "ActivityRecord",
    "Cause",
    "Extraction",
    "ExtractionError",
    "ExtractionKind",
    "HeaderVersion",
    "MailboxRecord",
    "PersonRecord",
    "ReadStats",
    "Rejected",
    "RejectsFormat",
    "RejectsWriter",
    "RppsLine",
    "activity_of",
    "activity_record",
    "content_digest",
    "file_date",
    "mailbox_of",
    "mailbox_record",
    "open_extraction",
    "person_of",
    "person_record",
    "read_mssante",
    "read_rpps",
    "write_rejects",
]
