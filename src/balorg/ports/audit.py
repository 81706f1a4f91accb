"""The audit log: append-only, read per mailbox, per account and per period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from balorg.domain.audit import AuditEntry, AuditRecord

__all__ = ["AuditLog"]


class AuditLog(Protocol):
    def append(self, record: AuditRecord) -> None:
        """Chain ``record`` after the last entry when the unit of work commits;
        nothing is ever updated or deleted."""

    def entries(
        self,
        *,
        mailbox: str | None = None,
        actor: str | None = None,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
    ) -> Sequence[AuditEntry]:
        """Entries in sequence order, filtered; ``since`` inclusive, ``until`` exclusive."""

    def head(self) -> str:
        """The hash of the last committed entry, kept apart from the entries
        (:data:`~balorg.domain.audit.GENESIS` when there is none), so that
        entries cut off the end of the trail are found by ``verify_chain``."""
