"""Streaming readers of the two national extractions.

:func:`open_extraction` opens a file (the ``.txt``, or the ZIP the ANS publishes it in),
checks its header and says which extraction it is; then the rows come one at a time,
each checked (:mod:`balorg.interop.extractions._checks`), as domain values or as
:class:`~balorg.interop.extractions.rejects.Rejected` reports, in file order. Memory
does not grow with the file, except where said (de-duplicating mailboxes keeps the set
of addresses seen).

>>> import io
>>> from balorg.interop.extractions.headers import MSSANTE_COLUMNS
>>> header = "|".join(MSSANTE_COLUMNS)
>>> row = "ORG|Accueil@CH-Exemple.mssante.fr|||||R10100000328372|Accueil||||||||||O|CH Exemple"
>>> data = f"{header}\\n{row}{'|' * 12}\\n{row}{'|' * 12}\\nORG|accueil||\\n".encode()
>>> with open_extraction(io.BytesIO(data), name="x.txt") as extraction:
...     items = list(extraction.mailboxes())
...     stats = extraction.stats
>>> [type(i).__name__ for i in items]
['DirectoryMailbox', 'Rejected']
>>> str(items[0].address), items[0].last_name, items[0].structure.parsed
('accueil@ch-exemple.mssante.fr', 'CH Exemple', None)
>>> items[1].line, items[1].code
(4, 'extraction.field_count')
>>> stats.read, stats.accepted, stats.merged, dict(stats.rejected)
(3, 2, 1, {'extraction.field_count': 1})
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Final, TypeVar

from attrs import define, field

from balorg.domain.addresses import EmailAddress
from balorg.domain.directory import DirectoryMailbox, DirectoryPerson
from balorg.interop.extractions._checks import RowError
from balorg.interop.extractions._rows import parse_mssante, parse_rpps
from balorg.interop.extractions.headers import (
    ExtractionKind,
    HeaderVersion,
    closest,
    detect,
)
from balorg.interop.extractions.records import (
    ActivityRecord,
    MailboxRecord,
    PersonRecord,
    RppsLine,
    mailbox_of,
    person_of,
)
from balorg.interop.extractions.rejects import ExtractionError, Rejected
from balorg.interop.extractions.source import Source, SourceLike, open_source

__all__ = [
    "Extraction",
    "ReadStats",
    "open_extraction",
    "read_mssante",
    "read_rpps",
]

T = TypeVar("T")

#: Control characters other than tab: no field of the extractions holds one.
_CONTROL: Final = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def _numbered_record(fields: list[str], line: int) -> tuple[int, MailboxRecord]:
    return line, parse_mssante(fields)[0]


def _mailbox(fields: list[str], _line: int) -> tuple[MailboxRecord, EmailAddress]:
    return parse_mssante(fields)


_new: Final = tuple.__new__


def _rpps_line(fields: list[str], line: int) -> RppsLine:
    person, activity = parse_rpps(fields)
    return _new(RppsLine, (line, person, activity))


@define
class ReadStats:
    """What a reader has seen so far."""

    #: Data lines read (the header and blank lines excluded).
    read: int = 0
    accepted: int = 0
    #: Rejected rows, by code.
    rejected: Counter[str] = field(factory=Counter)
    #: Accepted rows folded into an earlier one (the same address seen again).
    merged: int = 0
    #: Empty lines, skipped (they are not rows).
    blank: int = 0

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())


class Extraction:
    """An open national extraction whose header has been checked."""

    def __init__(self, source: Source, version: HeaderVersion, *, trailing: bool = False) -> None:
        self.source = source
        self.version = version
        #: Whether the header ends with a "|": then every row must too (a row one field
        #: short would otherwise pass for a whole one).
        self.trailing = trailing
        self.stats = ReadStats()
        self._started = False

    @property
    def kind(self) -> ExtractionKind:
        return self.version.kind

    @property
    def name(self) -> str:
        """The text file's name (the ``.txt`` inside a ZIP)."""
        return self.source.name

    @property
    def date(self) -> dt.datetime | None:
        """The date and time written in the file's name (French local time), if any."""
        return self.source.date

    def close(self) -> None:
        self.source.close()

    def __enter__(self) -> Extraction:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- rows ------------------------------------------------------------------------------

    def _require(self, kind: ExtractionKind) -> None:
        if self.kind is not kind:
            raise ExtractionError(
                "extraction.kind_mismatch", expected=kind.value, found=self.kind.value
            )
        if self._started:
            raise RuntimeError("an extraction's rows are read once")
        self._started = True

    def _rows(self, parse: Callable[[list[str], int], T]) -> Iterator[T | Rejected]:
        """``parse(fields, line)`` of every row, or its rejection."""
        stats = self.stats
        width = len(self.version.columns)
        number = 1  # the header
        for line in self.source.lines():
            number += 1
            raw = line.rstrip(b"\r\n")
            if not raw.strip():
                stats.blank += 1
                continue
            stats.read += 1
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                yield self._reject(number, "extraction.not_utf8", position=error.start + 1)
                continue
            if not text.isprintable() and _CONTROL.search(text):  # (tabs, no-break spaces...)
                yield self._reject(number, "extraction.control_characters")
                continue
            fields = text.split("|")
            if len(fields) == width + 1 and not fields[-1].strip():
                fields.pop()  # a trailing "|"
            elif len(fields) != width or self.trailing:
                actual = len(fields) - (self.trailing and not fields[-1].strip())
                yield self._reject(number, "extraction.field_count", expected=width, actual=actual)
                continue
            try:
                value = parse(fields, number)
            except RowError as error:
                stats.rejected[error.code] += 1
                yield Rejected(
                    line=number,
                    code=error.code,
                    column=error.column,
                    params=error.params,
                    cause=error.cause,
                    value=error.value,
                )
                continue
            stats.accepted += 1
            yield value

    def _reject(self, line: int, code: str, **params: object) -> Rejected:
        self.stats.rejected[code] += 1
        return Rejected(line=line, code=code, params=params)

    def mailbox_records(self) -> Iterator[tuple[int, MailboxRecord] | Rejected]:
        """Every row of an MSSanté extraction: ``(line, record)`` or a rejection; no
        de-duplication (a store de-duplicates on the address)."""
        self._require(ExtractionKind.MSSANTE)
        return self._rows(_numbered_record)

    def mailboxes(self, *, deduplicate: bool = True) -> Iterator[DirectoryMailbox | Rejected]:
        """Every mailbox of an MSSanté extraction, or a rejection, in file order.

        With ``deduplicate`` (the default) an address seen before is skipped and counted
        in :attr:`ReadStats.merged` (the first line wins); that keeps the set of addresses
        seen in memory.
        """
        self._require(ExtractionKind.MSSANTE)
        seen: set[str] = set()
        for item in self._rows(_mailbox):
            if isinstance(item, Rejected):
                yield item
                continue
            record, address = item
            if deduplicate:
                if record.address in seen:
                    self.stats.merged += 1
                    continue
                seen.add(record.address)
            yield mailbox_of(record, address)

    def rpps_lines(self) -> Iterator[RppsLine | Rejected]:
        """Every line of an RPPS extraction: the person and the activity, or a rejection."""
        self._require(ExtractionKind.RPPS)
        return self._rows(_rpps_line)

    def professionals(self) -> Iterator[DirectoryPerson | Rejected]:
        """Every professional of an RPPS extraction with their activities, or a rejection.

        The file has one line per activity: consecutive lines of the same person make one
        value (the first line gives the name and profession), and count as merged. A
        person whose lines are not consecutive comes out once per run of lines.
        """
        current: PersonRecord | None = None
        activities: list[ActivityRecord] = []
        for item in self.rpps_lines():
            if isinstance(item, Rejected):
                yield item
                continue
            if current is not None and item.person.idnat == current.idnat:
                self.stats.merged += 1
            else:
                if current is not None:
                    yield person_of(current, tuple(activities))
                current, activities = item.person, []
            if item.activity is not None:
                activities.append(item.activity)
        if current is not None:
            yield person_of(current, tuple(activities))


