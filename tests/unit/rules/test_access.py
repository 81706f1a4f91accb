"""Access: may this account do this on this mailbox now? Deny by default, say why.

A decision needs the mailbox, the account and that account's own delegation (never the
other members'): each test gives exactly those.
"""

from __future__ import annotations

import datetime as dt

import pytest

from balorg.domain.account import AccountState, ConnectionAccount
from balorg.domain.capabilities import ALL_CAPABILITIES, Capability
from balorg.domain.delegation import Delegation
from balorg.domain.mailbox import LifecycleState, OrganisationalMailbox
from balorg.domain.messages import LANGUAGES
from balorg.rules.access import (
    ACTION_RULES,
    RECEIVING_STATES,
    Action,
    ActionRule,
    account_can_act,
    account_exists,
    can_receive,
    capabilities_of,
    decide,
    grantee,
    login_target,
    may_manage,
    openable,
)
from balorg.rules.decision import Decision
from balorg.testing.examples import (
    T0,
    example_account,
    example_address,
    example_delegation,
    example_mailbox,
)

READ, SEND, MANAGE, ADMIN = (
    Capability.READ,
    Capability.SEND,
    Capability.MANAGE_MEMBERS,
    Capability.ADMINISTER,
)
PENDING, ACTIVE, SUSPENDED, CLOSED = (
    LifecycleState.PENDING,
    LifecycleState.ACTIVE,
    LifecycleState.SUSPENDED,
    LifecycleState.CLOSED,
)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
NOW = T0 + HOUR
MAILBOX = example_address("pharmacie")
RESPONSIBLE = "claire.martin1"  # the responsible of example_mailbox()
ALICE = example_address("alice.bernard")


def reason(decision: Decision) -> tuple[str, str, dict[str, object]]:
    """The one reason of a refusal, checked to render in both languages."""
    assert not decision
    [problem] = decision.reasons
    for lang in LANGUAGES:
        assert "{" not in problem.message(lang), problem.message(lang)
    return problem.code, problem.path, dict(problem.params)


def mailbox(state: LifecycleState = ACTIVE) -> OrganisationalMailbox:
    box = example_mailbox(active=state is not PENDING)
    if state is SUSPENDED:
        box.suspend(by=box.responsible.account, at=T0, reason="audit")
    elif state is CLOSED:
        box.close(by=box.responsible.account, at=T0, reason="fin")
    box.pull_events()
    return box


def account(local: str = "alice.bernard", *, pending: bool = False) -> ConnectionAccount:
    return example_account(local, pending=pending)


def responsible(*, pending: bool = False) -> ConnectionAccount:
    return example_account(RESPONSIBLE, pending=pending)


def grant(box: OrganisationalMailbox, *capabilities: Capability, **options: object) -> Delegation:
    return example_delegation(box, ALICE, capabilities=frozenset(capabilities), **options)  # type: ignore[arg-type]


def ask(
    action: Action,
    who: ConnectionAccount | None,
    box: OrganisationalMailbox,
    delegation: Delegation | None = None,
    now: dt.datetime = NOW,
) -> Decision:
    return decide(action, account=who, mailbox=box, delegation=delegation, now=now)


# -- the table --------------------------------------------------------------------------------

_LIVE = frozenset({ACTIVE})
_SETUP = frozenset({PENDING, ACTIVE})
_CLEAN_UP = frozenset({PENDING, ACTIVE, SUSPENDED})
_ALL = frozenset(LifecycleState)

