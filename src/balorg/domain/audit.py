"""The audit trail: append-only and tamper-evident.

Each entry names the nominative account that acted, the mailbox, what was done,
when, and the result (allowed or refused, with the reasons' codes). Each entry
carries the hash of the previous one, so :func:`verify_chain` finds any entry
that was edited, removed or reordered. (Entries cut off the end of the trail
leave no gap: keep :attr:`AuditEntry.hash` of the last entry somewhere else,
and pass it as ``expected_head``, to detect that too.)

>>> import datetime as dt
>>> t = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
>>> r = AuditRecord(at=t, actor="claire.martin@example.mssante.fr",
...                 mailbox="pharmacie@example.mssante.fr", action="register", allowed=True)
>>> first = chain(None, r)
>>> second = chain(first, r)
>>> verify_chain([first, second]).ok
True
>>> import attrs
>>> verify_chain([first, attrs.evolve(second, action="grant")]).problems[0].code
'audit.entry_altered'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final

from attrs import field, frozen

from balorg.domain.errors import Problem

__all__ = [
    "GENESIS",
    "AuditEntry",
    "AuditRecord",
    "ChainReport",
    "chain",
    "entry_hash",
    "verify_chain",
]

#: The "previous hash" of the first entry.
GENESIS: Final = "0" * 64


def _plain_details(details: Mapping[str, Any] | None) -> Mapping[str, Any]:
    # Round-trip through JSON so details are plain data and hash identically everywhere.
    return MappingProxyType(json.loads(json.dumps(dict(details or {}), sort_keys=True)))


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


@frozen(kw_only=True)
class AuditRecord:
    """What happened, before it is placed in the chain."""

    at: dt.datetime
    actor: str
    action: str
    allowed: bool
    mailbox: str | None = None
    reasons: tuple[str, ...] = field(default=(), converter=_strings)
    details: Mapping[str, Any] = field(factory=dict, converter=_plain_details, hash=False)


@frozen(kw_only=True)
class AuditEntry(AuditRecord):
    """A record in the chain: its sequence number, the previous hash and its own."""

    seq: int
    prev_hash: str
    hash: str


def entry_hash(seq: int, prev_hash: str, record: AuditRecord) -> str:
    """SHA-256 over a canonical JSON form of the entry and the previous hash."""
    payload = {
        "seq": seq,
        "prev": prev_hash,
        "at": record.at.astimezone(dt.UTC).isoformat(),
        "actor": record.actor,
        "mailbox": record.mailbox,
        "action": record.action,
        "allowed": record.allowed,
        "reasons": list(record.reasons),
        "details": dict(record.details),
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chain(previous: AuditEntry | None, record: AuditRecord) -> AuditEntry:
    """Place ``record`` after ``previous`` (``None`` for the first entry)."""
    seq = 1 if previous is None else previous.seq + 1
    prev_hash = GENESIS if previous is None else previous.hash
    return AuditEntry(
        at=record.at,
        actor=record.actor,
        action=record.action,
        allowed=record.allowed,
        mailbox=record.mailbox,
        reasons=record.reasons,
        details=record.details,
        seq=seq,
        prev_hash=prev_hash,
        hash=entry_hash(seq, prev_hash, record),
    )


@frozen
class ChainReport:
    """Whether the whole trail verifies, and every problem found."""

    ok: bool
    count: int
    head: str
    problems: tuple[Problem, ...]


def verify_chain(entries: Iterable[AuditEntry], *, expected_head: str | None = None) -> ChainReport:
    """Check every link of a whole trail, in sequence order."""
    problems: list[Problem] = []
    expected_seq, prev_hash, count = 1, GENESIS, 0
    for entry in entries:
        count += 1
        if entry.seq != expected_seq:
            problems.append(
                Problem("audit.entry_missing", "", {"expected": expected_seq, "found": entry.seq})
            )
        if entry.prev_hash != prev_hash:
            problems.append(Problem("audit.link_broken", "", {"seq": entry.seq}))
        if entry_hash(entry.seq, entry.prev_hash, _record(entry)) != entry.hash:
            problems.append(Problem("audit.entry_altered", "", {"seq": entry.seq}))
        expected_seq, prev_hash = entry.seq + 1, entry.hash
    if expected_head is not None and expected_head != prev_hash:
        problems.append(Problem("audit.head_mismatch", "", {"count": count}))
    return ChainReport(not problems, count, prev_hash, tuple(problems))


def _record(entry: AuditEntry) -> AuditRecord:
    return AuditRecord(
        at=entry.at,
        actor=entry.actor,
        action=entry.action,
        allowed=entry.allowed,
        mailbox=entry.mailbox,
        reasons=entry.reasons,
        details=entry.details,
    )
