"""Goals measured in one run: the figure, the peer's figure from the same run, the ratio.

Every benchmark module of ``bench/`` (a file not starting with ``_``) exposes
``goals(scale: Scale) -> Iterable[Row]``; ``bench/run.py`` runs them all and prints one
table. A row's verdict compares the ratio with its limit (``<=`` for "at most this many
times the peer", ``>=`` for a floor such as a throughput), or carries an explicit
``ok`` where the goal is not a ratio (identical verdicts, say).
"""

from __future__ import annotations

import enum
import statistics
import time
from collections.abc import Callable

from attrs import frozen

__all__ = ["Row", "Scale", "median_seconds"]


class Scale(enum.Enum):
    """``full``: the sizes the goals name; ``quick``: a smoke run (verdicts not binding)."""

    FULL = "full"
    QUICK = "quick"


@frozen(kw_only=True)
class Row:
    issue: str
    goal: str
    figure: float
    unit: str
    peer: float
    peer_name: str
    limit: float
    at_most: bool = True
    #: Overrides the ratio verdict (e.g. "identical verdicts"); ``None`` to use the ratio.
    ok: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.figure / self.peer if self.peer else float("inf")

    @property
    def passed(self) -> bool:
        if self.ok is not None and not self.ok:
            return False
        return self.ratio <= self.limit if self.at_most else self.ratio >= self.limit


def median_seconds(fn: Callable[[], object], *, number: int = 1, repeat: int = 5) -> float:
    """Seconds per call: the median of ``repeat`` runs of ``number`` calls."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        runs.append((time.perf_counter() - start) / number)
    return statistics.median(runs)
