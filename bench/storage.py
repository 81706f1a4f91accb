"""One use case (a member granted, committed with its audit entries) on each adapter.

The in-memory adapter is the peer: the ratio is what durable storage costs. PostgreSQL is
measured too when a server URL is given in BALORG_BENCH_PG (e.g. postgresql+psycopg://...).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile

from _timing import best, report

from balorg.adapters.clock import ManualClock
from balorg.adapters.memory import (
    InMemoryCredentials,
    InMemoryDirectory,
    InMemoryNotifier,
    InMemoryStore,
)
from balorg.adapters.sql import SqlStore
from balorg.domain.addresses import EmailAddress
from balorg.domain.delegation import Capability
from balorg.ports import Password, UnitOfWorkFactory
from balorg.registration import validate_registration
from balorg.services import (
    Ports,
    Settings,
    approve_account,
    create_member_account,
    finish_registration,
    grant_member,
    register_mailbox,
    revoke_member,
)

FORM = {
    "shared_account": True,
    "generic_email": "pharmacieducentre@outlook.fr",
    "directory_label": {"last_name": "Pharmacie", "first_name": "Du Centre"},
    "structure": {
        "legal_name": "Pharmacie du Centre",
        "category": "pharmacie_officine",
        "finess": "010000024",
        "siret": None,
        "siren": None,
        "location": {"address": "1 place du Capitole", "postcode": "31000", "city": "Toulouse"},
    },
    "responsible": {
        "last_name": "Martin",
        "first_name": "Claire",
        "profession": "21",
        "identifier": "10001045367",
        "email": "claire@bench.mssante.fr",
    },
    "description": "Banc d'essai",
    "red_list": {"national_directory": False, "operator_directory": False},
}
AGENT = EmailAddress("agent@bench.mssante.fr")
CLAIRE = EmailAddress("claire@bench.mssante.fr")
ALICE = EmailAddress("alice@bench.mssante.fr")
BAL = EmailAddress("pharmacie@bench.mssante.fr")


def _ports(uow: UnitOfWorkFactory) -> Ports:
    return Ports(
        uow=uow,
        clock=ManualClock(dt.datetime(2026, 11, 22, tzinfo=dt.UTC)),
        notifier=InMemoryNotifier(),
        directory=InMemoryDirectory(),
        credentials=InMemoryCredentials(),
        settings=Settings(domains=("bench.mssante.fr",), service_centre=[AGENT]),
    )


def _prepare(ports: Ports) -> None:
    report_ = validate_registration(FORM, on=dt.date(2026, 11, 22))
    assert report_.registration is not None
    register_mailbox(ports, report_.registration, address=BAL, responsible_password=Password("pw"))
    create_member_account(
        ports,
        BAL,
        account=ALICE,
        first_name="Alice",
        last_name="B",
        password=Password("x"),
        by=CLAIRE,
    )
    finish_registration(ports, BAL, by=CLAIRE)
    approve_account(ports, CLAIRE, by=AGENT)
    approve_account(ports, ALICE, by=AGENT)
    revoke_member(ports, BAL, account=ALICE, by=CLAIRE, reason="bench")


def _cycle(ports: Ports) -> None:
    grant_member(ports, BAL, account=ALICE, by=CLAIRE, capabilities={Capability.READ})
    revoke_member(ports, BAL, account=ALICE, by=CLAIRE, reason="bench")


def main() -> None:
    memory = _ports(InMemoryStore())
    _prepare(memory)
    peer = best(lambda: _cycle(memory), number=20, repeat=3) / 2
    with tempfile.TemporaryDirectory() as tmp:
        store = SqlStore(f"sqlite:///{tmp}/bench.db")
        sqlite = _ports(store)
        _prepare(sqlite)
        ours = best(lambda: _cycle(sqlite), number=20, repeat=3) / 2
        report("grant or revoke, committed (SQLite)", ours, peer, "in-memory")
        store.dispose()
    url = os.environ.get("BALORG_BENCH_PG")
    if url:
        store = SqlStore(url)
        pg = _ports(store)
        _prepare(pg)
        ours = best(lambda: _cycle(pg), number=20, repeat=3) / 2
        report("grant or revoke, committed (PostgreSQL)", ours, peer, "in-memory")
        store.dispose()


if __name__ == "__main__":
    main()
