"""The notifier: sends notices to a person's own (nominative) address."""

from __future__ import annotations

from typing import Protocol

from balorg.domain.mail import Notice

__all__ = ["Notifier"]


class Notifier(Protocol):
    def send(self, notice: Notice) -> None:
        """Deliver the notice; it carries no content of any message."""
