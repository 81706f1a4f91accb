"""In-memory adapters of every port: for hosts' tests and quick starts.

The store keeps snapshots of the aggregates (shallow copies: their fields are
immutable values), indexed the way the use cases read them, so that a read costs what
it returns, not what the store holds. A unit of work stages its changes; a change is
seen by others only once its unit of work commits; a commit checks every version and
every key first, then applies everything, under the store's lock: all or nothing.
The login throttle of an account is locked from the first read of its failures to the
end of the unit of work, so parallel checks of one account queue.
"""

from __future__ import annotations

import bisect
import copy
import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import Any, Self, TypeVar

import attrs

from balorg.domain.account import AccountState, ConnectionAccount
from balorg.domain.addresses import EmailAddress
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
    link,
)
from balorg.domain.credentials import StoredCredential
from balorg.domain.delegation import Delegation, Review
from balorg.domain.mail import Direction, MessageRecord, Notice
from balorg.domain.mailbox import OrganisationalMailbox
from balorg.domain.publication import DirectoryChange, DirectoryKind, MailboxEntry, apply_change
from balorg.domain.session import Session
from balorg.ports.audit import AuditCursor, AuditLog
from balorg.ports.credentials import Password
from balorg.ports.outbox import Outbox, OutboxMessage, OutboxState
from balorg.ports.publisher import PublicationFailed
from balorg.ports.repositories import (
    AccountRepository,
    ConcurrencyConflict,
    CredentialRepository,
    DelegationRepository,
    DuplicateError,
    MailboxRepository,
    MessageLog,
    SessionRepository,
    ThrottleRepository,
)

__all__ = [
    "InMemoryCredentials",
    "InMemoryNotifier",
    "InMemoryPublisher",
    "InMemoryStore",
    "InMemoryUnitOfWork",
]

A = TypeVar("A")


def _snapshot(aggregate: A) -> A:
    """A copy sharing the immutable field values, with no pending events."""
    copied = copy.copy(aggregate)
    copied.events = []  # type: ignore[attr-defined]
    return copied


