"""The service centre validates new nominative accounts (first guide: "48 à 72 heures").

Its agents are nominative accounts named in the operator's settings; nobody validates
an account they created or sponsored (issue 10.7); each decision is told to the person
through the outbox, and the account's waiting delegations and mailboxes follow it.
"""

from __future__ import annotations

import datetime as dt

import attrs
from tests.unit.services.support import Trail, clock_of, login, member, refused

from balorg.domain.account import AccountState
from balorg.domain.actors import HostAssertion
from balorg.domain.delegation import DelegationState
from balorg.domain.mail import ValidationNotice
from balorg.domain.mailbox import LifecycleState
from balorg.services import (
    approve_account,
    enrol_agent,
    finish_registration,
    grant_member,
    list_members,
    pending_accounts,
    register_mailbox,
    reject_account,
)
from balorg.testing.examples import example_address, example_professional
from balorg.testing.scenarios import (
    AGENT,
    CONSOLE,
    Pharmacy,
    example_ports,
    example_registration,
    password_of,
    pharmacy,
)

AGENT2 = example_address("agent.second")
BOB = example_address("bob.dupont")
MANAGE = ["read", "send", "manage_members"]


def two_agents() -> tuple[Pharmacy, HostAssertion]:
    """The pharmacy, with a second agent enrolled by the operator's console."""
    world = pharmacy(example_ports(service_centre=[AGENT, AGENT2]))
    enrol_agent(
        world.ports,
        CONSOLE,
        AGENT2,
        first_name="Second",
        last_name="Agent",
        password=password_of(AGENT2),
    )
    return world, HostAssertion(AGENT2, sign_on="carte-cps")


def account_state(world: Pharmacy, address: object) -> AccountState:
    with world.ports.uow() as uow:
        account = uow.accounts.get(address)  # type: ignore[arg-type]
    assert account is not None
    return account.state


# -- nobody validates an account they created or sponsored ----------------------------------------


def test_an_agent_never_approves_an_account_they_created() -> None:
    world, second = two_agents()
    grant_member(
        world.ports,
        world.claire,
        world.address,
        account=AGENT,
        capabilities=MANAGE,
    )
    agent = login(world.ports, AGENT)
    member(world, "bob.dupont", approve=False, by=agent)

    with refused("service_centre.sponsor"):
        approve_account(world.ports, world.agent, BOB)
    with refused("service_centre.sponsor"):
        reject_account(world.ports, agent, BOB, reason="doublon")
    approve_account(world.ports, second, BOB)
    assert account_state(world, BOB) is AccountState.ACTIVE


def test_an_agent_never_approves_an_account_they_granted_access_to() -> None:
    world, second = two_agents()
    other = pharmacy(world.ports, n=2)
    grant_member(
        world.ports,
        other.claire,
        other.address,
        account=AGENT,
        capabilities=MANAGE,
    )
    member(world, "bob.dupont", approve=False)  # created by Claire on the first pharmacy
    grant_member(world.ports, login(world.ports, AGENT), other.address, account=BOB)

    with refused("service_centre.sponsor"):
        approve_account(world.ports, world.agent, BOB)
    approve_account(world.ports, second, BOB)


def test_an_agent_never_approves_an_account_waiting_on_a_mailbox_they_are_responsible_for() -> None:
    world, second = two_agents()
    agent = world.agent
    registration = attrs.evolve(
        example_registration(5), responsible=example_professional(5, email=AGENT)
    )
    mailbox = register_mailbox(
        world.ports, registration, address=example_address("pharmacie5"), actor=agent
    ).mailbox.address
    grant_member(
        world.ports,
        agent,
        mailbox,
        account=example_address("alice.bernard"),
        capabilities=MANAGE,
    )
    member(world, "bob.dupont", approve=False)  # created by Claire on the first pharmacy
    grant_member(world.ports, world.alice, mailbox, account=BOB, capabilities=["read"])

    with refused("service_centre.sponsor"):
        approve_account(world.ports, agent, BOB)
    approve_account(world.ports, second, BOB)


def test_an_agent_never_approves_their_own_account() -> None:
    """The second agent signed up as a responsible before being enrolled."""
    world = pharmacy(example_ports(service_centre=[AGENT, AGENT2]))
    registration = attrs.evolve(
        example_registration(4), responsible=example_professional(4, email=AGENT2)
    )
    register_mailbox(
        world.ports,
        registration,
        address=example_address("pharmacie4"),
        password=password_of(AGENT2),
    )
    with refused("service_centre.own_account"):
        approve_account(world.ports, HostAssertion(AGENT2, sign_on="carte-cps"), AGENT2)
    approve_account(world.ports, world.agent, AGENT2)


