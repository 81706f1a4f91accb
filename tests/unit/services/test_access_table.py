"""The authorisation table: ``decide`` allows exactly what ``ACTION_RULES`` says.

Every action x role (responsible, member, none) x delegation state x capability
set (none, each single one, all) x mailbox state x account state is decided,
and compared with a small oracle written from the table's documented meaning.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

import pytest

from balorg.domain.account import AccountState, ConnectionAccount
from balorg.domain.delegation import ALL_CAPABILITIES, Capability, Delegation, DelegationState
from balorg.domain.mailbox import LifecycleState, OrganisationalMailbox
from balorg.rules.access import ACTION_RULES, Action, decide
from balorg.testing.contracts import example_address, example_mailbox

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
PERSON = example_address("person")
BOSS = example_address("claire.martin1")  # the responsible of the example mailbox

CAPABILITY_SETS: list[frozenset[Capability]] = [
    frozenset(),
    *(frozenset({c}) for c in Capability),
    ALL_CAPABILITIES,
]


def _delegation(state: DelegationState, capabilities: frozenset[Capability]) -> Delegation:
    """A delegation of PERSON that is in ``state`` at NOW."""
    if state is DelegationState.EXPIRED:  # recorded active, past its expiry
        return Delegation(
            number=1,
            account=PERSON,
            capabilities=capabilities,
            state=DelegationState.ACTIVE,
            granted_by=BOSS,
            granted_at=NOW - dt.timedelta(days=10),
            expires_at=NOW - dt.timedelta(seconds=1),
        )
    return Delegation(
        number=1,
        account=PERSON,
        capabilities=capabilities,
        state=state,
        granted_by=BOSS,
        granted_at=NOW - dt.timedelta(days=10),
        expires_at=NOW + dt.timedelta(days=1),
    )


def _case(
    role: str,
    delegation_state: DelegationState | None,
    capabilities: frozenset[Capability] | None,
    mailbox_state: LifecycleState,
    account_state: AccountState,
) -> tuple[ConnectionAccount, OrganisationalMailbox]:
    mailbox = example_mailbox()
    mailbox.state = mailbox_state
    if role == "member":
        assert delegation_state is not None
        assert capabilities is not None
        mailbox.delegations = (_delegation(delegation_state, capabilities),)
    address = BOSS if role == "responsible" else PERSON
    account = ConnectionAccount(
        address=address,
        first_name="P",
        last_name="Q",
        state=account_state,
        created_at=NOW - dt.timedelta(days=30),
    )
    return account, mailbox


def _cases() -> Iterator[tuple[str, DelegationState | None, frozenset[Capability] | None]]:
    yield "responsible", None, None
    yield "none", None, None
    for state, capabilities in itertools.product(DelegationState, CAPABILITY_SETS):
        yield "member", state, capabilities


def oracle(
    action: Action,
    role: str,
    delegation_state: DelegationState | None,
    capabilities: frozenset[Capability] | None,
    mailbox_state: LifecycleState,
    account_state: AccountState,
) -> bool:
    """Read straight from the table: what the rule needs, and nothing else."""
    rule = ACTION_RULES[action]
    in_registration = (
        rule.registration
        and role == "responsible"
        and mailbox_state is LifecycleState.PENDING
        and account_state is AccountState.PENDING_VALIDATION
    )
    account_ok = account_state is AccountState.ACTIVE or in_registration
    state_ok = mailbox_state in rule.states
    if role == "responsible":
        authority = True
    elif role == "member" and rule.capability is not None:
        assert capabilities is not None
        authority = delegation_state is DelegationState.ACTIVE and rule.capability in capabilities
    else:
        authority = False
    return account_ok and state_ok and authority


@pytest.mark.parametrize("mailbox_state", list(LifecycleState), ids=lambda s: s.value)
@pytest.mark.parametrize("action", list(Action), ids=lambda a: a.value)
def test_decide_allows_exactly_what_the_table_says(
    action: Action, mailbox_state: LifecycleState
) -> None:
    mismatches = []
    checked = 0
    for (role, delegation_state, capabilities), account_state in itertools.product(
        _cases(), AccountState
    ):
        account, mailbox = _case(role, delegation_state, capabilities, mailbox_state, account_state)
        decision = decide(action, account=account, mailbox=mailbox, now=NOW)
        expected = oracle(
            action, role, delegation_state, capabilities, mailbox_state, account_state
        )
        checked += 1
        if bool(decision) != expected:
            mismatches.append((role, delegation_state, capabilities, account_state, decision))
        if not decision:
            assert decision.reasons, "a refusal always says why"
    assert checked == 3 * (2 + len(DelegationState) * len(CAPABILITY_SETS))
    assert mismatches == []


@pytest.mark.parametrize("action", list(Action), ids=lambda a: a.value)
def test_an_unknown_account_is_denied_everything(action: Action) -> None:
    for state in LifecycleState:
        mailbox = example_mailbox()
        mailbox.state = state
        decision = decide(action, account=None, mailbox=mailbox, now=NOW)
        assert not decision
        assert [r.code for r in decision.reasons] == ["access.unknown_account"]


def test_every_action_has_a_rule() -> None:
    assert set(ACTION_RULES) == set(Action)


@pytest.mark.parametrize(
    ("action", "capabilities", "allowed"),
    [
        (Action.READ, {Capability.READ}, True),
        (Action.SEND, {Capability.READ}, False),
        (Action.SEND, {Capability.SEND}, True),
        (Action.OPEN, {Capability.SEND}, False),
        (Action.GRANT, {Capability.READ, Capability.SEND}, False),
        (Action.GRANT, {Capability.MANAGE_MEMBERS}, True),
        (Action.CHANGE_RED_LIST, {Capability.MANAGE_MEMBERS}, False),
        (Action.HAND_OVER, set(Capability), False),
        (Action.FINISH_REGISTRATION, set(Capability), False),
    ],
)
def test_spot_checks_from_the_guides(
    action: Action, capabilities: set[Capability], allowed: bool
) -> None:
    """A few answers written by hand, independent of the table."""
    mailbox_state = (
        LifecycleState.PENDING if action is Action.FINISH_REGISTRATION else LifecycleState.ACTIVE
    )
    account, mailbox = _case(
        "member",
        DelegationState.ACTIVE,
        frozenset(capabilities),
        mailbox_state,
        AccountState.ACTIVE,
    )
    assert bool(decide(action, account=account, mailbox=mailbox, now=NOW)) is allowed


def test_the_pending_responsible_may_finish_but_not_open() -> None:
    account, mailbox = _case(
        "responsible", None, None, LifecycleState.PENDING, AccountState.PENDING_VALIDATION
    )
    assert decide(Action.FINISH_REGISTRATION, account=account, mailbox=mailbox, now=NOW)
    assert decide(Action.ATTACH_MEMBER, account=account, mailbox=mailbox, now=NOW)
    assert not decide(Action.OPEN, account=account, mailbox=mailbox, now=NOW)
    assert not decide(Action.GRANT, account=account, mailbox=mailbox, now=NOW)