#: The authorisation table as it was reviewed; a change to it must change this test too.
REVIEWED = {
    Action.OPEN: ActionRule(READ, _LIVE),
    Action.READ: ActionRule(READ, _LIVE),
    Action.SEND: ActionRule(SEND, _LIVE),
    Action.RECEIVE_NOTICES: ActionRule(READ, _LIVE),
    Action.ATTACH_MEMBER: ActionRule(MANAGE, _SETUP, registration=True),
    Action.GRANT: ActionRule(MANAGE, _SETUP),
    Action.SUSPEND_MEMBER: ActionRule(MANAGE, _CLEAN_UP),
    Action.RESUME_MEMBER: ActionRule(MANAGE, _SETUP),
    Action.REVOKE_MEMBER: ActionRule(MANAGE, _CLEAN_UP),
    Action.REVIEW_MEMBER: ActionRule(MANAGE, _CLEAN_UP),
    Action.CHANGE_RED_LIST: ActionRule(ADMIN, _SETUP),
    Action.CHANGE_DESCRIPTION: ActionRule(ADMIN, _SETUP),
    Action.CHANGE_DIRECTORY_ENTRY: ActionRule(ADMIN, _SETUP),
    Action.READ_AUDIT: ActionRule(ADMIN, _ALL),
    Action.LIST_MEMBERS: ActionRule(MANAGE, _ALL, registration=True),
    Action.HAND_OVER: ActionRule(None, _CLEAN_UP),
    Action.FINISH_REGISTRATION: ActionRule(None, frozenset({PENDING}), registration=True),
    Action.SUSPEND_MAILBOX: ActionRule(None, _LIVE),
    Action.RESUME_MAILBOX: ActionRule(None, frozenset({SUSPENDED})),
    Action.CLOSE_MAILBOX: ActionRule(None, _CLEAN_UP),
}


def test_every_action_has_a_rule() -> None:
    assert set(ACTION_RULES) == set(Action)


@pytest.mark.parametrize("action", list(REVIEWED), ids=lambda a: a.value)
def test_the_table_is_the_one_reviewed(action: Action) -> None:
    assert ACTION_RULES[action] == REVIEWED[action]


def test_members_use_the_mailbox_only_while_it_is_active() -> None:
    for action in (Action.OPEN, Action.READ, Action.SEND, Action.RECEIVE_NOTICES):
        assert ACTION_RULES[action].states == {ACTIVE}


def test_only_reading_happens_on_a_closed_mailbox() -> None:
    on_closed = {a.value for a, r in ACTION_RULES.items() if CLOSED in r.states}

    assert on_closed <= {"read_audit", "list_members", "read_settings"}
    assert "read_audit" in on_closed


def test_the_registration_steps_are_managing_or_the_responsibles_own() -> None:
    registration = {a for a, r in ACTION_RULES.items() if r.registration}

    assert {Action.ATTACH_MEMBER, Action.FINISH_REGISTRATION} <= registration
    for action in registration:
        assert PENDING in ACTION_RULES[action].states
        assert ACTION_RULES[action].capability in (None, MANAGE, READ)


# -- allowed ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "action", [a for a, r in ACTION_RULES.items() if ACTIVE in r.states], ids=lambda a: a.value
)
def test_the_responsible_may_do_everything_on_an_active_mailbox_without_a_delegation(
    action: Action,
) -> None:
    decision = ask(action, responsible(), mailbox())

    assert decision
    assert decision.problems == ()


@pytest.mark.parametrize("state", list(LifecycleState), ids=lambda s: s.value)
def test_the_responsible_may_do_exactly_what_the_mailboxs_state_admits(
    state: LifecycleState,
) -> None:
    box = mailbox(state)

    allowed = {a for a in Action if ask(a, responsible(), box)}

    assert allowed == {a for a, r in ACTION_RULES.items() if state in r.states}


def test_a_responsible_waiting_for_validation_only_completes_the_registration() -> None:
    box = mailbox(PENDING)
    waiting = responsible(pending=True)

    allowed = {a for a in Action if ask(a, waiting, box)}

    assert allowed == {a for a, r in ACTION_RULES.items() if r.registration and PENDING in r.states}
    assert Action.GRANT not in allowed


