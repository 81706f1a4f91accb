"""The outbox in SQL: written in the use case's transaction, claimed by dispatchers.

A claim sets ``claimed_until`` (a lease): another dispatcher skips the message until
the lease ends, so a dispatcher that dies lets its messages go again. On PostgreSQL the
claim also skips rows another dispatcher is claiming at that moment (``SKIP LOCKED``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from balorg.adapters.sql import schema
from balorg.ports.outbox import OutboxMessage, OutboxState

if TYPE_CHECKING:
    from balorg.adapters.sql.store import SqlUnitOfWork

__all__ = ["SqlOutbox"]


def _message(row: Any) -> OutboxMessage:
    return OutboxMessage(
        key=row.key,
        kind=row.kind,
        payload=row.payload,
        created_at=row.created_at,
        mailbox=row.mailbox,
        state=OutboxState(row.state),
        attempts=row.attempts,
        due_at=row.due_at,
        delivered_at=row.delivered_at,
        last_error=row.last_error,
        last_detail=row.last_detail,
        lane=row.lane,
        ordinal=row.ordinal,
    )


class SqlOutbox:
    """The outbox in SQL, claimed with leases (and ``SKIP LOCKED`` on PostgreSQL)."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    def add(self, message: OutboxMessage) -> None:
        table = schema.outbox
        ordinal: Any = None
        if message.lane is not None:
            # The next place in the lane. Two writers of one lane changed the same
            # aggregate, so one of them conflicts; the unique index is the safety net.
            earlier = table.alias("earlier")
            ordinal = (
                sa.select(sa.func.coalesce(sa.func.max(earlier.c.ordinal), 0) + 1)
                .where(earlier.c.lane == message.lane)
                .scalar_subquery()
            )
        self._uow.insert(
            table,
            {
                "key": message.key,
                "kind": message.kind,
                "payload": dict(message.payload),
                "created_at": message.created_at,
                "mailbox": message.mailbox,
                "state": message.state.value,
                "attempts": message.attempts,
                "due_at": message.due_at,
                "claimed_until": None,
                "delivered_at": message.delivered_at,
                "last_error": message.last_error,
                "last_detail": message.last_detail,
                "lane": message.lane,
                "ordinal": ordinal,
            },
            key=message.key,
        )

    def claim(
        self, *, now: dt.datetime, lease: dt.timedelta, limit: int, kinds: frozenset[str] | None
    ) -> Sequence[OutboxMessage]:
        table = schema.outbox
        query = (
            sa.select(table)
            .where(
                table.c.state == OutboxState.PENDING.value,
                sa.or_(table.c.due_at.is_(None), table.c.due_at <= now),
                sa.or_(table.c.claimed_until.is_(None), table.c.claimed_until <= now),
            )
            .order_by(table.c.due_at, table.c.created_at, table.c.key)
            .limit(limit)
        )
        if kinds is not None:
            query = query.where(table.c.kind.in_(sorted(kinds)))
        earlier = table.alias("earlier")
        query = query.where(
            ~sa.exists().where(
                earlier.c.lane == table.c.lane,
                earlier.c.ordinal < table.c.ordinal,
                earlier.c.state != OutboxState.DELIVERED.value,
            )
        )
        if self._uow.dialect == "postgresql":
            query = query.with_for_update(of=table, skip_locked=True)
        found = [_message(row) for row in self._uow.execute(query)]
        if found:
            self._uow.execute(
                table.update()
                .where(table.c.key.in_([m.key for m in found]))
                .values(claimed_until=now + lease)
            )
        return found

    def delivered(self, key: str, *, at: dt.datetime) -> bool:
        table = schema.outbox
        result = self._uow.execute(
            table.update()
            .where(table.c.key == key, table.c.state != OutboxState.DELIVERED.value)
            .values(
                state=OutboxState.DELIVERED.value,
                delivered_at=at,
                attempts=table.c.attempts + 1,
                claimed_until=None,
            )
        )
        return bool(result.rowcount == 1)

    def failed(
        self,
        key: str,
        *,
        at: dt.datetime,
        error: str,
        detail: str,
        retry_at: dt.datetime | None,
    ) -> None:
        table = schema.outbox
        state = OutboxState.PENDING if retry_at is not None else OutboxState.FAILED
        self._uow.execute(
            table.update()
            .where(table.c.key == key, table.c.state != OutboxState.DELIVERED.value)
            .values(
                state=state.value,
                attempts=table.c.attempts + 1,
                due_at=retry_at,
                claimed_until=None,
                last_error=error,
                last_detail=detail[:2000],
            )
        )

    def requeue(self, key: str, *, at: dt.datetime) -> bool:
        table = schema.outbox
        result = self._uow.execute(
            table.update()
            .where(table.c.key == key, table.c.state == OutboxState.FAILED.value)
            .values(state=OutboxState.PENDING.value, due_at=at, claimed_until=None)
        )
        return bool(result.rowcount == 1)

    def get(self, key: str) -> OutboxMessage | None:
        table = schema.outbox
        row = self._uow.execute(sa.select(table).where(table.c.key == key)).first()
        return None if row is None else _message(row)

    def failures(
        self, *, limit: int = 100, kinds: frozenset[str] | None = None
    ) -> Sequence[OutboxMessage]:
        table = schema.outbox
        query = sa.select(table).where(table.c.state == OutboxState.FAILED.value)
        if kinds is not None:
            query = query.where(table.c.kind.in_(sorted(kinds)))
        query = query.order_by(table.c.created_at, table.c.key).limit(limit)
        return [_message(row) for row in self._uow.execute(query)]

    def waiting(self, *, kinds: frozenset[str] | None = None) -> int:
        table = schema.outbox
        query = sa.select(sa.func.count()).where(table.c.state == OutboxState.PENDING.value)
        if kinds is not None:
            query = query.where(table.c.kind.in_(sorted(kinds)))
        return int(self._uow.execute(query).scalar_one())
