"""Delivering the outbox: notices to people, changes to directories.

Messages were written with the change that caused them; the dispatcher takes the due
ones (each held for a lease, so that two dispatchers never send one twice at once),
delivers them, and marks each delivered once. A failure that may pass (a time-out, a
5xx) is retried later with exponential backoff; one that needs a person (a refused
payload, an unknown carrier, several carriers matching) is kept as failed with the
error, listed by :func:`failures`, and re-queued by :func:`requeue` once fixed. A message
is never dropped. Receivers get each message's idempotency key: a replay after a
crash between delivery and marking is recognisable.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Final

from attrs import field, frozen

from balorg import serialization
from balorg.domain.errors import BalorgError
from balorg.domain.mail import Notice
from balorg.domain.publication import DirectoryChange
from balorg.ports.notifier import NotificationFailed, Notifier
from balorg.ports.outbox import OutboxMessage
from balorg.ports.publisher import DirectoryPublisher, PublicationFailed
from balorg.services.context import Ports

__all__ = [
    "BACKOFF",
    "MAX_ATTEMPTS",
    "Delivery",
    "DispatchReport",
    "dispatch",
    "failures",
    "requeue",
    "retry_delay",
]

#: The first retry's delay; each next one doubles, up to :data:`MAX_DELAY`.
BACKOFF: Final = dt.timedelta(seconds=30)
MAX_DELAY: Final = dt.timedelta(hours=6)
#: Attempts before a message that keeps failing is kept for a person.
MAX_ATTEMPTS: Final = 12
LEASE: Final = dt.timedelta(minutes=5)


def retry_delay(attempts: int) -> dt.timedelta:
    """How long to wait after the ``attempts``-th failed attempt."""
    delay: dt.timedelta = min(BACKOFF * (2 ** max(attempts - 1, 0)), MAX_DELAY)
    return delay


def _publishers(values: Sequence[DirectoryPublisher]) -> tuple[DirectoryPublisher, ...]:
    return tuple(values)


@frozen(kw_only=True)
class Delivery:
    """Where messages go: notices to ``notifier``, directory changes to the publisher
    that handles their directory."""

    notifier: Notifier | None = None
    publishers: tuple[DirectoryPublisher, ...] = field(default=(), converter=_publishers)

    def kinds(self) -> frozenset[str]:
        return frozenset(
            k for k, there in (("notice", self.notifier), ("directory", self.publishers)) if there
        )


@frozen(kw_only=True)
class DispatchReport:
    """What one dispatch did: sent, failed by code, retrying, still waiting."""

    sent: int
    failed: dict[str, int]
    retrying: int
    waiting: int


def _deliver(message: OutboxMessage, delivery: Delivery) -> None:
    if message.kind == "notice":
        if delivery.notifier is None:  # pragma: no cover - only claimed kinds are delivered
            raise NotificationFailed("notice.no_notifier", retryable=True)
        notice: Notice = serialization.structure_stored(message.payload, Notice)
        delivery.notifier.send(notice, key=message.key)
        return
    change: DirectoryChange = serialization.structure_stored(message.payload, DirectoryChange)
    for publisher in delivery.publishers:
        if publisher.handles(change.directory):
            publisher.apply(change, key=message.key)
            return
    raise PublicationFailed(
        "publication.no_publisher", retryable=False, detail=change.directory.value
    )


def dispatch(
    ports: Ports,
    delivery: Delivery,
    *,
    limit: int = 100,
    kinds: frozenset[str] | None = None,
) -> DispatchReport:
    """Deliver up to ``limit`` due messages (of ``kinds``, else every kind ``delivery``
    can deliver); answers what was sent, what failed (by code), what waits."""
    wanted = kinds & delivery.kinds() if kinds is not None else delivery.kinds()
    sent, retrying, failed = 0, 0, Counter[str]()
    done = 0
    # Rounds: a lane's next message is claimable once the one before it is delivered.
    while done < limit:
        with ports.uow() as uow:
            claimed = uow.outbox.claim(
                now=ports.clock.now(), lease=LEASE, limit=limit - done, kinds=wanted
            )
            uow.commit()
        if not claimed:
            break
        done += len(claimed)
        for message in claimed:
            outcome = _attempt(message, delivery)
            at = ports.clock.now()
            with ports.uow() as uow:
                if outcome is None:
                    sent += uow.outbox.delivered(message.key, at=at)
                else:
                    code, detail, retryable = outcome
                    attempts = message.attempts + 1
                    again = retryable and attempts < MAX_ATTEMPTS
                    uow.outbox.failed(
                        message.key,
                        at=at,
                        error=code,
                        detail=detail,
                        retry_at=at + retry_delay(attempts) if again else None,
                    )
                    if again:
                        retrying += 1
                    else:
                        failed[code] += 1
                uow.commit()
    with ports.uow() as uow:
        waiting = uow.outbox.waiting(kinds=wanted)
    return DispatchReport(sent=sent, failed=dict(failed), retrying=retrying, waiting=waiting)


def _attempt(message: OutboxMessage, delivery: Delivery) -> tuple[str, str, bool] | None:
    try:
        _deliver(message, delivery)
    except PublicationFailed as exc:
        return exc.code, exc.detail, exc.retryable
    except NotificationFailed as exc:
        return exc.code, exc.message("en"), exc.retryable
    except BalorgError as exc:
        return exc.code, exc.message("en"), False
    except Exception as exc:
        return "delivery.error", type(exc).__name__, True
    return None


def failures(
    ports: Ports, *, limit: int = 100, kinds: frozenset[str] | None = None
) -> list[OutboxMessage]:
    """Messages kept for a person (of ``kinds`` only, when given): what failed, with the
    last error."""
    with ports.uow() as uow:
        return list(uow.outbox.failures(limit=limit, kinds=kinds))


def requeue(ports: Ports, key: str) -> bool:
    """Try a failed message again at the next dispatch (its cause was fixed); ``False``
    when no failed message has that key."""
    if not (isinstance(key, str) and 0 < len(key) <= 200 and key.isascii() and key.isprintable()):
        return False  # never one of ours, and not for the store to choke on
    with ports.uow() as uow:
        done = uow.outbox.requeue(key, at=ports.clock.now())
        uow.commit()
    return done
