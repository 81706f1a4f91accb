"""What a reader refuses: a whole file (:class:`ExtractionError`) or one row (:class:`Rejected`).

A rejected row is never dropped silently: it is reported with its line number (the
header is line 1), the column at fault, a stable code and its parameters, and the
reason given by the domain check underneath (``cause``), so that the French and English
messages are rendered from codes, never parsed.

>>> r = Rejected(line=7, code="extraction.field_count", params={"expected": 31, "actual": 30})
>>> r.message("en")
'The line has 30 fields instead of 31.'
>>> import io
>>> out = io.StringIO()
>>> write_rejects([r], out, "jsonl", lang="en")
1
>>> row = json.loads(out.getvalue())
>>> row["line"], row["code"], row["message"]
(7, 'extraction.field_count', 'The line has 30 fields instead of 31.')
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final, Literal, TextIO

from attrs import field, frozen

from balorg.domain.errors import BalorgError, Problem, plain_params
from balorg.domain.messages import Lang, render

__all__ = [
    "MAX_VALUE",
    "Cause",
    "ExtractionError",
    "Rejected",
    "RejectsFormat",
    "RejectsWriter",
    "write_rejects",
]

#: The offending value is kept in a report up to this many characters.
MAX_VALUE: Final = 200

RejectsFormat = Literal["csv", "jsonl"]


class ExtractionError(BalorgError, ValueError):
    """The file as a whole cannot be read as a national extraction (header, encoding, ZIP)."""

    default_code = "extraction.unreadable"


def _freeze(params: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(params or {}))


@frozen
class Cause:
    """The domain check's own verdict under a rejection (``identifier.invalid_checksum``...)."""

    code: str
    params: Mapping[str, Any] = field(factory=dict, converter=_freeze, hash=False)

    @classmethod
    def of(cls, error: BalorgError) -> Cause:
        return cls(error.code, error.params)

    def message(self, lang: Lang = "fr") -> str:
        return render(self.code, self.params, lang)


def _cut(value: str | None) -> str | None:
    return value if value is None or len(value) <= MAX_VALUE else value[:MAX_VALUE] + "…"


@frozen(kw_only=True)
class Rejected:
    """One row refused, and why."""

    line: int
    code: str
    #: The header name of the column at fault; ``None`` for the row as a whole.
    column: str | None = None
    params: Mapping[str, Any] = field(factory=dict, converter=_freeze, hash=False)
    cause: Cause | None = None
    #: The offending value as read (cut to :data:`MAX_VALUE` characters).
    value: str | None = field(default=None, converter=_cut)

    def message(self, lang: Lang = "fr") -> str:
        """The reason in ``lang``: the extraction's message, then the domain check's."""
        text = render(self.code, {"column": self.column, **self.params}, lang)
        return f"{text} {self.cause.message(lang)}" if self.cause is not None else text

    def problem(self) -> Problem:
        """As a :class:`~balorg.domain.errors.Problem`, at path ``line 7/Adresse BAL``."""
        path = f"line {self.line}" + (f"/{self.column}" if self.column else "")
        return Problem(self.code, path, {"column": self.column, **self.params})

    def to_dict(self, lang: Lang | None = None) -> dict[str, Any]:
        """Plain data for JSON; both messages when ``lang`` is not given."""
        return {
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "params": plain_params(self.params),
            "cause": None
            if self.cause is None
            else {"code": self.cause.code, "params": plain_params(self.cause.params)},
            "value": self.value,
            "message": {"fr": self.message("fr"), "en": self.message("en")}
            if lang is None
            else self.message(lang),
        }


_CSV_FIELDS: Final = ("line", "column", "code", "cause", "value", "message")


class RejectsWriter:
    """Writes rejected rows as they come: CSV (with a header line) or JSON lines."""

    def __init__(self, out: TextIO, fmt: RejectsFormat = "csv", *, lang: Lang = "fr") -> None:
        self.out = out
        self.fmt: RejectsFormat = fmt
        self.lang: Lang = lang
        self.count = 0
        self._csv = csv.writer(out, lineterminator="\n") if fmt == "csv" else None
        if self._csv is not None:
            self._csv.writerow(_CSV_FIELDS)

    def write(self, reject: Rejected) -> None:
        if self._csv is None:
            self.out.write(json.dumps(reject.to_dict(self.lang), ensure_ascii=False) + "\n")
        else:
            cause = reject.cause.code if reject.cause is not None else ""
            self._csv.writerow(
                (
                    reject.line,
                    reject.column or "",
                    reject.code,
                    cause,
                    reject.value or "",
                    reject.message(self.lang),
                )
            )
        self.count += 1


def write_rejects(
    rejects: Iterable[Rejected], out: TextIO, fmt: RejectsFormat = "csv", *, lang: Lang = "fr"
) -> int:
    """Write ``rejects`` to ``out`` as CSV (with a header line) or JSON lines; the count."""
    writer = RejectsWriter(out, fmt, lang=lang)
    for reject in rejects:
        writer.write(reject)
    return writer.count
