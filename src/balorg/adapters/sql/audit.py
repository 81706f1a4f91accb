"""The audit log in SQL: one chain per mailbox (and per account), anchored globally.

An append locks its chain's head row only (``audit_chains``): writers to different
mailboxes never wait for one another on PostgreSQL. A new chain is anchored at once
(its creation is recorded in the global chain of anchors, whose head row is then
locked: a rare event); :meth:`SqlAuditLog.anchor` records every moved head later.
Verification streams the stored rows as they are (:meth:`SqlAuditLog.raw`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Final

import sqlalchemy as sa

from balorg.adapters.sql import schema
from balorg.domain.audit import (
    GENESIS,
    Anchor,
    AuditEntry,
    AuditRecord,
    Checkpoint,
    RawEntry,
    anchor_hash,
    canonical,
    chain_of,
    entry_hash,
    entry_of,
)
from balorg.ports.audit import AuditCursor

if TYPE_CHECKING:
    from balorg.adapters.sql.store import SqlUnitOfWork

__all__ = ["SqlAuditLog"]

#: How far before a checkpoint's last entry a resumed verification starts reading
#: (entries are timed by their writer's clock when its command began).
RESUME_MARGIN: Final = dt.timedelta(hours=1)
#: Rows fetched at a time when streaming.
_BATCH: Final = 10_000


class SqlAuditLog:
    """The audit log in SQL: per-chain heads, mentions for per-account reads, anchors and a
    checkpoint."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    # -- writing ----------------------------------------------------------------------------

    def _lock_chain(self, chain: str) -> tuple[int, str]:
        table = schema.audit_chains
        self._uow.upsert_ignore(
            table, {"chain": chain, "seq": 0, "hash": GENESIS, "anchored": 0}, ["chain"]
        )
        query = sa.select(table.c.seq, table.c.hash).where(table.c.chain == chain)
        if self._uow.dialect == "postgresql":
            query = query.with_for_update()
        row = self._uow.execute(query).one()
        return int(row.seq), str(row.hash)

    def append(self, record: AuditRecord) -> None:
        chain = record.chain
        seq, prev = self._lock_chain(chain)
        seq += 1
        payload = canonical(record)
        digest = entry_hash(chain, seq, prev, payload)
        self._uow.execute(
            schema.audit_entries.insert().values(
                chain=chain,
                seq=seq,
                at=record.at,
                actor=record.actor,
                account=record.account,
                mailbox=record.mailbox,
                action=record.action,
                allowed=record.allowed,
                payload=payload,
                prev_hash=prev,
                hash=digest,
            )
        )
        if record.mentions:
            self._uow.execute(
                schema.audit_mentions.insert(),
                [
                    {"mailbox": m, "chain": chain, "seq": seq, "at": record.at}
                    for m in record.mentions
                ],
            )
        table = schema.audit_chains
        self._uow.execute(table.update().where(table.c.chain == chain).values(seq=seq, hash=digest))
        if seq == 1:  # a new chain is anchored at once
            self._anchor_one(chain, seq, digest, record.at)

    def _anchor_one(self, chain: str, seq: int, digest: str, at: dt.datetime) -> None:
        head = schema.audit_anchor_head
        query = sa.select(head.c.seq, head.c.hash).where(head.c.id == 1)
        if self._uow.dialect == "postgresql":
            query = query.with_for_update()
        last = self._uow.execute(query).one()
        number, prev = int(last.seq) + 1, str(last.hash)
        mine = anchor_hash(number, prev, at, chain, seq, digest)
        self._uow.execute(
            schema.audit_anchors.insert().values(
                seq=number,
                at=at,
                chain=chain,
                chain_seq=seq,
                chain_hash=digest,
                prev_hash=prev,
                hash=mine,
            )
        )
        self._uow.execute(head.update().where(head.c.id == 1).values(seq=number, hash=mine))
        chains = schema.audit_chains
        self._uow.execute(chains.update().where(chains.c.chain == chain).values(anchored=seq))

    def anchor(self, *, at: dt.datetime) -> int:
        table = schema.audit_chains
        moved = self._uow.execute(
            sa.select(table.c.chain, table.c.seq, table.c.hash)
            .where(table.c.anchored < table.c.seq)
            .order_by(table.c.chain)
        ).all()
        for row in moved:
            self._anchor_one(str(row.chain), int(row.seq), str(row.hash), at)
        return len(moved)

    def save_checkpoint(self, checkpoint: Checkpoint) -> None:
        table = schema.audit_checkpoint
        document = {
            "heads": {c: list(h) for c, h in checkpoint.heads.items()},
            "anchor_seq": checkpoint.anchor_seq,
            "anchor_head": checkpoint.anchor_head,
            "at": checkpoint.at.isoformat() if checkpoint.at is not None else None,
        }
        self._uow.execute(table.delete().where(table.c.id == 1))
        self._uow.execute(table.insert().values(id=1, document=document))

    # -- reading ----------------------------------------------------------------------------

    @staticmethod
    def _entry(row: Any) -> AuditEntry:
        return entry_of(row.chain, row.seq, row.prev_hash, row.hash, row.payload)

    def trail(
        self, chain: str, *, after: int = 0, limit: int | None = None
    ) -> Sequence[AuditEntry]:
        table = schema.audit_entries
        query = (
            sa.select(table.c.chain, table.c.seq, table.c.prev_hash, table.c.hash, table.c.payload)
            .where(table.c.chain == chain, table.c.seq > after)
            .order_by(table.c.seq)
        )
        if limit is not None:
            query = query.limit(limit)
        return [self._entry(row) for row in self._uow.execute(query)]

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
        table = schema.audit_entries
        columns = (
            table.c.chain,
            table.c.seq,
            table.c.prev_hash,
            table.c.hash,
            table.c.payload,
            table.c.at,
            table.c.actor,
        )
        if mailbox is not None:
            mentions = schema.audit_mentions
            own = sa.select(*columns).where(table.c.chain == chain_of(mailbox, None, ""))
            other = (
                sa.select(*columns)
                .join(
                    mentions,
                    sa.and_(mentions.c.chain == table.c.chain, mentions.c.seq == table.c.seq),
                )
                .where(mentions.c.mailbox == mailbox)
            )
            source = sa.union_all(own, other).subquery()
        elif account is not None:
            concerned = sa.select(*columns).where(table.c.account == account)
            acting = sa.select(*columns).where(
                table.c.actor == account,
                sa.or_(table.c.account.is_(None), table.c.account != account),
            )
            source = sa.union_all(concerned, acting).subquery()
        else:
            source = sa.select(*columns).subquery()
        query = sa.select(
            source.c.chain, source.c.seq, source.c.prev_hash, source.c.hash, source.c.payload
        ).order_by(source.c.at, source.c.chain, source.c.seq)
        if actor is not None:
            query = query.where(source.c.actor == actor)
        if since is not None:
            query = query.where(source.c.at >= since)
        if until is not None:
            query = query.where(source.c.at < until)
        if after is not None:
            query = query.where(
                sa.tuple_(source.c.at, source.c.chain, source.c.seq) > sa.tuple_(*after)
            )
        if limit is not None:
            query = query.limit(limit)
        return [self._entry(row) for row in self._uow.execute(query)]

    def head(self, chain: str) -> tuple[int, str]:
        table = schema.audit_chains
        row = self._uow.execute(
            sa.select(table.c.seq, table.c.hash).where(table.c.chain == chain)
        ).first()
        return (0, GENESIS) if row is None or row.seq == 0 else (int(row.seq), str(row.hash))

    def heads(self) -> dict[str, tuple[int, str]]:
        table = schema.audit_chains
        rows = self._uow.execute(
            sa.select(table.c.chain, table.c.seq, table.c.hash).where(table.c.seq > 0)
        )
        return {str(r.chain): (int(r.seq), str(r.hash)) for r in rows}

    def raw(
        self, *, chain: str | None = None, start: Checkpoint | None = None
    ) -> Iterator[RawEntry]:
        table = schema.audit_entries
        query = sa.select(
            table.c.chain, table.c.seq, table.c.prev_hash, table.c.hash, table.c.payload
        ).order_by(table.c.chain, table.c.seq)
        if chain is not None:
            query = query.where(table.c.chain == chain)
        if start is not None and start.at is not None:
            query = query.where(table.c.at >= start.at - RESUME_MARGIN)
        done = start.heads if start is not None else {}
        result = self._uow.execute(query, stream=True)
        for rows in result.partitions(_BATCH):
            for row in rows:
                if row.seq > done.get(row.chain, (0, ""))[0]:
                    yield row.chain, row.seq, row.prev_hash, row.hash, row.payload

    def anchors(self, *, after: int = 0) -> Iterator[Anchor]:
        table = schema.audit_anchors
        result = self._uow.execute(
            sa.select(table).where(table.c.seq > after).order_by(table.c.seq), stream=True
        )
        for rows in result.partitions(_BATCH):
            for row in rows:
                yield Anchor(
                    seq=row.seq,
                    at=row.at,
                    chain=row.chain,
                    chain_seq=row.chain_seq,
                    chain_hash=row.chain_hash,
                    prev_hash=row.prev_hash,
                    hash=row.hash,
                )

    def checkpoint(self) -> Checkpoint | None:
        table = schema.audit_checkpoint
        document = self._uow.execute(
            sa.select(table.c.document).where(table.c.id == 1)
        ).scalar_one_or_none()
        if document is None:
            return None
        at = document.get("at")
        return Checkpoint(
            heads={c: (int(h[0]), str(h[1])) for c, h in document["heads"].items()},
            anchor_seq=int(document["anchor_seq"]),
            anchor_head=str(document["anchor_head"]),
            at=dt.datetime.fromisoformat(at) if at else None,
        )
