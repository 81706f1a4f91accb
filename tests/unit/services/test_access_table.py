"""The authorisation table (``balorg.rules.access.ACTION_RULES``) through the services.

For every action of the table and every kind of person, the service that performs the
action is called on a fresh pharmacy and must allow or refuse exactly as the table
says, with the access rule's code, and leave its audit entry. The expected outcome is
read from the table itself, so a change to the table is a change to what this test
demands of the services.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from tests.unit.services.support import CORRESPONDENT, Trail, clock_of, login, member

from balorg import services
from balorg.domain.actors import HostAssertion
from balorg.domain.addresses import EmailAddress
from balorg.domain.capabilities import ALL_CAPABILITIES, Capability
from balorg.domain.errors import DomainRefusal
from balorg.rules.access import ACTION_RULES, Action
from balorg.services import (
    attach_existing_account,
    change_description,
    change_directory_entry,
    change_red_list,
    close_mailbox,
    finish_registration,
    grant_member,
    hand_over_responsibility,
    list_members,
    read_audit_trail,
    read_mailbox,
    receive_message,
    register_mailbox,
    resume_mailbox,
    resume_member,
    review_member,
    revoke_member,
    send_message,
    set_notices,
    start_session,
    suspend_mailbox,
    suspend_member,
    switch_mailbox,
)
from balorg.testing.examples import example_address, example_professional
from balorg.testing.scenarios import (
    AGENT,
    TRANSPORT,
    Pharmacy,
    example_registration,
    password_of,
    pharmacy,
)

#: What each kind of person holds on the pharmacy once the world is set.
ROLES: dict[str, frozenset[Capability]] = {
    "responsible": ALL_CAPABILITIES,
    "manager": frozenset({Capability.READ, Capability.SEND, Capability.MANAGE_MEMBERS}),
    "administrator": frozenset({Capability.READ, Capability.ADMINISTER}),
    "reader": frozenset({Capability.READ}),
    "suspended": frozenset(),  # read and send, suspended
    "expired": frozenset(),  # read and send, expired yesterday
    "pending": frozenset(),  # a new account the service centre has not validated yet
    "stranger": frozenset(),  # a validated account of another pharmacy
    "agent": frozenset(),  # the service centre's agent, nothing on this mailbox
}

CLAIRE2 = example_address("claire.martin2")  # responsible of the second pharmacy
TARGET = example_address("cible.membre")  # a reader whom managers act on
REVIEWED = example_address("cible.revue")  # granted by a manager since revoked


def expected(action: Action, role: str) -> str | None:
    """The access rule's verdict for ``role`` (``None``: allowed), from the table."""
    rule = ACTION_RULES[action]
    if role == "pending":
        return "access.account_not_active"
    if role == "responsible":
        return None
    if rule.capability is None:
        return "access.responsible_only"
    if role in ("stranger", "agent"):
        return "access.not_member"
    if role in ("suspended", "expired"):
        return "access.delegation_not_active"
    return None if rule.capability in ROLES[role] else "access.missing_capability"


def _names(capabilities: frozenset[Capability]) -> list[str]:
    return sorted(c.value for c in capabilities)


class World:
    """A pharmacy with one person of each kind, each acting by the host's sign-on."""

    def __init__(self, action: Action) -> None:
        self.pharmacy: Pharmacy = pharmacy()
        self.ports = self.pharmacy.ports
        self.mailbox = self.pharmacy.address
        w = self.pharmacy
        pharmacy(self.ports, n=2)  # Claire Martin2 and Alice Bernard2: strangers here
        tomorrow = self.ports.clock.now() + dt.timedelta(days=1)
        self.people = {
            "responsible": example_registration().responsible.email,
            "manager": member(w, "gerant", capabilities=_names(ROLES["manager"])),
            "administrator": member(w, "admin", capabilities=_names(ROLES["administrator"])),
            "reader": member(w, "lecteur", capabilities=["read"]),
            "suspended": member(w, "suspendu"),
            "expired": member(w, "expire", expires_at=tomorrow),
            "pending": member(w, "attente", approve=False),
            "stranger": example_address("alice.bernard2"),
            "agent": AGENT,
        }
        member(w, "cible.membre", capabilities=["read"])
        if action is Action.RECEIVE_NOTICES:
            for person in self.people.values():  # each asks for notices while they may
                with contextlib.suppress(DomainRefusal):
                    set_notices(self.ports, self.host(person), self.mailbox, enabled=True)
        if action is Action.REVIEW_MEMBER:
            member(w, "ancien.gerant", capabilities=["read", "manage_members"])
            ancien = login(self.ports, example_address("ancien.gerant"))
            member(w, "cible.revue", capabilities=["read"], by=ancien)
            revoke_member(
                self.ports,
                w.claire,
                self.mailbox,
                account=example_address("ancien.gerant"),
                reason="départ",
            )
        if action is Action.RESUME_MEMBER:
            suspend_member(self.ports, w.claire, self.mailbox, account=TARGET)
        if action is Action.RESUME_MAILBOX:
            suspend_mailbox(self.ports, w.claire, self.mailbox, reason="travaux")
        if action is Action.FINISH_REGISTRATION:
            self.bis = example_address("pharmacie.bis")
            register_mailbox(self.ports, example_registration(), address=self.bis, actor=w.claire)
        suspend_member(self.ports, w.claire, self.mailbox, account=self.people["suspended"])
        clock_of(self.ports).advance(days=2)

    @staticmethod
    def host(address: EmailAddress) -> HostAssertion:
        return HostAssertion(address, sign_on="pro-sante-connect")


