"""Pages of a listing: the items and an opaque cursor for the next page (keyset paging:
each page costs what it holds, whatever page it is)."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from attrs import field, frozen

from balorg.domain.errors import Problem

__all__ = ["Page", "decode_cursor", "encode_cursor"]

T = TypeVar("T")


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


def encode_cursor(key: Any) -> str:
    text = json.dumps(key, separators=(",", ":"), ensure_ascii=True)
    return base64.urlsafe_b64encode(text.encode("ascii")).decode("ascii").rstrip("=")


def decode_cursor(cursor: object, path: str = "after") -> tuple[Any, list[Problem]]:
    """The key a cursor carries, or a problem when it is not one of ours."""
    if cursor is None:
        return None, []
    if not isinstance(cursor, str) or len(cursor) > 2048:
        return None, [Problem("paging.invalid_cursor", path)]
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return json.loads(base64.urlsafe_b64decode(padded.encode("ascii"))), []
    except (ValueError, binascii.Error, UnicodeError):
        return None, [Problem("paging.invalid_cursor", path)]