class InMemoryStore:
    """Committed state shared by units of work (safe to share between threads)."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.mailboxes: dict[EmailAddress, OrganisationalMailbox] = {}
        self.responsible_of: dict[EmailAddress, set[EmailAddress]] = defaultdict(set)
        #: (mailbox, account) -> every delegation, by number (the last is the current one).
        self.delegations: dict[tuple[EmailAddress, EmailAddress], list[Delegation]] = {}
        self.members: dict[EmailAddress, list[str]] = defaultdict(list)  # sorted accounts
        self.on_mailboxes: dict[EmailAddress, set[EmailAddress]] = defaultdict(set)
        self.granted: dict[tuple[EmailAddress, EmailAddress], set[EmailAddress]] = defaultdict(set)
        self.reviews: dict[EmailAddress, set[EmailAddress]] = defaultdict(set)
        self.pending: set[EmailAddress] = set()
        self.accounts: dict[EmailAddress, ConnectionAccount] = {}
        self.subscribers: dict[EmailAddress, set[EmailAddress]] = defaultdict(set)
        self.credentials: dict[EmailAddress, StoredCredential] = {}
        self.sessions: dict[str, Session] = {}
        self.failures: dict[EmailAddress, list[dt.datetime]] = {}
        self._throttles: dict[EmailAddress, threading.Lock] = {}
        self.messages: dict[EmailAddress, list[tuple[int, MessageRecord]]] = defaultdict(list)
        self.message_keys: set[tuple[EmailAddress, Direction, str]] = set()
        self.message_count = 0
        self.chains: dict[str, list[tuple[AuditEntry, str]]] = defaultdict(list)
        self.by_time: list[tuple[dt.datetime, str, int]] = []
        self.mentions: dict[str, list[tuple[str, int]]] = defaultdict(list)
        self.heads: dict[str, tuple[int, str]] = {}
        self.anchors: list[Anchor] = []
        self.anchored: dict[str, int] = {}
        self.checkpoint: Checkpoint | None = None
        self.outbox: dict[str, OutboxMessage] = {}
        self.claims: dict[str, dt.datetime] = {}
        #: Keys of the messages waiting for delivery (a claim reads these only).
        self.outbox_pending: set[str] = set()
        #: Per lane: its last ordinal, and its messages not delivered yet by ordinal.
        self.lane_last: dict[str, int] = {}
        self.lane_open: dict[str, dict[str, int]] = defaultdict(dict)

    def unit_of_work(self) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self)

    __call__ = unit_of_work

    def throttle_lock(self, account: EmailAddress) -> threading.Lock:
        with self.lock:
            return self._throttles.setdefault(account, threading.Lock())


# -- repositories ---------------------------------------------------------------------------------


class _Mailboxes:
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._store = uow.store

    def get(self, address: EmailAddress) -> OrganisationalMailbox | None:
        staged = self._uow.staged["mailboxes"].get(address)
        if staged is not None:
            return staged  # type: ignore[no-any-return]
        found = self._store.mailboxes.get(address)
        return _snapshot(found) if found is not None else None

    def add(self, mailbox: OrganisationalMailbox) -> None:
        if self.get(mailbox.address) is not None:
            raise DuplicateError("storage.duplicate", address=str(mailbox.address))
        self._uow.stage("mailboxes", mailbox.address, mailbox, new=True)

    def save(self, mailbox: OrganisationalMailbox) -> None:
        self._uow.stage("mailboxes", mailbox.address, mailbox)

    def responsible_for(self, account: EmailAddress) -> Sequence[OrganisationalMailbox]:
        with self._store.lock:
            addresses = set(self._store.responsible_of.get(account, ()))
        addresses |= {
            a for a, m in self._uow.staged["mailboxes"].items() if m.is_responsible(account)
        }
        found = [m for m in map(self.get, sorted(addresses, key=str)) if m is not None]
        return [m for m in found if m.is_responsible(account)]

    def addresses(self, *, after: str | None = None, limit: int = 100) -> Sequence[EmailAddress]:
        with self._store.lock:
            known = set(self._store.mailboxes)
        known |= set(self._uow.staged["mailboxes"])
        ordered = sorted(known, key=str)
        start = bisect.bisect_right([str(a) for a in ordered], after) if after else 0
        return ordered[start : start + limit]


class _Delegations:
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._store = uow.store

    def _history(self, mailbox: EmailAddress, account: EmailAddress) -> list[Delegation]:
        with self._store.lock:
            stored = [_snapshot(d) for d in self._store.delegations.get((mailbox, account), ())]
        staged = self._uow.staged["delegations"]
        merged = {d.number: d for d in stored}
        for (m, a, _), d in staged.items():
            if m == mailbox and a == account:
                merged[d.number] = d
        return [merged[n] for n in sorted(merged)]

    def current(self, mailbox: EmailAddress, account: EmailAddress) -> Delegation | None:
        history = self._history(mailbox, account)
        for delegation in reversed(history):
            if delegation.is_live:
                return delegation
        return history[-1] if history else None

    def add(self, delegation: Delegation) -> None:
        history = self._history(delegation.mailbox, delegation.account)
        if any(d.number == delegation.number or d.is_live for d in history):
            raise DuplicateError("storage.duplicate", address=str(delegation.account))
        key = (delegation.mailbox, delegation.account, delegation.number)
        self._uow.stage("delegations", key, delegation, new=True)

    def save(self, delegation: Delegation) -> None:
        key = (delegation.mailbox, delegation.account, delegation.number)
        self._uow.stage("delegations", key, delegation)

    def live_of(self, account: EmailAddress) -> Sequence[Delegation]:
        with self._store.lock:
            mailboxes = set(self._store.on_mailboxes.get(account, ()))
        mailboxes |= {m for (m, a, _) in self._uow.staged["delegations"] if a == account}
        found = (self.current(m, account) for m in sorted(mailboxes, key=str))
        return [d for d in found if d is not None and d.is_live]

    def page(
        self, mailbox: EmailAddress, *, after: str | None = None, limit: int = 100
    ) -> Sequence[Delegation]:
        with self._store.lock:
            accounts = self._store.members.get(mailbox, [])
            start = bisect.bisect_right(accounts, after) if after is not None else 0
            chosen = accounts[start : start + limit]
        staged = {str(a) for (m, a, _) in self._uow.staged["delegations"] if m == mailbox}
        names = sorted({*chosen, *(s for s in staged if after is None or s > after)})[:limit]
        found = (self.current(mailbox, EmailAddress.from_string(n)) for n in names)
        return [d for d in found if d is not None]

    def granted_by(self, mailbox: EmailAddress, grantor: EmailAddress) -> Sequence[Delegation]:
        with self._store.lock:
            accounts = set(self._store.granted.get((mailbox, grantor), ()))
        accounts |= {
            d.account
            for (m, _, _), d in self._uow.staged["delegations"].items()
            if m == mailbox and d.granted_by == grantor
        }
        found = (self.current(mailbox, a) for a in sorted(accounts, key=str))
        return [d for d in found if d is not None and d.is_live and d.granted_by == grantor]

    def to_review(self, mailbox: EmailAddress) -> Sequence[Delegation]:
        with self._store.lock:
            accounts = set(self._store.reviews.get(mailbox, ()))
        accounts |= {a for (m, a, _) in self._uow.staged["delegations"] if m == mailbox}
        found = (self.current(mailbox, a) for a in sorted(accounts, key=str))
        return [d for d in found if d is not None and d.is_live and d.review is Review.TO_REVIEW]

    def expiring(
        self, *, after: dt.datetime, until: dt.datetime, limit: int = 100
    ) -> Sequence[Delegation]:
        with self._store.lock:
            keys = list(self._store.delegations)
        found = []
        for mailbox, account in keys:
            current = self.current(mailbox, account)
            if (
                current is not None
                and current.is_live
                and current.reminded_at is None
                and current.expires_at is not None
                and after < current.expires_at <= until
            ):
                found.append(current)
        found.sort(key=lambda d: (d.expires_at, str(d.mailbox), str(d.account)))
        return found[:limit]

    def history(self, mailbox: EmailAddress, account: EmailAddress) -> Sequence[Delegation]:
        return self._history(mailbox, account)


class _Accounts:
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._store = uow.store

    def get(self, address: EmailAddress) -> ConnectionAccount | None:
        staged = self._uow.staged["accounts"].get(address)
        if staged is not None:
            return staged  # type: ignore[no-any-return]
        found = self._store.accounts.get(address)
        return _snapshot(found) if found is not None else None

    def add(self, account: ConnectionAccount) -> None:
        if self.get(account.address) is not None:
            raise DuplicateError("storage.duplicate", address=str(account.address))
        self._uow.stage("accounts", account.address, account, new=True)

    def save(self, account: ConnectionAccount) -> None:
        self._uow.stage("accounts", account.address, account)

    def _all(self) -> list[ConnectionAccount]:
        with self._store.lock:
            addresses = set(self._store.accounts)
        addresses |= set(self._uow.staged["accounts"])
        return [a for a in map(self.get, addresses) if a is not None]

    def pending(
        self, *, after: tuple[dt.datetime, str] | None = None, limit: int = 100
    ) -> Sequence[ConnectionAccount]:
        with self._store.lock:
            addresses = set(self._store.pending)
        addresses |= set(self._uow.staged["accounts"])
        found = (a for a in map(self.get, addresses) if a is not None)
        waiting = sorted(
            (a for a in found if a.state is AccountState.PENDING_VALIDATION),
            key=lambda a: (a.created_at, str(a.address)),
        )
        if after is not None:
            waiting = [a for a in waiting if (a.created_at, str(a.address)) > after]
        return waiting[:limit]

    def credential_pending(self, *, limit: int = 100) -> Sequence[ConnectionAccount]:
        found = [
            a for a in self._all() if a.credential_pending and a.state is not AccountState.CANCELLED
        ]
        return sorted(found, key=lambda a: (a.created_at, str(a.address)))[:limit]

    def notice_subscribers(self, mailbox: EmailAddress) -> Sequence[EmailAddress]:
        with self._store.lock:
            found = set(self._store.subscribers.get(mailbox, ()))
        for address, account in self._uow.staged["accounts"].items():
            if mailbox in account.notices:
                found.add(address)
            else:
                found.discard(address)
        return sorted(found, key=str)


class _Credentials:
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow

    def get(self, address: EmailAddress) -> StoredCredential | None:
        staged = self._uow.staged["credentials"].get(address)
        if staged is not None:
            return staged  # type: ignore[no-any-return]
        return self._uow.store.credentials.get(address)

    def set(self, address: EmailAddress, credential: StoredCredential) -> None:
        self._uow.stage("credentials", address, credential)


class _Sessions:
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow

    def add(self, session: Session) -> None:
        if self.by_token(session.token_hash) is not None:
            raise DuplicateError("storage.duplicate", address=session.id)
        self._uow.stage("sessions", session.token_hash, session, new=True)

    def save(self, session: Session) -> None:
        self._uow.stage("sessions", session.token_hash, session)

    def seen(self, token_hash: str, at: dt.datetime) -> None:
        earlier = self._uow.staged["session_uses"].get(token_hash)
        self._uow.staged["session_uses"][token_hash] = at if earlier is None else max(earlier, at)

    def by_token(self, token_hash: str) -> Session | None:
        staged = self._uow.staged["sessions"].get(token_hash)
        if staged is not None:
            return staged  # type: ignore[no-any-return]
        found = self._uow.store.sessions.get(token_hash)
        return _snapshot(found) if found is not None else None


class _Throttle:
    """Recording a failure forgets those older than the ``since`` the account's failures
    were read with (no later check counts them), as the SQL adapter does."""

    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._since: dict[EmailAddress, dt.datetime] = {}

    def failures(self, account: EmailAddress, *, since: dt.datetime) -> Sequence[dt.datetime]:
        self._uow.hold_throttle(account)
        self._since[account] = since
        staged = self._uow.staged["throttle"].get(account)
        recorded = staged if staged is not None else self._uow.store.failures.get(account, [])
        return [t for t in recorded if t >= since]

    def record_failure(self, account: EmailAddress, at: dt.datetime) -> None:
        current = self._uow.staged["throttle"].get(account)
        if current is None:
            current = self._uow.store.failures.get(account, [])
        since = self._since.get(account)
        kept = current if since is None else [t for t in current if t >= since]
        self._uow.stage("throttle", account, [*kept, at])

    def clear(self, account: EmailAddress) -> None:
        self._uow.stage("throttle", account, [])


class _Messages:
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._store = uow.store

    def record(self, message: MessageRecord) -> None:
        if self.has(message.mailbox, message.direction, message.reference):
            raise DuplicateError("storage.duplicate", address=str(message.mailbox))
        key = (message.mailbox, message.direction, message.reference)
        self._uow.stage("messages", key, message, new=True)

    def has(self, mailbox: EmailAddress, direction: Direction, reference: str) -> bool:
        key = (mailbox, direction, reference)
        return key in self._uow.staged["messages"] or key in self._store.message_keys

    def for_mailbox(
        self,
        mailbox: EmailAddress,
        direction: Direction | None = None,
        *,
        after: int = 0,
        limit: int | None = None,
    ) -> Sequence[tuple[int, MessageRecord]]:
        with self._store.lock:
            records = self._store.messages.get(mailbox, [])
            start = bisect.bisect_right(records, after, key=lambda r: r[0])
            stored = records[start:] if limit is None else records[start : start + limit]
        staged = [m for (box, _, _), m in self._uow.staged["messages"].items() if box == mailbox]
        last = stored[-1][0] if stored else max(after, self._store.message_count)
        merged = stored + [(last + i + 1, m) for i, m in enumerate(staged)]
        found = [(n, m) for n, m in merged if direction is None or m.direction is direction]
        return found if limit is None else found[:limit]


class _Audit:
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._store = uow.store

    def append(self, record: AuditRecord) -> None:
        self._uow.staged_audit.append(record)

    def trail(
        self, chain: str, *, after: int = 0, limit: int | None = None
    ) -> Sequence[AuditEntry]:
        with self._store.lock:
            entries = [e for e, _ in self._store.chains.get(chain, [])[after:]]
        return entries if limit is None else entries[:limit]

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
        with self._store.lock:
            if mailbox is not None:
                pool = [e for e, _ in self._store.chains.get(chain_of(mailbox, None, ""), [])]
                pool += [
                    self._store.chains[c][s - 1][0]
                    for c, s in self._store.mentions.get(mailbox, [])
                ]
            else:
                pool = [self._store.chains[c][s - 1][0] for _, c, s in self._store.by_time]
        found = [
            e
            for e in pool
            if (account is None or account in (e.account, e.actor))
            and (actor is None or e.actor == actor)
            and (since is None or e.at >= since)
            and (until is None or e.at < until)
            and (after is None or (e.at, e.chain, e.seq) > after)
        ]
        found.sort(key=lambda e: (e.at, e.chain, e.seq))
        return found if limit is None else found[:limit]

    def head(self, chain: str) -> tuple[int, str]:
        with self._store.lock:
            return self._store.heads.get(chain, (0, GENESIS))

    def heads(self) -> dict[str, tuple[int, str]]:
        with self._store.lock:
            return dict(self._store.heads)

    def raw(
        self, *, chain: str | None = None, start: Checkpoint | None = None
    ) -> Iterator[RawEntry]:
        with self._store.lock:
            names = [chain] if chain is not None else sorted(self._store.chains)
            rows: list[RawEntry] = []
            for name in names:
                done = start.heads.get(name, (0, GENESIS))[0] if start else 0
                for entry, payload in self._store.chains.get(name, [])[done:]:
                    rows.append((name, entry.seq, entry.prev_hash, entry.hash, payload))
        return iter(rows)

    def anchors(self, *, after: int = 0) -> Iterator[Anchor]:
        with self._store.lock:
            return iter(list(self._store.anchors[after:]))

    def anchor(self, *, at: dt.datetime) -> int:
        self._uow.staged_anchor_at = at
        with self._store.lock:
            return sum(
                1
                for chain, (seq, _) in self._store.heads.items()
                if self._store.anchored.get(chain, 0) < seq
            )

    def checkpoint(self) -> Checkpoint | None:
        return self._store.checkpoint

    def save_checkpoint(self, checkpoint: Checkpoint) -> None:
        self._uow.staged_checkpoint = checkpoint


class _Outbox:
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._store = uow.store

    def add(self, message: OutboxMessage) -> None:
        self._uow.stage("outbox", message.key, message, new=True)

    def claim(
        self, *, now: dt.datetime, lease: dt.timedelta, limit: int, kinds: frozenset[str] | None
    ) -> Sequence[OutboxMessage]:
        store = self._store
        with store.lock:
            due = sorted(
                (
                    m
                    for m in (store.outbox[k] for k in store.outbox_pending)
                    if (kinds is None or m.kind in kinds)
                    and (m.due_at is None or m.due_at <= now)
                    and store.claims.get(m.key, now) <= now
                    and self._heads_its_lane(m)
                ),
                key=lambda m: (m.due_at or m.created_at, m.created_at, m.key),
            )[:limit]
            for message in due:
                self._store.claims[message.key] = now + lease
        return due

    def _heads_its_lane(self, message: OutboxMessage) -> bool:
        if message.lane is None:
            return True
        return min(self._store.lane_open[message.lane].values()) == message.ordinal

    def _change(self, current: OutboxMessage, **changes: Any) -> None:
        self._uow.stage("outbox", current.key, attrs.evolve(current, **changes))

    def delivered(self, key: str, *, at: dt.datetime) -> bool:
        current = self.get(key)
        if current is None or current.state is OutboxState.DELIVERED:
            return False
        self._change(
            current, state=OutboxState.DELIVERED, delivered_at=at, attempts=current.attempts + 1
        )
        return True

    def failed(
        self,
        key: str,
        *,
        at: dt.datetime,
        error: str,
        detail: str,
        retry_at: dt.datetime | None,
    ) -> None:
        current = self.get(key)
        if current is None or current.state is OutboxState.DELIVERED:
            return
        self._change(
            current,
            state=OutboxState.PENDING if retry_at is not None else OutboxState.FAILED,
            attempts=current.attempts + 1,
            due_at=retry_at,
            last_error=error,
            last_detail=detail,
        )

    def requeue(self, key: str, *, at: dt.datetime) -> bool:
        current = self.get(key)
        if current is None or current.state is not OutboxState.FAILED:
            return False
        self._change(current, state=OutboxState.PENDING, due_at=at)
        return True

    def get(self, key: str) -> OutboxMessage | None:
        staged: OutboxMessage | None = self._uow.staged["outbox"].get(key)
        return staged if staged is not None else self._store.outbox.get(key)

    def failures(
        self, *, limit: int = 100, kinds: frozenset[str] | None = None
    ) -> Sequence[OutboxMessage]:
        with self._store.lock:
            found = [
                m
                for m in self._store.outbox.values()
                if m.state is OutboxState.FAILED and (kinds is None or m.kind in kinds)
            ]
        return sorted(found, key=lambda m: (m.created_at, m.key))[:limit]

    def waiting(self, *, kinds: frozenset[str] | None = None) -> int:
        with self._store.lock:
            pending = (self._store.outbox[k] for k in self._store.outbox_pending)
            return sum(1 for m in pending if kinds is None or m.kind in kinds)


# -- the unit of work ----------------------------------------------------------------------------

_KINDS = (
    "mailboxes",
    "delegations",
    "accounts",
    "credentials",
    "sessions",
    "session_uses",
    "throttle",
    "messages",
    "outbox",
)


class InMemoryUnitOfWork:
    """Stages changes; :meth:`commit` applies them all or none."""

    def __init__(self, store: InMemoryStore) -> None:
        self.store = store
        self.staged: dict[str, dict[Any, Any]] = {kind: {} for kind in _KINDS}
        self.new: dict[str, set[Any]] = {kind: set() for kind in _KINDS}
        self.versions: dict[tuple[str, Any], int] = {}
        self.staged_audit: list[AuditRecord] = []
        self.staged_anchor_at: dt.datetime | None = None
        self.staged_checkpoint: Checkpoint | None = None
        self._mark: tuple[Any, ...] | None = None
        self._held: list[threading.Lock] = []
        self._held_accounts: set[EmailAddress] = set()
        # Annotated with the ports: Protocol attributes are invariant.
        self.mailboxes: MailboxRepository = _Mailboxes(self)
        self.delegations: DelegationRepository = _Delegations(self)
        self.accounts: AccountRepository = _Accounts(self)
        self.credentials: CredentialRepository = _Credentials(self)
        self.sessions: SessionRepository = _Sessions(self)
        self.throttle: ThrottleRepository = _Throttle(self)
        self.messages: MessageLog = _Messages(self)
        self.audit: AuditLog = _Audit(self)
        self.outbox: Outbox = _Outbox(self)

    def stage(self, kind: str, key: Any, value: Any, *, new: bool = False) -> None:
        if new:
            self.new[kind].add(key)
        elif key not in self.staged[kind] and hasattr(value, "version"):
            self.versions[(kind, key)] = value.version
        self.staged[kind][key] = value

    def hold_throttle(self, account: EmailAddress) -> None:
        if account not in self._held_accounts:
            lock = self.store.throttle_lock(account)
            lock.acquire()
            self._held.append(lock)
            self._held_accounts.add(account)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()
        for lock in self._held:
            lock.release()
        self._held.clear()
        self._held_accounts.clear()

    def rollback(self) -> None:
        for kind in _KINDS:
            self.staged[kind].clear()
            self.new[kind].clear()
        self.versions.clear()
        self.staged_audit.clear()
        self.staged_anchor_at = None
        self.staged_checkpoint = None
        self._mark = None

    def mark(self) -> None:
        self._mark = (
            {k: dict(v) for k, v in self.staged.items()},
            {k: set(v) for k, v in self.new.items()},
            dict(self.versions),
            list(self.staged_audit),
        )

    def undo(self) -> None:
        if self._mark is None:
            self.rollback()
            return
        staged, new, versions, audit = self._mark
        self.staged = {k: dict(v) for k, v in staged.items()}
        self.new = {k: set(v) for k, v in new.items()}
        self.versions = dict(versions)
        self.staged_audit = list(audit)

    # -- commit ---------------------------------------------------------------------------------

    def commit(self) -> None:
        store = self.store
        with store.lock:
            self._check(store)
            # Nothing below can fail: all or nothing.
            self._apply(store)
            self._chain(store)
        self.rollback()

    def _check(self, store: InMemoryStore) -> None:
        committed: dict[str, Any] = {
            "mailboxes": store.mailboxes.get,
            "accounts": store.accounts.get,
            "sessions": store.sessions.get,
            "delegations": lambda key: next(
                (d for d in store.delegations.get(key[:2], ()) if d.number == key[2]), None
            ),
        }
        for kind, lookup in committed.items():
            for key, value in self.staged[kind].items():
                current = lookup(key)
                if key in self.new[kind]:
                    if current is not None:
                        raise DuplicateError("storage.duplicate", address=str(key))
                elif current is None or current.version != self.versions.get(
                    (kind, key), value.version
                ):
                    raise ConcurrencyConflict("storage.conflict", address=str(key))
        for key in self.new["delegations"]:
            mailbox, account, _ = key
            live = [d for d in store.delegations.get((mailbox, account), []) if d.is_live]
            saved = {
                d.number
                for (m, a, _), d in self.staged["delegations"].items()
                if m == mailbox and a == account and not d.is_live
            }
            if any(d.number not in saved for d in live):
                raise DuplicateError("storage.duplicate", address=str(account))
        for key in self.new["messages"]:
            if key in store.message_keys:
                raise DuplicateError("storage.duplicate", address=str(key[0]))

    def _apply(self, store: InMemoryStore) -> None:
        for address, mailbox in self.staged["mailboxes"].items():
            old = store.mailboxes.get(address)
            if old is not None:
                store.responsible_of[old.responsible.account].discard(address)
            mailbox.version += 1
            store.mailboxes[address] = _snapshot(mailbox)
            store.responsible_of[mailbox.responsible.account].add(address)
        for (mailbox_address, account_address, _), delegation in sorted(
            self.staged["delegations"].items(), key=lambda kv: str(kv[0])
        ):
            delegation.version += 1
            history = store.delegations.setdefault((mailbox_address, account_address), [])
            kept = [d for d in history if d.number != delegation.number]
            history[:] = sorted([*kept, _snapshot(delegation)], key=lambda d: d.number)
            members = store.members[mailbox_address]
            name = str(account_address)
            index = bisect.bisect_left(members, name)
            if index == len(members) or members[index] != name:
                members.insert(index, name)
            store.on_mailboxes[account_address].add(mailbox_address)
            store.granted[(mailbox_address, delegation.granted_by)].add(account_address)
            if delegation.is_live and delegation.review is Review.TO_REVIEW:
                store.reviews[mailbox_address].add(account_address)
            else:
                store.reviews[mailbox_address].discard(account_address)
        for address, account in self.staged["accounts"].items():
            before = store.accounts.get(address)
            old_notices = before.notices if before is not None else frozenset()
            account.version += 1
            store.accounts[address] = _snapshot(account)
            if account.state is AccountState.PENDING_VALIDATION:
                store.pending.add(address)
            else:
                store.pending.discard(address)
            for mailbox_address in old_notices - account.notices:
                store.subscribers[mailbox_address].discard(address)
            for mailbox_address in account.notices:
                store.subscribers[mailbox_address].add(address)
        store.credentials.update(self.staged["credentials"])
        for token_hash, session in self.staged["sessions"].items():
            session.version += 1
            previous = store.sessions.get(token_hash)
            if previous is not None:
                session.last_seen_at = max(session.last_seen_at, previous.last_seen_at)
            store.sessions[token_hash] = _snapshot(session)
        for token_hash, at in self.staged["session_uses"].items():
            stored = store.sessions.get(token_hash)
            if stored is not None:
                stored.last_seen_at = max(stored.last_seen_at, at)
        store.failures.update(self.staged["throttle"])
        for key, message in self.staged["messages"].items():
            store.message_count += 1
            store.messages[message.mailbox].append((store.message_count, message))
            store.message_keys.add(key)
        self._apply_outbox(store)
        if self.staged_checkpoint is not None:
            store.checkpoint = self.staged_checkpoint

    def _apply_outbox(self, store: InMemoryStore) -> None:
        for key, staged in self.staged["outbox"].items():
            message, lane = staged, staged.lane
            if lane is not None and message.ordinal is None:
                ordinal = store.lane_last.get(lane, 0) + 1
                store.lane_last[lane] = ordinal
                message = attrs.evolve(staged, ordinal=ordinal)
            if lane is not None and message.ordinal is not None:
                if message.state is OutboxState.DELIVERED:
                    store.lane_open[lane].pop(key, None)
                else:
                    store.lane_open[lane][key] = message.ordinal
            if message.state is OutboxState.PENDING:
                store.outbox_pending.add(key)
            else:
                store.outbox_pending.discard(key)
            store.outbox[key] = message
            store.claims.pop(key, None)

    def _chain(self, store: InMemoryStore) -> None:
        for record in self.staged_audit:
            name = record.chain
            seq, prev = store.heads.get(name, (0, GENESIS))
            entry = link(record, seq=seq + 1, prev_hash=prev)
            store.chains[name].append((entry, canonical(record)))
            store.heads[name] = (entry.seq, entry.hash)
            store.by_time.append((entry.at, name, entry.seq))
            for mentioned in entry.mentions:
                store.mentions[mentioned].append((name, entry.seq))
            if entry.seq == 1:  # a new chain is anchored at once
                _anchor(store, name, entry.at)
        if self.staged_anchor_at is not None:
            for name, (seq, _) in sorted(store.heads.items()):
                if store.anchored.get(name, 0) < seq:
                    _anchor(store, name, self.staged_anchor_at)


def _anchor(store: InMemoryStore, chain: str, at: dt.datetime) -> None:
    seq, digest = store.heads[chain]
    number = len(store.anchors) + 1
    prev = store.anchors[-1].hash if store.anchors else GENESIS
    store.anchors.append(
        Anchor(
            seq=number,
            at=at,
            chain=chain,
            chain_seq=seq,
            chain_hash=digest,
            prev_hash=prev,
            hash=anchor_hash(number, prev, at, chain, seq, digest),
        )
    )
    store.anchored[chain] = seq


# -- delivery -------------------------------------------------------------------------------------


class InMemoryNotifier:
    """Keeps every notice sent, for inspection; a key seen twice is sent once."""

    def __init__(self) -> None:
        self.sent: list[Notice] = []
        self.keys: set[str] = set()

    def send(self, notice: Notice, *, key: str) -> None:
        if key in self.keys:
            return
        self.keys.add(key)
        self.sent.append(notice)


class InMemoryPublisher:
    """A directory kept in memory: what each directory shows of each mailbox.

    It applies changes as a directory would: an insert shows the entry (again), a
    replace changes one field of an entry it shows (else it fails, as a server would),
    a delete removes it. ``fail_with`` makes the next applications fail, for tests.
    """

    def __init__(self, *directories: DirectoryKind) -> None:
        self.directories = frozenset(directories or DirectoryKind)
        self.entries: dict[DirectoryKind, dict[EmailAddress, MailboxEntry]] = {
            d: {} for d in self.directories
        }
        self.applied: list[DirectoryChange] = []
        self.fail_with: PublicationFailed | None = None

    def handles(self, directory: DirectoryKind) -> bool:
        return directory in self.directories

    def apply(self, change: DirectoryChange, *, key: str) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        shown = self.entries[change.directory]
        try:
            updated = apply_change(shown.get(change.address), change)
        except LookupError as exc:
            raise PublicationFailed(
                "publication.not_found", retryable=False, detail=str(exc)
            ) from None
        if updated is None:
            shown.pop(change.address, None)
        else:
            shown[change.address] = updated
        self.applied.append(change)


class InMemoryCredentials:
    """A stand-in for a host's own credential service (``Ports.identity``).

    It keeps only a salted scrypt hash of each password (a low cost: for tests), never
    the password. ``fail`` makes enrolment fail, to try the credential-pending path.
    """

    def __init__(self) -> None:
        from balorg.services.passwords import ScryptHasher  # noqa: PLC0415

        self._hasher = ScryptHasher(n=2**10)
        self._hashes: dict[EmailAddress, StoredCredential] = {}
        self.fail = False

    def enrol(self, address: EmailAddress, password: Password) -> None:
        if self.fail:
            raise ConnectionError("the credential service is unreachable")
        if address in self._hashes:  # never replace a password
            raise DuplicateError("storage.duplicate", address=str(address))
        self._hashes[address] = self._hasher.hash(password)

    def verify(self, address: EmailAddress, password: Password) -> bool:
        return self._hasher.verify(password, self._hashes.get(address))
