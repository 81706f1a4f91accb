"""Worlds for the benchmarks: the first guide's pharmacy, made big quickly.

The pharmacy (Claire responsible, Alice a member, the service centre's agent) is played
through the services (:func:`balorg.testing.scenarios.pharmacy`), in memory or on a
SQLite file. Then it is made big by writing straight into the store: rows of the SQL
adapter's own tables (:mod:`balorg.adapters.sql.schema`, values converted by the
tables' own column types) or entries of the in-memory store's own indexes. Only the
set-up goes round the services: every call a goal measures goes through the public
services (or, for ``decide()``, through a unit of work and :func:`decide`).

The delegations added are what a member's delegation looks like (Alice's, copied): live,
read and send, granted by the mailbox's responsible. Accounts of those members are not
created: no measured call reads them.

Timing: :func:`paired` runs the big world's call and the small world's call in turns
and answers both medians, so that drift (the disk's cache, the CPU's clock) hits both.
"""

from __future__ import annotations

import copy
import datetime as dt
import gc
import hashlib
import json
import sqlite3
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Any, Final

from attrs import define, field

from balorg.adapters.memory import InMemoryStore
from balorg.adapters.sql import SqlStore, schema
from balorg.adapters.sql.rows import delegation_values, mailbox_values
from balorg.domain.actors import SessionToken
from balorg.domain.addresses import EmailAddress
from balorg.domain.audit import (
    GENESIS,
    AuditEntry,
    AuditRecord,
    anchor_hash,
    canonical,
    entry_hash,
    link,
)
from balorg.domain.delegation import Delegation
from balorg.domain.mailbox import OrganisationalMailbox, Responsibility
from balorg.rules.access import Action, decide
from balorg.services import Ports, send_message, switch_mailbox
from balorg.testing.examples import EXAMPLE_DOMAIN, T0, example_address
from balorg.testing.scenarios import example_ports, pharmacy

__all__ = [
    "World",
    "add_audit_chains",
    "add_members",
    "add_memory_chains",
    "add_spread",
    "decide_once",
    "mailbox_name",
    "member_name",
    "memory_world",
    "paired",
    "responsible_name",
    "sha256_floor",
    "sql_world",
]

_trusted = EmailAddress.trusted
#: Rows written per ``executemany``.
_BATCH: Final = 50_000
#: The page cache of the bulk writer (KiB): big indexes are built in memory.
_CACHE_KIB: Final = 2_000_000


@define
class World:
    """The pharmacy, in one store, with Alice's session open on the mailbox."""

    ports: Ports
    mailbox: EmailAddress
    member: EmailAddress
    #: Alice's session (the mailbox open in it) and Claire's (the responsible's).
    member_session: SessionToken
    responsible_session: SessionToken
    responsible: EmailAddress
    path: Path | None = None
    _sent: int = field(default=0, init=False)

    @property
    def memory(self) -> InMemoryStore:
        store = self.ports.uow
        assert isinstance(store, InMemoryStore)
        return store

    @property
    def sql(self) -> SqlStore:
        store = self.ports.uow
        assert isinstance(store, SqlStore)
        return store

    # -- the calls the goals measure --------------------------------------------------------

    def decide(self) -> None:
        decide_once(self.ports, self.mailbox, self.member)

    def send(self) -> None:
        self._sent += 1
        send_message(
            self.ports,
            self.member_session,
            recipient=example_address("dr.durand", "medecin.mssante.fr"),
            reference=f"<bench-{self._sent}@pharmacie>",
        )

    def switch(self) -> None:
        switch_mailbox(self.ports, self.member_session, self.mailbox)

    def close(self) -> None:
        if self.path is not None:
            self.sql.close()


def decide_once(ports: Ports, mailbox: EmailAddress, account: EmailAddress) -> None:
    """``decide()`` with the reads it needs: the mailbox, the account and that account's
    delegation, through a unit of work (what every use case does before deciding)."""
    with ports.uow() as uow:
        target = uow.mailboxes.get(mailbox)
        assert target is not None
        decision = decide(
            Action.SEND,
            account=uow.accounts.get(account),
            mailbox=target,
            delegation=uow.delegations.current(mailbox, account),
            now=ports.clock.now(),
        )
    assert decision.allowed, decision.reasons


