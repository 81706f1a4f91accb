"""The world the hostile entry-point suite runs in, on each adapter, and what it checks
once an example is over (issue 14).

:func:`build_world` plays, through the services, a world where every command has
something to act on: the seed's pharmacy (Claire responsible, Alice a member with her
session open on it, notices on, a message received and one sent), a second pharmacy
(Claire Martin2, who declared her identity: a successor), Bob waiting for the service
centre, Eve a manager whose delegation was revoked so that Dan, whom she attached, waits
for a review, Fay whose delegation expires in three days, a session that ended, and a
second agent named in the settings but not enrolled yet.

Each example gets a world of its own: built again on the in-memory store (a few
milliseconds), copied from a template file on SQLite, from a template database on
PostgreSQL.

:func:`read_back` is what must hold after any example, whatever it did: the whole audit
trail verifies; every mailbox, delegation, account, message and audit entry reads back
through the repositories and survives the serializer's round trip; the public read
functions answer (or refuse with coded problems); and no text anywhere in the store holds
a character the free-text rule refuses, nor is huge.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import sqlalchemy as sa
from attrs import frozen
from tests.unit.services.support import CORRESPONDENT, login, member, reachable

from balorg import serialization
from balorg.adapters.clock import ManualClock
from balorg.adapters.sql import SqlStore, create_engine
from balorg.adapters.sql import schema as sql_schema
from balorg.domain.actors import HostAssertion, SessionToken
from balorg.domain.addresses import EmailAddress
from balorg.domain.errors import DomainRefusal, Problem
from balorg.domain.messages import CATALOGUE
from balorg.ports.repositories import UnitOfWorkFactory
from balorg.services import (
    Ports,
    end_session,
    list_members,
    pending_accounts,
    read_account_trail,
    read_audit_trail,
    read_mailbox,
    receive_message,
    revoke_member,
    send_message,
    set_default_mailbox,
    set_notices,
    show_mailbox,
    switch_mailbox,
    verify_audit,
)
from balorg.testing.examples import example_address
from balorg.testing.scenarios import AGENT, TRANSPORT, example_ports, pharmacy

__all__ = [
    "AGENT2",
    "ALICE",
    "BOB",
    "CLAIRE",
    "CLAIRE2",
    "CLAIRE3",
    "DAN",
    "EVE",
    "FAY",
    "GUS",
    "PATHLESS",
    "VALUE_CODES",
    "Adapter",
    "World",
    "build_world",
    "problem_faults",
    "read_back",
    "unclean_texts",
]

CLAIRE = example_address("claire.martin1")
CLAIRE2 = example_address("claire.martin2")
CLAIRE3 = example_address("claire.martin3")
ALICE = example_address("alice.bernard")
BOB = example_address("bob.dupont")
DAN = example_address("dan.petit")
EVE = example_address("eve.gestion")
FAY = example_address("fay.leroy")
GUS = example_address("gus.nouveau")
AGENT2 = example_address("agent.second")


@frozen
class World:
    """Who and what an example acts on (tokens work on every copy of the store)."""

    ports: Ports
    pharmacy: EmailAddress
    other: EmailAddress
    claire: SessionToken
    alice: SessionToken
    claire2: SessionToken
    eve: SessionToken
    ended: SessionToken
    agent: HostAssertion

    @property
    def now(self) -> dt.datetime:
        return self.ports.clock.now()


def _ports(store: UnitOfWorkFactory | None = None, clock: ManualClock | None = None) -> Ports:
    return example_ports(store, clock=clock, service_centre=[AGENT, AGENT2])


def build_world(ports: Ports) -> World:
    """Play the world through the services (see the module)."""
    first = pharmacy(ports)
    second = pharmacy(ports, n=2)
    member(first, "bob.dupont", approve=False)
    member(first, "eve.gestion", capabilities=["read", "send", "manage_members"])
    eve = login(ports, EVE)
    member(first, "dan.petit", by=eve)
    revoke_member(ports, first.claire, first.address, account=EVE, reason="départ")
    member(first, "fay.leroy", expires_at=ports.clock.now() + dt.timedelta(days=3))
    switch_mailbox(ports, first.alice, first.address)
    set_notices(ports, first.alice, first.address, enabled=True)
    set_default_mailbox(ports, first.alice, first.address)
    receive_message(
        ports, TRANSPORT, first.address, sender=CORRESPONDENT, reference="<m1@hopital.mssante.fr>"
    )
    send_message(ports, first.alice, recipient=CORRESPONDENT, reference="<s1@contract.mssante.fr>")
    ended = login(ports, ALICE)
    end_session(ports, ended)
    return World(
        ports=ports,
        pharmacy=first.address,
        other=second.address,
        claire=first.claire,
        alice=first.alice,
        claire2=second.claire,
        eve=eve,
        ended=ended,
        agent=first.agent,
    )


# -- adapters -------------------------------------------------------------------------------------


class Adapter:
    """Fresh worlds on one kind of store."""

    name = ""

    def fresh(self) -> World:
        raise NotImplementedError

    def done(self, world: World) -> None:
        """Release what :meth:`fresh` took."""

    def close(self) -> None:
        """Release the template."""


class Memory(Adapter):
    name = "memory"

    def fresh(self) -> World:
        return build_world(_ports())


class Sqlite(Adapter):
    """Worlds copied from a template file over one working file, reached by one engine
    (its compiled statements are kept from one example to the next)."""

    name = "sqlite"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.template = folder / "template.db"
        store = SqlStore(f"sqlite:///{self.template}")
        try:
            self.world = build_world(_ports(store))
        finally:
            store.close()
        assert not Path(f"{self.template}-wal").exists()
        self.path = folder / "example.db"
        shutil.copyfile(self.template, self.path)
        self.store = SqlStore(_unsynced(f"sqlite:///{self.path}"), upgrade=False)

    def fresh(self) -> World:
        self.store.close()  # every pooled connection: the file is replaced under none
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.template, self.path)
        return attrs.evolve(self.world, ports=_ports(self.store, ManualClock(self.world.now)))

    def close(self) -> None:
        self.store.close()


def _unsynced(url: str) -> sa.Engine:
    """A SQLite engine that does not wait for the disk at each commit (a throwaway copy:
    what is checked is what the database holds, not whether it survives a power cut)."""
    engine = create_engine(url)

    def _no_sync(connection: Any, _: object) -> None:
        connection.execute("PRAGMA synchronous=OFF")

    sa.event.listen(engine, "connect", _no_sync)
    return engine


class Postgres(Adapter):
    """Worlds copied from a template database (``CREATE DATABASE ... TEMPLATE``) over
    one working database, reached by one engine (its compiled statements are kept)."""

    name = "postgres"

    def __init__(self, cluster: Any) -> None:
        self.cluster = cluster
        url: str = cluster.create_database(migrated=True)
        self.template = sa.make_url(url).database
        store = SqlStore(url, upgrade=False)
        try:
            self.world = build_world(_ports(store))
        finally:
            store.close()
        self.admin = sa.create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
        self.working = f"{self.template}_example"
        self._copy()
        self.store = SqlStore(cluster.url(self.working), upgrade=False)

    def _copy(self) -> None:
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.working}"')
            connection.exec_driver_sql(
                f'CREATE DATABASE "{self.working}" TEMPLATE "{self.template}"'
            )

    def fresh(self) -> World:
        self.store.close()  # every pooled connection: the database is replaced under none
        self._copy()
        return attrs.evolve(self.world, ports=_ports(self.store, ManualClock(self.world.now)))

    def close(self) -> None:
        self.store.close()
        self.admin.dispose()


# -- what must hold after any example -------------------------------------------------------------


#: Codes that judge a value given (as opposed to the state of what it names): their
#: problems must say at which field. A refusal for a state (``mailbox.closed``) may name
#: no field; :data:`PATHLESS` counts those.
VALUE_CODES = ("field.", "form.", "email.", "paging.", "password.", "identifier.", "idnat.")
PATHLESS: Counter[str] = Counter()


def problem_faults(problem: Problem) -> list[str]:
    """What is wrong with a problem given to a person (nothing: it is well made)."""
    faults = []
    if problem.code not in CATALOGUE:
        faults.append(f"{problem.code}: no message in the catalogue")
    if not isinstance(problem.path, str):
        faults.append(f"{problem.code}: its path is not a text")
    elif not problem.path:
        if problem.code.startswith(VALUE_CODES) or problem.code.endswith("unknown_capability"):
            faults.append(f"{problem.code}: a value refused at no field path")
        PATHLESS[problem.code] += 1
    for lang in ("fr", "en"):
        try:
            text = problem.message(lang)  # type: ignore[arg-type]
        except Exception as error:
            faults.append(f"{problem.code}: its {lang} message fails: {error!r}")
            continue
        if not text or text == problem.code:
            faults.append(f"{problem.code}: no {lang} message")
        bad = [c for c in text if _refused_character(c)]
        if bad:
            faults.append(f"{problem.code}: its {lang} message shows {bad[:3]!r}")
        if len(text) > 2000:
            faults.append(f"{problem.code}: its {lang} message is {len(text)} characters long")
    try:
        json.dumps(problem.to_dict())
    except Exception as error:
        faults.append(f"{problem.code}: not plain data: {error!r}")
    return faults


def _refused_character(char: str) -> bool:
    category = unicodedata.category(char)
    code_point = ord(char)
    noncharacter = 0xFDD0 <= code_point <= 0xFDEF or (code_point & 0xFFFE) == 0xFFFE
    return category in ("Cc", "Cs", "Cf") or noncharacter or char in "\u2028\u2029"


#: The longest text found anywhere in a store (audit payloads included) after any example.
LONGEST_TEXT = 20_000


def _texts(value: object) -> Iterator[str]:
    """Every text in ``value``, JSON documents read as well as kept whole."""
    if isinstance(value, str):
        yield value
        if value[:1] in "{[" and value[-1:] in "}]":
            try:
                decoded = json.loads(value)
            except ValueError:
                return
            yield from _texts(decoded)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key)
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def unclean_texts(ports: Ports) -> list[str]:
    """Texts in the store that the free-text rule would refuse, or that are huge."""
    store = ports.uow
    found: list[str] = []
    if isinstance(store, SqlStore):
        with store.engine.connect() as connection:
            for table in sql_schema.metadata.sorted_tables:
                for row in connection.execute(sa.select(table)):
                    for value in row:
                        found += _judge(value)
    else:  # every object of the store is reached: only its texts are judged
        for item in reachable(store):
            if isinstance(item, str):
                found += _judge(item)
    return found


_ASCII_REFUSED = re.compile(r"[\x00-\x1f\x7f]")


def _judge(value: object) -> list[str]:
    faults = []
    for text in _texts(value):
        if len(text) > LONGEST_TEXT:
            faults.append(f"a text of {len(text)} characters: {text[:40]!r}")
        if text.isascii():
            bad = _ASCII_REFUSED.findall(text)
        else:
            bad = [c for c in text if _refused_character(c)]
        if bad:
            faults.append(f"{bad[:3]!r} in {text[:80]!r}")
    return faults


def _round_trip(value: Any) -> None:
    """The serializer writes ``value`` and reads the same back (stored, and checked)."""
    data = serialization.unstructure(value)
    json.dumps(data)
    again = serialization.structure_stored(data, type(value))
    assert serialization.unstructure(again) == data, type(value).__name__
    checked = serialization.structure(data, type(value))
    assert serialization.unstructure(checked) == data, type(value).__name__


def _pages(read: Callable[[str | None], tuple[list[Any], str | None]]) -> list[Any]:
    items: list[Any] = []
    after: str | None = None
    for _ in range(1000):
        page, after = read(after)
        items += page
        if after is None:
            return items
    raise AssertionError("a listing that never ends")


def _tolerated(problems: tuple[Problem, ...]) -> None:
    faults = [f for p in problems for f in problem_faults(p)]
    assert not faults, faults


def read_back(world: World, addresses: set[EmailAddress]) -> dict[str, int]:
    """Read everything back (see the module); answers how many things were read."""
    ports = world.ports
    read: dict[str, int] = {}
    report = verify_audit(ports)
    assert report.ok, report
    with ports.uow() as uow:
        mailboxes = []
        after: str | None = None
        while True:
            found = uow.mailboxes.addresses(after=after, limit=100)
            mailboxes += found
            if len(found) < 100:
                break
            after = str(found[-1])
        for address in mailboxes:
            mailbox = uow.mailboxes.get(address)
            assert mailbox is not None
            _round_trip(mailbox)
            delegations = uow.delegations.page(address, limit=10_000)
            for delegation in delegations:
                _round_trip(delegation)
                for old in uow.delegations.history(address, delegation.account):
                    _round_trip(old)
            for _, record in uow.messages.for_mailbox(address):
                _round_trip(record)
            read["mailboxes"] = read.get("mailboxes", 0) + 1
        for address in addresses | {
            ALICE, BOB, CLAIRE, CLAIRE2, CLAIRE3, DAN, EVE, FAY, GUS, AGENT, AGENT2,
        }:  # fmt: skip
            account = uow.accounts.get(address)
            if account is not None:
                _round_trip(account)
                read["accounts"] = read.get("accounts", 0) + 1
        for pending in uow.accounts.pending(limit=10_000):
            _round_trip(pending)
        entries = uow.audit.entries()
        for entry in entries:
            _round_trip(entry)
        read["audit entries"] = len(entries)
        raw = list(uow.audit.raw())
        assert len(raw) == len(entries)
    assert not (faults := unclean_texts(ports)), faults[:5]
    for address in {world.pharmacy} | (addresses & set(mailboxes)):
        with ports.uow() as uow:
            found_mailbox = uow.mailboxes.get(address)
        assert found_mailbox is not None
        responsible = HostAssertion(found_mailbox.responsible.account, sign_on="read-back")
        _public_reads(world, responsible, address)
    for address in (addresses - set(mailboxes)) | {ALICE}:
        _refusal_or(
            lambda address=address: _pages(
                lambda after: _trail(
                    read_account_trail(ports, world.agent, address, after=after, limit=50)
                )
            )
        )
    _refusal_or(
        lambda: _pages(
            lambda after: _paged(pending_accounts(ports, world.agent, after=after, limit=50))
        )
    )
    return read


def _trail(trail: Any) -> tuple[list[Any], str | None]:
    assert trail.verification.ok, trail.verification
    return list(trail.entries), trail.next


def _paged(page: Any) -> tuple[list[Any], str | None]:
    return list(page.items), page.next


def _refusal_or(read: Callable[[], object]) -> None:
    try:
        read()
    except DomainRefusal as refusal:
        _tolerated(refusal.problems)


def _public_reads(world: World, reader: HostAssertion, address: EmailAddress) -> None:
    ports = world.ports
    _refusal_or(lambda: show_mailbox(ports, reader, address))
    _refusal_or(
        lambda: _pages(
            lambda after: _members(list_members(ports, reader, address, after=after, limit=50))
        )
    )
    _refusal_or(
        lambda: _pages(
            lambda after: _trail(read_audit_trail(ports, reader, address, after=after, limit=50))
        )
    )
    _refusal_or(
        lambda: _pages(
            lambda after: _contents(
                read_mailbox(ports, reader, mailbox=address, after=after, limit=50)
            )
        )
    )


def _members(page: Any) -> tuple[list[Any], str | None]:
    return [*page.members, *page.to_review], page.next


def _contents(page: Any) -> tuple[list[Any], str | None]:
    return list(page.messages), page.next
