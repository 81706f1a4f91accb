"""Shared timing: best of several repeats, and a ratio against a peer."""

from __future__ import annotations

import timeit
from collections.abc import Callable


def best(fn: Callable[[], object], *, number: int, repeat: int = 5) -> float:
    """Seconds per call, best of ``repeat`` runs of ``number`` calls."""
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def report(name: str, ours: float, peer: float, peer_name: str) -> None:
    line = f"{name:<48} {ours * 1e6:10.2f} µs   {peer_name}: {peer * 1e6:8.2f} µs"
    print(f"{line}   ratio {ours / peer:6.2f}")
