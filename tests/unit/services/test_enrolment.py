"""Credentials never apart from their account (issue 8.3), and never anywhere in clear.

With the host's own credential service (``Ports(identity=...)``) a new account is
"credential pending" until the service takes its password: it cannot log in, it is
listed for the host's job, which retries or cancels the enrolment. Whatever happens,
no password ever appears in an exception, a repr, the audit trail, the outbox or the
store.
"""

from __future__ import annotations

import json
import pickle
from typing import Any

import attrs
import pytest
from tests.unit.services.support import (
    Trail,
    clock_of,
    leaks,
    login,
    member,
    refused,
    store_of,
)

from balorg.adapters.memory import InMemoryCredentials
from balorg.domain.account import AccountState
from balorg.domain.actors import HostAssertion
from balorg.domain.delegation import DelegationState
from balorg.domain.errors import DomainRefusal
from balorg.domain.mailbox import LifecycleState
from balorg.ports.credentials import Password
from balorg.services import (
    approve_account,
    attach_existing_account,
    authenticate,
    cancel_enrolment,
    change_password,
    create_member_account,
    credential_pending_accounts,
    enrol_agent,
    grant_member,
    list_members,
    register_mailbox,
    retry_enrolment,
    start_session,
)
from balorg.testing.examples import example_address
from balorg.testing.scenarios import (
    CONSOLE,
    Pharmacy,
    example_ports,
    example_registration,
    password_of,
    pharmacy,
)

BOB = example_address("bob.dupont")


def external() -> tuple[Pharmacy, InMemoryCredentials]:
    identity = InMemoryCredentials()
    return pharmacy(attrs.evolve(example_ports(), identity=identity)), identity


def pending_bob(world: Pharmacy, identity: InMemoryCredentials) -> None:
    """Bob's account is created while the host's credential service is down."""
    identity.fail = True
    member(world, "bob.dupont", approve=False)
    identity.fail = False


def account(world: Pharmacy, address: object) -> Any:
    with world.ports.uow() as uow:
        return uow.accounts.get(address)  # type: ignore[arg-type]


# -- credential pending ---------------------------------------------------------------------------


def test_a_new_account_waits_credential_pending_until_the_service_takes_the_password() -> None:
    world, identity = external()
    trail = Trail(world.ports)
    member(world, "bob.dupont", approve=False)

    entries = {e.action: e for e in trail.new()}
    created, confirmed = entries["create_member_account"], entries["confirm_enrolment"]
    assert created.details["events"][0]["type"] == "AccountCreated"
    assert created.details["events"][0]["credential_pending"] is True
    assert (confirmed.action, confirmed.actor) == (
        "confirm_enrolment",
        "system:credential-enrolment",
    )
    assert account(world, BOB).credential_pending is False
    assert identity.verify(BOB, password_of(BOB))
    with world.ports.uow() as uow:
        assert uow.credentials.get(BOB) is None  # balorg kept no hash of its own


def test_while_the_service_is_down_the_account_stays_pending_and_cannot_log_in() -> None:
    world, identity = external()
    pending_bob(world, identity)
    approve_account(world.ports, world.agent, BOB)

    assert [a.address for a in credential_pending_accounts(world.ports)] == [BOB]
    with refused("credentials.invalid"):
        authenticate(world.ports, BOB, password_of(BOB))
    with refused("access.credential_pending"):
        start_session(world.ports, HostAssertion(BOB, sign_on="pro-sante-connect"))

    assert retry_enrolment(world.ports, BOB, password_of(BOB)) is True

    assert credential_pending_accounts(world.ports) == []
    assert authenticate(world.ports, BOB, password_of(BOB)).view.account == BOB


def test_a_retry_while_the_service_is_still_down_changes_nothing() -> None:
    world, identity = external()
    pending_bob(world, identity)
    identity.fail = True
    assert retry_enrolment(world.ports, BOB, password_of(BOB)) is False
    assert [a.address for a in credential_pending_accounts(world.ports)] == [BOB]


