"""The audit trail at an operator's volume (issue 9, goals "trail" and "verify").

    .venv/bin/python bench/run.py audit

* **one mailbox's trail**: Claire (the responsible) reads the first page (100 entries) of
  the pharmacy's trail (:func:`balorg.services.read_audit_trail`, which also verifies
  that mailbox's chain) in a store of 1,000,000 entries and in one of 10,000 (10,000 and
  100 mailbox chains of 100 entries). Limit 1.2: a read costs the trail, not the store.
  On SQLite, and in memory. Each read is itself audited: the pharmacy's chain grows by
  one entry per read, in both stores alike (calls alternate).
* **verification**: :func:`balorg.services.verify_audit` over the 1,000,000-entry SQLite
  store (every chain, every head, the anchors' chain) against plain ``sqlite3`` +
  ``hashlib`` reading the same rows and recomputing the same hashes (``_worlds.sha256_floor``:
  sequence, link and hash of every entry, every head, the anchors' chain). Limit 1.5.

The stores are written by :func:`_worlds.add_audit_chains` (entries chained and anchored
as the SQL audit log does it) and :func:`_worlds.add_memory_chains`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from _goals import Row, Scale
from _worlds import (
    World,
    add_audit_chains,
    add_memory_chains,
    memory_world,
    paired,
    sha256_floor,
    sql_world,
)

from balorg.services import read_audit_trail, verify_audit

ISSUE = "9.3"
TRAIL = 100


def _read(world: World) -> Callable[[], None]:
    def call() -> None:
        trail = read_audit_trail(world.ports, world.responsible_session, world.mailbox, limit=TRAIL)
        assert len(trail.entries) == TRAIL, len(trail.entries)
        assert trail.verification.ok, trail.verification.problems

    return call


def _label(count: int) -> str:
    return f"{count / 1e6:.0f}M" if count >= 1_000_000 else f"{count / 1e3:.0f}k"


def _trail_row(big: World, small: World, sizes: tuple[int, int], store: str, scale: Scale) -> Row:
    samples, number = (21, 3) if scale is Scale.FULL else (3, 1)
    ours, peer = paired(_read(big), _read(small), samples=samples, number=number)
    return Row(
        issue=ISSUE,
        goal=(
            f"one mailbox's trail (100 entries), store of {_label(sizes[0])} entries / "
            f"{_label(sizes[1])} ({store})"
        ),
        figure=ours * 1e3,
        unit="ms",
        peer=peer * 1e3,
        peer_name=f"store of {sizes[1]:,}",
        limit=1.2,
        note=f"{sizes[0]:,} vs {sizes[1]:,} entries; medians of {samples}×{number}",
    )


def _chains(scale: Scale) -> tuple[int, int]:
    """Other mailboxes' chains (of 100 entries) in the big store and in the small one."""
    return (9_999, 99) if scale is Scale.FULL else (199, 99)


def goals(scale: Scale) -> Iterable[Row]:
    big_chains, small_chains = _chains(scale)
    with tempfile.TemporaryDirectory(prefix="balorg-bench-") as tmp:
        big = sql_world(Path(tmp) / "audit-big.db")
        small = sql_world(Path(tmp) / "audit-small.db")
        sizes = (
            add_audit_chains(big, chains=big_chains, length=TRAIL, own=TRAIL),
            add_audit_chains(small, chains=small_chains, length=TRAIL, own=TRAIL),
        )
        yield from _verification(big, sizes[0], scale)
        yield _trail_row(big, small, sizes, "SQLite", scale)
        big.close()
        small.close()
    yield from _memory(scale)


def _verification(world: World, size: int, scale: Scale) -> Iterator[Row]:
    assert world.path is not None
    path = world.path

    def ours() -> None:
        report = verify_audit(world.ports)
        assert report.ok, report.problems[:5]
        assert report.count == size, (report.count, size)

    def floor() -> None:
        assert sha256_floor(path) == 0

    samples = 3 if scale is Scale.FULL else 1
    mine, peer = paired(ours, floor, samples=samples, warmup=1)
    yield Row(
        issue=ISSUE,
        goal=f"verify the whole store, {_label(size)} entries / plain sqlite3 + hashlib",
        figure=mine,
        unit="s",
        peer=peer,
        peer_name="sqlite3 + hashlib",
        limit=1.5,
        note=f"{size:,} entries, {size / mine:,.0f} entries/s; medians of {samples}",
    )


def _memory(scale: Scale) -> Iterator[Row]:
    big_chains, small_chains = _chains(scale)
    big, small = memory_world(), memory_world()
    sizes = (
        add_memory_chains(big, chains=big_chains, length=TRAIL, own=TRAIL),
        add_memory_chains(small, chains=small_chains, length=TRAIL, own=TRAIL),
    )
    yield _trail_row(big, small, sizes, "memory", scale)