def _world(ports: Ports, path: Path | None) -> World:
    played = pharmacy(ports)
    world = World(
        ports=ports,
        mailbox=played.address,
        member=example_address("alice.bernard"),
        member_session=played.alice,
        responsible_session=played.claire,
        responsible=played.mailbox.responsible.account,
        path=path,
    )
    world.switch()  # Alice opens the mailbox (second guide, step 3)
    return world


def memory_world() -> World:
    """The pharmacy in an in-memory store."""
    return _world(example_ports(InMemoryStore()), None)


def sql_world(path: Path) -> World:
    """The pharmacy in a new SQLite file at ``path``."""
    return _world(example_ports(SqlStore(str(path))), path)


# -- names ---------------------------------------------------------------------------------------


def member_name(n: int) -> str:
    return f"membre{n:07d}@{EXAMPLE_DOMAIN}"


def mailbox_name(n: int) -> str:
    return f"bal{n:06d}@{EXAMPLE_DOMAIN}"


def responsible_name(n: int) -> str:
    return f"responsable{n:06d}@{EXAMPLE_DOMAIN}"


# -- making a world big --------------------------------------------------------------------------


def add_members(world: World, count: int) -> None:
    """Members on the world's mailbox until it holds ``count`` delegations (Alice's
    among them)."""
    box = str(world.mailbox)
    pairs = ((box, member_name(i), str(world.responsible)) for i in range(count - 1))
    _add_delegations(world, pairs, mailboxes=())


