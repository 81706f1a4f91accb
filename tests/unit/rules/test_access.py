"""Access: may this account do this on this mailbox now? Deny by default, say why."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.unit.domain.builders import (
    ALICE,
    BOB,
    DAY,
    HOUR,
    MAILBOX,
    RESPONSIBLE,
    T0,
    account,
    mailbox,
)

from balorg.domain.account import AccountState
from balorg.domain.addresses import EmailAddress
from balorg.domain.delegation import Capability
from balorg.domain.mailbox import DirectoryLabel, LifecycleState, OrganisationalMailbox
from balorg.domain.messages import LANGUAGES
from balorg.rules.access import ACTION_RULES, Action, decide, openable_mailboxes
from balorg.rules.decision import Decision
from balorg.rules.display import banner
from balorg.rules.registration import (
    MAX_FAILED_ATTEMPTS,
    THROTTLE_WINDOW,
    VALIDATION_DELAY,
    credential_attempts,
    operator_address,
    validation_deadline,
)

READ, SEND, MANAGE, ADMIN = (
    Capability.READ,
    Capability.SEND,
    Capability.MANAGE_MEMBERS,
    Capability.ADMINISTER,
)
NOW = T0 + HOUR


def reason(decision: Decision) -> tuple[str, str, dict[str, object]]:
    [problem] = decision.reasons
    for lang in LANGUAGES:
        assert "{" not in problem.message(lang), problem.message(lang)
    return problem.code, problem.path, dict(problem.params)


def member_box(*capabilities: Capability, **grant: object) -> OrganisationalMailbox:
    box = mailbox()
    box.grant(account=ALICE, capabilities=capabilities, by=RESPONSIBLE, at=T0, **grant)  # type: ignore[arg-type]
    return box


# -- the table --------------------------------------------------------------------------------


def test_every_action_has_a_rule() -> None:
    assert set(ACTION_RULES) == set(Action)


def test_members_act_only_on_an_active_mailbox() -> None:
    for action in (Action.OPEN, Action.READ, Action.SEND, Action.RECEIVE_NOTICES):
        assert ACTION_RULES[action].states == {LifecycleState.ACTIVE}


def test_handing_over_and_finishing_the_registration_are_for_the_responsible_only() -> None:
    assert ACTION_RULES[Action.HAND_OVER].capability is None
    assert ACTION_RULES[Action.FINISH_REGISTRATION].capability is None
    assert ACTION_RULES[Action.FINISH_REGISTRATION].states == {LifecycleState.PENDING}


def test_nothing_but_reading_the_audit_trail_happens_on_a_closed_mailbox() -> None:
    open_on_closed = {a for a, r in ACTION_RULES.items() if LifecycleState.CLOSED in r.states}

    assert Action.READ_AUDIT in open_on_closed
    assert not open_on_closed & {
        Action.OPEN,
        Action.SEND,
        Action.GRANT,
        Action.ATTACH_MEMBER,
        Action.CHANGE_RED_LIST,
        Action.CHANGE_DESCRIPTION,
        Action.HAND_OVER,
        Action.REVOKE_MEMBER,
    }


# -- allowed ----------------------------------------------------------------------------------


@pytest.mark.parametrize("action", [a for a in Action if a is not Action.FINISH_REGISTRATION])
def test_the_responsible_may_do_everything_on_an_active_mailbox(action: Action) -> None:
    decision = decide(action, account=account(RESPONSIBLE), mailbox=mailbox(), now=NOW)

    assert decision
    assert decision.reasons == ()


def test_the_responsible_finishes_the_registration_of_a_pending_mailbox() -> None:
    box = mailbox(active=False)

    assert decide(Action.FINISH_REGISTRATION, account=account(RESPONSIBLE), mailbox=box, now=NOW)


def test_a_responsible_still_waiting_for_validation_may_finish_the_registration() -> None:
    box = mailbox(active=False)
    pending = account(RESPONSIBLE, active=False)

    assert decide(Action.FINISH_REGISTRATION, account=pending, mailbox=box, now=NOW)
    assert decide(Action.ATTACH_MEMBER, account=pending, mailbox=box, now=NOW)
    assert not decide(Action.GRANT, account=pending, mailbox=box, now=NOW)


@pytest.mark.parametrize(
    ("action", "capability"),
    [
        (Action.OPEN, READ),
        (Action.READ, READ),
        (Action.RECEIVE_NOTICES, READ),
        (Action.SEND, SEND),
        (Action.GRANT, MANAGE),
        (Action.REVOKE_MEMBER, MANAGE),
        (Action.CHANGE_RED_LIST, ADMIN),
        (Action.READ_AUDIT, ADMIN),
    ],
)
def test_a_member_may_do_what_their_active_delegation_carries(
    action: Action, capability: Capability
) -> None:
    box = member_box(capability)

    assert decide(action, account=account(), mailbox=box, now=NOW)


# -- refused, one reason each -----------------------------------------------------------------


def test_refuses_an_unknown_account() -> None:
    decision = decide(Action.OPEN, account=None, mailbox=mailbox(), now=NOW)

    assert reason(decision) == ("access.unknown_account", "account", {})


@pytest.mark.parametrize("state", [AccountState.PENDING_VALIDATION, AccountState.REJECTED])
def test_refuses_an_account_the_service_centre_has_not_validated(state: AccountState) -> None:
    alice = account()
    alice.state = state

    decision = decide(Action.OPEN, account=alice, mailbox=member_box(READ), now=NOW)

    code, path, params = reason(decision)
    assert (code, path, params["state"], params["account"]) == (
        "access.account_not_active",
        "account",
        state.value,
        str(ALICE),
    )


@pytest.mark.parametrize(
    "state", [LifecycleState.PENDING, LifecycleState.SUSPENDED, LifecycleState.CLOSED]
)
def test_refuses_to_open_a_mailbox_that_is_not_active(state: LifecycleState) -> None:
    box = member_box(READ)
    box.state = state

    for who in (account(), account(RESPONSIBLE)):
        decision = decide(Action.OPEN, account=who, mailbox=box, now=NOW)
        assert reason(decision) == (
            "access.mailbox_state",
            "mailbox",
            {
                "action": "open",
                "account": str(who.address),
                "mailbox": str(MAILBOX),
                "state": state.value,
            },
        )


@pytest.mark.parametrize("action", [Action.HAND_OVER, Action.FINISH_REGISTRATION])
def test_refuses_a_responsible_only_action_to_a_member_with_every_capability(
    action: Action,
) -> None:
    box = member_box(READ, SEND, MANAGE, ADMIN)
    if action is Action.FINISH_REGISTRATION:
        box.state = LifecycleState.PENDING

    decision = decide(action, account=account(), mailbox=box, now=NOW)

    assert reason(decision)[0] == "access.responsible_only"


def test_refuses_an_account_without_any_delegation() -> None:
    decision = decide(Action.READ, account=account(BOB), mailbox=member_box(READ), now=NOW)

    assert reason(decision) == (
        "access.not_member",
        "account",
        {"action": "read", "account": str(BOB), "mailbox": str(MAILBOX)},
    )


def test_refuses_a_delegation_waiting_for_validation() -> None:
    box = member_box(READ, pending_validation=True)

    decision = decide(Action.OPEN, account=account(), mailbox=box, now=NOW)

    code, _, params = reason(decision)
    assert (code, params["state"]) == ("access.delegation_not_active", "pending_validation")


def test_refuses_a_suspended_delegation() -> None:
    box = member_box(READ)
    box.suspend_delegation(account=ALICE, by=RESPONSIBLE, at=T0)

    code, _, params = reason(decide(Action.OPEN, account=account(), mailbox=box, now=NOW))

    assert (code, params["state"]) == ("access.delegation_not_active", "suspended")


def test_refuses_a_revoked_delegation() -> None:
    box = member_box(READ)
    box.revoke_delegation(account=ALICE, by=RESPONSIBLE, at=T0, reason="départ")

    code, _, params = reason(decide(Action.OPEN, account=account(), mailbox=box, now=NOW))

    assert (code, params["state"]) == ("access.delegation_not_active", "revoked")


def test_refuses_an_expired_delegation_from_its_expiry_on() -> None:
    box = member_box(READ, expires_at=NOW)

    before = decide(Action.OPEN, account=account(), mailbox=box, now=NOW - dt.timedelta(seconds=1))
    at_expiry = decide(Action.OPEN, account=account(), mailbox=box, now=NOW)

    assert before
    code, _, params = reason(at_expiry)
    assert (code, params["state"]) == ("access.delegation_not_active", "expired")


@pytest.mark.parametrize(
    ("action", "missing"),
    [
        (Action.SEND, "send"),
        (Action.GRANT, "manage_members"),
        (Action.CHANGE_DESCRIPTION, "administer"),
        (Action.READ_AUDIT, "administer"),
    ],
)
def test_refuses_an_action_whose_capability_the_delegation_lacks(
    action: Action, missing: str
) -> None:
    decision = decide(action, account=account(), mailbox=member_box(READ), now=NOW)

    code, path, params = reason(decision)
    assert (code, path, params["capability"]) == ("access.missing_capability", "account", missing)


def test_checks_the_account_before_the_mailbox_and_the_mailbox_before_the_member() -> None:
    box = mailbox()
    box.state = LifecycleState.SUSPENDED
    pending = account(BOB, active=False)

    assert reason(decide(Action.SEND, account=pending, mailbox=box, now=NOW))[0] == (
        "access.account_not_active"
    )
    assert reason(decide(Action.SEND, account=account(BOB), mailbox=box, now=NOW))[0] == (
        "access.mailbox_state"
    )


# -- openable mailboxes -----------------------------------------------------------------------


def test_openable_mailboxes_are_the_active_ones_with_an_active_delegation() -> None:
    def box(address: str, state: LifecycleState = LifecycleState.ACTIVE) -> OrganisationalMailbox:
        built = mailbox(address=EmailAddress(address))
        built.grant(account=ALICE, capabilities={READ}, by=RESPONSIBLE, at=T0, expires_at=T0 + DAY)
        built.state = state
        return built

    open_box = box("accueil@medimail.mssante.fr")
    suspended = box("labo@medimail.mssante.fr", LifecycleState.SUSPENDED)
    without = mailbox()

    openable = openable_mailboxes(account(), [open_box, suspended, without], NOW)

    assert openable == {open_box.address}
    assert openable_mailboxes(account(), [open_box], T0 + DAY) == frozenset()
    assert openable_mailboxes(account(active=False), [open_box], NOW) == frozenset()


# -- banner -----------------------------------------------------------------------------------


def test_the_banner_shows_first_and_last_name_on_the_nominative_mailbox() -> None:
    shown = banner(account(first_name="Noémie", last_name="Gallorini"), None)

    assert (shown.label, shown.mailbox, shown.organisational) == ("Noémie Gallorini", ALICE, False)


def test_the_banner_shows_the_directory_label_on_an_organisational_mailbox() -> None:
    shown = banner(account(), mailbox())

    assert (shown.label, shown.mailbox, shown.organisational) == (
        "Pharmacie Du Centre",
        MAILBOX,
        True,
    )


@pytest.mark.parametrize(("last", "first"), [("", ""), ("  ", " ")])
def test_the_banner_shows_the_address_when_the_label_is_blank(last: str, first: str) -> None:
    box = mailbox(label=DirectoryLabel(last_name=last, first_name=first))

    assert banner(account(), box).label == str(MAILBOX)


# -- registration steps -----------------------------------------------------------------------


def test_the_service_centre_should_decide_within_72_hours() -> None:
    assert dt.timedelta(hours=72) == VALIDATION_DELAY
    assert validation_deadline(T0) == T0 + dt.timedelta(hours=72)
    assert validation_deadline(T0, dt.timedelta(hours=48)) == T0 + dt.timedelta(hours=48)


def test_throttles_after_too_many_recent_wrong_passwords() -> None:
    failures = [T0 + dt.timedelta(minutes=i) for i in range(MAX_FAILED_ATTEMPTS)]
    now = T0 + dt.timedelta(minutes=MAX_FAILED_ATTEMPTS)

    refused = credential_attempts(failures, now=now)

    assert not refused
    code, path, params = reason(refused)
    assert (code, path) == ("credentials.throttled", "password")
    assert params == {
        "limit": MAX_FAILED_ATTEMPTS,
        "minutes": 15,
        "retry_at": (T0 + THROTTLE_WINDOW).isoformat(),
    }
    assert credential_attempts(failures[:-1], now=now)
    assert credential_attempts(failures, now=T0 + THROTTLE_WINDOW)  # the first one aged out


def test_ignores_failures_recorded_after_now() -> None:
    assert credential_attempts([T0 + HOUR] * MAX_FAILED_ATTEMPTS, now=T0)


def test_an_operator_hands_out_addresses_only_in_its_domains() -> None:
    domains = ["Medimail.MSSante.fr", "autre.mssante.fr"]

    assert operator_address(MAILBOX, domains)
    refused = operator_address(EmailAddress("x@gmail.com"), domains, path="generic")

    code, path, params = reason(refused)
    assert (code, path) == ("address.not_operator_domain", "generic")
    assert params == {
        "address": "x@gmail.com",
        "domains": "medimail.mssante.fr, autre.mssante.fr",
    }
