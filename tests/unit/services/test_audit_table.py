"""The audit table (issue 8, "Done when"): every command once allowed and once refused.

Each row plays one command of :mod:`balorg.services` on a fresh pharmacy and checks the
one audit entry it leaves: the action name (one per command, the same for both
outcomes), who acted (a nominative account, ``system:<job>``, or ``unauthenticated``
when nobody could be), how they proved it (``password``, ``session:<id>``,
``host:<sign-on>``, ``system:<job>``, ``sign_up``), the mailbox and the account
concerned, the outcome and the reasons' codes. A guard checks that the table covers
every command registered with the runner.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from attrs import frozen
from tests.unit.services.support import CORRESPONDENT, Trail, clock_of, login, member, refused

from balorg import services
from balorg.adapters.memory import InMemoryCredentials
from balorg.domain.actors import HostAssertion, SessionToken, SystemActor
from balorg.domain.addresses import EmailAddress
from balorg.domain.errors import DomainRefusal
from balorg.ports.credentials import Password
from balorg.services import (
    CancelEnrolment,
    Command,
    ConfirmEnrolment,
    approve_account,
    attach_existing_account,
    authenticate,
    cancel_enrolment,
    change_description,
    change_directory_entry,
    change_password,
    change_red_list,
    close_mailbox,
    end_session,
    enrol_agent,
    finish_registration,
    grant_member,
    hand_over_responsibility,
    list_members,
    pending_accounts,
    read_account_trail,
    read_audit_trail,
    read_mailbox,
    receive_message,
    register_mailbox,
    reject_account,
    resume_mailbox,
    resume_member,
    retry_enrolment,
    review_member,
    revoke_member,
    run,
    send_expiry_reminders,
    send_message,
    set_default_mailbox,
    set_notices,
    start_session,
    suspend_mailbox,
    suspend_member,
    switch_mailbox,
    whoami,
)
from balorg.services.bus import commands
from balorg.testing.examples import T0, example_address, example_professional
from balorg.testing.scenarios import (
    AGENT,
    CONSOLE,
    TRANSPORT,
    Pharmacy,
    example_ports,
    example_registration,
    password_of,
    pharmacy,
)

SCHEDULER = SystemActor("scheduler")
AGENT2 = example_address("agent.second")
BOB = example_address("bob.dupont")


class Stage:
    """A fresh world, the people's names, and the one act whose entry is checked."""

    def __init__(self, world: Pharmacy) -> None:
        self.world = world
        self.ports = world.ports
        self.mailbox = world.address
        self.claire = world.claire
        self.alice = world.alice
        self.agent = world.agent
        self.names: dict[str, EmailAddress] = {
            "claire": example_registration().responsible.email,
            "alice": example_address("alice.bernard"),
            "agent": AGENT,
            "pharmacy": world.address,
        }
        self.sessions = {
            "claire": whoami(self.ports, world.claire).id,
            "alice": whoami(self.ports, world.alice).id,
        }
        self.result: Any = None
        self.error: DomainRefusal | None = None
        self.entries: list[Any] | None = None

    def session(self, name: str, token: SessionToken) -> SessionToken:
        """Remember the id of ``name``'s session (for ``session:<name>`` below)."""
        self.sessions[name] = whoami(self.ports, token).id
        return token

    def act(self, call: Callable[[], Any]) -> Stage:
        trail = Trail(self.ports)
        try:
            self.result = call()
        except DomainRefusal as refusal:
            self.error = refusal
        self.entries = trail.new()
        return self

    def name(self, key: str, address: EmailAddress) -> EmailAddress:
        """Call ``address`` ``key`` in the row's expectations."""
        self.names[key] = address
        return address

    @property
    def entry(self) -> Any:
        """The one entry the act left (there must be exactly one)."""
        assert self.entries is not None, "nothing was played"
        assert len(self.entries) == 1, [(e.action, e.allowed, e.reasons) for e in self.entries]
        return self.entries[0]

    def address(self, key: str | None) -> str | None:
        if key is None:
            return None
        found = self.names.get(key)
        return str(found if found is not None else example_address(key))

    def actor(self, key: str) -> str:
        return key if ":" in key or key == "unauthenticated" else str(self.address(key))

    def auth(self, key: str) -> str:
        method, _, who = key.partition(":")
        return f"session:{self.sessions[who]}" if method == "session" else key


@frozen(kw_only=True)
class Row:
    command: type[Command[Any]]
    allowed: bool
    play: Callable[[Stage], object]
    actor: str
    auth: str
    mailbox: str | None = None
    account: str | None = None
    reasons: tuple[str, ...] = ()
    world: Callable[[], Pharmacy] = pharmacy
    name: str = ""

    @property
    def id(self) -> str:
        outcome = "allowed" if self.allowed else "refused"
        return f"{self.command.__name__}-{outcome}{'-' + self.name if self.name else ''}"


