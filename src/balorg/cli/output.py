"""Printing results for people (French by default) and machines (``--json``).

Every command's JSON output has the same envelope::

    {"command": "...", "ok": true|false, "result": {...} | null,
     "errors": [problem, ...], "warnings": [problem, ...]}

where a problem is ``{"code", "path", "params", "severity", "message"}``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from balorg.domain.errors import Problem
from balorg.domain.messages import Lang

__all__ = ["Output"]


class Output:
    """Where and how a command reports."""

    def __init__(
        self, *, command: str, lang: Lang, as_json: bool, stream: TextIO | None = None
    ) -> None:
        self.command = command
        self.lang: Lang = lang
        self.as_json = as_json
        self.stream = stream or sys.stdout

    def line(self, text: str = "") -> None:
        if not self.as_json:
            print(text, file=self.stream)

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
        for problem in problems:
            where = f"{problem.path} : " if problem.path else ""
            tag = {"fr": ("ERREUR", "AVERTISSEMENT"), "en": ("ERROR", "WARNING")}[self.lang]
            label = tag[0] if problem.is_error else tag[1]
            self.line(f"  {label} [{problem.code}] {where}{problem.message(self.lang)}")

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
                "errors": [p.to_dict(self.lang) for p in errors],
                "warnings": [p.to_dict(self.lang) for p in warnings],
            }
            json.dump(envelope, self.stream, ensure_ascii=False, indent=2, default=str)
            self.stream.write("\n")
        else:
            self.problems(errors)
            self.problems(warnings)
        return 0 if ok else 1
