"""Times and actors given to the aggregates: checked before anything changes.

The clock is a port, so every change receives its time from outside; a naive
datetime would make the trail unsortable, and an actor that is not an address
would make a change anonymous.

>>> import datetime as dt
>>> from balorg.domain.addresses import EmailAddress
>>> check_change(EmailAddress("a@example.org"), dt.datetime(2026, 1, 1))
Traceback (most recent call last):
    ...
ValueError: times given to the domain must be timezone-aware, not 2026-01-01 00:00:00
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from balorg.domain.addresses import EmailAddress

__all__ = ["aware", "check_change", "checked_change"]

P = ParamSpec("P")
R = TypeVar("R")


def _naive(value: object) -> bool:
    return not isinstance(value, dt.datetime) or value.tzinfo is None


def aware(_: object, attribute: Any, value: dt.datetime) -> None:
    """attrs validator: a timezone-aware datetime."""
    if _naive(value):
        raise ValueError(f"times given to the domain must be timezone-aware, not {value}")


def check_change(by: object, at: object) -> None:
    """Refuse a change without a nominative actor or at a naive time."""
    if not isinstance(by, EmailAddress):
        raise TypeError(f"the actor of a change is an EmailAddress, not {type(by).__name__}")
    if _naive(at):
        raise ValueError(f"times given to the domain must be timezone-aware, not {at}")


def checked_change(method: Callable[P, R]) -> Callable[P, R]:
    """Check the ``by`` and ``at`` keyword arguments before the method changes anything."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        check_change(kwargs.get("by"), kwargs.get("at"))
        expires_at = kwargs.get("expires_at")
        if expires_at is not None and _naive(expires_at):
            raise ValueError(f"times given to the domain must be timezone-aware, not {expires_at}")
        return method(*args, **kwargs)

    return wrapper
