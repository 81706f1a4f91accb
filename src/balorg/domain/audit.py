"""The audit trail: append-only and tamper-evident, one hash chain per mailbox.

Each command leaves one entry naming the nominative account that acted and how it was
authenticated, the mailbox and the account concerned, what was asked, when, and the
result (allowed or refused, with the reasons' codes). Entries are chained per
*subject* (:attr:`AuditRecord.chain`): one chain per organisational mailbox, and one
per account for what concerns no mailbox. So reading one mailbox's trail reads only
that trail, and writers to different mailboxes never wait for one another.

Each entry stores its *payload*, the canonical JSON text of the record
(:func:`canonical`), and its hash is SHA-256 over the chain, the sequence number, the
previous hash and that payload (:func:`entry_hash`): verification re-hashes the stored
text as it is, without rebuilding objects. Any entry edited, removed or reordered
breaks its chain; entries cut off a chain's end are found against the chain's head,
kept apart; a whole chain removed is found against the *anchors*
(:class:`Anchor`), a global chain that records each chain's creation and,
periodically, every chain's head.

>>> import datetime as dt
>>> t = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
>>> r = AuditRecord(at=t, actor="claire.martin@example.mssante.fr", auth="password",
...                 mailbox="pharmacie@example.mssante.fr", action="register", allowed=True)
>>> r.chain
'mailbox:pharmacie@example.mssante.fr'
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
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

from attrs import field, frozen

from balorg.domain.errors import Problem

__all__ = [
    "GENESIS",
    "Anchor",
    "AuditEntry",
    "AuditRecord",
    "ChainReport",
    "Checkpoint",
    "Details",
    "RawEntry",
    "anchor_hash",
    "canonical",
    "chain",
    "chain_of",
    "entry_hash",
    "entry_of",
    "link",
    "verify_chain",
    "verify_store",
]

#: The "previous hash" of the first entry of every chain.
GENESIS: Final = "0" * 64


class Details(Mapping[str, Any]):
    """An entry's details: plain JSON data, read-only, picklable."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        # A JSON round trip: details are plain data and hash identically everywhere.
        self._data: dict[str, Any] = json.loads(json.dumps(dict(data or {}), sort_keys=True))

    @classmethod
    def _plain(cls, data: dict[str, Any]) -> Details:
        """Details from data already plain (read back from a payload)."""
        details = cls.__new__(cls)
        details._data = data
        return details

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and dict(self._data) == dict(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Details({self._data!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Details._plain, (self._data,))


def _details(value: Mapping[str, Any] | None) -> Details:
    return value if isinstance(value, Details) else Details(value)


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def chain_of(mailbox: str | None, account: str | None, actor: str) -> str:
    """The chain an entry belongs to: its mailbox's, else its account's (the account
    concerned, else the actor's)."""
    if mailbox is not None:
        return f"mailbox:{mailbox}"
    return f"account:{account if account is not None else actor}"


@frozen(kw_only=True)
class AuditRecord:
    """What happened, before it is placed in its chain."""

    at: dt.datetime
    #: The nominative account that acted, or ``system:<job>``.
    actor: str
    #: How the actor was authenticated: ``password``, ``session:<id>``,
    #: ``host:<sign-on>`` or ``system:<job>``.
    auth: str
    action: str
    allowed: bool
    mailbox: str | None = None
    #: The account the command concerned, when it concerned one.
    account: str | None = None
    reasons: tuple[str, ...] = field(default=(), converter=_strings)
    details: Details = field(factory=Details, converter=_details, hash=False)
    #: Other mailboxes the command changed (an approval that activates a member's
    #: delegations, say): the entry shows in their trails too.
    mentions: tuple[str, ...] = field(default=(), converter=_strings)

    @property
    def chain(self) -> str:
        return chain_of(self.mailbox, self.account, self.actor)


@frozen(kw_only=True)
class AuditEntry(AuditRecord):
    """A record in its chain: its sequence number, the previous hash and its own."""

    seq: int
    prev_hash: str
    hash: str


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat()


def canonical(record: AuditRecord) -> str:
    """The payload that is stored and hashed: the record as canonical JSON."""
    return json.dumps(
        {
            "at": _utc(record.at),
            "actor": record.actor,
            "auth": record.auth,
            "action": record.action,
            "allowed": record.allowed,
            "mailbox": record.mailbox,
            "account": record.account,
            "reasons": list(record.reasons),
            "details": dict(record.details),
            "mentions": list(record.mentions),
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )


def entry_hash(chain: str, seq: int, prev_hash: str, payload: str) -> str:
    """SHA-256 over the chain, the sequence number, the previous hash and the payload."""
    text = f"{chain}\n{seq}\n{prev_hash}\n{payload}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def link(record: AuditRecord, *, seq: int, prev_hash: str) -> AuditEntry:
    """Place ``record`` at ``seq`` in its chain, after ``prev_hash``."""
    payload = canonical(record)
    return AuditEntry(
        at=record.at,
        actor=record.actor,
        auth=record.auth,
        action=record.action,
        allowed=record.allowed,
        mailbox=record.mailbox,
        account=record.account,
        reasons=record.reasons,
        details=record.details,
        mentions=record.mentions,
        seq=seq,
        prev_hash=prev_hash,
        hash=entry_hash(record.chain, seq, prev_hash, payload),
    )


def chain(previous: AuditEntry | None, record: AuditRecord) -> AuditEntry:
    """Place ``record`` after ``previous`` (``None``: first of its chain)."""
    if previous is None:
        return link(record, seq=1, prev_hash=GENESIS)
    return link(record, seq=previous.seq + 1, prev_hash=previous.hash)


def entry_of(chain: str, seq: int, prev_hash: str, hash_: str, payload: str) -> AuditEntry:
    """The entry stored as ``payload`` (parsed once; nothing is re-checked here)."""
    data = json.loads(payload)
    return AuditEntry(
        at=dt.datetime.fromisoformat(data["at"]),
        actor=data["actor"],
        auth=data["auth"],
        action=data["action"],
        allowed=data["allowed"],
        mailbox=data["mailbox"],
        account=data["account"],
        reasons=tuple(data["reasons"]),
        details=Details._plain(data["details"]),
        mentions=tuple(data.get("mentions", ())),
        seq=seq,
        prev_hash=prev_hash,
        hash=hash_,
    )


#: A stored row as verification reads it: (chain, seq, prev_hash, hash, payload).
RawEntry = tuple[str, int, str, str, str]


@frozen(kw_only=True)
class Anchor:
    """One link of the global chain of anchors: chain ``chain`` had entry ``chain_seq``
    with hash ``chain_hash`` (its creation, or its head when anchored)."""

    seq: int
    at: dt.datetime
    chain: str
    chain_seq: int
    chain_hash: str
    prev_hash: str
    hash: str


def anchor_hash(
    seq: int, prev_hash: str, at: dt.datetime, chain: str, chain_seq: int, chain_hash: str
) -> str:
    """The hash of an anchor: the heads of every chain at one moment, linked to the previous
    anchor."""
    text = f"anchor\n{seq}\n{prev_hash}\n{_utc(at)}\n{chain}\n{chain_seq}\n{chain_hash}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@frozen(kw_only=True)
class Checkpoint:
    """Where a verification stopped: each chain's last verified (seq, hash) and the
    last verified anchor. Keep :attr:`anchor_head` outside the database to detect later
    that anchors were cut off the end."""

    heads: Mapping[str, tuple[int, str]] = field(factory=dict, hash=False)
    anchor_seq: int = 0
    anchor_head: str = GENESIS
    #: When the verification that made it began (a resumed one reads from a little
    #: before: entries are timed when their command began).
    at: dt.datetime | None = None


@frozen
class ChainReport:
    """Whether the trail verifies, every problem found, and where verification got to."""

    ok: bool
    count: int
    head: str
    problems: tuple[Problem, ...]
    checkpoint: Checkpoint | None = None


def verify_chain(entries: Iterable[AuditEntry], *, expected_head: str | None = None) -> ChainReport:
    """Check every link of one chain's entries, given in sequence order."""
    problems: list[Problem] = []
    expected_seq, prev_hash, count, name = 1, GENESIS, 0, ""
    for entry in entries:
        count += 1
        name = entry.chain
        if entry.seq != expected_seq:
            problems.append(
                Problem("audit.entry_missing", "", {"expected": expected_seq, "found": entry.seq})
            )
        if entry.prev_hash != prev_hash:
            problems.append(Problem("audit.link_broken", "", {"seq": entry.seq}))
        if entry_hash(name, entry.seq, entry.prev_hash, canonical(entry)) != entry.hash:
            problems.append(Problem("audit.entry_altered", "", {"seq": entry.seq}))
        expected_seq, prev_hash = entry.seq + 1, entry.hash
    if expected_head is not None and expected_head != prev_hash:
        problems.append(Problem("audit.head_mismatch", "", {"count": count}))
    return ChainReport(not problems, count, prev_hash, tuple(problems))


def verify_store(
    rows: Iterable[RawEntry],
    *,
    heads: Mapping[str, tuple[int, str]],
    anchors: Iterable[Anchor],
    start: Checkpoint | None = None,
    expected_anchor_head: str | None = None,
) -> ChainReport:
    """Verify a whole store from its raw rows, streamed in (chain, seq) order.

    ``heads`` are the chain heads kept apart from the entries; ``anchors`` the global
    chain of anchors in order (read first: there is at most one per chain and round of
    anchoring); ``start`` a checkpoint verified earlier (only what follows it is read
    and checked). Nothing is parsed: each stored payload is re-hashed as it is.
    """
    begin = start or Checkpoint()
    problems: list[Problem] = []
    anchored, anchor_seq, anchor_head, kept = _verify_anchors(
        anchors, begin, problems, expected_anchor_head
    )
    # The head kept outside must still be in the anchors' chain (new chains are anchored
    # after it all the time); gone means anchors were cut off or rewritten.
    if not kept:
        problems.append(Problem("audit.anchor_head_mismatch", "", {"seq": anchor_seq}))
    last: dict[str, tuple[int, str]] = dict(begin.heads)
    count = 0
    current, expected_seq, prev_hash, mark = "", 0, GENESIS, (0, "")
    sha256 = hashlib.sha256
    for name, seq, prev, digest, payload in rows:
        count += 1
        if name != current:
            if current:
                last[current] = (expected_seq - 1, prev_hash)
            current = name
            done_seq, prev_hash = begin.heads.get(name, (0, GENESIS))
            expected_seq = done_seq + 1
            mark = anchored.get(name, (0, ""))
        if seq != expected_seq:
            problems.append(
                Problem(
                    "audit.entry_missing",
                    "",
                    {"chain": name, "expected": expected_seq, "found": seq},
                )
            )
        if prev != prev_hash:
            problems.append(Problem("audit.link_broken", "", {"chain": name, "seq": seq}))
        # entry_hash, inlined: one call less per row of a million-row verification.
        if sha256(f"{name}\n{seq}\n{prev}\n{payload}".encode()).hexdigest() != digest:
            problems.append(Problem("audit.entry_altered", "", {"chain": name, "seq": seq}))
        if seq == mark[0] and digest != mark[1]:
            problems.append(Problem("audit.anchor_mismatch", "", {"chain": name, "seq": seq}))
        expected_seq, prev_hash = seq + 1, digest
    if current:
        last[current] = (expected_seq - 1, prev_hash)
    for name, head in heads.items():
        ended = last.get(name, (0, GENESIS))
        if ended != head:
            problems.append(
                Problem("audit.chain_head_mismatch", "", {"chain": name, "count": ended[0]})
            )
    for name in last.keys() - heads.keys():
        problems.append(Problem("audit.head_missing", "", {"chain": name}))
    for name, (chain_seq, _) in anchored.items():
        reached = last.get(name, (0, GENESIS))[0]
        if reached < chain_seq:
            problems.append(
                Problem(
                    "audit.chain_missing",
                    "",
                    {"chain": name, "anchored": chain_seq, "found": reached},
                )
            )
    checkpoint = Checkpoint(heads=last, anchor_seq=anchor_seq, anchor_head=anchor_head)
    return ChainReport(not problems, count, anchor_head, tuple(problems), checkpoint)


def _verify_anchors(
    anchors: Iterable[Anchor], begin: Checkpoint, problems: list[Problem], kept: str | None
) -> tuple[dict[str, tuple[int, str]], int, str, bool]:
    """Check the anchors' own chain; answer the latest anchored (seq, hash) per chain, the
    last anchor, and whether the chain holds the anchor hash ``kept`` outside."""
    anchored: dict[str, tuple[int, str]] = {}
    seq, head = begin.anchor_seq, begin.anchor_head
    found = kept is None or kept in (GENESIS, begin.anchor_head)
    for anchor in anchors:
        found = found or anchor.hash == kept
        if anchor.seq <= begin.anchor_seq:
            continue
        if anchor.seq != seq + 1 or anchor.prev_hash != head:
            problems.append(Problem("audit.anchor_link_broken", "", {"seq": anchor.seq}))
        expected = anchor_hash(
            anchor.seq,
            anchor.prev_hash,
            anchor.at,
            anchor.chain,
            anchor.chain_seq,
            anchor.chain_hash,
        )
        if expected != anchor.hash:
            problems.append(Problem("audit.anchor_altered", "", {"seq": anchor.seq}))
        seq, head = anchor.seq, anchor.hash
        if anchor.chain_seq >= anchored.get(anchor.chain, (0, ""))[0]:
            anchored[anchor.chain] = (anchor.chain_seq, anchor.chain_hash)
    return anchored, seq, head, found