def test_only_the_service_centres_agents_decide(world: Pharmacy) -> None:
    member(world, "bob.dupont", approve=False)
    for actor in (world.claire, world.alice):
        with refused("service_centre.not_agent"):
            approve_account(world.ports, actor, BOB)
        with refused("service_centre.not_agent"):
            reject_account(world.ports, actor, BOB, reason="non")
        with refused("service_centre.not_agent"):
            pending_accounts(world.ports, actor)


# -- the list of accounts waiting, and the decisions ----------------------------------------------


def test_pending_accounts_come_oldest_first_with_their_deadline(world: Pharmacy) -> None:
    clock = clock_of(world.ports)
    delay = world.ports.settings.validation_delay
    member(world, "bob.dupont", approve=False)
    first = clock.now()
    clock.advance(hours=1)
    claire = login(world.ports, world.mailbox.responsible.account)
    member(world, "dan.petit", approve=False, by=claire)

    page = pending_accounts(world.ports, world.agent)

    assert [p.account.address for p in page] == [BOB, example_address("dan.petit")]
    oldest = page.items[0]
    assert (oldest.created_at, oldest.deadline, oldest.overdue) == (first, first + delay, False)
    clock.set(first + delay + dt.timedelta(seconds=1))
    overdue = [p.overdue for p in pending_accounts(world.ports, world.agent)]
    assert overdue == [True, False]


def test_approving_activates_the_account_its_delegations_and_tells_the_person(
    world: Pharmacy,
) -> None:
    member(world, "bob.dupont", approve=False)
    trail = Trail(world.ports)

    approved = approve_account(world.ports, world.agent, BOB)

    assert approved.state is AccountState.ACTIVE
    assert (approved.decided_by, approved.decided_at) == (AGENT, world.ports.clock.now())
    entry = trail.one()
    assert entry.mentions == (str(world.address),)  # the delegation it activated
    listed = {m.account: m for m in list_members(world.ports, world.claire, world.address).members}
    assert listed[BOB].state is DelegationState.ACTIVE
    world.deliver()
    [notice] = [n for n in world.notifier.sent if isinstance(n, ValidationNotice) and n.to == BOB]
    assert (notice.approved, notice.reason) == (True, None)
    assert pending_accounts(world.ports, world.agent).items == ()


def test_rejecting_needs_a_reason_revokes_the_delegations_and_tells_the_person(
    world: Pharmacy,
) -> None:
    member(world, "bob.dupont", approve=False)
    with refused("field.required"):
        reject_account(world.ports, world.agent, BOB, reason="")

    rejected = reject_account(world.ports, world.agent, BOB, reason="  identité non vérifiée ")

    assert (rejected.state, rejected.decision_reason) == (
        AccountState.REJECTED,
        "identité non vérifiée",
    )
    listed = {m.account: m for m in list_members(world.ports, world.claire, world.address).members}
    assert listed[BOB].state is DelegationState.REVOKED
    world.deliver()
    [notice] = [n for n in world.notifier.sent if isinstance(n, ValidationNotice) and n.to == BOB]
    assert (notice.approved, notice.reason) == (False, "identité non vérifiée")
    with refused("account.not_pending"):
        approve_account(world.ports, world.agent, BOB)


def test_a_mailbox_goes_live_when_its_responsible_is_approved_after_terminer() -> None:
    ports = example_ports()
    enrol_agent(ports, CONSOLE, AGENT, first_name="A", last_name="V", password=password_of(AGENT))
    registration = example_registration()
    registered = register_mailbox(
        ports,
        registration,
        address=example_address("pharmacie"),
        password=password_of(registration.responsible.email),
    )
    assert registered.session is not None
    address = registered.mailbox.address
    assert finish_registration(ports, registered.session.token, address) is False  # not yet

    approve_account(
        ports, HostAssertion(AGENT, sign_on="carte-cps"), registration.responsible.email
    )

    with ports.uow() as uow:
        mailbox = uow.mailboxes.get(address)
    assert mailbox is not None
    assert mailbox.state is LifecycleState.ACTIVE


def test_a_pending_mailbox_closes_when_its_responsible_is_rejected() -> None:
    ports = example_ports()
    enrol_agent(ports, CONSOLE, AGENT, first_name="A", last_name="V", password=password_of(AGENT))
    registration = example_registration()
    registered = register_mailbox(
        ports,
        registration,
        address=example_address("pharmacie"),
        password=password_of(registration.responsible.email),
    )
    reject_account(
        ports,
        HostAssertion(AGENT, sign_on="carte-cps"),
        registration.responsible.email,
        reason="faux",
    )
    with ports.uow() as uow:
        mailbox = uow.mailboxes.get(registered.mailbox.address)
    assert mailbox is not None
    assert mailbox.state is LifecycleState.CLOSED