def test_a_retry_never_replaces_a_password_the_service_already_holds() -> None:
    world, identity = external()
    member(world, "bob.dupont")
    assert retry_enrolment(world.ports, BOB, Password("un autre mot de passe long")) is False
    assert identity.verify(BOB, password_of(BOB))


def test_a_retry_takes_a_password_only_as_a_password() -> None:
    world, identity = external()
    pending_bob(world, identity)
    with pytest.raises(TypeError, match="Password"):
        retry_enrolment(world.ports, BOB, "un mot de passe en clair")  # type: ignore[arg-type]
    assert [a.address for a in credential_pending_accounts(world.ports)] == [BOB]


def test_a_retry_confirms_an_account_whose_password_the_service_took_before_a_crash() -> None:
    world, identity = external()
    pending_bob(world, identity)
    identity.enrol(BOB, password_of(BOB))  # taken; the process died before confirming
    approve_account(world.ports, world.agent, BOB)
    with refused("access.credential_pending"):
        authenticate(world.ports, BOB, password_of(BOB))

    assert retry_enrolment(world.ports, BOB, password_of(BOB)) is True
    assert credential_pending_accounts(world.ports) == []


def test_cancelling_an_enrolment_gives_the_account_up_and_ends_what_waited_for_it() -> None:
    world, identity = external()
    pending_bob(world, identity)
    trail = Trail(world.ports)

    cancelled = cancel_enrolment(world.ports, CONSOLE, BOB)

    assert cancelled.state is AccountState.CANCELLED
    entry = trail.one()
    assert (entry.action, entry.actor, entry.account) == (
        "cancel_enrolment",
        "system:operator-console",
        str(BOB),
    )
    assert credential_pending_accounts(world.ports) == []
    listed = {m.account: m for m in list_members(world.ports, world.claire, world.address).members}
    assert listed[BOB].state is DelegationState.REVOKED
    with refused("account.not_pending"):
        approve_account(world.ports, world.agent, BOB)
    with refused("account.rejected"):
        grant_member(world.ports, world.claire, world.address, account=BOB)


def test_an_enrolment_is_cancelled_once() -> None:
    world, identity = external()
    pending_bob(world, identity)
    cancel_enrolment(world.ports, CONSOLE, BOB)
    trail = Trail(world.ports)
    with refused("account.credential_not_pending"):
        cancel_enrolment(world.ports, CONSOLE, BOB)
    assert trail.one().allowed is False


def test_an_agent_may_cancel_an_enrolment_but_not_of_an_account_they_sponsored() -> None:
    world, identity = external()
    pending_bob(world, identity)
    with refused("service_centre.not_agent"):
        cancel_enrolment(world.ports, world.claire, BOB)
    cancel_enrolment(world.ports, world.agent, BOB)


def test_cancelling_the_responsibles_enrolment_closes_the_pending_mailbox() -> None:
    identity = InMemoryCredentials()
    ports = attrs.evolve(example_ports(), identity=identity)
    registration = example_registration()
    claire = registration.responsible.email
    identity.fail = True
    registered = register_mailbox(
        ports, registration, address=example_address("pharmacie"), password=password_of(claire)
    )
    cancel_enrolment(ports, CONSOLE, claire)
    with ports.uow() as uow:
        mailbox = uow.mailboxes.get(registered.mailbox.address)
    assert mailbox is not None
    assert mailbox.state is LifecycleState.CLOSED


def test_enrolment_needs_the_hosts_credential_service(world: Pharmacy) -> None:
    with pytest.raises(TypeError, match="identity"):
        retry_enrolment(world.ports, BOB, password_of(BOB))
    with pytest.raises(TypeError, match="EmailAddress"):
        retry_enrolment(world.ports, str(BOB), password_of(BOB))  # type: ignore[arg-type]