def _two_agents() -> Pharmacy:
    return pharmacy(example_ports(service_centre=[AGENT, AGENT2]))


def _external_credentials() -> Pharmacy:
    return pharmacy(attrs.evolve(example_ports(), identity=InMemoryCredentials()))


def _pending_credential(s: Stage) -> EmailAddress:
    """Bob's account, whose password the host's credential service could not take."""
    identity = s.ports.identity
    assert isinstance(identity, InMemoryCredentials)
    identity.fail = True
    member(s.world, "bob.dupont", approve=False)
    identity.fail = False
    return BOB


def _to_review(s: Stage) -> EmailAddress:
    """Dan, granted by Bob (a manager) whom Claire then revoked: Dan waits for a review."""
    member(s.world, "bob.dupont", capabilities=["read", "send", "manage_members"])
    bob = login(s.ports, BOB)
    dan = member(s.world, "dan.petit", by=bob)
    revoke_member(s.ports, s.claire, s.mailbox, account=BOB, reason="départ")
    return dan


def _successor(s: Stage) -> Any:
    successor = example_professional(2)
    member(s.world, "claire.martin2", professional=successor.idnat)
    return successor


def _second_pharmacy(s: Stage) -> EmailAddress:
    """A second live pharmacy (Claire Martin2, Alice Bernard2): strangers to the first."""
    return pharmacy(s.ports, n=2).address


def _on_pharmacy(s: Stage) -> object:
    return switch_mailbox(s.ports, s.alice, s.mailbox)


def _logged_out(s: Stage) -> bool:
    end_session(s.ports, s.alice)
    return True


def _default_is_the_pharmacy(s: Stage) -> bool:
    set_default_mailbox(s.ports, s.alice, s.mailbox)
    return True


def _send(s: Stage) -> Any:
    return send_message(s.ports, s.alice, recipient=CORRESPONDENT, reference="<1@x>")


def _bis(s: Stage) -> EmailAddress:
    """Claire, logged in, registers a second mailbox of her pharmacy."""
    address = example_address("pharmacie.bis")
    register_mailbox(s.ports, example_registration(), address=address, actor=s.claire)
    return address