# -- opening ------------------------------------------------------------------------------


def _header(source: Source) -> tuple[HeaderVersion, bool]:
    first = source.stream.readline()
    source.consumed += len(first)
    if not first:
        raise ExtractionError("extraction.empty", file=source.given_name)
    try:
        text = first.rstrip(b"\r\n").decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExtractionError("extraction.header_not_utf8", file=source.given_name) from None
    cells = text.split("|")
    trailing = len(cells) > 1 and not cells[-1].strip()
    while cells and not cells[-1].strip():
        cells.pop()  # a trailing "|"
    version = detect(cells)
    if version is not None:
        return version, trailing
    near = closest(cells)
    if near is None:
        raise ExtractionError(
            "extraction.header_unknown", file=source.given_name, columns=len(cells)
        )
    candidate, position = near
    expected = candidate.columns
    raise ExtractionError(
        "extraction.header_mismatch",
        file=source.given_name,
        kind=candidate.kind.value,
        position=position + 1,
        expected=expected[position] if position < len(expected) else "",
        found=cells[position] if position < len(cells) else "",
    )


def open_extraction(
    source: SourceLike, *, kind: ExtractionKind | None = None, name: str | None = None
) -> Extraction:
    """Open ``source`` and check its header; with ``kind``, refuse the other extraction.

    Raises :class:`~balorg.interop.extractions.rejects.ExtractionError` when the file is
    not a national extraction (unknown header, not UTF-8, not one ``.txt`` in the ZIP).
    """
    opened = open_source(source, name=name)
    try:
        version, trailing = _header(opened)
        if kind is not None and version.kind is not kind:
            raise ExtractionError(
                "extraction.kind_mismatch", expected=kind.value, found=version.kind.value
            )
    except BaseException:
        opened.close()
        raise
    return Extraction(opened, version, trailing=trailing)


def read_mssante(
    source: SourceLike, *, deduplicate: bool = True
) -> Iterator[DirectoryMailbox | Rejected]:
    """The mailboxes of an MSSanté extraction (or rejections), the file closed at the end."""
    with open_extraction(source, kind=ExtractionKind.MSSANTE) as extraction:
        yield from extraction.mailboxes(deduplicate=deduplicate)


def read_rpps(source: SourceLike) -> Iterator[DirectoryPerson | Rejected]:
    """The professionals of an RPPS extraction (or rejections), the file closed at the end."""
    with open_extraction(source, kind=ExtractionKind.RPPS) as extraction:
        yield from extraction.professionals()
