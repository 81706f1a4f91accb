"""Random histories of the seed's pharmacy, played through the services.

A Hypothesis state machine runs the use cases of :mod:`balorg.services` on the
in-memory store of :func:`balorg.testing.scenarios.example_ports`, with a manual clock it
moves forward: people (allowed or not) grant, suspend, resume, revoke and review
delegations, hand the responsibility over, change the red list, the description and
the directory entry, suspend, resume or close the mailbox, log in, switch, read and log
out, set their default mailbox and notices, send;
the mail transport receives; the service centre approves and rejects; the scheduler
reminds; the outbox is delivered. After every step it checks, from the store itself:

- at most one live delegation per (mailbox, account), and none for the responsible;
- no delegation carries more than its grantor held when it was granted, nor outlives
  the grantor's own delegation;
- every command run, allowed or refused, left exactly one audit entry naming its
  action and outcome (with the refusal's codes), and the whole store verifies;
- a refused command changed nothing but the trail (and wrote nothing to the outbox);
- new-mail notices went exactly to those who asked and may read the mailbox;
- the directory changes in the outbox, applied in order, show what the publication
  rule says each directory shows now, and delivered (through failures, retries and
  re-queues) they leave the publisher so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from balorg import serialization
from balorg.adapters.clock import ManualClock
from balorg.adapters.memory import InMemoryStore
from balorg.domain.account import AccountState
from balorg.domain.actors import HostAssertion, SessionToken, SystemActor
from balorg.domain.addresses import EmailAddress
from balorg.domain.audit import AuditEntry
from balorg.domain.capabilities import ALL_CAPABILITIES, Capability
from balorg.domain.delegation import Delegation, DelegationState, Review
from balorg.domain.errors import DomainRefusal
from balorg.domain.mail import (
    ExpiryNotice,
    NewMailNotice,
    Notice,
    ReviewNotice,
    ValidationNotice,
)
from balorg.domain.mailbox import LifecycleState, OrganisationalMailbox
from balorg.domain.professional import Professional
from balorg.domain.publication import DirectoryChange, DirectoryKind, MailboxEntry, apply_change
from balorg.ports.outbox import OutboxState
from balorg.ports.publisher import PublicationFailed
from balorg.rules import publication
from balorg.rules.access import capabilities_of
from balorg.services import (
    UNCHANGED,
    Delivery,
    anchor_audit,
    approve_account,
    authenticate,
    change_description,
    change_directory_entry,
    change_red_list,
    close_mailbox,
    create_member_account,
    dispatch,
    end_session,
    failures,
    grant_member,
    hand_over_responsibility,
    read_mailbox,
    receive_message,
    reject_account,
    requeue,
    resume_mailbox,
    resume_member,
    review_member,
    revoke_member,
    send_expiry_reminders,
    send_message,
    set_default_mailbox,
    set_notices,
    suspend_mailbox,
    suspend_member,
    switch_mailbox,
    verify_audit,
)
from balorg.testing.examples import T0, example_address, example_professional
from balorg.testing.scenarios import AGENT, TRANSPORT, example_ports, password_of, pharmacy

T = TypeVar("T")

PHARMACY = example_address("pharmacie")
CLAIRE = example_professional(1).email  # the responsible the pharmacy starts with
CLAIRE2 = example_professional(2).email  # an eligible pharmacist, who may take over
ALICE = example_address("alice.bernard")  # a member from the start (read, send)
BOB = example_address("bob.petit")
CHLOE = example_address("chloe.roux")
PEOPLE = (CLAIRE, CLAIRE2, ALICE, BOB, CHLOE)
STRANGER = example_address("inconnu")  # no account
CORRESPONDENT = EmailAddress("dr.house@hopital.mssante.fr")
SCHEDULER = SystemActor("scheduler")
#: Who each person is, as a successor would be named: only Claire and Claire 2 are
#: eligible pharmacists whose accounts declared that identity.
PROFESSIONALS: dict[EmailAddress, Professional] = {
    CLAIRE: example_professional(1),
    CLAIRE2: example_professional(2),
    **{p: example_professional(3, email=p) for p in (ALICE, BOB, CHLOE)},
}
READ, SEND, MANAGE, ADMIN = (
    Capability.READ,
    Capability.SEND,
    Capability.MANAGE_MEMBERS,
    Capability.ADMINISTER,
)

_PEOPLE = st.sampled_from(PEOPLE)
#: Who acts: anyone, or (as often) whoever is responsible now, so that many commands
#: are allowed; the rest try what they may not do.
RESPONSIBLE = EmailAddress("responsable-du-moment@contract.mssante.fr")
_ACTORS = st.sampled_from((RESPONSIBLE, RESPONSIBLE, *PEOPLE))
_TARGETS = st.sampled_from((*PEOPLE, STRANGER))
#: A member in the state a change needs (live, suspended, to review), when there is one.
FITTING = EmailAddress("membre-concerne@contract.mssante.fr")
_MEMBERS = st.sampled_from((FITTING, FITTING, *PEOPLE, STRANGER))
_CAPABILITIES = st.one_of(
    st.lists(st.sampled_from(Capability), max_size=4, unique=True),
    st.frozensets(st.sampled_from(Capability), max_size=4),
)
_DELAYS = st.sampled_from(
    [
        dt.timedelta(minutes=1),
        dt.timedelta(minutes=45),
        dt.timedelta(hours=6),
        dt.timedelta(days=1),
        dt.timedelta(days=6),
        dt.timedelta(days=31),
    ]
)
_EXPIRIES = st.none() | st.sampled_from(
    [-dt.timedelta(hours=1), dt.timedelta(hours=2), dt.timedelta(days=3), dt.timedelta(days=20)]
)


_GRANTABLE = (AccountState.ACTIVE, AccountState.PENDING_VALIDATION)


def _host(person: EmailAddress) -> HostAssertion:
    return HostAssertion(person, sign_on="carte-cps")


class PharmacyMachine(RuleBasedStateMachine):
    """The pharmacy and five people, through the services only."""

    def __init__(self) -> None:
        super().__init__()
        self.clock = ManualClock(T0)
        self.store = InMemoryStore()
        self.ports = example_ports(self.store, clock=self.clock)
        self.world = pharmacy(self.ports)
        self.sessions: dict[EmailAddress, SessionToken] = {
            CLAIRE: self.world.claire,
            ALICE: self.world.alice,
        }
        #: (mailbox, account, number) -> what the grantor held and until when, at the grant.
        self.granted: dict[tuple[EmailAddress, EmailAddress, int], Any] = {}
        self.shown: dict[DirectoryKind, MailboxEntry | None] = dict.fromkeys(DirectoryKind)
        self.seen_outbox: list[str] = []
        self.references: list[str] = []
        #: The anchors' (seq, head) after the last anchoring round, as kept outside.
        self.anchored: tuple[int, str] | None = None
        self.runs = {"allowed": 0, "refused": 0, "steps": 0}
        self.new_notices: list[Any] = []
        self._follow_outbox()
        self._record_grants(self._holdings())

    # -- reading the store -------------------------------------------------------------------------

    @property
    def now(self) -> dt.datetime:
        return self.clock.now()

    def mailbox(self) -> OrganisationalMailbox:
        return self.store.mailboxes[PHARMACY]

    def current(self, person: EmailAddress) -> Delegation | None:
        history = self.store.delegations.get((PHARMACY, person), [])
        live = [d for d in history if d.is_live]
        return live[-1] if live else (history[-1] if history else None)

    def entries(self) -> int:
        return sum(seq for seq, _ in self.store.heads.values())

    def last_entry(self) -> AuditEntry:
        _, chain, seq = self.store.by_time[-1]
        entry, _ = self.store.chains[chain][seq - 1]
        return entry

    def snapshot(self) -> dict[str, Any]:
        """Everything a command may change, but the trail, the password throttle and the
        last use of a session (a refused command is a use of the session all the same)."""

        def plain(value: Any) -> Any:
            return serialization.unstructure(value)

        def session(value: Any) -> Any:
            data = plain(value)
            del data["last_seen_at"], data["version"]
            return data

        return {
            "mailboxes": {a: plain(m) for a, m in self.store.mailboxes.items()},
            "delegations": {k: [plain(d) for d in h] for k, h in self.store.delegations.items()},
            "accounts": {a: plain(x) for a, x in self.store.accounts.items()},
            "sessions": {k: session(s) for k, s in self.store.sessions.items()},
            "credentials": dict(self.store.credentials),
            "messages": {k: list(v) for k, v in self.store.messages.items()},
            "outbox": set(self.store.outbox),
        }

    def may_use(self, person: EmailAddress, capability: Capability = READ) -> bool:
        """The model (not the rule) of who may use the live pharmacy now (read, send...)."""
        mailbox = self.mailbox()
        if not self.can_act(person) or mailbox.state is not LifecycleState.ACTIVE:
            return False
        if mailbox.is_responsible(person):
            return True
        delegation = self.current(person)
        return (
            delegation is not None
            and delegation.state is DelegationState.ACTIVE
            and (delegation.expires_at is None or self.now < delegation.expires_at)
            and capability in delegation.capabilities
        )

    def may_read(self, person: EmailAddress) -> bool:
        return self.may_use(person, READ)

    def can_act(self, person: EmailAddress) -> bool:
        account = self.store.accounts.get(person)
        return (
            account is not None
            and account.state is AccountState.ACTIVE
            and not account.credential_pending
        )

    def session_usable(self, person: EmailAddress) -> bool:
        token = self.sessions.get(person)
        session = None if token is None else self.store.sessions.get(token.digest())
        return session is not None and session.problem_at(self.now) is None

    def _holdings(self) -> dict[EmailAddress, tuple[frozenset[Capability], Any]]:
        """What each person holds on the pharmacy now, and until when (``None``: no end)."""
        mailbox = self.mailbox()
        held = {}
        for person in (*PEOPLE, AGENT):
            delegation = self.current(person)
            limit = None
            if not mailbox.is_responsible(person) and delegation is not None:
                limit = delegation.expires_at if delegation.is_live_at(self.now) else self.now
            held[person] = (capabilities_of(mailbox, person, delegation, self.now), limit)
        return held

    def _record_grants(self, before: dict[EmailAddress, Any]) -> None:
        for (mailbox, account), history in self.store.delegations.items():
            for delegation in history:
                key = (mailbox, account, delegation.number)
                if key not in self.granted:
                    self.granted[key] = before[delegation.granted_by]

    def _follow_outbox(self) -> list[Any]:
        """Apply the directory changes written since last time; answer the new notices."""
        notices = []
        for key, message in self.store.outbox.items():
            if key in self.seen_outbox:
                continue
            self.seen_outbox.append(key)
            assert message.kind in ("notice", "directory"), message.kind
            if message.kind == "directory":
                change = serialization.structure_stored(message.payload, DirectoryChange)
                assert message.mailbox == str(change.address) == str(PHARMACY)
                self.shown[change.directory] = apply_change(self.shown[change.directory], change)
            else:
                notices.append(serialization.structure_stored(message.payload, Notice))
        return notices

    # -- running one command ---------------------------------------------------------------------

    def member(
        self, account: EmailAddress, fits: Callable[[Delegation], bool], pick: int = 0
    ) -> EmailAddress:
        """The person a change concerns: :data:`FITTING` is a member whose current
        delegation ``fits`` (else no one: an unknown account)."""
        if account != FITTING:
            return account
        fitting = [p for p in PEOPLE if (d := self.current(p)) is not None and fits(d)]
        return fitting[pick % len(fitting)] if fitting else STRANGER

    def who(self, actor: EmailAddress) -> EmailAddress:
        """The person acting: :data:`RESPONSIBLE` is whoever is responsible now."""
        return self.mailbox().responsible.account if actor == RESPONSIBLE else actor

    def attempt(self, action: str, call: Callable[[], T]) -> T | None:
        """Run one command; check its audit entry, and that a refusal changed nothing."""
        before, count, held = self.snapshot(), self.entries(), self._holdings()
        reasons: tuple[str, ...] = ()
        outcome: T | None = None
        try:
            outcome = call()
        except DomainRefusal as refusal:
            reasons = tuple(p.code for p in refusal.problems)
        event(f"{action}: {reasons[0] if reasons else 'allowed'}")
        entry = self.last_entry()
        assert (entry.action, entry.allowed, entry.reasons) == (action, not reasons, reasons)
        if reasons:
            assert self.snapshot() == before, f"{action} was refused but changed the store"
            self.runs["refused"] += 1
        else:
            self.runs["allowed"] += 1
        assert self.entries() == count + 1, f"{action} left {self.entries() - count} entries"
        assert entry.at == self.now
        self._record_grants(held)
        self.new_notices = self._follow_outbox()
        if reasons:
            assert self.new_notices == []
        for notice in self.new_notices:
            if isinstance(notice, ReviewNotice):
                # Told to the responsible, about grants of that grantor waiting for a review.
                assert notice.to == self.mailbox().responsible.account
                waiting = [
                    d
                    for history in self.store.delegations.values()
                    for d in history
                    if d.is_live and d.granted_by == notice.grantor and d.review is Review.TO_REVIEW
                ]
                assert 1 <= notice.count <= len(waiting)
            elif isinstance(notice, ValidationNotice):
                assert notice.to == notice.account
        return outcome

    # -- set-up --------------------------------------------------------------------------------

    @initialize(
        bob=st.none() | _CAPABILITIES.filter(bool),
        chloe=st.none() | _CAPABILITIES.filter(bool),
        approve=st.sampled_from([(BOB, CHLOE, CLAIRE2), (BOB, CLAIRE2), (CHLOE,), ()]),
        release=st.sampled_from([(CHLOE,), (CLAIRE2,), (CHLOE, CLAIRE2), (BOB, CHLOE), ()]),
    )
    def more_people(
        self,
        bob: Iterable[Capability] | None,
        chloe: Iterable[Capability] | None,
        approve: tuple[EmailAddress, ...],
        release: tuple[EmailAddress, ...],
    ) -> None:
        """Claire creates three more accounts, each attached with a delegation (her
        successor-to-be declares her identity); the service centre approves some; Claire
        revokes some of these delegations again."""
        claire = _host(CLAIRE)
        for person, capabilities, first in ((BOB, bob, "Bob"), (CHLOE, chloe, "Chloé")):
            self.attempt(
                "create_member_account",
                lambda p=person, c=capabilities, f=first: create_member_account(
                    self.ports,
                    claire,
                    PHARMACY,
                    account=p,
                    first_name=f,
                    last_name="Durand",
                    password=password_of(p),
                    capabilities=c,
                ),
            )
        self.attempt(
            "create_member_account",
            lambda: create_member_account(
                self.ports,
                claire,
                PHARMACY,
                account=CLAIRE2,
                first_name="Claire",
                last_name="Martin2",
                password=password_of(CLAIRE2),
                professional=PROFESSIONALS[CLAIRE2].idnat,
            ),
        )
        for person in approve:
            self.attempt(
                "approve_account", lambda p=person: approve_account(self.ports, self.world.agent, p)
            )
        for person in release:
            self.attempt(
                "revoke_member",
                lambda p=person: revoke_member(
                    self.ports, claire, PHARMACY, account=p, reason="pas encore"
                ),
            )

    # -- members ---------------------------------------------------------------------------------

    @rule(
        actor=_ACTORS,
        account=_TARGETS,
        capabilities=st.none() | _CAPABILITIES,
        expiry=_EXPIRIES,
    )
    def grant(
        self,
        actor: EmailAddress,
        account: EmailAddress,
        capabilities: Iterable[Capability] | None,
        expiry: dt.timedelta | None,
    ) -> None:
        self._grant(self.who(actor), account, capabilities, expiry)

    @rule(
        data=st.data(),
        capabilities=st.none() | _CAPABILITIES,
        expiry=_EXPIRIES,
    )
    def grant_by_a_manager_to_someone_free(
        self,
        data: st.DataObject,
        capabilities: Iterable[Capability] | None,
        expiry: dt.timedelta | None,
    ) -> None:
        """The responsible, or a member who may manage members, grants to an account
        that holds no live delegation (such grants are mostly allowed)."""
        mailbox = self.mailbox()
        managers = [mailbox.responsible.account] + [
            p for p in PEOPLE if self.may_use(p, MANAGE) and not mailbox.is_responsible(p)
        ]
        free = [
            p
            for p in PEOPLE
            if not mailbox.is_responsible(p)
            and self.store.accounts[p].state in _GRANTABLE
            and not ((d := self.current(p)) and d.is_live_at(self.now))
        ]
        actor = data.draw(st.sampled_from(managers), label="manager")
        account = data.draw(st.sampled_from(free), label="grantee") if free else STRANGER
        self._grant(actor, account, capabilities, expiry)

    def _grant(
        self,
        actor: EmailAddress,
        account: EmailAddress,
        capabilities: Iterable[Capability] | None,
        expiry: dt.timedelta | None,
    ) -> None:
        granted = self.attempt(
            "grant_member",
            lambda: grant_member(
                self.ports,
                _host(actor),
                PHARMACY,
                account=account,
                capabilities=capabilities,
                expires_at=None if expiry is None else self.now + expiry,
            ),
        )
        if granted is not None:
            assert granted.delegation.granted_by == actor
            assert {w.code for w in granted.warnings} <= {"delegation.expiry_capped"}

    @rule(actor=_ACTORS, account=_MEMBERS, reason=st.none() | st.just("congé"))
    def suspend(self, actor: EmailAddress, account: EmailAddress, reason: str | None) -> None:
        actor = self.who(actor)
        account = self.member(account, lambda d: d.is_active_at(self.now))
        self.attempt(
            "suspend_member",
            lambda: suspend_member(
                self.ports, _host(actor), PHARMACY, account=account, reason=reason
            ),
        )

    @rule(actor=_ACTORS, account=_MEMBERS)
    def resume(self, actor: EmailAddress, account: EmailAddress) -> None:
        actor = self.who(actor)
        account = self.member(account, lambda d: d.state_at(self.now) is DelegationState.SUSPENDED)
        self.attempt(
            "resume_member",
            lambda: resume_member(self.ports, _host(actor), PHARMACY, account=account),
        )

    @rule(actor=_ACTORS, account=_MEMBERS)
    def revoke(self, actor: EmailAddress, account: EmailAddress) -> None:
        actor = self.who(actor)
        account = self.member(account, lambda d: d.is_live_at(self.now))
        self.attempt(
            "revoke_member",
            lambda: revoke_member(
                self.ports, _host(actor), PHARMACY, account=account, reason="départ"
            ),
        )

    @rule(actor=_ACTORS, account=_MEMBERS, keep=st.booleans())
    def review(self, actor: EmailAddress, account: EmailAddress, keep: bool) -> None:
        actor = self.who(actor)
        account = self.member(
            account, lambda d: d.is_live_at(self.now) and d.review is Review.TO_REVIEW
        )
        self.attempt(
            "review_member",
            lambda: review_member(
                self.ports,
                _host(actor),
                PHARMACY,
                account=account,
                keep=keep,
                reason=None if keep else "plus nécessaire",
            ),
        )

    @rule(
        actor=_ACTORS,
        successor=_PEOPLE,
        keeps=st.sampled_from([(), (READ,), tuple(ALL_CAPABILITIES)]),
    )
    def hand_over(
        self, actor: EmailAddress, successor: EmailAddress, keeps: tuple[Capability, ...]
    ) -> None:
        actor = self.who(actor)
        previous = self.mailbox().responsible.account
        handed = self.attempt(
            "hand_over",
            lambda: hand_over_responsibility(
                self.ports,
                _host(actor),
                PHARMACY,
                successor=PROFESSIONALS[successor],
                successor_account=successor,
                previous_keeps=keeps,
            ),
        )
        if handed is not None:
            assert self.mailbox().responsible.account == successor
            kept = self.current(previous)
            live = kept is not None and kept.is_live_at(self.now)
            assert (kept.capabilities if kept and live else frozenset()) == set(keeps)

    # -- the mailbox -----------------------------------------------------------------------------

    @rule(actor=_ACTORS, national=st.none() | st.booleans(), operator=st.none() | st.booleans())
    def red_list(self, actor: EmailAddress, national: bool | None, operator: bool | None) -> None:
        actor = self.who(actor)
        self.attempt(
            "change_red_list",
            lambda: change_red_list(
                self.ports,
                _host(actor),
                PHARMACY,
                national_directory=national,
                operator_directory=operator,
            ),
        )

    @rule(
        actor=_ACTORS,
        service=st.sampled_from([UNCHANGED, None, "Officine", "Préparations"]),
        contact=st.sampled_from([UNCHANGED, None, "Accueil, 05 61 00 00 00"]),
        rank=st.sampled_from([UNCHANGED, None, 1, 2, 0]),
    )
    def directory_entry(self, actor: EmailAddress, service: Any, contact: Any, rank: Any) -> None:
        actor = self.who(actor)
        expected = (
            self.can_act(actor)
            and self.mailbox().state in (LifecycleState.PENDING, LifecycleState.ACTIVE)
            and (self.mailbox().is_responsible(actor) or self._holds(actor, ADMIN))
            and rank != 0
        )
        self.attempt(
            "change_directory_entry",
            lambda: change_directory_entry(
                self.ports, _host(actor), PHARMACY, service=service, contact=contact, rank=rank
            ),
        )
        assert self.last_entry().allowed is expected
        if expected:
            mailbox = self.mailbox()
            for name, value in (("service", service), ("responsible_contact", contact)):
                if value is not UNCHANGED:
                    assert getattr(mailbox, name) == value
            if rank is not UNCHANGED:
                assert mailbox.rank == rank

    @rule(actor=_ACTORS, description=st.sampled_from(["Officine du centre", "  ", "Autre"]))
    def describe(self, actor: EmailAddress, description: str) -> None:
        actor = self.who(actor)
        self.attempt(
            "change_description",
            lambda: change_description(self.ports, _host(actor), PHARMACY, description=description),
        )
        if self.last_entry().allowed:
            assert self.mailbox().description == description.strip()
            assert description.strip()

    def _holds(self, person: EmailAddress, capability: Capability) -> bool:
        delegation = self.current(person)
        return delegation is not None and capability in delegation.capabilities_at(self.now)

    @rule(actor=_ACTORS)
    def suspend_the_mailbox(self, actor: EmailAddress) -> None:
        actor = self.who(actor)
        self.attempt(
            "suspend_mailbox",
            lambda: suspend_mailbox(self.ports, _host(actor), PHARMACY, reason="inventaire"),
        )

    @rule(actor=_ACTORS)
    def resume_the_mailbox(self, actor: EmailAddress) -> None:
        actor = self.who(actor)
        self.attempt("resume_mailbox", lambda: resume_mailbox(self.ports, _host(actor), PHARMACY))

    @precondition(lambda self: self.runs["allowed"] + self.runs["refused"] > 40)
    @rule(actor=_ACTORS)
    def close(self, actor: EmailAddress) -> None:
        actor = self.who(actor)
        self.attempt(
            "close_mailbox",
            lambda: close_mailbox(self.ports, _host(actor), PHARMACY, reason="cessation"),
        )

    # -- using it --------------------------------------------------------------------------------

    @rule(person=_PEOPLE)
    def log_in(self, person: EmailAddress) -> None:
        may = self.can_act(person)
        readable = self.may_read(person)
        opened = self.attempt(
            "log_in", lambda: authenticate(self.ports, person, password_of(person))
        )
        assert (opened is not None) is may
        if opened is not None:
            self.sessions[person] = opened.token
            default = self.store.accounts[person].default_mailbox
            expected = PHARMACY if default == PHARMACY and readable else person
            assert opened.view.mailbox == expected
            assert (PHARMACY in opened.view.openable) is readable

    @precondition(lambda self: bool(self.sessions))
    @rule(data=st.data(), own=st.booleans())
    def switch(self, data: st.DataObject, own: bool) -> None:
        person = data.draw(st.sampled_from(sorted(self.sessions, key=str)), label="person")
        target = person if own else PHARMACY
        expected = self.session_usable(person) and self.can_act(person)
        expected = expected and (own or self.may_read(person))
        switched = self.attempt(
            "switch_mailbox", lambda: switch_mailbox(self.ports, self.sessions[person], target)
        )
        assert (switched is not None) is expected
        if switched is not None:
            assert switched.mailbox == target

    @precondition(lambda self: bool(self.sessions))
    @rule(data=st.data())
    def log_out(self, data: st.DataObject) -> None:
        person = data.draw(st.sampled_from(sorted(self.sessions, key=str)), label="person")
        usable = self.session_usable(person)
        self.attempt("end_session", lambda: end_session(self.ports, self.sessions[person]))
        assert self.last_entry().allowed is usable
        assert not self.session_usable(person)

    @precondition(lambda self: bool(self.sessions))
    @rule(data=st.data())
    def read(self, data: st.DataObject) -> None:
        person = data.draw(st.sampled_from(sorted(self.sessions, key=str)), label="person")
        session = self.store.sessions[self.sessions[person].digest()]
        expected = (
            self.session_usable(person) and session.mailbox == PHARMACY and self.may_read(person)
        )
        contents = self.attempt(
            "read_mailbox", lambda: read_mailbox(self.ports, self.sessions[person])
        )
        assert (contents is not None) is expected
        if contents is not None:
            stored = [m for _, m in self.store.messages.get(PHARMACY, [])]
            assert list(contents.messages) == stored[:100]

    @rule(person=_PEOPLE, pharmacy=st.booleans())
    def set_default(self, person: EmailAddress, pharmacy: bool) -> None:
        target = PHARMACY if pharmacy else person
        expected = self.can_act(person) and (not pharmacy or self.may_read(person))
        self.attempt(
            "set_default_mailbox",
            lambda: set_default_mailbox(self.ports, _host(person), target),
        )
        assert self.last_entry().allowed is expected
        account = self.store.accounts[person]
        if expected:
            assert account.default_mailbox == (PHARMACY if pharmacy else None)

    @rule(person=_PEOPLE, enabled=st.booleans())
    def notices(self, person: EmailAddress, enabled: bool) -> None:
        expected = self.can_act(person) and (not enabled or self.may_read(person))
        self.attempt(
            "set_notices",
            lambda: set_notices(self.ports, _host(person), PHARMACY, enabled=enabled),
        )
        assert self.last_entry().allowed is expected
        if expected:
            assert self._asked(person) is enabled

    @rule(person=_PEOPLE, with_session=st.booleans())
    def send(self, person: EmailAddress, with_session: bool) -> None:
        reference = f"<envoi-{len(self.references)}@balorg>"
        self.references.append(reference)
        token = self.sessions.get(person) if with_session else None
        if token is not None:
            session = self.store.sessions[token.digest()]
            on_pharmacy = self.session_usable(person) and session.mailbox == PHARMACY
        else:
            on_pharmacy = self.store.accounts.get(person) is not None
        expected = on_pharmacy and self.may_use(person, SEND)
        sent = self.attempt(
            "send_message",
            lambda: send_message(
                self.ports,
                token or _host(person),
                recipient=CORRESPONDENT,
                reference=reference,
                mailbox=None if token is not None else PHARMACY,
            ),
        )
        assert (sent is not None) is expected
        if sent is not None:
            assert (sent.author, sent.mailbox) == (person, PHARMACY)

    @rule(again=st.booleans())
    def receive(self, again: bool) -> None:
        if again and self.references:
            reference = self.references[-1]
        else:
            reference = f"<recu-{len(self.references)}@hopital>"
            self.references.append(reference)
        expected = sorted(
            (p for p in self.store.accounts if self.may_read(p) and self._asked(p)), key=str
        )
        received = self.attempt(
            "receive_message",
            lambda: receive_message(
                self.ports, TRANSPORT, PHARMACY, sender=CORRESPONDENT, reference=reference
            ),
        )
        if received is None:
            assert self.mailbox().state not in (LifecycleState.ACTIVE, LifecycleState.SUSPENDED)
            return
        told = [n.to for n in self.new_notices if isinstance(n, NewMailNotice)]
        assert all(n.mailbox == PHARMACY for n in self.new_notices)
        if received.new:
            assert list(received.notified) == expected
            assert sorted(told, key=str) == expected
        else:
            assert told == []

    def _asked(self, person: EmailAddress) -> bool:
        return PHARMACY in self.store.accounts[person].notices

    # -- the service centre, the scheduler, time --------------------------------------------------

    @rule(person=_TARGETS)
    def approve(self, person: EmailAddress) -> None:
        self.attempt(
            "approve_account", lambda: approve_account(self.ports, self.world.agent, person)
        )
        self._told_of_decision(person)

    @rule(person=_TARGETS)
    def reject(self, person: EmailAddress) -> None:
        self.attempt(
            "reject_account",
            lambda: reject_account(self.ports, self.world.agent, person, reason="doublon"),
        )
        self._told_of_decision(person)

    def _told_of_decision(self, person: EmailAddress) -> None:
        for notice in self.new_notices:
            if isinstance(notice, ValidationNotice):
                assert notice.to == notice.account == person

    @rule()
    def remind(self) -> None:
        self.attempt("send_expiry_reminders", lambda: send_expiry_reminders(self.ports, SCHEDULER))
        mailbox = self.mailbox()
        for notice in self.new_notices:
            assert isinstance(notice, ExpiryNotice)
            delegation = self.current(notice.account)
            assert delegation is not None
            assert notice.to in (
                notice.account,
                mailbox.responsible.account,
                delegation.granted_by,
            )
            assert self.now < notice.expires_at <= self.now + self.ports.settings.reminder_lead

    @rule(delay=_DELAYS)
    def time_passes(self, delay: dt.timedelta) -> None:
        self.clock.advance(seconds=delay.total_seconds())

    @rule(fails=st.sampled_from([None, None, True, False]))
    def deliver(self, fails: bool | None) -> None:
        """Deliver the outbox; the publisher fails now and then (a time-out that may pass,
        or a refusal that needs a person, fixed and re-queued at once)."""
        publisher = self.world.publisher
        if fails is not None:
            publisher.fail_with = PublicationFailed(
                "publication.unavailable", retryable=fails, detail="test"
            )
        delivery = Delivery(notifier=self.world.notifier, publishers=[publisher])
        dispatch(self.ports, delivery)
        publisher.fail_with = None
        for message in failures(self.ports):
            requeue(self.ports, message.key)
        dispatch(self.ports, delivery)
        pending = [
            m
            for m in self.store.outbox.values()
            if m.kind == "directory" and m.state is not OutboxState.DELIVERED
        ]
        if not pending:  # everything written reached the directories, in order
            for directory in DirectoryKind:
                assert publisher.entries[directory].get(PHARMACY) == self.shown[directory]

    @rule()
    def anchor(self) -> None:
        anchor_audit(self.ports)
        self.anchored = (len(self.store.anchors), self.store.anchors[-1].hash)

    def teardown(self) -> None:
        event(f"commands allowed: {10 * (self.runs['allowed'] // 10)}+")

    # -- invariants ------------------------------------------------------------------------------

    @invariant()
    def one_live_delegation_per_account_and_none_for_the_responsible(self) -> None:
        responsible = self.mailbox().responsible.account
        for (_, account), history in self.store.delegations.items():
            live = [d for d in history if d.is_live]
            assert len(live) <= 1, (account, live)
            # (an expired one of the new responsible may stay recorded as active: time ended it)
            assert not (account == responsible and any(d.is_live_at(self.now) for d in live)), (
                "the responsible holds a delegation"
            )
            assert [d.number for d in history] == sorted({d.number for d in history})
            for delegation in history:
                assert (
                    delegation.review is Review.NONE
                    or delegation.is_live
                    or (delegation.review is Review.KEPT)
                )

    @invariant()
    def no_grant_exceeds_or_outlives_its_grantor(self) -> None:
        for (mailbox, account), history in self.store.delegations.items():
            for delegation in history:
                held, limit = self.granted[(mailbox, account, delegation.number)]
                assert delegation.capabilities <= held, (delegation, held)
                if limit is not None:
                    assert delegation.expires_at is not None, (delegation, limit)
                    assert delegation.expires_at <= limit, (delegation, limit)

    @invariant()
    def the_whole_trail_verifies(self) -> None:
        # The anchors' head kept outside after the last anchoring round still verifies,
        # whatever was anchored since.
        expected = None
        if self.anchored is not None:
            seq, expected = self.anchored
            assert self.store.anchors[seq - 1].hash == expected
        resumed = verify_audit(self.ports, resume=True, expected_anchor_head=expected)
        assert resumed.ok, resumed.problems
        full = verify_audit(self.ports, expected_anchor_head=expected)
        assert full.ok, full.problems
        assert full.count == self.entries()

    @invariant()
    def the_outbox_shows_what_the_directories_must_show(self) -> None:
        mailbox = self.mailbox()
        for directory in DirectoryKind:
            assert self.shown[directory] == publication.entry(mailbox, directory), directory


TestPharmacy = PharmacyMachine.TestCase
TestPharmacy.settings = settings(
    max_examples=60,
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.mark.slow
def test_longer_histories_of_the_pharmacy() -> None:
    run_state_machine_as_test(
        PharmacyMachine,
        settings=settings(
            max_examples=500,
            stateful_step_count=80,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


def test_capabilities_named_as_a_set_are_granted_and_audited() -> None:
    """A set in an audited field once crashed the audit after the handler ran."""
    world = pharmacy()
    before = sum(seq for seq, _ in world.ports.uow.heads.values())  # type: ignore[attr-defined]

    bob = create_member_account(
        world.ports,
        world.claire,
        world.address,
        account=BOB,
        first_name="Bob",
        last_name="Petit",
        password=password_of(BOB),
        capabilities={READ},
    )

    assert bob.address == BOB
    assert sum(seq for seq, _ in world.ports.uow.heads.values()) == before + 1  # type: ignore[attr-defined]


def _operator_entry_after_two_red_list_changes(world: Any, between: Callable[[], None]) -> Any:
    """Put the pharmacy on the operator's red list, then take it off; ``between`` runs
    after the first change. Answers what the operator's directory finally shows."""
    claire = _host(CLAIRE)
    world.deliver()
    change_red_list(world.ports, claire, world.address, operator_directory=True)
    between()
    change_red_list(world.ports, claire, world.address, operator_directory=False)
    for _ in range(3):
        world.ports.clock.advance(minutes=10)
        world.deliver()
    return world.publisher.entries[DirectoryKind.OPERATOR].get(world.address)