ROWS: list[Row] = [
    # -- first guide: registration -------------------------------------------------------------
    Row(
        command=services.RegisterMailbox,
        allowed=True,
        name="sign_up",
        play=lambda s: s.act(
            lambda: register_mailbox(
                s.ports,
                example_registration(3),
                address=example_address("pharmacie3"),
                password=password_of(example_address("claire.martin3")),
            )
        ),
        actor="claire.martin3",
        auth="sign_up",
        mailbox="pharmacie3",
    ),
    Row(
        command=services.RegisterMailbox,
        allowed=True,
        name="session",
        play=lambda s: s.act(lambda: _bis(s)),
        actor="claire",
        auth="session:claire",
        mailbox="pharmacie.bis",
    ),
    Row(
        command=services.RegisterMailbox,
        allowed=False,
        play=lambda s: s.act(
            lambda: register_mailbox(
                s.ports, example_registration(), address=s.mailbox, actor=s.claire
            )
        ),
        actor="claire",
        auth="session:claire",
        mailbox="pharmacy",
        reasons=("address.taken",),
    ),
    Row(
        command=services.AttachExistingAccount,
        allowed=True,
        play=lambda s: (
            _second_pharmacy(s),
            s.act(
                lambda: attach_existing_account(
                    s.ports,
                    s.claire,
                    s.mailbox,
                    account=example_address("alice.bernard2"),
                    password=password_of(example_address("alice.bernard2")),
                )
            ),
        ),
        actor="claire",
        auth="session:claire",
        mailbox="pharmacy",
        account="alice.bernard2",
    ),
    Row(
        command=services.AttachExistingAccount,
        allowed=False,
        play=lambda s: (
            _second_pharmacy(s),
            s.act(
                lambda: attach_existing_account(
                    s.ports,
                    s.claire,
                    s.mailbox,
                    account=example_address("alice.bernard2"),
                    password=Password("ce n'est pas le sien"),
                )
            ),
        ),
        actor="claire",
        auth="session:claire",
        mailbox="pharmacy",
        account="alice.bernard2",
        reasons=("credentials.invalid",),
    ),
    Row(
        command=services.CreateMemberAccount,
        allowed=True,
        play=lambda s: s.act(lambda: member(s.world, "bob.dupont", approve=False)),
        actor="claire",
        auth="session:claire",
        mailbox="pharmacy",
        account="bob.dupont",
    ),
    Row(
        command=services.CreateMemberAccount,
        allowed=False,
        play=lambda s: s.act(lambda: member(s.world, "bob.dupont", approve=False, by=s.alice)),
        actor="alice",
        auth="session:alice",
        mailbox="pharmacy",
        account="bob.dupont",
        reasons=("access.missing_capability",),
    ),
    Row(
        command=services.FinishRegistration,
        allowed=True,
        play=lambda s: (
            s.name("bis", _bis(s)),
            s.act(lambda: finish_registration(s.ports, s.claire, s.names["bis"])),
        ),
        actor="claire",
        auth="session:claire",
        mailbox="bis",
    ),
    Row(
        command=services.FinishRegistration,
        allowed=False,
        play=lambda s: s.act(lambda: finish_registration(s.ports, s.claire, s.mailbox)),
        actor="claire",
        auth="session:claire",
        mailbox="pharmacy",
        reasons=("access.mailbox_state",),
    ),
    # -- the service centre -------------------------------------------------------------------
    Row(
        command=services.ListPendingAccounts,
        allowed=True,
        play=lambda s: s.act(lambda: pending_accounts(s.ports, s.agent)),
        actor="agent",
        auth="host:carte-cps",
    ),
    Row(
        command=services.ListPendingAccounts,
        allowed=False,
        play=lambda s: s.act(lambda: pending_accounts(s.ports, s.claire)),
        actor="claire",
        auth="session:claire",
        reasons=("service_centre.not_agent",),
    ),
    Row(
        command=services.ApproveAccount,
        allowed=True,
        play=lambda s: (
            member(s.world, "bob.dupont", approve=False),
            s.act(lambda: approve_account(s.ports, s.agent, BOB)),
        ),
        actor="agent",
        auth="host:carte-cps",
        account="bob.dupont",
    ),
    Row(
        command=services.ApproveAccount,
        allowed=False,
        play=lambda s: (
            member(s.world, "bob.dupont", approve=False),
            s.act(lambda: approve_account(s.ports, s.claire, BOB)),
        ),
        actor="claire",
        auth="session:claire",
        account="bob.dupont",
        reasons=("service_centre.not_agent",),
    ),
    Row(
        command=services.RejectAccount,
        allowed=True,
        play=lambda s: (
            member(s.world, "bob.dupont", approve=False),
            s.act(lambda: reject_account(s.ports, s.agent, BOB, reason="identité non vérifiée")),
        ),
        actor="agent",
        auth="host:carte-cps",
        account="bob.dupont",
    ),
    Row(
        command=services.RejectAccount,
        allowed=False,
        play=lambda s: (
            member(s.world, "bob.dupont", approve=False),
            s.act(lambda: reject_account(s.ports, s.agent, BOB, reason="  ")),
        ),
        actor="agent",
        auth="host:carte-cps",
        account="bob.dupont",
        reasons=("field.required",),
    ),
    Row(
        command=services.EnrolAgent,
        allowed=True,
        world=_two_agents,
        play=lambda s: s.act(
            lambda: enrol_agent(
                s.ports,
                CONSOLE,
                AGENT2,
                first_name="Second",
                last_name="Agent",
                password=password_of(AGENT2),
            )
        ),
        actor="system:operator-console",
        auth="system:operator-console",
        account="agent.second",
    ),
    Row(
        command=services.EnrolAgent,
        allowed=False,
        play=lambda s: s.act(
            lambda: enrol_agent(
                s.ports,
                CONSOLE,
                BOB,
                first_name="Bob",
                last_name="Dupont",
                password=password_of(BOB),
            )
        ),
        actor="system:operator-console",
        auth="system:operator-console",
        account="bob.dupont",
        reasons=("service_centre.not_agent",),
    ),
    # -- second guide: sessions and connection settings ---------------------------------------
    Row(
        command=services.LogIn,
        allowed=True,
        name="default_mailbox",
        play=lambda s: (
            _default_is_the_pharmacy(s),
            s.act(
                lambda: authenticate(
                    s.ports, s.names["alice"], password_of(example_address("alice.bernard"))
                )
            ),
        ),
        actor="alice",
        auth="password",
        mailbox="pharmacy",
    ),
    Row(
        command=services.LogIn,
        allowed=False,
        play=lambda s: s.act(
            lambda: authenticate(s.ports, s.names["alice"], Password("pas le bon mot de passe"))
        ),
        actor="alice",
        auth="password",
        reasons=("credentials.invalid",),
    ),
    Row(
        command=services.StartSession,
        allowed=True,
        play=lambda s: s.act(
            lambda: start_session(
                s.ports, HostAssertion(s.names["alice"], sign_on="pro-sante-connect")
            )
        ),
        actor="alice",
        auth="host:pro-sante-connect",
    ),
    Row(
        command=services.StartSession,
        allowed=False,
        play=lambda s: (
            member(s.world, "bob.dupont", approve=False),
            s.act(lambda: start_session(s.ports, HostAssertion(BOB, sign_on="pro-sante-connect"))),
        ),
        actor="bob.dupont",
        auth="host:pro-sante-connect",
        reasons=("access.account_not_active",),
    ),
    Row(
        command=services.SwitchMailbox,
        allowed=True,
        play=lambda s: s.act(lambda: switch_mailbox(s.ports, s.alice, s.mailbox)),
        actor="alice",
        auth="session:alice",
        mailbox="pharmacy",
    ),
    Row(
        command=services.SwitchMailbox,
        allowed=False,
        play=lambda s: (
            s.name("other", _second_pharmacy(s)),
            s.act(lambda: switch_mailbox(s.ports, s.alice, s.names["other"])),
        ),
        actor="alice",
        auth="session:alice",
        mailbox="other",
        reasons=("access.not_member",),
    ),
    Row(
        command=services.EndSession,
        allowed=True,
        play=lambda s: s.act(lambda: services.end_session(s.ports, s.alice)),
        actor="alice",
        auth="session:alice",
    ),
    Row(
        command=services.EndSession,
        allowed=False,
        play=lambda s: (
            _logged_out(s),
            s.act(lambda: end_session(s.ports, s.alice)),
        ),
        actor="alice",
        auth="session:alice",
        reasons=("session.ended",),
    ),
    Row(
        command=services.SetDefaultMailbox,
        allowed=True,
        play=lambda s: s.act(lambda: set_default_mailbox(s.ports, s.alice, s.mailbox)),
        actor="alice",
        auth="session:alice",
        mailbox="pharmacy",
    ),
    Row(
        command=services.SetDefaultMailbox,
        allowed=False,
        play=lambda s: (
            s.name("other", _second_pharmacy(s)),
            s.act(lambda: set_default_mailbox(s.ports, s.alice, s.names["other"])),
        ),
        actor="alice",
        auth="session:alice",
        mailbox="other",
        reasons=("account.cannot_open",),
    ),
    Row(
        command=services.SetNotices,
        allowed=True,
        play=lambda s: s.act(lambda: set_notices(s.ports, s.alice, s.mailbox, enabled=True)),
        actor="alice",
        auth="session:alice",
        mailbox="pharmacy",
    ),
    Row(
        command=services.SetNotices,
        allowed=False,
        play=lambda s: (
            s.name("other", _second_pharmacy(s)),
            s.act(lambda: set_notices(s.ports, s.alice, s.names["other"], enabled=True)),
        ),
        actor="alice",
        auth="session:alice",
        mailbox="other",
        reasons=("account.cannot_open",),
    ),
    Row(
        command=services.ChangePassword,
        allowed=True,
        play=lambda s: s.act(
            lambda: change_password(
                s.ports,
                s.alice,
                current=password_of(s.names["alice"]),
                new=Password("cheval agrafe pile correcte"),
            )
        ),
        actor="alice",
        auth="session:alice",
    ),
    Row(
        command=services.ChangePassword,
        allowed=False,
        play=lambda s: s.act(
            lambda: change_password(
                s.ports,
                s.alice,
                current=password_of(s.names["alice"]),
                new=Password("court"),
            )
        ),
        actor="alice",
        auth="session:alice",
        reasons=("password.too_short",),
    ),
    # -- managing members ---------------------------------------------------------------------
    Row(
        command=services.ListMembers,
        allowed=True,
        play=lambda s: s.act(lambda: list_members(s.ports, s.claire, s.mailbox)),
        actor="claire",
        auth="session:claire",
        mailbox="pharmacy",
    ),
    Row(
        command=services.ListMembers,
        allowed=False,
        play=lambda s: s.act(lambda: list_members(s.ports, s.alice, s.mailbox)),
        actor="alice",
        auth="session:alice",
        mailbox="pharmacy",
        reasons=("access.missing_capability",),
    ),
    Row(
        command=services.GrantMember,
        allowed=True,
        play=lambda s: (
            _second_pharmacy(s),
            s.act(
                lambda: grant_member(
                    s.ports, s.claire, s.mailbox, account=example_address("alice.bernard2")
                )
            ),
        ),
        actor="claire",
        auth="session:claire",
        mailbox="pharmacy",
        account="alice.bernard2",
    ),
    Row(
        command=services.GrantMember,
        allowed=False,
        play=lambda s: s.act(
            lambda: grant_member(s.ports, s.claire, s.mailbox, account=s.names["alice"])
        ),
        actor="claire",
        auth="session:claire",
        mailbox="pharmacy",
        account="alice",
        reasons=("delegation.already_granted",),
    ),
    Row(
        command=services.SuspendMember,
        allowed=True,
        play=lambda s: s.act(
            lambda: suspend_member(
                s.ports, s.claire, s.mailbox, account=s.names["alice"], reason="congé"
            )
        ),
        actor="claire",
        auth="session:claire",
        mailbox="pharmacy",
        account="alice",
    ),
    Row(
        command=services.SuspendMember,
        allowed=False,
        play=lambda s: s.act(
            lambda: suspend_member(s.ports, s.alice, s.mailbox, account=s.names["claire"])
        ),
        actor="alice",
        auth="session:alice",
        mailbox="pharmacy",
        account="claire",
        reasons=("access.missing_capability",),
    ),
    Row(
        command=services.ResumeMember,
        allowed=True,
        play=lambda s: (
            suspend_member(s.ports, s.claire, s.mailbox, account=s.names["alice"]),
            s.act(lambda: resume_member(s.ports, s.claire, s.mailbox, account=s.names["alice"])),
        ),
        actor="claire",
        auth="session:claire",
        mailbox="pharmacy",
        account="alice",
    ),
    Row(
        command=services.ResumeMember,
        allowed=False,
        play=lambda s: s.act(
            lambda: resume_member(s.ports, s.claire, s.mailbox, account=s.names["alice"])
        ),
        actor="claire",
        auth="session:claire",
        mailbox="pharmacy",
        account="alice",
        reasons=("delegation.not_suspended",),
    ),
    Row(
        command=services.RevokeMember,
        allowed=True,
        play=lambda s: s.act(
            lambda: revoke_member(
                s.ports, s.claire, s.mailbox, account=s.names["alice"], reason="départ"
            )
        ),
        actor="claire",
        auth="session:claire",
        mailbox="pharmacy",
        account="alice",
    ),
    Row(
        command=services.RevokeMember,
        allowed=False,
        play=lambda s: s.act(
            lambda: revoke_member(s.ports, s.claire, s.mailbox, account=BOB, reason="départ")
        ),
        actor="claire",
        auth="session:claire",
        mailbox="pharmacy",
        account="bob.dupont",
        reasons=("delegation.not_found",),
    ),
    Row(
        command=services.ReviewMember,
        allowed=True,
        play=lambda s: (
            _to_review(s),
            s.act(
                lambda: review_member(
                    s.ports, s.claire, s.mailbox, account=example_address("dan.petit"), keep=True
                )
            ),
        ),
        actor="claire",
        auth="session:claire",
        mailbox="pharmacy",
        account="dan.petit",
    ),
    Row(
        command=services.ReviewMember,
        allowed=False,
        play=lambda s: s.act(
            lambda: review_member(
                s.ports, s.claire, s.mailbox, account=s.names["alice"], keep=False, reason="fin"
            )
        ),
        actor="claire",
        auth="session:claire",
        mailbox="pharmacy",
        account="alice",
        reasons=("delegation.not_to_review",),
    ),
    Row(
        command=services.HandOver,
        allowed=True,
        play=lambda s: (
            s.name("successor", example_address("claire.martin2")),
            successor := _successor(s),
            s.act(
                lambda: hand_over_responsibility(s.ports, s.claire, s.mailbox, successor=successor)
            ),
        ),
        actor="claire",
        auth="session:claire",
        mailbox="pharmacy",
        account="successor",
    ),
    Row(
        command=services.HandOver,
        allowed=False,
        play=lambda s: (
            _successor(s),
            s.act(
                lambda: hand_over_responsibility(
                    s.ports,
                    s.claire,
                    s.mailbox,
                    successor=example_professional(3),
                    successor_account=example_address("claire.martin2"),
                )
            ),
        ),
        actor="claire",
        auth="session:claire",
        mailbox="pharmacy",
        account="claire.martin2",
        reasons=("responsibility.account_identity",),
    ),
    # -- the mailbox's settings and life -------------------------------------------------------
    Row(
        command=services.ChangeRedList,
        allowed=True,
        play=lambda s: s.act(
            lambda: change_red_list(s.ports, s.claire, s.mailbox, national_directory=True)
        ),
        actor="claire",
        auth="session:claire",
        mailbox="pharmacy",
    ),
    Row(
        command=services.ChangeRedList,
        allowed=False,
        play=lambda s: s.act(
            lambda: change_red_list(s.ports, s.alice, s.mailbox, operator_directory=True)
        ),
        actor="alice",
        auth="session:alice",
        mailbox="pharmacy",
        reasons=("access.missing_capability",),
    ),
    Row(
        command=services.ChangeDescription,
        allowed=True,
        play=lambda s: s.act(
            lambda: change_description(s.ports, s.claire, s.mailbox, description="Ordonnances")
        ),
        actor="claire",
        auth="session:claire",
        mailbox="pharmacy",
    ),
    Row(
        command=services.ChangeDescription,
        allowed=False,
        play=lambda s: s.act(
            lambda: change_description(s.ports, s.alice, s.mailbox, description="Ordonnances")
        ),
        actor="alice",
        auth="session:alice",
        mailbox="pharmacy",
        reasons=("access.missing_capability",),
    ),
    Row(
        command=services.ChangeDirectoryEntry,
        allowed=True,
        play=lambda s: s.act(
            lambda: change_directory_entry(s.ports, s.claire, s.mailbox, service="Officine", rank=1)
        ),
        actor="claire",
        auth="session:claire",
        mailbox="pharmacy",
    ),
    Row(
        command=services.ChangeDirectoryEntry,
        allowed=False,
        play=lambda s: s.act(lambda: change_directory_entry(s.ports, s.alice, s.mailbox, rank=1)),
        actor="alice",
        auth="session:alice",
        mailbox="pharmacy",
        reasons=("access.missing_capability",),
    ),
    Row(
        command=services.SuspendMailbox,
        allowed=True,
        play=lambda s: s.act(
            lambda: suspend_mailbox(s.ports, s.claire, s.mailbox, reason="travaux")
        ),
        actor="claire",
        auth="session:claire",
        mailbox="pharmacy",
    ),
    Row(
        command=services.SuspendMailbox,
        allowed=False,
        play=lambda s: s.act(lambda: suspend_mailbox(s.ports, s.alice, s.mailbox, reason="x")),
        actor="alice",
        auth="session:alice",
        mailbox="pharmacy",
        reasons=("access.responsible_only",),
    ),
    Row(
        command=services.ResumeMailbox,
        allowed=True,
        play=lambda s: (
            suspend_mailbox(s.ports, s.claire, s.mailbox, reason="travaux"),
            s.act(lambda: resume_mailbox(s.ports, s.claire, s.mailbox)),
        ),
        actor="claire",
        auth="session:claire",
        mailbox="pharmacy",
    ),
    Row(
        command=services.ResumeMailbox,
        allowed=False,
        play=lambda s: s.act(lambda: resume_mailbox(s.ports, s.claire, s.mailbox)),
        actor="claire",
        auth="session:claire",
        mailbox="pharmacy",
        reasons=("access.mailbox_state",),
    ),
    Row(
        command=services.CloseMailbox,
        allowed=True,
        play=lambda s: s.act(lambda: close_mailbox(s.ports, s.claire, s.mailbox, reason="fin")),
        actor="claire",
        auth="session:claire",
        mailbox="pharmacy",
    ),
    Row(
        command=services.CloseMailbox,
        allowed=False,
        play=lambda s: s.act(lambda: close_mailbox(s.ports, s.alice, s.mailbox, reason="fin")),
        actor="alice",
        auth="session:alice",
        mailbox="pharmacy",
        reasons=("access.responsible_only",),
    ),
    # -- mail -----------------------------------------------------------------------------------
    Row(
        command=services.SendMessage,
        allowed=True,
        play=lambda s: (
            _on_pharmacy(s),
            s.act(
                lambda: send_message(s.ports, s.alice, recipient=CORRESPONDENT, reference="<1@x>")
            ),
        ),
        actor="alice",
        auth="session:alice",
        mailbox="pharmacy",
    ),
    Row(
        command=services.SendMessage,
        allowed=False,
        play=lambda s: (
            _on_pharmacy(s),
            suspend_member(s.ports, s.claire, s.mailbox, account=s.names["alice"]),
            s.act(
                lambda: send_message(s.ports, s.alice, recipient=CORRESPONDENT, reference="<1@x>")
            ),
        ),
        actor="alice",
        auth="session:alice",
        mailbox="pharmacy",
        reasons=("access.delegation_not_active",),
    ),
    Row(
        command=services.ReceiveMessage,
        allowed=True,
        play=lambda s: s.act(
            lambda: receive_message(
                s.ports, TRANSPORT, s.mailbox, sender=CORRESPONDENT, reference="<r@x>"
            )
        ),
        actor="system:mail-transport",
        auth="system:mail-transport",
        mailbox="pharmacy",
    ),
    Row(
        command=services.ReceiveMessage,
        allowed=False,
        play=lambda s: (
            close_mailbox(s.ports, s.claire, s.mailbox, reason="fin"),
            s.act(
                lambda: receive_message(
                    s.ports, TRANSPORT, s.mailbox, sender=CORRESPONDENT, reference="<r@x>"
                )
            ),
        ),
        actor="system:mail-transport",
        auth="system:mail-transport",
        mailbox="pharmacy",
        reasons=("mailbox.not_receiving",),
    ),
    Row(
        command=services.ReadMailbox,
        allowed=True,
        play=lambda s: (_on_pharmacy(s), s.act(lambda: read_mailbox(s.ports, s.alice))),
        actor="alice",
        auth="session:alice",
        mailbox="pharmacy",
    ),
    Row(
        command=services.ReadMailbox,
        allowed=False,
        play=lambda s: s.act(lambda: read_mailbox(s.ports, s.alice, mailbox=s.mailbox)),
        actor="alice",
        auth="session:alice",
        mailbox="pharmacy",
        reasons=("session.other_mailbox",),
    ),
    # -- the trail -------------------------------------------------------------------------------
    Row(
        command=services.ReadAuditTrail,
        allowed=True,
        play=lambda s: s.act(lambda: read_audit_trail(s.ports, s.claire, s.mailbox)),
        actor="claire",
        auth="session:claire",
        mailbox="pharmacy",
    ),
    Row(
        command=services.ReadAuditTrail,
        allowed=False,
        play=lambda s: s.act(lambda: read_audit_trail(s.ports, s.alice, s.mailbox)),
        actor="alice",
        auth="session:alice",
        mailbox="pharmacy",
        reasons=("access.missing_capability",),
    ),
    Row(
        command=services.ReadAccountTrail,
        allowed=True,
        play=lambda s: s.act(lambda: read_account_trail(s.ports, s.alice, s.names["alice"])),
        actor="alice",
        auth="session:alice",
        account="alice",
    ),
    Row(
        command=services.ReadAccountTrail,
        allowed=False,
        play=lambda s: s.act(lambda: read_account_trail(s.ports, s.alice, s.names["claire"])),
        actor="alice",
        auth="session:alice",
        account="claire",
        reasons=("service_centre.not_agent",),
    ),
    # -- the operator's jobs and the host's credential service ----------------------------------
    Row(
        command=services.SendExpiryReminders,
        allowed=True,
        play=lambda s: s.act(lambda: send_expiry_reminders(s.ports, SCHEDULER)),
        actor="system:scheduler",
        auth="system:scheduler",
    ),
    Row(
        command=services.SendExpiryReminders,
        allowed=False,
        play=lambda s: s.act(lambda: run(s.ports, s.agent, services.SendExpiryReminders())),
        actor="agent",
        auth="host:carte-cps",
        reasons=("auth.method_not_allowed",),
    ),
    Row(
        command=ConfirmEnrolment,
        allowed=True,
        world=_external_credentials,
        play=lambda s: (
            _pending_credential(s),
            s.act(lambda: retry_enrolment(s.ports, BOB, password_of(BOB))),
        ),
        actor="system:credential-enrolment",
        auth="system:credential-enrolment",
        account="bob.dupont",
    ),
    Row(
        command=ConfirmEnrolment,
        allowed=False,
        world=_external_credentials,
        play=lambda s: s.act(
            lambda: run(
                s.ports,
                SystemActor("credential-enrolment"),
                ConfirmEnrolment(account=s.names["alice"]),
            )
        ),
        actor="system:credential-enrolment",
        auth="system:credential-enrolment",
        account="alice",
        reasons=("account.credential_not_pending",),
    ),
    Row(
        command=CancelEnrolment,
        allowed=True,
        world=_external_credentials,
        play=lambda s: (
            _pending_credential(s),
            s.act(lambda: cancel_enrolment(s.ports, CONSOLE, BOB)),
        ),
        actor="system:operator-console",
        auth="system:operator-console",
        account="bob.dupont",
    ),
    Row(
        command=CancelEnrolment,
        allowed=False,
        world=_external_credentials,
        play=lambda s: (
            _pending_credential(s),
            s.act(lambda: cancel_enrolment(s.ports, s.claire, BOB)),
        ),
        actor="claire",
        auth="session:claire",
        account="bob.dupont",
        reasons=("service_centre.not_agent",),
    ),
]

