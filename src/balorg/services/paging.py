"""Pages of a listing: the items and an opaque cursor for the next page (keyset paging:
each page costs what it holds, whatever page it is).

A cursor names its listing and carries its key; one of another listing, or of a shape
the listing does not use, is a coded refusal (``paging.invalid_cursor``), never a crash
nor a silent restart from the first page.

>>> cursor = encode_cursor("members", "bob@example.mssante.fr")
>>> read_cursor(cursor, "members", as_text)
('bob@example.mssante.fr', [])
>>> read_cursor(cursor, "audit", as_audit_key)[1][0].code
'paging.invalid_cursor'
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from attrs import field, frozen

from balorg.domain.errors import Problem

__all__ = [
    "Page",
    "as_audit_key",
    "as_pending_key",
    "as_position",
    "as_text",
    "encode_cursor",
    "read_cursor",
]

T = TypeVar("T")
K = TypeVar("K")


def _items(values: Sequence[T]) -> tuple[T, ...]:
    return tuple(values)


@frozen
class Page(Generic[T]):
    """``items``; ``next`` is the cursor of the following page (``None``: the last)."""

    items: tuple[T, ...] = field(converter=_items)
    next: str | None = None

    def __iter__(self) -> Any:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def encode_cursor(listing: str, key: Any) -> str:
    """The cursor of ``listing`` after ``key`` (plain JSON data)."""
    text = json.dumps([listing, key], separators=(",", ":"), ensure_ascii=True)
    return base64.urlsafe_b64encode(text.encode("ascii")).decode("ascii").rstrip("=")


def read_cursor(
    cursor: object, listing: str, read: Callable[[Any], K | None], path: str = "after"
) -> tuple[K | None, list[Problem]]:
    """The key a cursor of ``listing`` carries (``None`` without cursor), or a problem."""
    if cursor is None:
        return None, []
    refused: list[Problem] = [Problem("paging.invalid_cursor", path)]
    if not isinstance(cursor, str) or len(cursor) > 2048:
        return None, refused
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError, RecursionError):
        return None, refused
    if not isinstance(data, list) or len(data) != 2 or data[0] != listing:
        return None, refused
    key = read(data[1])
    return (key, []) if key is not None else (None, refused)


def as_text(value: Any) -> str | None:
    """A cursor key that is a short non-empty printable text, else ``None`` (balorg's own
    cursors never carry a control character, a lone surrogate or an invisible one)."""
    ok = isinstance(value, str) and 0 < len(value) <= 400 and value.isprintable()
    return value if ok else None


def as_position(value: Any) -> int | None:
    """A cursor key that is a position (a non-negative whole number), else ``None``."""
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**62
    return value if ok else None


def _moment(value: Any) -> dt.datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def as_pending_key(value: Any) -> tuple[dt.datetime, str] | None:
    """A cursor key of the pending accounts: an aware time and an address, else ``None``."""
    if not isinstance(value, list) or len(value) != 2:
        return None
    moment, address = _moment(value[0]), as_text(value[1])
    return (moment, address) if moment is not None and address is not None else None


def as_audit_key(value: Any) -> tuple[dt.datetime, str, int] | None:
    """A cursor key of the audit trail: an aware time, a chain and a sequence, else ``None``."""
    if not isinstance(value, list) or len(value) != 3:
        return None
    moment, chain, seq = _moment(value[0]), as_text(value[1]), as_position(value[2])
    if moment is None or chain is None or seq is None:
        return None
    return moment, chain, seq
