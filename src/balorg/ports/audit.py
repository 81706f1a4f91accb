"""The audit log: append-only, one hash chain per mailbox (and per account).

Reading one mailbox's trail reads that chain only; verification streams raw rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Protocol

from balorg.domain.audit import Anchor, AuditEntry, AuditRecord, Checkpoint, RawEntry

__all__ = ["AuditCursor", "AuditLog"]

#: Where a page of a filtered read stopped: (at, chain, seq) of its last entry.
AuditCursor = tuple[dt.datetime, str, int]


class AuditLog(Protocol):
    def append(self, record: AuditRecord) -> None:
        """Chain ``record`` at the end of its chain (:attr:`AuditRecord.chain`) in this
        transaction; a new chain is anchored at once. Nothing is ever updated or deleted."""

    def trail(
        self, chain: str, *, after: int = 0, limit: int | None = None
    ) -> Sequence[AuditEntry]:
        """One chain's entries in sequence order, after sequence number ``after``."""

    def entries(
        self,
        *,
        mailbox: str | None = None,
        account: str | None = None,
        actor: str | None = None,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        after: AuditCursor | None = None,
        limit: int | None = None,
    ) -> Sequence[AuditEntry]:
        """Entries by time (then chain and sequence), filtered: ``mailbox`` matches the
        mailbox's chain and the entries that mention it; ``account`` the account
        concerned or the actor; ``since`` inclusive, ``until`` exclusive."""

    def head(self, chain: str) -> tuple[int, str]:
        """The chain's last (seq, hash), kept apart from the entries ((0, GENESIS): none)."""

    def heads(self) -> dict[str, tuple[int, str]]:
        """Every chain's head."""

    def raw(
        self, *, chain: str | None = None, start: Checkpoint | None = None
    ) -> Iterator[RawEntry]:
        """Every stored row (of ``chain`` only, if given) after ``start``, in (chain, seq)
        order, as stored."""

    def anchors(self, *, after: int = 0) -> Iterator[Anchor]:
        """The anchors after sequence number ``after``, in order."""

    def anchor(self, *, at: dt.datetime) -> int:
        """Anchor the head of every chain that moved since its last anchor; answers how
        many were anchored."""

    def checkpoint(self) -> Checkpoint | None:
        """The last checkpoint saved by a verification, if any."""

    def save_checkpoint(self, checkpoint: Checkpoint) -> None: ...