if hasattr(services, "ShowMailbox"):  # the mailbox's settings, for its members
    ROWS += [
        Row(
            command=services.ShowMailbox,
            allowed=True,
            play=lambda s: s.act(lambda: services.show_mailbox(s.ports, s.alice, s.mailbox)),
            actor="alice",
            auth="session:alice",
            mailbox="pharmacy",
        ),
        Row(
            command=services.ShowMailbox,
            allowed=False,
            play=lambda s: (
                s.name("other", _second_pharmacy(s)),
                s.act(lambda: services.show_mailbox(s.ports, s.alice, s.names["other"])),
            ),
            actor="alice",
            auth="session:alice",
            mailbox="other",
            reasons=("access.not_member",),
        ),
    ]


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_each_command_leaves_one_entry_naming_who_how_what_and_the_outcome(row: Row) -> None:
    stage = Stage(row.world())
    row.play(stage)

    entry = stage.entry
    if row.allowed:
        assert stage.error is None, stage.error.problems if stage.error else None
    else:
        assert stage.error is not None, "the command was not refused"
        assert tuple(p.code for p in stage.error.problems) == row.reasons
    assert (entry.action, entry.allowed, entry.reasons) == (
        row.command.action,
        row.allowed,
        row.reasons,
    )
    assert entry.actor == stage.actor(row.actor)
    assert entry.auth == stage.auth(row.auth)
    assert entry.mailbox == stage.address(row.mailbox)
    assert entry.account == stage.address(row.account)
    if not row.allowed:  # a refusal changed nothing and caused nothing
        assert "events" not in entry.details
        assert "outbox" not in entry.details


