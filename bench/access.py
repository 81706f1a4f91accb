"""Access checks cost the same whatever the mailbox holds (issue 9, goals 1 and 2).

    .venv/bin/python bench/run.py access            # the goals, with verdicts
    .venv/bin/python bench/run.py access --quick    # small sizes: checks that it runs

Three calls, each timed on a big world and on a small one in the same run, in memory and
on SQLite (a temporary file):

* ``decide()``: :func:`balorg.rules.access.decide` with the reads it needs (the mailbox,
  the account, that account's delegation) through a unit of work;
* ``send_message``: Alice sends from the pharmacy's mailbox, open in her session
  (the whole use case: session, decision, record, audit entry, commit);
* ``switch_mailbox``: Alice opens the pharmacy's mailbox (decision, her openable
  mailboxes for the blue label, the session saved, audit entry, commit).

Worlds (made by :mod:`_worlds`): goal 1, the checked mailbox holds 1,000,000 delegations
against 1,000; goal 2, 1,000,000 delegations over 100,000 mailboxes (10 each, members on
10 mailboxes each) against 1,000 over 100. Limit 1.2 for every row: a check reads one
mailbox, one account and one delegation, whatever else the store holds.
"""

from __future__ import annotations

import gc
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from _goals import Row, Scale
from _worlds import World, add_members, add_spread, memory_world, paired, sql_world

ISSUE = "9.1"
LIMIT = 1.2


def _sizes(scale: Scale) -> tuple[int, int, int, int]:
    """Delegations on one mailbox (big, small); mailboxes of the spread (big, small)."""
    if scale is Scale.FULL:
        return 1_000_000, 1_000, 100_000, 100
    return 20_000, 1_000, 2_000, 100


def _calls(memory: bool, scale: Scale) -> list[tuple[str, Callable[[World], None], int, int]]:
    """(name, call, calls per sample, samples)."""
    if scale is Scale.QUICK:
        return [
            ("decide()", World.decide, 5, 3),
            ("send_message", World.send, 1, 3),
            ("switch_mailbox", World.switch, 1, 3),
        ]
    if memory:
        return [
            ("decide()", World.decide, 50, 31),
            ("send_message", World.send, 10, 31),
            ("switch_mailbox", World.switch, 10, 31),
        ]
    return [
        ("decide()", World.decide, 20, 31),
        ("send_message", World.send, 1, 61),
        ("switch_mailbox", World.switch, 1, 61),
    ]


def _rows(
    big: World,
    small: World,
    *,
    scale: Scale,
    what: str,
    store: str,
    big_label: str,
    small_label: str,
) -> Iterator[Row]:
    for name, call, number, samples in _calls(store == "memory", scale):
        ours, peer = paired(
            lambda c=call: c(big), lambda c=call: c(small), samples=samples, number=number
        )
        yield Row(
            issue=ISSUE,
            goal=f"{name}, {what} ({store})",
            figure=ours * 1e6,
            unit="µs",
            peer=peer * 1e6,
            peer_name=small_label,
            limit=LIMIT,
            note=f"{big_label} vs {small_label}, medians of {samples}×{number}",
        )


def _label(count: int) -> str:
    return f"{count // 1_000_000}M" if count >= 1_000_000 else f"{count // 1_000}k"


def _one_mailbox(
    make: Callable[[], World], scale: Scale, big_n: int, small_n: int, store: str
) -> Iterator[Row]:
    big, small = make(), make()
    add_members(big, big_n)
    add_members(small, small_n)
    yield from _rows(
        big,
        small,
        scale=scale,
        what=f"{_label(big_n)} delegations on the mailbox / {_label(small_n)}",
        store=store,
        big_label=f"{big_n:,} on it",
        small_label=f"{small_n:,} on it",
    )
    big.close()
    small.close()


def _spread(
    make: Callable[[], World], scale: Scale, big_m: int, small_m: int, store: str
) -> Iterator[Row]:
    big, small = make(), make()
    add_spread(big, big_m, 10)
    add_spread(small, small_m, 10)
    yield from _rows(
        big,
        small,
        scale=scale,
        what=(
            f"{_label(big_m * 10)} over {big_m:,} mailboxes / {_label(small_m * 10)} over "
            f"{small_m:,}"
        ),
        store=store,
        big_label=f"{big_m:,} mailboxes",
        small_label=f"{small_m:,} mailboxes",
    )
    big.close()
    small.close()


def goals(scale: Scale) -> Iterable[Row]:
    big_n, small_n, big_m, small_m = _sizes(scale)
    yield from _one_mailbox(memory_world, scale, big_n, small_n, "memory")
    gc.collect()
    yield from _spread(memory_world, scale, big_m, small_m, "memory")
    gc.collect()
    with tempfile.TemporaryDirectory(prefix="balorg-bench-") as tmp:
        files = iter(Path(tmp) / f"access-{i}.db" for i in range(4))
        yield from _one_mailbox(lambda: sql_world(next(files)), scale, big_n, small_n, "SQLite")
        yield from _spread(lambda: sql_world(next(files)), scale, big_m, small_m, "SQLite")
