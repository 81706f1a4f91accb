"""Where an extraction's lines come from: the ``.txt`` file, or the ZIP the ANS publishes it in.

Lines are read one at a time from the (decompressed) stream: memory does not grow
with the file. The file's date comes from its name
(``Extraction_Correspondance_MSSante_202606010300.txt`` was extracted on 2026-06-01
at 03:00, French local time, as written).

>>> file_date("Extraction_Correspondance_MSSante_202606010300.txt")
datetime.datetime(2026, 6, 1, 3, 0)
>>> file_date("PS_LibreAcces_Personne_activite_20190101.zip")
datetime.datetime(2019, 1, 1, 0, 0)
>>> file_date("annuaire.txt") is None
True
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO, Any, Final, cast

from attrs import define, field

from balorg.interop.extractions.rejects import ExtractionError

__all__ = ["Source", "SourceLike", "content_digest", "file_date", "open_source"]

SourceLike = str | os.PathLike[str] | IO[bytes]

_ZIP_MAGIC: Final = b"PK\x03\x04"
_STAMP: Final = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2}))?(?!\d)")
_CHUNK: Final = 1 << 20


def file_date(name: str) -> dt.datetime | None:
    """The extraction's date and time as written in its file name, or ``None``."""
    for match in _STAMP.finditer(PurePosixPath(name).name):
        year, month, day, hour, minute = match.groups()
        try:
            return dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0))
        except ValueError:
            continue
    return None


@define
class Source:
    """An open extraction: its name, the size of its text when known, and its byte stream."""

    #: The text file's name: the ``.txt`` inside a ZIP, else the file's own name.
    name: str
    #: The archive's or the file's own name (what the user gave).
    given_name: str
    #: Bytes of the (decompressed) text, when known: the progress bar's total.
    size: int | None
    stream: IO[bytes]
    _closers: list[IO[bytes] | zipfile.ZipFile] = field(factory=list)
    #: Bytes consumed so far (what a progress bar shows).
    consumed: int = 0

    @property
    def date(self) -> dt.datetime | None:
        return file_date(self.name) or file_date(self.given_name)

    def lines(self) -> Iterator[bytes]:
        """Every line, raw bytes with its line ending; counts :attr:`consumed`."""
        for raw in self.stream:
            self.consumed += len(raw)
            yield raw

    def close(self) -> None:
        for closer in reversed(self._closers):
            closer.close()
        self._closers.clear()

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _is_zip(stream: IO[bytes]) -> bool:
    if stream.seekable():
        position = stream.tell()
        head = stream.read(4)
        stream.seek(position)
        return head == _ZIP_MAGIC
    return False


def _text_member(archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    members = [
        info
        for info in archive.infolist()
        if not info.is_dir() and info.filename.lower().endswith((".txt", ".csv"))
    ]
    if len(members) != 1:
        raise ExtractionError("extraction.zip_members", count=len(members))
    return members[0]


def open_source(source: SourceLike, *, name: str | None = None) -> Source:
    """Open a path or a binary stream; a ZIP is opened on its one ``.txt`` member."""
    closers: list[IO[bytes] | zipfile.ZipFile] = []
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        given = name or path.name
        try:
            stream: IO[bytes] = path.open("rb")
        except OSError as exc:
            raise ExtractionError(
                "extraction.unreadable", file=given, reason=exc.strerror or type(exc).__name__
            ) from None
        closers.append(stream)
        size: int | None = path.stat().st_size
    else:
        stream = source
        given = name or str(getattr(source, "name", "") or "-")
        size = None
    try:
        if _is_zip(stream):
            try:
                archive = zipfile.ZipFile(stream)
            except zipfile.BadZipFile as exc:
                raise ExtractionError(
                    "extraction.unreadable", file=given, reason=str(exc)
                ) from None
            closers.append(archive)
            member = _text_member(archive)
            inner = archive.open(member)
            closers.append(inner)
            return Source(
                PurePosixPath(member.filename).name,
                given,
                member.file_size,
                io.BufferedReader(cast("Any", inner), buffer_size=_CHUNK),
                closers,
            )
    except BaseException:
        for closer in reversed(closers):
            closer.close()
        raise
    return Source(given, given, size, stream, closers)


def content_digest(source: str | os.PathLike[str]) -> str:
    """SHA-256 of the extraction's text (inside the ZIP when zipped), in hexadecimal.

    Two files with the same text are the same extraction, whether zipped or not.
    """
    digest = hashlib.sha256()
    with open_source(source) as opened:
        while chunk := opened.stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
