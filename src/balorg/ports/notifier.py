"""The notifier: sends notices to a person's own (nominative) address."""

from __future__ import annotations

from typing import Protocol

from balorg.domain.errors import BalorgError
from balorg.domain.mail import Notice

__all__ = ["NotificationFailed", "Notifier"]


class NotificationFailed(BalorgError):
    """A notice was not sent; ``retryable`` says whether trying later may succeed."""

    default_code = "notice.failed"

    def __init__(self, code: str | None = None, /, *, retryable: bool, **params: object) -> None:
        self.retryable = retryable
        super().__init__(code, **params)


class Notifier(Protocol):
    def send(self, notice: Notice, *, key: str) -> None:
        """Deliver the notice (it carries no content of any message); ``key`` is the
        outbox message's idempotency key: the same key twice is the same notice."""