# -- no password anywhere -------------------------------------------------------------------------

SECRETS = [
    "Zèbre violet secret numéro 42",
    "Correct Horse Battery Staple!",
    "court",
    "motdepasse123",
    "mot de passe\x00caché ici",
    "mot de passe \udcff non utf-8",
    "nouveau secret de Claire 2026",
    "mauvaise devinette 0123",
]


def test_no_password_ever_appears_in_errors_the_trail_the_outbox_or_the_store() -> None:
    identity = InMemoryCredentials()
    ports = attrs.evolve(example_ports(), identity=identity)
    world = pharmacy(ports)
    local = pharmacy(example_ports())  # balorg keeping the hashes itself
    refusals: list[DomainRefusal] = []

    def attempt(call: Any) -> None:
        try:
            call()
        except DomainRefusal as refusal:
            refusals.append(refusal)

    for where in (world, local):
        p = where.ports
        for n, secret in enumerate(SECRETS):
            person = example_address(f"personne{n}")
            attempt(
                lambda p=p, w=where, person=person, secret=secret: create_member_account(
                    p,
                    w.claire,
                    w.address,
                    account=person,
                    first_name="P",
                    last_name="N",
                    password=Password(secret),
                )
            )
            attempt(
                lambda p=p, person=person, secret=secret: authenticate(p, person, Password(secret))
            )
            attempt(
                lambda p=p, secret=secret: register_mailbox(
                    p,
                    example_registration(7),
                    address=example_address(f"pharmacie7-{len(refusals)}"),
                    password=Password(secret),
                )
            )
            attempt(
                lambda p=p, w=where, secret=secret: attach_existing_account(
                    p,
                    w.claire,
                    w.address,
                    account=example_address("alice.bernard"),
                    password=Password(secret),
                )
            )
            attempt(
                lambda p=p, w=where, secret=secret: change_password(
                    p, w.claire, current=Password(secret), new=Password(secret)
                )
            )
            attempt(
                lambda p=p, person=person, secret=secret: enrol_agent(
                    p, CONSOLE, person, first_name="A", last_name="B", password=Password(secret)
                )
            )
    claire = example_registration().responsible.email
    for where in (world, local):  # the throttle shut on the guesses above: wait it out
        clock_of(where.ports).advance(seconds=where.ports.settings.throttle_window.total_seconds())
    change_password(
        local.ports, local.claire, current=password_of(claire), new=Password(SECRETS[6])
    )
    identity.fail = True
    attempt(lambda: member(world, "bob.dupont", approve=False))
    retry_enrolment(world.ports, BOB, Password(SECRETS[0]))
    login(local.ports, example_address("alice.bernard"))

    assert refusals, "nothing was tried"
    for refusal in refusals:
        text = " ".join([repr(refusal), str(refusal), repr(refusal.args)])
        text += json.dumps([p.to_dict("en") for p in refusal.problems], default=str)
        assert not [s for s in SECRETS if s in text], refusal
    for where in (world, local):
        store = store_of(where.ports)
        assert leaks(store, SECRETS) == []
        for name, value in vars(store).items():  # serialized, as a store would write it
            if name in ("lock", "_throttles"):
                continue
            data = pickle.dumps(value)  # a Password refuses to be pickled
            assert not [s for s in SECRETS if s.encode("utf-8", "surrogatepass") in data], name
        with where.ports.uow() as uow:
            for entry in uow.audit.entries():
                assert not [s for s in SECRETS if s in json.dumps(dict(entry.details))]
    assert leaks(identity, SECRETS) == []
    assert repr(Password(SECRETS[0])) == "Password('********')"


def test_the_leak_finder_finds_a_leak() -> None:
    assert "a Password object: dict" in leaks({"x": ["a", Password("p")]}, ["z"])
    assert leaks({"x": ("un secret bien caché",)}, ["secret"]) != []
