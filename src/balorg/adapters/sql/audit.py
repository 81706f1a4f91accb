"""The audit log in SQL: one chain per mailbox (and per account), anchored globally.

An append locks its chain's head row only (``audit_chains``): writers to different
mailboxes never wait for one another on PostgreSQL. A new chain is anchored at once
(its creation is recorded in the global chain of anchors, whose head row is then
locked: a rare event); :meth:`SqlAuditLog.anchor` records every moved head later. A
transaction that appends to a chain again knows its head already (it holds the lock, and
moved the head itself): only the entry and the head's new value are written, with
statements built once. Verification streams the stored rows as they are, through the
driver's own cursor (:meth:`SqlAuditLog.raw`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Final

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

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
#: Numbers for the names of server-side cursors.
_CURSORS: Final = itertools.count(1)


_NEW_HEAD: Final = postgresql.insert(schema.audit_chains).values(
    chain=sa.bindparam("chain"), seq=0, hash=GENESIS, anchored=0
)
#: PostgreSQL's: creates the chain's head if need be and answers it, its row locked, in
#: one statement (an update that changes nothing takes the row's lock).
_LOCK_HEAD: Final = _NEW_HEAD.on_conflict_do_update(
    index_elements=["chain"], set_={"chain": _NEW_HEAD.excluded.chain}
).returning(schema.audit_chains.c.seq, schema.audit_chains.c.hash)


#: Built once: a statement already built is executed without being built again, and its
#: compiled form is found in the engine's cache.
_INSERT_ENTRY: Final = schema.audit_entries.insert()
_INSERT_MENTIONS: Final = schema.audit_mentions.insert()
_MOVE_HEAD: Final = schema.audit_chains.update().where(
    schema.audit_chains.c.chain == sa.bindparam("head_chain")
)


#: The append's three statements on SQLite, run on the driver's cursor: per commit,
#: SQLAlchemy's own work on them cost as much as SQLite's (bench/storage.py).
_SQLITE_LOCK_HEAD: Final = (
    "INSERT INTO audit_chains (chain, seq, hash, anchored) VALUES (:chain, 0, :genesis, 0) "
    "ON CONFLICT (chain) DO UPDATE SET chain = excluded.chain RETURNING seq, hash"
)
_SQLITE_INSERT_ENTRY: Final = (
    "INSERT INTO audit_entries (chain, seq, at, actor, account, mailbox, action, allowed, "
    "payload, prev_hash, hash) VALUES (:chain, :seq, :at, :actor, :account, :mailbox, "
    ":action, :allowed, :payload, :prev_hash, :hash)"
)
_SQLITE_MOVE_HEAD: Final = (
    "UPDATE audit_chains SET seq = :seq, hash = :hash WHERE chain = :head_chain"
)


class SqlAuditLog:
    """The audit log in SQL: per-chain heads, mentions for per-account reads, anchors and a
    checkpoint."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow
        #: Chain heads this transaction locked and moved, valid in ``_heads_scope``.
        self._heads: dict[str, tuple[int, str]] = {}
        self._heads_scope: tuple[object, object] = (None, None)

    # -- writing ----------------------------------------------------------------------------

    def _lock_chain(self, chain: str) -> tuple[int, str]:
        """The chain's head, its row locked for the rest of the transaction (SQLite: the
        first write takes the database's lock). Known already when this transaction, at
        this savepoint, locked it and moved it: then nobody else can have moved it."""
        scope = self._scope()
        if scope != self._heads_scope:
            self._heads.clear()
            self._heads_scope = scope
        known = self._heads.get(chain)
        if known is not None:
            return known
        if self._uow.dialect == "sqlite":
            found = self._uow.execute_driver(
                _SQLITE_LOCK_HEAD, {"chain": chain, "genesis": GENESIS}
            )
            seq, digest = found.fetchone()
            found.close()
        else:
            row = self._uow.execute(_LOCK_HEAD, {"chain": chain})
            head_row = row.one()
            seq, digest = head_row.seq, head_row.hash
        head = int(seq), str(digest)
        self._heads[chain] = head
        return head

    def _scope(self) -> tuple[object, object]:
        """The transaction and the savepoint now open (what a rollback would undo)."""
        connection = self._uow.connection
        return connection.get_transaction(), connection.get_nested_transaction()

    def append(self, record: AuditRecord) -> None:
        chain = record.chain
        seq, prev = self._lock_chain(chain)
        seq += 1
        payload = canonical(record)
        digest = entry_hash(chain, seq, prev, payload)
        entry = {
            "chain": chain,
            "seq": seq,
            "at": record.at,
            "actor": record.actor,
            "account": record.account,
            "mailbox": record.mailbox,
            "action": record.action,
            "allowed": record.allowed,
            "payload": payload,
            "prev_hash": prev,
            "hash": digest,
        }
        sqlite = self._uow.dialect == "sqlite"
        if sqlite:  # the values as the columns' types bind them, straight to the driver
            entry["at"] = self._bound_at(record.at)
            entry["allowed"] = int(record.allowed)
            self._uow.execute_driver(_SQLITE_INSERT_ENTRY, entry).close()
        else:
            self._uow.execute(_INSERT_ENTRY, entry)
        if record.mentions:
            self._uow.execute(
                _INSERT_MENTIONS,
                [
                    {"mailbox": m, "chain": chain, "seq": seq, "at": record.at}
                    for m in record.mentions
                ],
            )
        moved = {"head_chain": chain, "seq": seq, "hash": digest}
        if sqlite:
            self._uow.execute_driver(_SQLITE_MOVE_HEAD, moved).close()
        else:
            self._uow.execute(_MOVE_HEAD, moved)
        self._heads[chain] = (seq, digest)
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
        """The stored rows as they are, in (chain, seq) order, streamed.

        Read through the driver's own cursor (a server-side one on PostgreSQL) in the
        unit of work's transaction: the rows come back as the driver's plain tuples,
        with nothing converted (every column read is text or an integer), which is
        what verification needs and all it needs.
        """
        conditions: list[str] = []
        values: list[object] = []
        if chain is not None:
            conditions.append("chain = {}")
            values.append(chain)
        if start is not None and start.at is not None:
            conditions.append("at >= {}")
            values.append(self._bound_at(start.at - RESUME_MARGIN))
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        sql = (
            "SELECT chain, seq, prev_hash, hash, payload FROM audit_entries"
            f"{where} ORDER BY chain, seq"
        )
        done = start.heads if start is not None else {}
        rows = self._stream(sql, values)
        if not done:
            yield from rows
            return
        for row in rows:
            if row[1] > done.get(row[0], (0, ""))[0]:
                yield row

    def _bound_at(self, moment: dt.datetime) -> object:
        """``moment`` as the ``at`` column stores it (the column type's own conversion)."""
        dialect = self._uow.connection.dialect
        # The dialect's own type: the column's decorator, then the driver's conversion.
        process = schema.audit_entries.c.at.type.dialect_impl(dialect).bind_processor(dialect)
        return process(moment) if process is not None else moment

    def _stream(self, sql: str, values: list[object]) -> Iterator[RawEntry]:
        connection = self._uow.connection  # begins the transaction if need be
        driver = connection.connection.driver_connection
        assert driver is not None
        if self._uow.dialect == "postgresql":
            # Server-side, so streamed; named apart from any other open one.
            cursor = driver.cursor(name=f"balorg_audit_raw_{next(_CURSORS)}")
            marker = "%s"
        else:
            cursor = driver.cursor()  # SQLite's cursor steps through the result
            marker = "?"
        try:
            cursor.execute(sql.format(*([marker] * len(values))), values)
            while rows := cursor.fetchmany(_BATCH):
                yield from rows
        finally:
            cursor.close()

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