def test_a_change_retried_after_a_failure_is_not_applied_over_a_later_one() -> None:
    """Found by the machine: outbox messages were once delivered each on its own."""
    world = pharmacy()

    def fail_once() -> None:
        world.publisher.fail_with = PublicationFailed(
            "publication.unavailable", retryable=True, detail="503"
        )
        world.deliver()
        world.publisher.fail_with = None
        world.ports.clock.advance(seconds=1)

    shown = _operator_entry_after_two_red_list_changes(world, fail_once)

    assert shown == publication.entry(world.mailbox, DirectoryKind.OPERATOR)
    assert shown is not None


def test_changes_made_at_the_same_instant_are_delivered_in_the_order_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Found by the machine: same-instant messages were once claimed by their random keys."""
    world = pharmacy()
    keys = iter(f"{n:032x}" for n in range(10**6, 0, -1))  # each key sorts before the last
    monkeypatch.setattr("balorg.services.bus.secrets.token_hex", lambda _: next(keys))

    shown = _operator_entry_after_two_red_list_changes(world, lambda: None)

    assert shown is not None


def test_a_kept_anchor_head_still_verifies_once_a_resumed_verification_moved_past_it() -> None:
    world = pharmacy()
    anchor_audit(world.ports)
    kept = verify_audit(world.ports).head  # kept outside the database
    for job in ("scheduler", "nightly-scheduler"):  # each job's first entry: a new chain
        send_expiry_reminders(world.ports, SystemActor(job))
        report = verify_audit(world.ports, resume=True, expected_anchor_head=kept)

        assert report.ok, report.problems
