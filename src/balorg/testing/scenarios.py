"""Ready-made worlds for tests and examples: ports over an in-memory store, and the
first guide's pharmacy played through the services.

Needs neither pytest nor Hypothesis. Passwords are hashed at a very low cost here
(``ScryptHasher(n=2**4)``): for tests only, never for real accounts.

>>> world = pharmacy()
>>> world.mailbox.state.value
'active'
>>> sorted(str(m.account) for m in world.members())
['alice.bernard@contract.mssante.fr', 'claire.martin1@contract.mssante.fr']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from attrs import define, field

from balorg.adapters.clock import ManualClock
from balorg.adapters.memory import InMemoryNotifier, InMemoryPublisher, InMemoryStore
from balorg.domain.actors import HostAssertion, SessionToken, SystemActor
from balorg.domain.addresses import EmailAddress
from balorg.domain.mailbox import OrganisationalMailbox
from balorg.ports.credentials import Password
from balorg.ports.repositories import UnitOfWorkFactory
from balorg.registration import Registration
from balorg.services import (
    Delivery,
    Member,
    Ports,
    Settings,
    approve_account,
    authenticate,
    create_member_account,
    dispatch,
    enrol_agent,
    finish_registration,
    list_members,
    register_mailbox,
)
from balorg.services.passwords import ScryptHasher
from balorg.testing.examples import (
    EXAMPLE_DOMAIN,
    T0,
    example_address,
    example_professional,
    example_structure,
)

__all__ = [
    "AGENT",
    "CONSOLE",
    "TRANSPORT",
    "Pharmacy",
    "example_ports",
    "example_registration",
    "example_settings",
    "password_of",
    "pharmacy",
]

#: The service centre's agent of the examples, and the operator's own processes.
AGENT = example_address("agent.validation")
CONSOLE = SystemActor("operator-console")
TRANSPORT = SystemActor("mail-transport")
#: A cheap hash for tests (never for real accounts).
TEST_HASHER = ScryptHasher(n=2**4, r=1, p=1)


def password_of(address: EmailAddress) -> Password:
    """The password the examples give ``address`` (long enough for the policy)."""
    return Password(f"mot de passe de {address.local_part}")


def example_settings(**overrides: Any) -> Settings:
    """Operator settings for tests: the example operator's domains and the default limits."""
    values: dict[str, Any] = {"domains": (EXAMPLE_DOMAIN,), "service_centre": [AGENT]}
    values.update(overrides)
    return Settings(**values)


def example_ports(
    store: UnitOfWorkFactory | None = None, *, clock: ManualClock | None = None, **settings: Any
) -> Ports:
    """Ports over ``store`` (a new in-memory one by default), a manual clock at
    :data:`~balorg.testing.examples.T0`, the examples' settings and a cheap hasher."""
    return Ports(
        uow=store if store is not None else InMemoryStore(),
        clock=clock or ManualClock(T0),
        settings=example_settings(**settings),
        hasher=TEST_HASHER,
    )


def example_registration(n: int = 1, *, on: dt.date | None = None) -> Registration:
    """A valid registration of the pharmacy of structure ``n``."""
    from balorg.domain.mailbox import DirectoryLabel, RedList  # noqa: PLC0415

    return Registration(
        generic_email=EmailAddress(f"pharmacie{n}@outlook.fr"),
        label=DirectoryLabel(last_name="Pharmacie", first_name="Du Centre"),
        structure=example_structure(n),
        responsible=example_professional(n),
        description="Échanges de la pharmacie avec les médecins du quartier",
        red_list=RedList(),
        checked_on=on or T0.date(),
    )


@define
class Pharmacy:
    """The seed's pharmacy, live: Claire responsible, Alice a member, an agent."""

    ports: Ports
    address: EmailAddress
    claire: SessionToken
    alice: SessionToken
    agent: HostAssertion
    notifier: InMemoryNotifier = field(factory=InMemoryNotifier)
    publisher: InMemoryPublisher = field(factory=InMemoryPublisher)

    @property
    def mailbox(self) -> OrganisationalMailbox:
        with self.ports.uow() as uow:
            found = uow.mailboxes.get(self.address)
        assert found is not None
        return found

    def members(self) -> Iterable[Member]:
        return list_members(self.ports, self.claire, self.address).members

    def deliver(self) -> None:
        """Run the outbox once into the in-memory notifier and publisher."""
        dispatch(self.ports, Delivery(notifier=self.notifier, publishers=[self.publisher]))


def pharmacy(ports: Ports | None = None, *, n: int = 1) -> Pharmacy:
    """Register the pharmacy of structure ``n`` through the services, attach Alice (a
    new account), finish, have the agent approve both accounts, and log both in."""
    ports = ports or example_ports()
    agent = AGENT
    with ports.uow() as uow:
        known = uow.accounts.get(agent) is not None
    if not known:
        enrol_agent(
            ports,
            CONSOLE,
            agent,
            first_name="Agent",
            last_name="Validation",
            password=password_of(agent),
        )
    registration = example_registration(n)
    address = example_address(f"pharmacie{n}" if n > 1 else "pharmacie")
    responsible = registration.responsible.email
    registered = register_mailbox(
        ports, registration, address=address, password=password_of(responsible)
    )
    assert registered.session is not None
    claire = registered.session.token
    alice = example_address("alice.bernard" if n == 1 else f"alice.bernard{n}")
    create_member_account(
        ports,
        claire,
        address,
        account=alice,
        first_name="Alice",
        last_name="Bernard",
        password=password_of(alice),
    )
    finish_registration(ports, claire, address)
    assertion = HostAssertion(agent, sign_on="carte-cps")
    approve_account(ports, assertion, responsible)
    approve_account(ports, assertion, alice)
    claire_session = authenticate(ports, responsible, password_of(responsible)).token
    alice_session = authenticate(ports, alice, password_of(alice)).token
    return Pharmacy(
        ports=ports, address=address, claire=claire_session, alice=alice_session, agent=assertion
    )
