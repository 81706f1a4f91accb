"""Creating an organisational mailbox (first guide), through the services.

Steps 1 to 11 are the form (:func:`balorg.registration.validate_registration`); its
result is registered by the responsible, who signs up or proves who they are; step 12
attaches existing accounts (with their owner's password) and creates new ones (waiting
for the service centre); "Terminer" makes the mailbox go live once the responsible's
account is validated.
"""

from __future__ import annotations

import attrs
import pytest
from tests.unit.services.support import Trail, member, outbox, refused

from balorg.domain.account import AccountState
from balorg.domain.actors import HostAssertion
from balorg.domain.addresses import EmailAddress
from balorg.domain.capabilities import Capability
from balorg.domain.delegation import DelegationState
from balorg.domain.mailbox import LifecycleState, RedList
from balorg.domain.publication import DirectoryKind, Insert
from balorg.ports.credentials import Password
from balorg.services import (
    attach_existing_account,
    authenticate,
    create_member_account,
    finish_registration,
    list_members,
    register_mailbox,
)
from balorg.testing.examples import example_address
from balorg.testing.scenarios import (
    Pharmacy,
    example_ports,
    example_registration,
    password_of,
    pharmacy,
)

CLAIRE = example_registration().responsible.email
PHARMACIE = example_address("pharmacie")


def test_a_registrant_without_an_account_signs_up_and_waits_for_the_service_centre() -> None:
    ports = example_ports()
    registration = example_registration()

    registered = register_mailbox(
        ports, registration, address=PHARMACIE, password=password_of(CLAIRE)
    )

    mailbox = registered.mailbox
    assert (mailbox.state, mailbox.responsible.account) == (LifecycleState.PENDING, CLAIRE)
    assert (mailbox.label, mailbox.structure) == (registration.label, registration.structure)
    with ports.uow() as uow:
        account = uow.accounts.get(CLAIRE)
        assert uow.credentials.get(CLAIRE) is not None  # committed with the account
    assert account is not None
    assert account.state is AccountState.PENDING_VALIDATION
    assert account.professional == registration.responsible.idnat  # declared identity
    assert (account.first_name, account.last_name) == ("Claire", "Martin1")
    assert registered.session is not None
    assert outbox(ports) == []  # nothing is published before it goes live


def test_a_registrant_with_an_account_proves_it_with_the_password() -> None:
    world = pharmacy()
    trail = Trail(world.ports)
    with refused("credentials.invalid"):
        register_mailbox(
            world.ports,
            example_registration(),
            address=example_address("pharmacie.bis"),
            password=Password("pas le bon mot de passe"),
        )
    assert trail.one().auth == "password"

    registered = register_mailbox(
        world.ports,
        example_registration(),
        address=example_address("pharmacie.bis"),
        password=password_of(CLAIRE),
    )
    entry = trail.one()
    assert (entry.actor, entry.auth) == (str(CLAIRE), "password")
    assert registered.session is not None
    assert registered.mailbox.state is LifecycleState.PENDING


def test_only_the_responsible_registers_their_mailbox(world: Pharmacy) -> None:
    with refused("registration.not_responsible"):
        register_mailbox(
            world.ports,
            example_registration(),
            address=example_address("pharmacie.bis"),
            actor=world.alice,
        )


@pytest.mark.parametrize(
    ("address", "code"),
    [
        (EmailAddress("pharmacie@ailleurs.mssante.fr"), "address.not_operator_domain"),
        (PHARMACIE, "address.taken"),  # another mailbox's
        (example_address("alice.bernard"), "address.taken"),  # a person's
    ],
)
def test_the_mailbox_address_is_one_the_operator_may_hand_out(
    world: Pharmacy, address: EmailAddress, code: str
) -> None:
    with refused(code):
        register_mailbox(world.ports, example_registration(), address=address, actor=world.claire)


def test_the_responsible_registers_from_a_nominative_address_not_a_mailboxs() -> None:
    world = pharmacy()
    registration = example_registration(2)
    registration = attrs.evolve(
        registration, responsible=attrs.evolve(registration.responsible, email=world.address)
    )
    with refused("address.taken"):
        register_mailbox(
            world.ports,
            registration,
            address=example_address("pharmacie2"),
            password=password_of(CLAIRE),
        )


def test_a_refused_sign_up_leaves_nothing() -> None:
    ports = example_ports()
    with refused("password.not_utf8"):
        register_mailbox(
            ports,
            example_registration(),
            address=PHARMACIE,
            password=Password("claire\udcffpw mot de passe"),
        )
    with ports.uow() as uow:
        assert uow.accounts.get(CLAIRE) is None
        assert uow.credentials.get(CLAIRE) is None
        assert uow.mailboxes.get(PHARMACIE) is None


def test_register_mailbox_needs_a_password_or_an_actor() -> None:
    with pytest.raises(TypeError, match="password"):
        register_mailbox(example_ports(), example_registration(), address=PHARMACIE)