def test_the_table_covers_every_command_registered_with_the_runner_both_ways() -> None:
    registered = {kind for kind in commands() if kind.__module__.startswith("balorg.")}
    assert {row.command for row in ROWS if row.allowed} == registered
    assert {row.command for row in ROWS if not row.allowed} == registered


def test_every_command_exported_by_the_services_is_registered_with_the_runner() -> None:
    exported = {
        value
        for name in services.__all__
        if isinstance(value := getattr(services, name), type)
        and issubclass(value, Command)
        and value is not Command
    }
    assert exported == set(commands())


def test_each_command_has_its_own_action_name_logging_in_has_two_ways() -> None:
    by_action: dict[str, set[str]] = {}
    for command in commands():
        assert command.action, f"{command.__name__} has no action name"
        by_action.setdefault(command.action, set()).add(command.__name__)
    shared = {action: names for action, names in by_action.items() if len(names) > 1}
    assert shared == {"log_in": {"LogIn", "StartSession"}}


def test_a_refusal_for_a_bad_value_by_a_host_sign_on_names_the_person_and_how() -> None:
    world = pharmacy()
    stage = Stage(world)
    claire = HostAssertion(stage.names["claire"], sign_on="pro-sante-connect")
    stage.act(lambda: change_description(world.ports, claire, world.address, description="\x00"))

    entry = stage.entry
    assert (entry.action, entry.allowed, entry.reasons) == (
        "change_description",
        False,
        ("field.invalid_characters",),
    )
    assert (entry.actor, entry.auth) == (str(stage.names["claire"]), "host:pro-sante-connect")
    assert entry.mailbox == str(world.address)