def add_spread(world: World, mailboxes: int, per_mailbox: int) -> None:
    """``mailboxes`` mailboxes (the world's and copies of it, each with its own
    responsible) holding ``per_mailbox`` delegations each: ``mailboxes * per_mailbox``
    in all. Members hold delegations on several mailboxes (an account on
    ``per_mailbox`` of them), as people of one structure do."""
    box = str(world.mailbox)
    accounts = mailboxes

    def pairs() -> Iterator[tuple[str, str, str]]:
        for i in range(per_mailbox - 1):  # the world's mailbox: Alice and others
            yield box, member_name((i * accounts // per_mailbox) % accounts), str(world.responsible)
        for j in range(1, mailboxes):
            name, grantor = mailbox_name(j), responsible_name(j)
            for i in range(per_mailbox):
                yield name, member_name((j + i * accounts // per_mailbox) % accounts), grantor

    _add_delegations(world, pairs(), mailboxes=range(1, mailboxes))


def _add_delegations(
    world: World, pairs: Iterable[tuple[str, str, str]], *, mailboxes: Iterable[int]
) -> None:
    if world.path is None:
        _memory_mailboxes(world, mailboxes)
        _memory_delegations(world, pairs)
    else:
        _sql_mailboxes(world, mailboxes)
        _sql_delegations(world, pairs)
    gc.collect()


def _template(world: World) -> Delegation:
    with world.ports.uow() as uow:
        found = uow.delegations.current(world.mailbox, world.member)
    assert found is not None
    assert found.is_live
    return found


def _memory_mailboxes(world: World, numbers: Iterable[int]) -> None:
    store = world.memory
    original = store.mailboxes[world.mailbox]
    for n in numbers:
        address, responsible = _trusted(mailbox_name(n)), _trusted(responsible_name(n))
        mailbox: OrganisationalMailbox = copy.copy(original)
        object.__setattr__(mailbox, "address", address)
        mailbox.responsible = Responsibility(
            professional=original.responsible.professional,
            account=responsible,
            designated_at=original.responsible.designated_at,
            designated_by=responsible,
        )
        mailbox.events = []
        store.mailboxes[address] = mailbox
        store.responsible_of[responsible].add(address)


def _memory_delegations(world: World, pairs: Iterable[tuple[str, str, str]]) -> None:
    store = world.memory
    template = _template(world)
    members: dict[EmailAddress, list[str]] = defaultdict(list)
    addresses: dict[str, EmailAddress] = {}

    def address(text: str) -> EmailAddress:
        found = addresses.get(text)
        if found is None:
            found = addresses[text] = _trusted(text)
        return found

    for box_name, account_name, grantor_name in pairs:
        box, account, grantor = address(box_name), address(account_name), address(grantor_name)
        delegation = copy.copy(template)
        object.__setattr__(delegation, "mailbox", box)
        object.__setattr__(delegation, "account", account)
        object.__setattr__(delegation, "granted_by", grantor)
        delegation.events = []
        store.delegations[(box, account)] = [delegation]
        members[box].append(account_name)
        store.on_mailboxes[account].add(box)
        store.granted[(box, grantor)].add(account)
    for box, names in members.items():
        store.members[box] = sorted({*store.members[box], *names})


def _processors(world: World, table: Any) -> dict[str, Callable[[Any], Any] | None]:
    dialect = world.sql.engine.dialect
    return {c.name: c.type.bind_processor(dialect) for c in table.c}


def _row(
    values: dict[str, Any], processors: dict[str, Callable[[Any], Any] | None]
) -> dict[str, Any]:
    return {k: (p(v) if (p := processors[k]) is not None else v) for k, v in values.items()}


def _insert_sql(world: World, table: Any) -> tuple[str, list[str]]:
    compiled = table.insert().compile(dialect=world.sql.engine.dialect)
    return str(compiled), list(compiled.positiontup or ())


def _bulk(world: World, table: str, sql: str, rows: Iterable[Sequence[Any]]) -> None:
    """Rows written in one transaction by the stdlib driver (set-up only: no journal,
    no sync, a big cache; the store's own connections are closed meanwhile). The
    table's secondary indexes are dropped first and made again afterwards from their
    own stored definitions (sorting once is quicker than a million inserts)."""
    assert world.path is not None
    world.sql.engine.dispose()
    conn = sqlite3.connect(world.path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
        conn.execute("BEGIN IMMEDIATE")
        indexes = conn.execute(
            "SELECT name, sql FROM sqlite_master"
            " WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
            (table,),
        ).fetchall()
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        iterator = iter(rows)
        while batch := list(islice(iterator, _BATCH)):
            conn.executemany(sql, batch)
        for _, definition in indexes:
            conn.execute(definition)
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()


def _sql_mailboxes(world: World, numbers: Iterable[int]) -> None:
    with world.ports.uow() as uow:
        original = uow.mailboxes.get(world.mailbox)
    assert original is not None
    processors = _processors(world, schema.mailboxes)
    base = _row(mailbox_values(original, version=1), processors)
    sql, columns = _insert_sql(world, schema.mailboxes)
    document = base["document"]
    box, responsible = str(world.mailbox), str(world.responsible)

    def rows() -> Iterator[list[Any]]:
        for n in numbers:
            values = dict(base)
            values["address"] = mailbox_name(n)
            values["responsible_account"] = responsible_name(n)
            values["document"] = document.replace(box, mailbox_name(n)).replace(
                responsible, responsible_name(n)
            )
            yield [values[c] for c in columns]

    _bulk(world, "mailboxes", sql, rows())


def _sql_delegations(world: World, pairs: Iterable[tuple[str, str, str]]) -> None:
    processors = _processors(world, schema.delegations)
    base = _row(delegation_values(_template(world), version=1), processors)
    sql, columns = _insert_sql(world, schema.delegations)
    at = {name: i for i, name in enumerate(columns)}
    row = [base[c] for c in columns]

    def rows() -> Iterator[list[Any]]:
        for box, account, grantor in pairs:
            values = list(row)
            values[at["mailbox"]] = box
            values[at["account"]] = account
            values[at["granted_by"]] = grantor
            yield values

    _bulk(world, "delegations", sql, rows())


# -- audit trails --------------------------------------------------------------------------------


_PAYLOAD: Final = (
    '{{"account":null,"action":"send_message","actor":"{actor}","allowed":true,'
    '"at":"{at}","auth":"session:0123456789abcdef","details":{{"recipient":'
    '"dr.durand@medecin.mssante.fr","reference":"<m{n}>"}},"mailbox":"{mailbox}",'
    '"mentions":[],"reasons":[]}}'
)


def _payload(at: str, actor: str, mailbox: str, n: int) -> str:
    """The canonical payload of a message sent from ``mailbox`` (what
    :func:`balorg.domain.audit.canonical` writes for it: checked by
    :func:`_check_payload`), built without the objects."""
    return _PAYLOAD.format(actor=actor, at=at, n=n, mailbox=mailbox)


def _check_payload() -> None:
    at = T0 + dt.timedelta(seconds=1)
    record = AuditRecord(
        at=at,
        actor=member_name(1),
        auth="session:0123456789abcdef",
        action="send_message",
        allowed=True,
        mailbox=mailbox_name(1),
        details={"recipient": "dr.durand@medecin.mssante.fr", "reference": "<m1>"},
    )
    ours = _payload(at.isoformat(), member_name(1), mailbox_name(1), 1)
    assert canonical(record) == ours, (canonical(record), ours)
    assert json.loads(ours) == json.loads(canonical(record))


def _heads_now(path: Path, chain: str) -> tuple[int, str, int, str]:
    """The chain's head and the anchors' head, as stored."""
    conn = sqlite3.connect(path)
    try:
        seq, head = conn.execute(
            "SELECT seq, hash FROM audit_chains WHERE chain = ?", (chain,)
        ).fetchone()
        anchor_seq, anchor_head = conn.execute(
            "SELECT seq, hash FROM audit_anchor_head WHERE id = 1"
        ).fetchone()
    finally:
        conn.close()
    return int(seq), str(head), int(anchor_seq), str(anchor_head)


def _store_heads(
    path: Path,
    heads: list[tuple[str, int, str]],
    anchors: list[tuple[int, str, str, int, str, str, str]],
) -> int:
    """Write the chains' heads and the anchors (and the anchors' head); answer the
    number of entries stored."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO audit_chains (chain, seq, hash, anchored) VALUES (?, ?, ?, 1) "
            "ON CONFLICT (chain) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
            heads,
        )
        conn.executemany(
            "INSERT INTO audit_anchors (seq, at, chain, chain_seq, chain_hash, prev_hash, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            anchors,
        )
        if anchors:
            last = anchors[-1]
            conn.execute(
                "UPDATE audit_anchor_head SET seq = ?, hash = ? WHERE id = 1", (last[0], last[6])
            )
        conn.execute("COMMIT")
        (count,) = conn.execute("SELECT count(*) FROM audit_entries").fetchone()
    finally:
        conn.close()
    return int(count)


def add_audit_chains(world: World, *, chains: int, length: int, own: int) -> int:
    """Entries in the SQL store: ``chains`` more mailbox chains of ``length`` entries
    each, each anchored at its creation as the audit log anchors a new chain, and the
    world's mailbox's own chain extended to ``own`` entries. Answers the store's count."""
    _check_payload()
    assert world.path is not None
    stamp = _processors(world, schema.audit_entries)["at"]
    assert stamp is not None
    sql, columns = _insert_sql(world, schema.audit_entries)
    box = str(world.mailbox)
    seq0, head0, anchor_seq, anchor_head = _heads_now(world.path, f"mailbox:{box}")
    heads: list[tuple[str, int, str]] = []
    anchors: list[tuple[int, str, str, int, str, str, str]] = []

    def chain_rows(
        mailbox: str, start: int, prev: str, count: int, first: int
    ) -> Iterator[list[Any]]:
        nonlocal anchor_seq, anchor_head
        name, seq = f"mailbox:{mailbox}", start
        for n in range(first, first + count):
            at = T0 + dt.timedelta(seconds=n)
            actor = member_name(n % 1000)
            payload = _payload(at.isoformat(), actor, mailbox, n)
            seq += 1
            digest = entry_hash(name, seq, prev, payload)
            text = stamp(at)
            values = {
                "chain": name,
                "seq": seq,
                "at": text,
                "actor": actor,
                "account": None,
                "mailbox": mailbox,
                "action": "send_message",
                "allowed": 1,
                "payload": payload,
                "prev_hash": prev,
                "hash": digest,
            }
            yield [values[c] for c in columns]
            if seq == 1:  # a new chain is anchored at once
                anchor_seq += 1
                mark = anchor_hash(anchor_seq, anchor_head, at, name, seq, digest)
                anchors.append((anchor_seq, text, name, seq, digest, anchor_head, mark))
                anchor_head = mark
            prev = digest
        heads.append((name, seq, prev))

    def rows() -> Iterator[list[Any]]:
        yield from chain_rows(box, seq0, head0, max(own - seq0, 0), 0)
        for j in range(1, chains + 1):
            yield from chain_rows(mailbox_name(j), 0, GENESIS, length, j * length)

    _bulk(world, "audit_entries", sql, rows())
    return _store_heads(world.path, heads, anchors)


def add_memory_chains(world: World, *, chains: int, length: int, own: int) -> int:
    """Entries in the in-memory store: the world's mailbox's chain extended to ``own``
    entries (linked as the store links them), and ``chains`` more mailbox chains of
    ``length`` entries each. Only their number matters to a read of one mailbox's trail:
    the other chains share one list of entries (a few thousand objects instead of a
    million). Answers the store's count."""
    store = world.memory
    box = str(world.mailbox)
    mine = f"mailbox:{box}"

    def extend(name: str, mailbox: str, entries: list[tuple[AuditEntry, str]], upto: int) -> None:
        seq, prev = store.heads.get(name, (0, GENESIS))
        while seq < upto:
            at = T0 + dt.timedelta(seconds=seq)
            record = AuditRecord(
                at=at,
                actor=member_name(seq % 1000),
                auth="session:0123456789abcdef",
                action="send_message",
                allowed=True,
                mailbox=mailbox,
                details={"recipient": "dr.durand@medecin.mssante.fr", "reference": f"<m{seq}>"},
            )
            entry = link(record, seq=seq + 1, prev_hash=prev)
            entries.append((entry, canonical(record)))
            store.by_time.append((at, name, entry.seq))
            seq, prev = entry.seq, entry.hash
        store.heads[name] = (seq, prev)

    extend(mine, box, store.chains[mine], own)
    shared: list[tuple[AuditEntry, str]] = []
    first = f"mailbox:{mailbox_name(1)}"
    extend(first, mailbox_name(1), shared, length)
    store.chains[first] = shared
    for j in range(2, chains + 1):
        name = f"mailbox:{mailbox_name(j)}"
        store.chains[name] = shared
        store.heads[name] = store.heads[first]
        store.by_time.extend((e.at, name, e.seq) for e, _ in shared)
    return sum(len(c) for c in store.chains.values())


def sha256_floor(path: Path) -> int:
    """The peer of verification: the stdlib reads the same rows and recomputes the same
    chain hashes (sequence, link, hash; then the heads and the anchors' own chain)."""
    conn = sqlite3.connect(path)
    try:
        sha256 = hashlib.sha256
        problems = 0
        anchors = conn.execute(
            "SELECT seq, at, chain, chain_seq, chain_hash, prev_hash, hash "
            "FROM audit_anchors ORDER BY seq"
        )
        prev_anchor = GENESIS
        for seq, at, chain, chain_seq, chain_hash, prev, digest in anchors:
            moment = dt.datetime.fromisoformat(at).replace(tzinfo=dt.UTC).isoformat()
            text = f"anchor\n{seq}\n{prev}\n{moment}\n{chain}\n{chain_seq}\n{chain_hash}"
            problems += prev != prev_anchor or sha256(text.encode()).hexdigest() != digest
            prev_anchor = digest
        heads = {c: (s, h) for c, s, h in conn.execute("SELECT chain, seq, hash FROM audit_chains")}
        current, expected, prev_hash = "", 0, GENESIS
        last: dict[str, tuple[int, str]] = {}
        rows = conn.execute(
            "SELECT chain, seq, prev_hash, hash, payload FROM audit_entries ORDER BY chain, seq"
        )
        for chain, seq, prev, digest, payload in rows:
            if chain != current:
                if current:
                    last[current] = (expected - 1, prev_hash)
                current, expected, prev_hash = chain, 1, GENESIS
            text = f"{chain}\n{seq}\n{prev}\n{payload}"
            problems += (
                seq != expected or prev != prev_hash or sha256(text.encode()).hexdigest() != digest
            )
            expected, prev_hash = seq + 1, digest
        if current:
            last[current] = (expected - 1, prev_hash)
        problems += sum(last.get(c) != h for c, h in heads.items() if h[0])
    finally:
        conn.close()
    return problems


# -- timing --------------------------------------------------------------------------------------


def paired(
    big: Callable[[], object],
    small: Callable[[], object],
    *,
    samples: int,
    number: int = 1,
    warmup: int = 2,
) -> tuple[float, float]:
    """Seconds per call of ``big`` and of ``small``, medians of ``samples`` runs of
    ``number`` calls each, run in turns (which goes first alternates)."""
    for _ in range(warmup):
        big()
        small()
    timed: dict[bool, list[float]] = {True: [], False: []}
    for i in range(samples):
        for which in (True, False) if i % 2 == 0 else (False, True):
            fn = big if which else small
            start = time.perf_counter()
            for _ in range(number):
                fn()
            timed[which].append((time.perf_counter() - start) / number)
    return statistics.median(timed[True]), statistics.median(timed[False])
