"""Listing members a page at a time costs the page (issue 9, goal 3).

    .venv/bin/python bench/run.py members

Claire (the responsible) asks for a page of 100 members of the pharmacy's mailbox
(:func:`balorg.services.list_members`, ``limit=100``) when the mailbox has 10,000
members (the first page, and a page in the middle reached by its cursor) and when it has
100 (its one page); in memory and on SQLite. Limit 1.5: keyset paging reads the page,
not the members before it.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from _goals import Row, Scale
from _worlds import World, add_members, member_name, memory_world, paired, sql_world

from balorg.services import list_members
from balorg.services.paging import encode_cursor

ISSUE = "9.2"
LIMIT = 1.5
PAGE = 100


def _page(world: World, after: str | None) -> Callable[[], None]:
    def call() -> None:
        found = list_members(
            world.ports, world.responsible_session, world.mailbox, after=after, limit=PAGE
        )
        assert len(found.members) >= PAGE - 1, len(found.members)

    return call


def _middle(count: int) -> str:
    """The cursor of the page that starts in the middle of ``count`` members."""
    return encode_cursor("members", member_name(count // 2))


def _rows(
    make: Callable[[], World], scale: Scale, store: str, big_n: int, small_n: int
) -> Iterator[Row]:
    big, small = make(), make()
    add_members(big, big_n)
    add_members(small, small_n)
    samples, number = (31, 5) if scale is Scale.FULL else (3, 1)
    for where, big_after in (("first page", None), ("a middle page", _middle(big_n))):
        ours, peer = paired(
            _page(big, big_after), _page(small, None), samples=samples, number=number
        )
        yield Row(
            issue=ISSUE,
            goal=f"list_members(limit=100), {where}, {big_n:,} members / {small_n} ({store})",
            figure=ours * 1e3,
            unit="ms",
            peer=peer * 1e3,
            peer_name=f"{small_n:,} members",
            limit=LIMIT,
            note=f"medians of {samples}×{number}",
        )
    big.close()
    small.close()


def goals(scale: Scale) -> Iterable[Row]:
    big_n, small_n = (10_000, 100) if scale is Scale.FULL else (1_000, 100)
    yield from _rows(memory_world, scale, "memory", big_n, small_n)
    with tempfile.TemporaryDirectory(prefix="balorg-bench-") as tmp:
        files = iter(Path(tmp) / f"members-{i}.db" for i in range(2))
        yield from _rows(lambda: sql_world(next(files)), scale, "SQLite", big_n, small_n)
