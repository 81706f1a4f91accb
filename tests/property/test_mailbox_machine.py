"""Random histories of one organisational mailbox and its connection accounts.

A Hypothesis state machine grants, activates, suspends, resumes and revokes
delegations (sometimes asked by someone who lacks the capabilities), lets them
expire by moving a fake clock, hands the responsibility over to eligible and
non-eligible professionals, suspends the mailbox, changes its red list, and
changes each account's default mailbox and notices. It keeps its own model of
what should hold and compares the aggregate with it after every step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import attrs
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)

from balorg.domain.account import AccountState, ConnectionAccount
from balorg.domain.addresses import EmailAddress
from balorg.domain.delegation import ALL_CAPABILITIES, Capability, Delegation, DelegationState
from balorg.domain.errors import DomainRefusal
from balorg.domain.mailbox import (
    BalType,
    DirectoryLabel,
    LifecycleState,
    OrganisationalMailbox,
    RedList,
    Responsibility,
)
from balorg.domain.professional import Professional
from balorg.rules.access import ACTION_RULES, decide, openable_mailboxes
from balorg.testing import strategies as bst

T = TypeVar("T")

_AGENT = EmailAddress("agent@centre-services.esante-occitanie.fr")  # the service centre
_ELSEWHERE = EmailAddress("secretariat@ailleurs.mssante.fr")  # a mailbox nobody here can open
_FORBIDDEN = ("password", "credential", "login", "secret")
_FINAL = (DelegationState.REVOKED, DelegationState.EXPIRED)


@attrs.define
class _Grant:
    """The model of one delegation: what was recorded, and what its grantor held."""

    number: int
    account: EmailAddress
    capabilities: frozenset[Capability]
    state: DelegationState
    expires_at: dt.datetime | None
    granted_by: EmailAddress
    grantor_held: frozenset[Capability]

    def state_at(self, now: dt.datetime) -> DelegationState:
        if self.state not in _FINAL and self.expires_at is not None and now >= self.expires_at:
            return DelegationState.EXPIRED
        return self.state


@attrs.define
class _AccountModel:
    """The model of one account: its validation state and connection settings."""

    state: AccountState
    default: EmailAddress | None = None
    notices: frozenset[EmailAddress] = frozenset()


class MailboxMachine(RuleBasedStateMachine):
    people = Bundle("people")

    def __init__(self) -> None:
        super().__init__()
        self.now = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
        self.accounts: dict[EmailAddress, ConnectionAccount] = {}
        self.grants: list[_Grant] = []
        self.models: dict[EmailAddress, _AccountModel] = {}
        self.seen_final: dict[int, DelegationState] = {}
        self.seen_count = 0

    # -- set-up ---------------------------------------------------------------------------

    @initialize(
        target=people,
        data=st.data(),
        start=bst.dates(),
        addresses=st.lists(bst.email_addresses(), min_size=3, max_size=5, unique=True),
    )
    def open_mailbox(
        self, data: st.DataObject, start: dt.date, addresses: list[EmailAddress]
    ) -> Any:
        self.now = dt.datetime.combine(start, dt.time(9), tzinfo=dt.UTC)
        for n, address in enumerate(addresses):
            pending = data.draw(st.booleans(), label=f"{address} pending")
            self.accounts[address] = ConnectionAccount.create(
                address=address,
                first_name=f"Prénom{n}",
                last_name=f"Nom{n}",
                by=address,
                at=self.now,
                pending_validation=pending,
            )
            self.models[address] = _AccountModel(
                AccountState.PENDING_VALIDATION if pending else AccountState.ACTIVE
            )
        responsible = data.draw(bst.professionals(on=start), label="responsible")
        self.mailbox = OrganisationalMailbox.register(
            address=data.draw(bst.mssante_addresses().filter(lambda a: a not in self.accounts)),
            generic_email=data.draw(bst.email_addresses(), label="generic email"),
            label=DirectoryLabel(last_name="Cabinet", first_name="Dr Martin"),
            structure=data.draw(bst.structures(), label="structure"),
            responsible=responsible,
            description="Secrétariat du cabinet",
            red_list=RedList(),
            by=addresses[0],
            at=self.now,
            responsible_account=addresses[0],
        )
        self.address = self.mailbox.address
        self.state = LifecycleState.PENDING
        self.finished = data.draw(st.booleans(), label="registration finished")
        if self.finished:
            self.mailbox.finish(by=addresses[0], at=self.now)
            self.mailbox.activate(by=addresses[0], at=self.now)
            self.state = LifecycleState.ACTIVE
        self.red_list = RedList()
        self.responsible = Responsibility(
            professional=responsible,
            account=addresses[0],
            designated_at=self.now,
            designated_by=addresses[0],
        )
        return multiple(*addresses)

    # -- the model's answers ----------------------------------------------------------------

    def live(self, account: EmailAddress) -> _Grant | None:
        found = [
            g for g in self.grants if g.account == account and g.state_at(self.now) not in _FINAL
        ]
        assert len(found) <= 1
        return found[0] if found else None

    def held(self, account: EmailAddress) -> frozenset[Capability]:
        if account == self.responsible.account:
            return ALL_CAPABILITIES
        grant = self.live(account)
        if grant is not None and grant.state_at(self.now) is DelegationState.ACTIVE:
            return grant.capabilities
        return frozenset()

    def openable(self, account: EmailAddress) -> frozenset[EmailAddress]:
        may_open = (
            self.models[account].state is AccountState.ACTIVE
            and self.state is LifecycleState.ACTIVE
            and Capability.READ in self.held(account)
        )
        return frozenset({self.address}) if may_open else frozenset()

    def _snapshot(self) -> tuple[object, ...]:
        m = self.mailbox
        accounts = tuple(
            (a.default_mailbox, a.notices, a.state, len(a.events)) for a in self.accounts.values()
        )
        return (m.delegations, m.responsible, m.red_list, m.state, len(m.events), accounts)

    def _events(self) -> int:
        return len(self.mailbox.events) + sum(len(a.events) for a in self.accounts.values())

    def attempt(
        self, refused: set[str], change: Callable[[], T], *, changes: bool = True
    ) -> T | None:
        """Run ``change``: refused with exactly the codes ``refused`` and nothing
        changed, or done, with at least one event when something changed."""
        before, events = self._snapshot(), self._events()
        if refused:
            with pytest.raises(DomainRefusal) as info:
                change()
            assert {p.code for p in info.value.problems} == refused
            assert self._snapshot() == before
            return None
        result = change()
        assert self._events() > events if changes else self._events() == events
        return result

    # -- delegations ------------------------------------------------------------------------

    def someone(self, data: st.DataObject, likely: list[EmailAddress], label: str) -> EmailAddress:
        """Mostly one of ``likely``, so that changes have something to act on;
        sometimes anyone, so that refusals are exercised too."""
        pool = likely if likely and data.draw(st.integers(0, 3), label=f"{label} likely") else None
        return data.draw(st.sampled_from(pool or list(self.accounts)), label=label)

    def with_live(self, state: DelegationState | None = None) -> list[EmailAddress]:
        return [
            g.account
            for g in self.grants
            if g.state_at(self.now) not in _FINAL and state in (None, g.state_at(self.now))
        ]

    @rule(
        data=st.data(),
        lifetime=st.none() | st.timedeltas(dt.timedelta(days=-1), dt.timedelta(days=60)),
        pending=st.booleans(),
    )
    def grant(self, data: st.DataObject, lifetime: dt.timedelta | None, pending: bool) -> None:
        managers = [a for a in self.accounts if Capability.MANAGE_MEMBERS in self.held(a)]
        grantor = self.someone(data, managers, "grantor")
        newcomers = [a for a in self.accounts if a != self.responsible.account and not self.live(a)]
        account = self.someone(data, newcomers, "account")
        held = self.held(grantor)
        # Within what the grantor holds, or anything: an escalation to refuse.
        choices = sorted(held or Capability, key=lambda c: c.value)
        wanted = data.draw(
            st.frozensets(st.sampled_from(choices)) | st.frozensets(st.sampled_from(Capability)),
            label="wanted",
        )
        expires_at = None if lifetime is None else self.now + lifetime
        refused = {
            code
            for code, refusal in (
                ("delegation.no_capability", not wanted),
                ("delegation.exceeds_grantor", bool(wanted - held)),
                ("delegation.responsible_holds_all", account == self.responsible.account),
                ("delegation.already_granted", self.live(account) is not None),
                ("delegation.expiry_in_past", expires_at is not None and expires_at <= self.now),
            )
            if refusal
        }
        made = self.attempt(
            refused,
            lambda: self.mailbox.grant(
                account=account,
                capabilities=wanted,
                by=grantor,
                at=self.now,
                expires_at=expires_at,
                pending_validation=pending,
            ),
        )
        if made is None:
            return
        state = DelegationState.PENDING_VALIDATION if pending else DelegationState.ACTIVE
        self.grants.append(
            _Grant(len(self.grants) + 1, account, wanted, state, expires_at, grantor, held)
        )
        assert (made.number, made.state, made.capabilities) == (len(self.grants), state, wanted)

    def move(
        self,
        account: EmailAddress,
        needs: DelegationState,
        wrong_state_code: str,
        to: DelegationState,
        change: Callable[[], Delegation],
    ) -> None:
        grant = self.live(account)
        refused: set[str] = set()
        if grant is None:
            refused = {"delegation.not_found"}
        elif grant.state is not needs:
            refused = {wrong_state_code}
        if self.attempt(refused, change) is not None and grant is not None:
            grant.state = to

    @rule(data=st.data())
    def activate_delegation(self, data: st.DataObject) -> None:
        pending = DelegationState.PENDING_VALIDATION
        account = self.someone(data, self.with_live(pending), "account")
        self.move(
            account,
            pending,
            "delegation.not_pending",
            DelegationState.ACTIVE,
            lambda: self.mailbox.activate_delegation(account=account, by=_AGENT, at=self.now),
        )

    @rule(data=st.data(), by=people, reason=st.none() | st.just("absence"))
    def suspend_delegation(self, data: st.DataObject, by: EmailAddress, reason: str | None) -> None:
        account = self.someone(data, self.with_live(DelegationState.ACTIVE), "account")
        self.move(
            account,
            DelegationState.ACTIVE,
            "delegation.not_active",
            DelegationState.SUSPENDED,
            lambda: self.mailbox.suspend_delegation(
                account=account, by=by, at=self.now, reason=reason
            ),
        )

    @rule(data=st.data(), by=people)
    def resume_delegation(self, data: st.DataObject, by: EmailAddress) -> None:
        account = self.someone(data, self.with_live(DelegationState.SUSPENDED), "account")
        self.move(
            account,
            DelegationState.SUSPENDED,
            "delegation.not_suspended",
            DelegationState.ACTIVE,
            lambda: self.mailbox.resume_delegation(account=account, by=by, at=self.now),
        )

    @rule(data=st.data(), by=people, reason=st.sampled_from(("fin de contrat", "   ")))
    def revoke_delegation(self, data: st.DataObject, by: EmailAddress, reason: str) -> None:
        account = self.someone(data, self.with_live(), "account")
        grant = self.live(account)
        refused = set()
        if grant is None:
            refused = {"delegation.not_found"}
        elif not reason.strip():
            refused = {"field.required"}
        change = lambda: self.mailbox.revoke_delegation(  # noqa: E731
            account=account, by=by, at=self.now, reason=reason
        )
        if self.attempt(refused, change) is not None and grant is not None:
            grant.state = DelegationState.REVOKED

    # -- time -----------------------------------------------------------------------------

    @rule(delta=st.timedeltas(dt.timedelta(minutes=1), dt.timedelta(days=30)))
    def advance_clock(self, delta: dt.timedelta) -> None:
        self.now += delta

    def _upcoming(self) -> list[dt.datetime]:
        return sorted(
            g.expires_at
            for g in self.grants
            if g.expires_at is not None and g.state_at(self.now) not in _FINAL
        )

    @precondition(lambda self: bool(self._upcoming()))
    @rule(data=st.data())
    def move_clock_to_an_expiry(self, data: st.DataObject) -> None:
        # Exactly at expires_at: the boundary where a grant must already be expired.
        self.now = data.draw(st.sampled_from(self._upcoming()), label="expiry")

    # -- responsibility ---------------------------------------------------------------------

    @rule(
        data=st.data(),
        account=people,
        eligible=st.booleans(),
        keeps=st.frozensets(st.sampled_from(Capability)),
    )
    def hand_over(
        self,
        data: st.DataObject,
        account: EmailAddress,
        eligible: bool,
        keeps: frozenset[Capability],
    ) -> None:
        successor: Professional = data.draw(
            bst.professionals(on=self.now.date(), eligible=eligible), label="successor"
        )
        errors = [p for p in successor.eligibility_problems(self.now.date()) if p.is_error]
        assert bool(errors) is not eligible
        previous = self.responsible.account
        refused = (
            {"responsibility.same_person"} if account == previous else {p.code for p in errors}
        )
        change = lambda: self.mailbox.hand_over(  # noqa: E731
            successor=successor,
            by=previous,
            at=self.now,
            successor_account=account,
            previous_keeps=keeps,
        )
        if refused:
            self.attempt(refused, change)
            return
        self.attempt(set(), change)
        self.responsible = Responsibility(
            professional=successor, account=account, designated_at=self.now, designated_by=previous
        )
        # The successor's own delegation ends: the responsible holds everything anyway.
        theirs = self.live(account)
        if theirs is not None:
            theirs.state = DelegationState.REVOKED
        # The previous responsible keeps only what ``keeps`` grants: a delegation
        # they held before being designated ends too.
        old = self.live(previous)
        if old is not None:
            old.state = DelegationState.REVOKED
        if keeps:
            # Granted on the successor's authority, which holds everything.
            self.grants.append(
                _Grant(
                    len(self.grants) + 1,
                    previous,
                    keeps,
                    DelegationState.ACTIVE,
                    None,
                    previous,
                    ALL_CAPABILITIES,
                )
            )

    # -- mailbox lifecycle and settings -----------------------------------------------------

    @rule(by=people)
    def finish_registration(self, by: EmailAddress) -> None:
        pending = self.state is LifecycleState.PENDING
        refused = set()
        if not pending:
            refused = {"mailbox.not_pending"}
        elif self.finished:
            refused = {"mailbox.already_finished"}
        self.attempt(refused, lambda: self.mailbox.finish(by=by, at=self.now))
        if not refused:
            self.finished = True

    @rule(by=people)
    def activate_mailbox(self, by: EmailAddress) -> None:
        pending = self.state is LifecycleState.PENDING
        refused = set()
        if not pending:
            refused = {"mailbox.not_pending"}
        elif not self.finished:
            refused = {"mailbox.registration_unfinished"}
        self.attempt(refused, lambda: self.mailbox.activate(by=by, at=self.now))
        if not refused:
            self.state = LifecycleState.ACTIVE

    @rule(by=people, reason=st.sampled_from(("congés", " ")))
    def suspend_mailbox(self, by: EmailAddress, reason: str) -> None:
        refused = set()
        if self.state is not LifecycleState.ACTIVE:
            refused = {"mailbox.not_active"}
        elif not reason.strip():
            refused = {"field.required"}
        self.attempt(refused, lambda: self.mailbox.suspend(by=by, at=self.now, reason=reason))
        if not refused:
            self.state = LifecycleState.SUSPENDED

    @rule(by=people)
    def resume_mailbox(self, by: EmailAddress) -> None:
        suspended = self.state is LifecycleState.SUSPENDED
        self.attempt(
            set() if suspended else {"mailbox.not_suspended"},
            lambda: self.mailbox.resume(by=by, at=self.now),
        )
        if suspended:
            self.state = LifecycleState.ACTIVE

    @rule(by=people, national=st.none() | st.booleans(), operator=st.none() | st.booleans())
    def change_red_list(
        self, by: EmailAddress, national: bool | None, operator: bool | None
    ) -> None:
        wanted = RedList(
            national_directory=self.red_list.national_directory if national is None else national,
            operator_directory=self.red_list.operator_directory if operator is None else operator,
        )
        changed = wanted != self.red_list
        done = self.attempt(
            set(),
            lambda: self.mailbox.change_red_list(
                by=by, at=self.now, national_directory=national, operator_directory=operator
            ),
            changes=changed,
        )
        assert done is changed
        self.red_list = wanted

    # -- accounts ---------------------------------------------------------------------------

    @rule(person=people, approve=st.booleans())
    def decide_on_account(self, person: EmailAddress, approve: bool) -> None:
        model = self.models[person]
        account = self.accounts[person]
        pending = model.state is AccountState.PENDING_VALIDATION
        refused = set() if pending else {"account.not_pending"}
        if approve:
            self.attempt(refused, lambda: account.approve(by=_AGENT, at=self.now))
        else:
            self.attempt(refused, lambda: account.reject(by=_AGENT, at=self.now, reason="doublon"))
        if pending:
            model.state = AccountState.ACTIVE if approve else AccountState.REJECTED

    def _target(self, person: EmailAddress, which: str) -> EmailAddress:
        return {"mailbox": self.address, "own": person, "elsewhere": _ELSEWHERE}[which]

    def _can_open(self, person: EmailAddress, target: EmailAddress) -> bool:
        active = self.models[person].state is AccountState.ACTIVE
        return active and (target == person or target in self.openable(person))

    @rule(person=people, which=st.sampled_from(("mailbox", "own", "elsewhere")))
    def set_default(self, person: EmailAddress, which: str) -> None:
        account, target = self.accounts[person], self._target(person, which)
        openable = openable_mailboxes(account, [self.mailbox], self.now)
        allowed = self._can_open(person, target)
        self.attempt(
            set() if allowed else {"account.cannot_open"},
            lambda: account.set_default(target, openable=openable, by=person, at=self.now),
        )
        if allowed:
            self.models[person].default = None if target == person else target

    @rule(
        person=people,
        which=st.sampled_from(("mailbox", "own", "elsewhere")),
        enabled=st.booleans(),
    )
    def set_notices(self, person: EmailAddress, which: str, enabled: bool) -> None:
        account, target = self.accounts[person], self._target(person, which)
        model = self.models[person]
        openable = openable_mailboxes(account, [self.mailbox], self.now)
        refused = set()
        if target == person:
            refused = {"account.notices_own_mailbox"}
        elif enabled and not self._can_open(person, target):
            refused = {"account.cannot_open"}
        wanted = model.notices | {target} if enabled else model.notices - {target}
        self.attempt(
            refused,
            lambda: account.set_notices(target, enabled, openable=openable, by=person, at=self.now),
            changes=wanted != model.notices,
        )
        if not refused:
            model.notices = wanted

    @rule(person=people)
    def reconcile(self, person: EmailAddress) -> None:
        account, model = self.accounts[person], self.models[person]
        openable = openable_mailboxes(account, [self.mailbox], self.now)
        stale_default = model.default is not None and model.default not in openable
        stale_notices = model.notices - openable
        expected = stale_default or bool(stale_notices)
        dropped = self.attempt(
            set(),
            lambda: account.reconcile(openable=openable, by=person, at=self.now),
            changes=expected,
        )
        assert dropped is expected
        model.default = None if stale_default else model.default
        model.notices = model.notices - stale_notices
        assert account.default_mailbox is None or account.default_mailbox in openable
        assert account.notices <= openable

    # -- invariants -------------------------------------------------------------------------

    @invariant()
    def holds_no_credentials(self) -> None:
        for thing in (self.mailbox, self.mailbox.responsible, *self.accounts.values()):
            names = {f.name for f in attrs.fields(type(thing))} | set(dir(thing))
            assert not [n for n in names if any(w in n.lower() for w in _FORBIDDEN)]

    @invariant()
    def one_eligible_responsible_holding_everything(self) -> None:
        responsible = self.mailbox.responsible
        assert responsible == self.responsible
        designated_on = responsible.designated_at.date()
        problems = responsible.professional.eligibility_problems(designated_on)
        assert not [p for p in problems if p.is_error]
        assert self.mailbox.capabilities_of(responsible.account, self.now) == ALL_CAPABILITIES

    @invariant()
    def delegations_match_the_model(self) -> None:
        real = self.mailbox.delegations
        assert [d.number for d in real] == [g.number for g in self.grants]
        for delegation, grant in zip(real, self.grants, strict=True):
            assert delegation.account == grant.account
            assert delegation.capabilities == grant.capabilities
            assert delegation.state is grant.state
            assert delegation.expires_at == grant.expires_at
            assert delegation.granted_by == grant.granted_by
            assert delegation.state_at(self.now) is grant.state_at(self.now)
            if delegation.is_active_at(self.now):
                assert delegation.capabilities <= grant.grantor_held
            if delegation.expires_at is not None and self.now >= delegation.expires_at:
                assert delegation.state_at(self.now) in _FINAL

    @invariant()
    def history_is_kept(self) -> None:
        live: dict[EmailAddress, int] = {}
        for delegation in self.mailbox.delegations:
            state = delegation.state_at(self.now)
            if state in _FINAL:
                # Once ended, ended for good and in the same way (time only moves on).
                assert self.seen_final.setdefault(delegation.number, state) is state
            else:
                assert delegation.number not in self.seen_final
                live[delegation.account] = live.get(delegation.account, 0) + 1
        assert all(n == 1 for n in live.values())
        assert len(self.mailbox.delegations) >= self.seen_count
        self.seen_count = len(self.mailbox.delegations)

    @invariant()
    def only_active_delegations_give_access(self) -> None:
        for person in self.accounts:
            held = self.mailbox.capabilities_of(person, self.now)
            assert held == self.held(person)
            if held and person != self.responsible.account:
                current = self.mailbox.delegation_of(person, self.now)
                assert current is not None
                assert current.state_at(self.now) is DelegationState.ACTIVE

    @invariant()
    def decisions_follow_the_table(self) -> None:
        for person, account in self.accounts.items():
            assert openable_mailboxes(account, [self.mailbox], self.now) == self.openable(person)
            active = self.models[person].state is AccountState.ACTIVE
            responsible = person == self.responsible.account
            for action, needs in ACTION_RULES.items():
                registering = (
                    needs.registration
                    and responsible
                    and self.state is LifecycleState.PENDING
                    and self.models[person].state is AccountState.PENDING_VALIDATION
                )
                expected = (
                    (active or registering)
                    and self.state in needs.states
                    and (responsible or (needs.capability in self.held(person)))
                )
                got = decide(action, account=account, mailbox=self.mailbox, now=self.now)
                assert got.allowed is expected, (action, got.reasons)

    @invariant()
    def settings_point_at_openable_mailboxes(self) -> None:
        for person, account in self.accounts.items():
            model = self.models[person]
            assert account.state is model.state
            assert (account.default_mailbox, account.notices) == (model.default, model.notices)
            openable = openable_mailboxes(account, [self.mailbox], self.now)
            assert account.effective_default(openable) in {person, *openable}
            assert account.effective_notices(openable) <= openable

    @invariant()
    def address_and_type_never_change(self) -> None:
        assert self.mailbox.address == self.address
        assert self.mailbox.type is BalType.ORG
        assert self.mailbox.state is self.state
        assert self.mailbox.red_list == self.red_list
        with pytest.raises(attrs.exceptions.FrozenAttributeError):
            self.mailbox.address = _ELSEWHERE
        with pytest.raises(AttributeError):
            self.mailbox.type = BalType.PER  # type: ignore[misc]

    @invariant()
    def every_event_names_an_actor_and_a_time(self) -> None:
        events = [*self.mailbox.events, *(e for a in self.accounts.values() for e in a.events)]
        for event in events:
            assert isinstance(event.actor, EmailAddress)
            assert event.at.tzinfo is not None
            assert event.at.utcoffset() is not None


def test_mailbox_histories_keep_every_invariant() -> None:
    run_state_machine_as_test(
        MailboxMachine,
        settings=settings(
            max_examples=150,
            stateful_step_count=50,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


@pytest.mark.slow
def test_long_mailbox_histories_keep_every_invariant() -> None:
    run_state_machine_as_test(
        MailboxMachine,
        settings=settings(
            max_examples=500,
            stateful_step_count=100,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