# -- step 12: the people who will use the mailbox -------------------------------------------------


def test_je_veux_creer_un_nouveau_compte_nominatif(world: Pharmacy) -> None:
    bob = example_address("bob.dupont")
    created = create_member_account(
        world.ports,
        world.claire,
        world.address,
        account=bob,
        first_name="  Bob ",
        last_name="Dupont",
        password=password_of(bob),
    )
    assert (created.state, created.created_by) == (
        AccountState.PENDING_VALIDATION,
        world.mailbox.responsible.account,
    )
    assert (created.first_name, created.last_name) == ("Bob", "Dupont")
    listed = {m.account: m for m in list_members(world.ports, world.claire, world.address).members}
    assert listed[bob].state is DelegationState.PENDING_VALIDATION
    with refused("access.account_not_active"):
        authenticate(world.ports, bob, password_of(bob))


@pytest.mark.parametrize(
    ("address", "code"),
    [
        (EmailAddress("bob@gmail.com"), "address.not_operator_domain"),
        (example_address("alice.bernard"), "address.taken"),
        (PHARMACIE, "address.taken"),
    ],
)
def test_a_new_account_gets_a_free_address_of_the_operator(
    world: Pharmacy, address: EmailAddress, code: str
) -> None:
    with refused(code):
        create_member_account(
            world.ports,
            world.claire,
            world.address,
            account=address,
            first_name="Bob",
            last_name="Dupont",
            password=password_of(example_address("bob")),
        )


def test_je_veux_associer_un_compte_nominatif_existant(world: Pharmacy) -> None:
    """The person types their own address and password: their consent."""
    other = pharmacy(world.ports, n=2)
    alice2 = example_address("alice.bernard2")
    with refused("credentials.invalid"):
        attach_existing_account(
            world.ports, world.claire, world.address, account=alice2, password=Password("devinée")
        )

    attached = attach_existing_account(
        world.ports,
        world.claire,
        world.address,
        account=alice2,
        password=password_of(alice2),
        capabilities=["read"],
    )

    assert (attached.account, attached.state) == (alice2, DelegationState.ACTIVE)
    assert attached.capabilities == frozenset({Capability.READ})
    assert other.address != world.address


def test_an_attached_account_still_waiting_for_validation_waits_on_the_mailbox_too(
    world: Pharmacy,
) -> None:
    waiting = pharmacy(world.ports, n=2)
    bob = member(waiting, "bob.dupont", approve=False)
    attached = attach_existing_account(
        world.ports, world.claire, world.address, account=bob, password=password_of(bob)
    )
    assert attached.state is DelegationState.PENDING_VALIDATION


def test_the_responsible_attaches_people_before_being_validated() -> None:
    ports = example_ports()
    registered = register_mailbox(
        ports, example_registration(), address=PHARMACIE, password=password_of(CLAIRE)
    )
    assert registered.session is not None
    claire = registered.session.token
    bob = example_address("bob.dupont")
    create_member_account(
        ports,
        claire,
        PHARMACIE,
        account=bob,
        first_name="Bob",
        last_name="Dupont",
        password=password_of(bob),
    )
    assert [m.account for m in list_members(ports, claire, PHARMACIE).members] == [CLAIRE, bob]


# -- "Terminer" -----------------------------------------------------------------------------------


def test_terminer_by_a_validated_responsible_makes_the_mailbox_live_and_published(
    world: Pharmacy,
) -> None:
    bis = example_address("pharmacie.bis")
    both = RedList(national_directory=True, operator_directory=True)  # step 10, both boxes
    registration = attrs.evolve(example_registration(), red_list=both)
    register_mailbox(world.ports, registration, address=bis, actor=world.claire)
    before = len(outbox(world.ports, "directory"))

    assert finish_registration(world.ports, world.claire, bis) is True

    world.deliver()
    national = world.publisher.entries[DirectoryKind.NATIONAL][bis]
    assert national.red_listed is True  # transmitted, marked
    assert bis not in world.publisher.entries[DirectoryKind.OPERATOR]  # hidden there
    inserts = [
        c
        for c in world.publisher.applied
        if c.address == bis and isinstance(c.operations[0], Insert)
    ]
    assert [c.directory for c in inserts] == [DirectoryKind.NATIONAL]
    assert len(outbox(world.ports, "directory")) == before + 1
    with refused("access.mailbox_state"):
        finish_registration(world.ports, world.claire, bis)


def test_terminer_is_the_responsibles_own(world: Pharmacy) -> None:
    bis = example_address("pharmacie.bis")
    register_mailbox(world.ports, example_registration(), address=bis, actor=world.claire)
    for actor in (world.alice, world.agent):
        with refused("access.responsible_only"):
            finish_registration(world.ports, actor, bis)
    host = HostAssertion(CLAIRE, sign_on="pro-sante-connect")
    assert finish_registration(world.ports, host, bis) is True