@pytest.mark.parametrize("state", [ACTIVE, SUSPENDED, CLOSED], ids=lambda s: s.value)
def test_a_responsible_waiting_for_validation_does_nothing_on_a_live_mailbox(
    state: LifecycleState,
) -> None:
    box = mailbox(state)
    waiting = responsible(pending=True)

    for action in Action:
        code, _, params = reason(ask(action, waiting, box))
        assert (code, params["state"]) == ("access.account_not_active", "pending_validation")


def test_a_member_waiting_for_validation_does_not_complete_the_registration() -> None:
    box = mailbox(PENDING)
    delegation = grant(box, MANAGE, pending=True)

    code, _, _ = reason(ask(Action.ATTACH_MEMBER, account(pending=True), box, delegation))

    assert code == "access.account_not_active"


@pytest.mark.parametrize(
    "action",
    [a for a, r in ACTION_RULES.items() if r.capability is not None and ACTIVE in r.states],
    ids=lambda a: a.value,
)
def test_a_member_may_do_what_their_active_delegation_carries_and_nothing_else(
    action: Action,
) -> None:
    box = mailbox()
    needed = ACTION_RULES[action].capability
    assert needed is not None

    assert ask(action, account(), box, grant(box, needed))
    others = ALL_CAPABILITIES - {needed}
    code, path, params = reason(ask(action, account(), box, grant(box, *others)))
    assert (code, path, params["capability"]) == (
        "access.missing_capability",
        "account",
        needed.value,
    )


@pytest.mark.parametrize(
    "action",
    [a for a, r in ACTION_RULES.items() if r.capability is None],
    ids=lambda a: a.value,
)
def test_a_member_holding_every_capability_is_not_the_responsible(action: Action) -> None:
    state = next(iter(sorted(ACTION_RULES[action].states, key=lambda s: s.value)))
    box = mailbox(state)

    code, path, params = reason(ask(action, account(), box, grant(box, *ALL_CAPABILITIES)))

    assert (code, path) == ("access.responsible_only", "account")
    assert params == {"action": action.value, "account": str(ALICE), "mailbox": str(MAILBOX)}


# -- refused, one reason each -----------------------------------------------------------------


def test_refuses_an_unknown_account() -> None:
    assert reason(ask(Action.OPEN, None, mailbox())) == ("access.unknown_account", "account", {})


@pytest.mark.parametrize("state", [AccountState.PENDING_VALIDATION, AccountState.REJECTED])
def test_refuses_an_account_the_service_centre_has_not_validated(state: AccountState) -> None:
    alice = account(pending=True)
    if state is AccountState.REJECTED:
        alice.reject(by=ALICE, at=T0, reason="doublon")
    box = mailbox()

    code, path, params = reason(ask(Action.OPEN, alice, box, grant(box, READ)))

    assert (code, path) == ("access.account_not_active", "account")
    assert params == {
        "action": "open",
        "account": str(ALICE),
        "mailbox": str(MAILBOX),
        "state": state.value,
    }


def test_refuses_an_account_whose_enrolment_was_given_up() -> None:
    alice = ConnectionAccount.create(
        address=ALICE,
        first_name="Alice",
        last_name="Bernard",
        by=ALICE,
        at=T0,
        credential_pending=True,
    )
    alice.cancel_enrolment(by=ALICE, at=T0)
    box = mailbox()

    code, _, params = reason(ask(Action.READ, alice, box, grant(box, READ)))

    assert (code, params["state"]) == ("access.account_not_active", "cancelled")


@pytest.mark.parametrize("state", [PENDING, SUSPENDED, CLOSED], ids=lambda s: s.value)
def test_refuses_to_open_a_mailbox_that_is_not_active_to_anyone(state: LifecycleState) -> None:
    box = mailbox(state)

    for who, delegation in ((account(), grant(box, READ)), (responsible(), None)):
        assert reason(ask(Action.OPEN, who, box, delegation)) == (
            "access.mailbox_state",
            "mailbox",
            {
                "action": "open",
                "account": str(who.address),
                "mailbox": str(MAILBOX),
                "state": state.value,
            },
        )