def _open(w: World, actor: HostAssertion) -> Any:
    token = start_session(w.ports, actor).token
    return switch_mailbox(w.ports, token, w.mailbox)


def _notified(w: World, actor: HostAssertion) -> Any:
    received = receive_message(
        w.ports, TRANSPORT, w.mailbox, sender=CORRESPONDENT, reference="<nouveau@hopital>"
    )
    if actor.account not in received.notified:
        raise DomainRefusal([])  # not told: the table refused them the notices
    return received


CALLS: dict[Action, Callable[[World, HostAssertion], Any]] = {
    Action.OPEN: _open,
    Action.READ: lambda w, a: read_mailbox(w.ports, a, mailbox=w.mailbox),
    Action.SEND: lambda w, a: send_message(
        w.ports, a, recipient=CORRESPONDENT, reference="<envoi@pharmacie>", mailbox=w.mailbox
    ),
    Action.RECEIVE_NOTICES: _notified,
    Action.ATTACH_MEMBER: lambda w, a: attach_existing_account(
        w.ports, a, w.mailbox, account=CLAIRE2, password=password_of(CLAIRE2)
    ),
    Action.GRANT: lambda w, a: grant_member(
        w.ports, a, w.mailbox, account=CLAIRE2, capabilities=["read"]
    ),
    Action.SUSPEND_MEMBER: lambda w, a: suspend_member(w.ports, a, w.mailbox, account=TARGET),
    Action.RESUME_MEMBER: lambda w, a: resume_member(w.ports, a, w.mailbox, account=TARGET),
    Action.REVOKE_MEMBER: lambda w, a: revoke_member(
        w.ports, a, w.mailbox, account=TARGET, reason="départ"
    ),
    Action.REVIEW_MEMBER: lambda w, a: review_member(
        w.ports, a, w.mailbox, account=REVIEWED, keep=True
    ),
    Action.CHANGE_RED_LIST: lambda w, a: change_red_list(
        w.ports, a, w.mailbox, national_directory=True
    ),
    Action.CHANGE_DESCRIPTION: lambda w, a: change_description(
        w.ports, a, w.mailbox, description="Ordonnances et conseils"
    ),
    Action.CHANGE_DIRECTORY_ENTRY: lambda w, a: change_directory_entry(
        w.ports, a, w.mailbox, rank=1
    ),
    Action.READ_AUDIT: lambda w, a: read_audit_trail(w.ports, a, w.mailbox),
    Action.LIST_MEMBERS: lambda w, a: list_members(w.ports, a, w.mailbox),
    Action.HAND_OVER: lambda w, a: hand_over_responsibility(
        w.ports, a, w.mailbox, successor=example_professional(2)
    ),
    Action.FINISH_REGISTRATION: lambda w, a: finish_registration(w.ports, a, w.bis),
    Action.SUSPEND_MAILBOX: lambda w, a: suspend_mailbox(w.ports, a, w.mailbox, reason="travaux"),
    Action.RESUME_MAILBOX: lambda w, a: resume_mailbox(w.ports, a, w.mailbox),
    Action.CLOSE_MAILBOX: lambda w, a: close_mailbox(w.ports, a, w.mailbox, reason="fermeture"),
}

if hasattr(Action, "READ_SETTINGS"):  # show_mailbox: the mailbox's settings, for its members
    CALLS[Action.READ_SETTINGS] = lambda w, a: services.show_mailbox(w.ports, a, w.mailbox)


def test_every_action_of_the_table_has_a_service_here() -> None:
    assert set(CALLS) == set(ACTION_RULES) == set(Action)


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("action", list(Action), ids=lambda a: a.value)
def test_the_services_follow_the_authorisation_table(action: Action, role: str) -> None:
    world = World(action)
    actor = World.host(world.people[role])
    trail = Trail(world.ports)
    verdict = expected(action, role)

    if verdict is None:
        CALLS[action](world, actor)
    else:
        with pytest.raises(DomainRefusal) as refusal:
            CALLS[action](world, actor)
        if action is not Action.RECEIVE_NOTICES:
            assert [p.code for p in refusal.value.problems] == [verdict]

    entries = trail.new()
    assert entries, "nothing was audited"
    if action is Action.RECEIVE_NOTICES:
        assert [(e.action, e.allowed) for e in entries] == [("receive_message", True)]
    else:
        last = entries[-1]  # opening a mailbox first logs in
        assert last.allowed is (verdict is None)
        assert last.actor == str(world.people[role])
        assert last.reasons == (() if verdict is None else (verdict,))


def test_a_closed_mailbox_admits_nothing_but_its_trail_and_its_members_list() -> None:
    world = World(Action.CLOSE_MAILBOX)
    claire = World.host(world.people["responsible"])
    close_mailbox(world.ports, claire, world.mailbox, reason="fermeture")
    for action, call in CALLS.items():
        rule = ACTION_RULES[action]
        if action in (Action.RECEIVE_NOTICES, Action.FINISH_REGISTRATION):
            continue
        if any(state.value == "closed" for state in rule.states):
            call(world, claire)
        else:
            with pytest.raises(DomainRefusal) as refusal:
                call(world, claire)
            assert [p.code for p in refusal.value.problems] == ["access.mailbox_state"], action
