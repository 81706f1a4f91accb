"""Printing results for people (French by default) and machines (``--json``).

Every command's JSON output has the same envelope::

    {"command": "...", "ok": true|false, "result": {...} | null,
     "errors": [problem, ...], "warnings": [problem, ...]}

where a problem is ``{"code", "path", "params", "severity", "message"}``: ``params``
hold the values as the library gives them (codes such as ``"rejected"``), ``message``
is the sentence in the chosen language, with those codes in words
(:func:`balorg.cli.texts.localised`).

Text that cannot be written as UTF-8 (a lone surrogate, from a file name that is not
UTF-8) is shown as U+FFFD for people, and escaped (``\\udcff``) in JSON, so that
nothing a command prints can fail to print.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final, TextIO

from balorg.cli.texts import localised
from balorg.domain.errors import Problem, plain_params
from balorg.domain.messages import Lang, render

__all__ = ["Output"]

_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def _printable(text: str) -> str:
    """``text`` without lone surrogates (each becomes U+FFFD)."""
    return _SURROGATE.sub("\ufffd", text)


def _json_text(text: str) -> str:
    """JSON text (``ensure_ascii=False``) with lone surrogates as ``\\uXXXX`` escapes:
    still valid JSON, and what was given comes back when the document is read."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def message(problem: Problem, lang: Lang) -> str:
    """The problem's sentence in ``lang``, with state, capability and action codes in
    words of that language."""
    return render(problem.code, localised(problem.code, problem.params, lang), lang)


def problem_dict(problem: Problem, lang: Lang) -> dict[str, Any]:
    return {
        "code": problem.code,
        "path": problem.path,
        "params": plain_params(problem.params),
        "severity": problem.severity.value,
        "message": message(problem, lang),
    }


class Output:
    """Where and how a command reports."""

    def __init__(
        self, *, command: str, lang: Lang, as_json: bool, stream: TextIO | None = None
    ) -> None:
        self.command = command
        self.lang: Lang = lang
        self.as_json = as_json
        # No standard output at all (``balorg ... >&-``): what is said goes nowhere.
        self.stream = stream or sys.stdout or io.StringIO()

    def line(self, text: str = "") -> None:
        if not self.as_json:
            self.stream.write(_printable(text) + "\n")

    def flush(self) -> None:
        """Push what was written (a closed pipe is then noticed here, not at exit)."""
        self.stream.flush()

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        empty: str,
    ) -> None:
        """Rows under their headers, columns aligned; ``empty`` when there is no row."""
        if self.as_json:
            return
        if not rows:
            self.line(empty)
            return
        widths = [
            max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)
        ]
        for cells in (headers, *rows):
            self.line(
                "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()
            )

    def problems(self, problems: Iterable[Problem]) -> None:
        tag = {"fr": ("ERREUR", "AVERTISSEMENT"), "en": ("ERROR", "WARNING")}[self.lang]
        for problem in problems:
            where = f"{problem.path} : " if problem.path and self.lang == "fr" else ""
            if problem.path and self.lang == "en":
                where = f"{problem.path}: "
            label = tag[0] if problem.is_error else tag[1]
            self.line(f"  {label} [{problem.code}] {where}{message(problem, self.lang)}")

    def finish(
        self,
        *,
        ok: bool,
        result: Mapping[str, Any] | None = None,
        errors: Iterable[Problem] = (),
        warnings: Iterable[Problem] = (),
    ) -> int:
        errors, warnings = tuple(errors), tuple(warnings)
        if self.as_json:
            envelope = {
                "command": self.command,
                "ok": ok,
                "result": result,
                "errors": [problem_dict(p, self.lang) for p in errors],
                "warnings": [problem_dict(p, self.lang) for p in warnings],
            }
            text = json.dumps(envelope, ensure_ascii=False, indent=2, default=_plain)
            self.stream.write(_json_text(text) + "\n")
        else:
            self.problems(errors)
            self.problems(warnings)
        return 0 if ok else 1


def _plain(value: object) -> object:
    """What JSON cannot say itself (dates, addresses, enums): their text."""
    return str(value)