def test_refuses_an_account_without_a_delegation() -> None:
    bob = account("bob.petit")

    assert reason(ask(Action.READ, bob, mailbox())) == (
        "access.not_member",
        "account",
        {"action": "read", "account": str(bob.address), "mailbox": str(MAILBOX)},
    )


@pytest.mark.parametrize("state", ["pending_validation", "suspended", "revoked"])
def test_refuses_a_delegation_that_is_not_active(state: str) -> None:
    box = mailbox()
    delegation = grant(box, READ, SEND, pending=state == "pending_validation")
    if state == "suspended":
        delegation.suspend(by=box.responsible.account, at=T0)
    elif state == "revoked":
        delegation.revoke(by=box.responsible.account, at=T0, reason="départ")

    code, path, params = reason(ask(Action.OPEN, account(), box, delegation))

    assert (code, path, params["state"]) == ("access.delegation_not_active", "account", state)


def test_refuses_an_expired_delegation_from_its_expiry_on() -> None:
    box = mailbox()
    delegation = grant(box, READ, expires_at=NOW)

    assert ask(Action.OPEN, account(), box, delegation, now=NOW - dt.timedelta(seconds=1))
    code, _, params = reason(ask(Action.OPEN, account(), box, delegation, now=NOW))
    assert (code, params["state"]) == ("access.delegation_not_active", "expired")


def test_a_delegation_of_another_account_or_mailbox_gives_nothing() -> None:
    box = mailbox()
    bobs = example_delegation(box, example_address("bob.petit"), capabilities=ALL_CAPABILITIES)
    elsewhere = example_delegation(example_mailbox("autre"), ALICE, capabilities=ALL_CAPABILITIES)

    for delegation in (bobs, elsewhere):
        assert capabilities_of(box, ALICE, delegation, NOW) == frozenset()
        assert not ask(Action.OPEN, account(), box, delegation)


def test_checks_the_account_then_the_mailbox_then_the_member() -> None:
    box = mailbox(SUSPENDED)
    delegation = grant(box, READ, pending=True)

    assert reason(ask(Action.SEND, account(pending=True), box, delegation))[0] == (
        "access.account_not_active"
    )
    assert reason(ask(Action.SEND, account(), box, delegation))[0] == "access.mailbox_state"
    assert reason(ask(Action.SEND, account(), mailbox(), delegation))[0] == (
        "access.delegation_not_active"
    )


# -- what an account holds ------------------------------------------------------------------


def test_the_responsible_holds_every_capability_and_a_member_their_active_ones() -> None:
    box = mailbox()
    delegation = grant(box, READ, SEND)

    assert capabilities_of(box, box.responsible.account, None, NOW) == ALL_CAPABILITIES
    assert capabilities_of(box, ALICE, delegation, NOW) == {READ, SEND}
    assert capabilities_of(box, ALICE, None, NOW) == frozenset()
    delegation.suspend(by=box.responsible.account, at=T0)
    assert capabilities_of(box, ALICE, delegation, NOW) == frozenset()


def test_openable_mailboxes_are_the_active_ones_the_account_may_open_now() -> None:
    live = mailbox()
    suspended = example_mailbox("labo")
    suspended.suspend(by=suspended.responsible.account, at=T0, reason="audit")
    pending_grant = example_mailbox("accueil")
    own = example_mailbox("officine")
    alice = account()
    candidates = [
        (live, example_delegation(live, ALICE, expires_at=T0 + DAY)),
        (suspended, example_delegation(suspended, ALICE)),
        (pending_grant, example_delegation(pending_grant, ALICE, pending=True)),
        (mailbox(), None),
    ]

    assert openable(alice, candidates, NOW) == {live.address}
    assert openable(alice, candidates, T0 + DAY) == frozenset()
    assert openable(account(pending=True), candidates, NOW) == frozenset()
    assert openable(responsible(), [(own, None)], NOW) == {own.address}


# -- who may act at all ------------------------------------------------------------------------


