"""The transactional outbox: effects on the outside world, written with their cause.

A notice to a person, a change for a directory: each is written in the same
transaction as the change that causes it, then delivered afterwards by the dispatcher
(:func:`balorg.services.dispatch.dispatch`) with retries and backoff. Messages of one
*lane* (the changes of one directory entry) are delivered in the order they were
written, each after the one before it. Each message has an
idempotency key that receivers may use to ignore a replay. A delivered message is
marked once; one that keeps failing, or fails in a way that needs a person, stays
visible (:meth:`Outbox.failures`), never dropped.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from attrs import field, frozen

__all__ = ["Outbox", "OutboxMessage", "OutboxState"]


class OutboxState(enum.Enum):
    PENDING = "pending"
    DELIVERED = "delivered"
    #: Kept for a person to act on: retrying will not help by itself.
    FAILED = "failed"


def _plain(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return dict(value)


@frozen(kw_only=True)
class OutboxMessage:
    """One effect to deliver. ``payload`` is plain JSON data of its ``kind``."""

    key: str
    kind: str
    payload: Mapping[str, Any] = field(converter=_plain, hash=False)
    created_at: dt.datetime
    mailbox: str | None = None
    state: OutboxState = OutboxState.PENDING
    attempts: int = 0
    due_at: dt.datetime | None = None
    delivered_at: dt.datetime | None = None
    last_error: str | None = None
    last_detail: str | None = None
    #: Messages of one lane are delivered one at a time, in the order they were
    #: written (the changes of one directory entry); ``None``: no order to keep.
    lane: str | None = None
    #: The message's place in its lane, given by the outbox when it is written.
    ordinal: int | None = None


class Outbox(Protocol):
    def add(self, message: OutboxMessage) -> None:
        """Write ``message`` with the rest of the transaction."""

    def claim(
        self, *, now: dt.datetime, lease: dt.timedelta, limit: int, kinds: frozenset[str] | None
    ) -> Sequence[OutboxMessage]:
        """Pending messages due at ``now`` that no other dispatcher holds, oldest first;
        each is held for ``lease`` (a dispatcher that dies lets them go again). A message
        whose lane holds an earlier message not delivered yet (pending, held or failed)
        waits for it: a retried change never lands after a newer one."""

    def delivered(self, key: str, *, at: dt.datetime) -> bool:
        """Mark the message delivered; ``False`` if it already was (marked once)."""

    def failed(
        self,
        key: str,
        *,
        at: dt.datetime,
        error: str,
        detail: str,
        retry_at: dt.datetime | None,
    ) -> None:
        """Count a failed attempt: due again at ``retry_at``, or kept as failed for a
        person when ``retry_at`` is ``None``."""

    def requeue(self, key: str, *, at: dt.datetime) -> bool:
        """Give a failed message another chance now (a person fixed the cause)."""

    def get(self, key: str) -> OutboxMessage | None: ...

    def failures(
        self, *, limit: int = 100, kinds: frozenset[str] | None = None
    ) -> Sequence[OutboxMessage]:
        """Messages kept as failed (of ``kinds`` only, when given), oldest first."""

    def waiting(self, *, kinds: frozenset[str] | None = None) -> int:
        """How many messages wait for delivery."""