def test_a_refusal_for_a_bad_value_in_a_session_names_the_person_and_the_session() -> None:
    world = pharmacy()
    stage = Stage(world)
    stage.act(
        lambda: change_description(world.ports, world.claire, world.address, description="\x00")
    )

    entry = stage.entry
    assert entry.reasons == ("field.invalid_characters",)
    assert (entry.actor, entry.auth) == (str(stage.names["claire"]), stage.auth("session:claire"))


def test_a_refusal_before_the_password_was_checked_never_says_a_password_proved_it() -> None:
    world = pharmacy()
    stage = Stage(world)
    stage.act(
        lambda: register_mailbox(
            world.ports,
            example_registration(),  # Claire's registration, by someone who is not Claire
            address=example_address("pirate"),
            password=Password("n'importe quel mot de passe"),
            first_name="\x00",
        )
    )
    assert stage.entry.reasons == ("field.invalid_characters",)
    assert stage.entry.auth != "password"


def test_an_unknown_session_is_refused_and_audited_as_unauthenticated() -> None:
    world = pharmacy()
    stage = Stage(world)
    stage.act(lambda: switch_mailbox(world.ports, SessionToken("forged"), world.address))

    entry = stage.entry
    assert (entry.action, entry.allowed, entry.reasons) == (
        "switch_mailbox",
        False,
        ("session.unknown",),
    )
    assert (entry.actor, entry.auth) == ("unauthenticated", "none")


def test_a_refusal_inside_a_handler_undoes_what_the_handler_had_written() -> None:
    # Bob manages members but cannot administer: creating Eve's account stages the account
    # and its password hash, then the grant of "administer" is refused. Nothing of Eve stays.
    world = pharmacy()
    stage = Stage(world)
    member(world, "bob.dupont", capabilities=["read", "manage_members"])
    bob = login(world.ports, BOB)
    eve = example_address("eve.martin")
    stage.act(lambda: member(world, "eve.martin", capabilities=["administer"], by=bob))

    assert stage.entry.reasons == ("delegation.exceeds_grantor",)
    assert stage.entry.actor == str(BOB)
    with world.ports.uow() as uow:
        assert uow.accounts.get(eve) is None
        assert uow.credentials.get(eve) is None
        assert uow.delegations.current(world.address, eve) is None
    with refused("credentials.invalid"):
        authenticate(world.ports, eve, password_of(eve))


def test_every_entry_of_the_table_is_dated_by_the_ports_clock() -> None:
    world = pharmacy()
    stage = Stage(world)
    clock_of(world.ports).advance(minutes=7)
    stage.act(lambda: list_members(world.ports, world.claire, world.address))
    assert stage.entry.at == T0 + dt.timedelta(minutes=7)
