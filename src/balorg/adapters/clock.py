"""Clocks: the system clock, and a manual one for tests and simulations."""

from __future__ import annotations

import datetime as dt

__all__ = ["ManualClock", "SystemClock"]


class SystemClock:
    """The real time, in UTC."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


class ManualClock:
    """A clock that moves only when told to.

    >>> clock = ManualClock(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    >>> clock.advance(hours=72).isoformat()
    '2026-01-04T00:00:00+00:00'
    """

    def __init__(self, start: dt.datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("the clock needs a timezone-aware start")
        self._now = start

    def now(self) -> dt.datetime:
        return self._now

    def advance(self, **delta: float) -> dt.datetime:
        self._now += dt.timedelta(**delta)
        return self._now

    def set(self, when: dt.datetime) -> None:
        self._now = when
