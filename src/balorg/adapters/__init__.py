"""Reference implementations of the ports.

- :mod:`~balorg.adapters.memory`: in memory, for tests and quick starts;
- :mod:`~balorg.adapters.sql`: SQLite (the embedded default) and PostgreSQL, with the
  ``sql`` extra;
- :mod:`~balorg.adapters.clock`: the system clock and a manual one.
"""

from __future__ import annotations

__all__: list[str] = []
