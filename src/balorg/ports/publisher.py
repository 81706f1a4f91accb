"""Publishing mailbox entries to a directory (the national Annuaire Santé, the operator's own).

The changes come from the outbox (:mod:`balorg.ports.outbox`): each was written in the
same transaction as the change of the mailbox that caused it, and the dispatcher hands
it to the publisher afterwards, retrying on failures that may pass.
"""

from __future__ import annotations

from typing import Any, Protocol

from balorg.domain.errors import BalorgError
from balorg.domain.publication import DirectoryChange, DirectoryKind

__all__ = ["DirectoryPublisher", "PublicationFailed"]


class PublicationFailed(BalorgError):
    """The directory did not apply a change.

    ``retryable`` says whether trying again later may succeed (a time-out, a 5xx);
    otherwise the change waits for a person (a 400, 401, 404, or 412: several
    carriers match). ``detail`` is the server's own text (an OperationOutcome's),
    never a credential.
    """

    default_code = "publication.failed"

    def __init__(
        self, code: str | None = None, /, *, retryable: bool, detail: str = "", **params: Any
    ) -> None:
        self.retryable = retryable
        self.detail = detail
        super().__init__(code, detail=detail, **params)


class DirectoryPublisher(Protocol):
    """Applies changes to one or more directories."""

    def handles(self, directory: DirectoryKind) -> bool:
        """Whether this publisher serves ``directory``."""

    def apply(self, change: DirectoryChange, *, key: str) -> None:
        """Apply ``change`` (its operations in order) or raise :class:`PublicationFailed`.

        ``key`` is the outbox message's idempotency key: applying the same change twice
        must leave the directory as once.
        """
