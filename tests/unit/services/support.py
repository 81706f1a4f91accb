"""Helpers of the use-case tests on the in-memory adapters.

Worlds come from :mod:`balorg.testing.scenarios` (``pharmacy()``, ``example_ports()``);
people are added through the services themselves, never written into the store.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, cast

import attrs
import pytest

from balorg.adapters.clock import ManualClock
from balorg.adapters.memory import InMemoryStore
from balorg.domain.actors import HostAssertion, SessionToken
from balorg.domain.addresses import EmailAddress
from balorg.domain.audit import AuditEntry
from balorg.domain.capabilities import Capability
from balorg.domain.credentials import StoredCredential
from balorg.domain.errors import DomainRefusal
from balorg.domain.identifiers import IdNatPS
from balorg.ports.credentials import Password
from balorg.ports.outbox import OutboxMessage
from balorg.services import (
    Ports,
    approve_account,
    authenticate,
    create_member_account,
    suspend_member,
)
from balorg.testing.examples import example_address
from balorg.testing.scenarios import Pharmacy, password_of

__all__ = [
    "CORRESPONDENT",
    "Counting",
    "Trail",
    "clock_of",
    "leaks",
    "login",
    "member",
    "outbox",
    "reachable",
    "refused",
    "store_of",
]

#: A correspondent outside the operator (a hospital's mailbox).
CORRESPONDENT = EmailAddress("dr.house@hopital.mssante.fr")


def clock_of(ports: Ports) -> ManualClock:
    return cast("ManualClock", ports.clock)


def store_of(ports: Ports) -> InMemoryStore:
    return cast("InMemoryStore", ports.uow)


class Trail:
    """What the audit trail gained since the last look (through the audit port)."""

    def __init__(self, ports: Ports) -> None:
        self.ports = ports
        self.seen = {self._key(e) for e in self._all()}

    @staticmethod
    def _key(entry: AuditEntry) -> tuple[str, int]:
        return entry.chain, entry.seq

    def _all(self) -> list[AuditEntry]:
        with self.ports.uow() as uow:
            return list(uow.audit.entries())

    def new(self) -> list[AuditEntry]:
        found = [e for e in self._all() if self._key(e) not in self.seen]
        self.seen |= {self._key(e) for e in found}
        return found

    def one(self) -> AuditEntry:
        """The one entry written since the last look (there must be exactly one)."""
        found = self.new()
        assert len(found) == 1, [(e.action, e.allowed, e.reasons) for e in found]
        return found[0]


@contextlib.contextmanager
def refused(*codes: str) -> Iterator[pytest.ExceptionInfo[DomainRefusal]]:
    """The block is refused with exactly these reason codes (in any order)."""
    with pytest.raises(DomainRefusal) as info:
        yield info
    assert sorted(p.code for p in info.value.problems) == sorted(codes)


def member(
    world: Pharmacy,
    local: str,
    *,
    capabilities: Iterable[Capability | str] | None = None,
    expires_at: dt.datetime | None = None,
    professional: IdNatPS | None = None,
    approve: bool = True,
    suspend: bool = False,
    by: SessionToken | HostAssertion | None = None,
) -> EmailAddress:
    """A new nominative account attached to the pharmacy by Claire (or ``by``), validated
    by the agent unless ``approve`` is false, suspended on the mailbox if ``suspend``."""
    address = example_address(local)
    create_member_account(
        world.ports,
        by or world.claire,
        world.address,
        account=address,
        first_name=local.split(".", maxsplit=1)[0].title(),
        last_name="Durand",
        password=password_of(address),
        capabilities=capabilities,
        expires_at=expires_at,
        professional=professional,
    )
    if approve:
        approve_account(world.ports, world.agent, address)
    if suspend:
        suspend_member(world.ports, world.claire, world.address, account=address)
    return address


def login(ports: Ports, address: EmailAddress) -> SessionToken:
    return authenticate(ports, address, password_of(address)).token


def outbox(ports: Ports, kind: str | None = None) -> list[OutboxMessage]:
    """Every outbox message, in the order written."""
    found = list(store_of(ports).outbox.values())
    return [m for m in found if kind is None or m.kind == kind]


class Counting:
    """A password hasher that records the checks it makes, in order (wraps another one);
    ``delay`` widens each check, so that unguarded parallel checks would overlap."""

    def __init__(self, inner: Any, *, delay: float = 0.0) -> None:
        self.inner = inner
        self.delay = delay
        self.verified: list[bool] = []
        self._lock = threading.Lock()
        self._running = 0
        #: The most checks of one account that ever ran at the same time.
        self.overlap = 0

    def hash(self, password: Password) -> StoredCredential:
        return cast("StoredCredential", self.inner.hash(password))

    def verify(self, password: Password, stored: StoredCredential | None) -> bool:
        with self._lock:
            self._running += 1
            self.overlap = max(self.overlap, self._running)
        try:
            good = bool(self.inner.verify(password, stored))
            time.sleep(self.delay)
        finally:
            with self._lock:
                self._running -= 1
                self.verified.append(good)
        return good

    def outdated(self, stored: StoredCredential) -> bool:
        return bool(self.inner.outdated(stored))


def reachable(root: object) -> Iterator[object]:
    """Every object reachable from ``root`` through containers, attrs fields and slots."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        if isinstance(item, str | bytes | int | float | dt.datetime | dt.timedelta | type):
            continue
        if isinstance(item, Mapping):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)
        elif attrs.has(type(item)):
            stack.extend(getattr(item, a.name) for a in attrs.fields(cast("Any", type(item))))
        elif hasattr(item, "__dict__"):
            stack.extend(vars(item).values())
        for slot in getattr(type(item), "__slots__", ()):
            if hasattr(item, slot):
                stack.append(getattr(item, slot))


def leaks(thing: object, secrets: list[str]) -> list[str]:
    found = []
    for item in reachable(thing):
        if isinstance(item, Password):
            found.append(f"a Password object: {type(thing).__name__}")
        elif isinstance(item, str):
            found += [f"{s!r} in {item[:80]!r}" for s in secrets if s in item]
        elif isinstance(item, bytes):
            found += [
                f"{s!r} in bytes" for s in secrets if s.encode("utf-8", "surrogatepass") in item
            ]
    return found
