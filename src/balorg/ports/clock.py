"""Time is a port: the domain, the rules and the services never read the clock."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

__all__ = ["Clock"]


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current time, timezone-aware."""
