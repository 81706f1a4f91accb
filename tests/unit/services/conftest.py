"""A small world on the in-memory adapters: a pharmacy, its responsible, an agent."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import pytest

from balorg.adapters.clock import ManualClock
from balorg.adapters.memory import (
    InMemoryCredentials,
    InMemoryDirectory,
    InMemoryNotifier,
    InMemoryStore,
)
from balorg.domain.account import ConnectionAccount
from balorg.domain.addresses import EmailAddress
from balorg.domain.audit import AuditEntry
from balorg.domain.delegation import Capability
from balorg.domain.errors import DomainRefusal
from balorg.domain.mailbox import DirectoryLabel, OrganisationalMailbox, RedList
from balorg.domain.professional import Professional
from balorg.ports import Password
from balorg.registration import Registration
from balorg.services import (
    Ports,
    Settings,
    approve_account,
    create_member_account,
    finish_registration,
    register_mailbox,
)
from balorg.testing.contracts import example_professional, example_structure, mailbox_fields

DOMAIN = "pharmacie.mssante.fr"
T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def addr(local: str, domain: str = DOMAIN) -> EmailAddress:
    return EmailAddress(f"{local}@{domain}")


AGENT = addr("agent", "esante-occitanie.fr")
CLAIRE = addr("claire.martin")
PHARMACIE = addr("pharmacie")
CORRESPONDENT = addr("dr.house", "hopital.mssante.fr")
CLAIRE_PASSWORD = "claire-Secret-1"


class World:
    """Ports on in-memory adapters, a manual clock, and helpers to inspect them."""

    t0 = T0
    agent = AGENT
    claire = CLAIRE
    pharmacie = PHARMACIE
    correspondent = CORRESPONDENT
    claire_password = CLAIRE_PASSWORD
    addr = staticmethod(addr)

    def __init__(self) -> None:
        self.clock = ManualClock(T0)
        self.store = InMemoryStore()
        self.notifier = InMemoryNotifier()
        self.directory = InMemoryDirectory()
        self.credentials = InMemoryCredentials()
        self.ports = Ports(
            uow=self.store,
            clock=self.clock,
            notifier=self.notifier,
            directory=self.directory,
            credentials=self.credentials,
            settings=Settings(domains=(DOMAIN,), service_centre=[AGENT]),
        )

    # -- building -----------------------------------------------------------------------

    def professional(self, n: int = 1, email: EmailAddress = CLAIRE) -> Professional:
        return example_professional(n, email=email)

    def registration(
        self,
        *,
        responsible: Professional | None = None,
        description: str = "Échanges de la pharmacie avec les médecins du quartier",
        red_list: RedList | None = None,
    ) -> Registration:
        return Registration(
            generic_email=EmailAddress("pharmacieducentre@outlook.fr"),
            label=DirectoryLabel(last_name="Pharmacie", first_name="Du Centre"),
            structure=example_structure(),
            responsible=responsible or self.professional(),
            description=description,
            red_list=red_list or RedList(),
            checked_on=self.clock.now().date(),
        )

    def register(
        self,
        address: EmailAddress = PHARMACIE,
        *,
        red_list: RedList | None = None,
        password: str = CLAIRE_PASSWORD,
    ) -> EmailAddress:
        register_mailbox(
            self.ports,
            self.registration(red_list=red_list),
            address=address,
            responsible_password=Password(password),
        )
        return address

    def open_mailbox(
        self, address: EmailAddress = PHARMACIE, *, red_list: RedList | None = None
    ) -> EmailAddress:
        """Registered, finished, and the responsible's account approved."""
        self.register(address, red_list=red_list)
        finish_registration(self.ports, address, by=CLAIRE)
        if self.account(CLAIRE).state.value == "pending_validation":
            approve_account(self.ports, CLAIRE, by=AGENT)
        return address

    def add_member(
        self,
        local: str,
        *,
        mailbox: EmailAddress = PHARMACIE,
        capabilities: Iterable[Capability] | None = None,
        expires_at: dt.datetime | None = None,
        approve: bool = True,
        by: EmailAddress = CLAIRE,
    ) -> EmailAddress:
        member = addr(local)
        create_member_account(
            self.ports,
            mailbox,
            account=member,
            first_name=local.title(),
            last_name="Durand",
            password=Password(f"{local}-password"),
            by=by,
            capabilities=capabilities,
            expires_at=expires_at,
        )
        if approve:
            approve_account(self.ports, member, by=AGENT)
        return member

    # -- inspecting -----------------------------------------------------------------------

    def mailbox(self, address: EmailAddress = PHARMACIE) -> OrganisationalMailbox:
        with self.store() as uow:
            found = uow.mailboxes.get(address)
        assert found is not None
        return found

    def account(self, address: EmailAddress) -> ConnectionAccount:
        with self.store() as uow:
            found = uow.accounts.get(address)
        assert found is not None
        return found

    def audit(self) -> list[AuditEntry]:
        return list(self.store.audit)

    def mark(self) -> int:
        return len(self.store.audit)

    def since(self, mark: int) -> list[AuditEntry]:
        return self.store.audit[mark:]

    def actions_since(self, mark: int) -> list[tuple[str, str | None, str, bool]]:
        """(actor, mailbox, action, allowed) of each entry since ``mark``."""
        return [(e.actor, e.mailbox, e.action, e.allowed) for e in self.since(mark)]

    def snapshot(self) -> Any:
        """Everything stored anywhere but the audit trail."""
        mailboxes = {a: (mailbox_fields(m), m.version) for a, m in self.store.mailboxes.items()}
        accounts = {
            a: (
                {
                    name: getattr(m, name)
                    for name in (
                        "state",
                        "default_mailbox",
                        "notices",
                        "decided_by",
                        "decided_at",
                        "decision_reason",
                        "first_name",
                        "last_name",
                    )
                },
                m.version,
            )
            for a, m in self.store.accounts.items()
        }
        return copy.deepcopy(
            (
                mailboxes,
                accounts,
                list(self.store.messages),
                {k: dict(v) for k, v in self.directory.published.items()},
                list(self.notifier.sent),
                sorted(str(a) for a in self.credentials._hashes),
            )
        )

    def refused(
        self,
        call: Callable[[], object],
        *codes: str,
        actor: EmailAddress,
        action: str,
        mailbox: EmailAddress | None,
    ) -> AuditEntry:
        """``call`` is refused with exactly ``codes``, changes nothing, and leaves one
        refusal entry naming ``actor``, ``action`` and ``mailbox``."""
        before, mark = self.snapshot(), self.mark()
        with pytest.raises(DomainRefusal) as caught:
            call()
        assert [p.code for p in caught.value.problems] == list(codes)
        assert self.snapshot() == before, "a refused use case changed something"
        [entry] = self.since(mark)
        assert entry.allowed is False
        assert entry.reasons == codes
        assert entry.actor == str(actor)
        assert entry.action == action
        assert entry.mailbox == (str(mailbox) if mailbox is not None else None)
        return entry


@pytest.fixture
def world() -> World:
    return World()


@pytest.fixture
def pharmacy(world: World) -> World:
    """An active pharmacy mailbox with Claire responsible (approved) and Alice, a
    member who may read and send (approved)."""
    world.open_mailbox()
    world.add_member("alice")
    return world
