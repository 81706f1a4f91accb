"""Secrets in transit (passwords, session tokens, API keys): a value that never shows
itself in a ``repr``, a ``str``, a log line, a traceback's locals or a pickle."""

from __future__ import annotations

from typing import ClassVar

__all__ = ["Secret"]


class Secret:
    """A text kept out of sight; :meth:`reveal` hands it to the one place that needs it.

    Subclasses name themselves in ``noun`` ("a Password"), used by their error messages.
    """

    __slots__ = ("_value",)
    noun: ClassVar[str] = "a Secret"

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError(f"{self.noun} wraps a str, not {type(value).__name__}")
        self._value = value

    def reveal(self) -> str:
        """The secret itself."""
        return self._value

    def __repr__(self) -> str:
        return f"{type(self).__name__}('********')"

    def __str__(self) -> str:
        return "********"

    def __reduce__(self) -> str:
        raise TypeError(f"{self.noun} cannot be pickled")