def test_an_account_acts_once_validated_and_its_password_set() -> None:
    waiting = ConnectionAccount.create(
        address=ALICE,
        first_name="Alice",
        last_name="Bernard",
        by=ALICE,
        at=T0,
        pending_validation=False,
        credential_pending=True,
    )

    assert account_can_act(account())
    code, path, params = reason(account_can_act(waiting, path="successor_account"))
    assert (code, path) == ("access.credential_pending", "successor_account")
    assert params == {"account": str(ALICE), "state": "active"}
    code, path, params = reason(account_can_act(account(pending=True)))
    assert (code, path, params["state"]) == (
        "access.account_not_active",
        "account",
        "pending_validation",
    )


@pytest.mark.parametrize("state", ["rejected", "cancelled"])
def test_a_rejected_or_given_up_account_no_longer_stands(state: str) -> None:
    closed = ConnectionAccount.create(
        address=ALICE, first_name="A", last_name="B", by=ALICE, at=T0, credential_pending=True
    )
    if state == "rejected":
        closed.reject(by=ALICE, at=T0, reason="doublon")
    else:
        closed.cancel_enrolment(by=ALICE, at=T0)

    assert reason(account_exists(closed, path="session")) == (
        "access.account_closed",
        "session",
        {"account": str(ALICE), "state": state},
    )
    assert reason(grantee(closed)) == (
        "account.rejected",
        "account",
        {"account": str(ALICE), "state": state},
    )


def test_a_waiting_account_still_stands_and_may_be_granted_a_delegation() -> None:
    waiting = account(pending=True)

    assert account_exists(waiting)
    assert grantee(waiting)
    assert grantee(account())


def test_nobody_logs_into_an_organisational_mailbox() -> None:
    box = mailbox()

    assert login_target(ALICE, None)
    assert reason(login_target(MAILBOX, box)) == (
        "login.organisational_mailbox",
        "account",
        {"mailbox": str(MAILBOX)},
    )


@pytest.mark.parametrize("state", list(LifecycleState), ids=lambda s: s.value)
def test_mail_is_received_while_the_mailbox_is_active_or_suspended(state: LifecycleState) -> None:
    decision = can_receive(mailbox(state))

    assert decision.allowed is (state in RECEIVING_STATES)
    assert {ACTIVE, SUSPENDED} == RECEIVING_STATES
    if not decision:
        assert reason(decision) == (
            "mailbox.not_receiving",
            "mailbox",
            {"mailbox": str(MAILBOX), "state": state.value},
        )


# -- managing members -------------------------------------------------------------------------


def test_the_responsible_manages_any_member() -> None:
    box = mailbox()
    member = grant(box, *ALL_CAPABILITIES)

    assert may_manage(box, box.responsible.account, None, member, NOW)


def test_a_manager_may_manage_a_member_holding_no_more_than_they_do() -> None:
    box = mailbox()
    manager = example_delegation(
        box, example_address("bob.petit"), capabilities=frozenset({MANAGE, READ, SEND})
    )

    assert may_manage(box, manager.account, manager, grant(box, READ, SEND), NOW)
    assert may_manage(box, manager.account, manager, None, NOW)  # nothing to change


def test_nobody_manages_a_member_holding_what_they_do_not_hold() -> None:
    box = mailbox()
    manager = example_delegation(
        box, example_address("bob.petit"), capabilities=frozenset({MANAGE, READ})
    )
    member = grant(box, READ, SEND, ADMIN)

    assert reason(may_manage(box, manager.account, manager, member, NOW)) == (
        "delegation.exceeds_actor",
        "account",
        {"account": str(ALICE), "capabilities": ["administer", "send"]},
    )


def test_a_suspended_manager_manages_nobody() -> None:
    box = mailbox()
    manager = example_delegation(
        box, example_address("bob.petit"), capabilities=frozenset({MANAGE, READ, SEND})
    )
    manager.suspend(by=box.responsible.account, at=T0)

    assert not may_manage(box, manager.account, manager, grant(box, READ), NOW)
