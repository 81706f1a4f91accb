"""Granting: nothing beyond what the grantor holds, one live grant per account, never
past the grantor's own expiry (capped, with a warning); and when grants need a review."""

from __future__ import annotations

import datetime as dt

import pytest

from balorg.domain.account import ConnectionAccount
from balorg.domain.capabilities import ALL_CAPABILITIES, Capability
from balorg.domain.delegation import Delegation
from balorg.domain.errors import Severity
from balorg.domain.mailbox import OrganisationalMailbox
from balorg.domain.messages import LANGUAGES
from balorg.rules.delegations import DEFAULT_MEMBER_CAPABILITIES, GrantPlan, plan_grant, to_review
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
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
NOW = T0 + HOUR
ALICE = example_address("alice.bernard")
BOB = example_address("bob.petit")


def manager(
    box: OrganisationalMailbox,
    *capabilities: Capability,
    expires_at: dt.datetime | None = None,
) -> Delegation:
    """Bob's delegation (a manager's, unless told otherwise)."""
    return example_delegation(
        box,
        BOB,
        capabilities=frozenset(capabilities or {MANAGE, READ, SEND}),
        expires_at=expires_at,
    )


def plan(
    box: OrganisationalMailbox,
    *,
    grantor: Delegation | None = None,
    account: ConnectionAccount | None = None,
    current: Delegation | None = None,
    capabilities: frozenset[Capability] = DEFAULT_MEMBER_CAPABILITIES,
    expires_at: dt.datetime | None = None,
    now: dt.datetime = NOW,
) -> GrantPlan:
    return plan_grant(
        mailbox=box,
        grantor=grantor.account if grantor is not None else box.responsible.account,
        grantor_delegation=grantor,
        account=account or example_account("alice.bernard"),
        current=current,
        capabilities=capabilities,
        expires_at=expires_at,
        now=now,
    )


def problems(result: GrantPlan) -> list[tuple[str, str, Severity]]:
    for problem in result.decision.problems:
        for lang in LANGUAGES:
            assert "{" not in problem.message(lang), problem.message(lang)
    return [(p.code, p.path, p.severity) for p in result.decision.problems]


def test_a_member_gets_read_and_send_when_nothing_is_named() -> None:
    assert {READ, SEND} == DEFAULT_MEMBER_CAPABILITIES


def test_the_responsible_grants_anything_without_expiry_to_a_validated_account() -> None:
    result = plan(example_mailbox(), capabilities=ALL_CAPABILITIES)

    assert result.decision
    assert result.decision.problems == ()
    assert result == GrantPlan(
        decision=result.decision,
        number=1,
        capabilities=ALL_CAPABILITIES,
        expires_at=None,
        pending_validation=False,
    )


def test_a_grant_to_an_account_waiting_for_the_service_centre_waits_too() -> None:
    result = plan(example_mailbox(), account=example_account("alice.bernard", pending=True))

    assert result.decision
    assert result.pending_validation


def test_a_grant_to_a_rejected_account_is_refused() -> None:
    rejected = example_account("alice.bernard", pending=True)
    rejected.reject(by=BOB, at=T0, reason="doublon")

    result = plan(example_mailbox(), account=rejected)

    assert problems(result) == [("account.rejected", "account", Severity.ERROR)]


def test_a_grant_without_capability_is_refused() -> None:
    result = plan(example_mailbox(), capabilities=frozenset())

    assert problems(result) == [("delegation.no_capability", "capabilities", Severity.ERROR)]


def test_a_manager_grants_what_they_hold() -> None:
    box = example_mailbox()

    result = plan(box, grantor=manager(box, MANAGE, READ, SEND), capabilities=frozenset({READ}))

    assert result.decision
    assert result.decision.problems == ()


def test_nobody_grants_more_than_they_hold() -> None:
    box = example_mailbox()

    result = plan(
        box, grantor=manager(box, MANAGE, READ), capabilities=frozenset({READ, SEND, ADMIN})
    )

    assert problems(result) == [("delegation.exceeds_grantor", "capabilities", Severity.ERROR)]
    assert result.decision.reasons[0].params == {"capabilities": ["administer", "send"]}


@pytest.mark.parametrize("ended", ["suspended", "revoked", "expired"])
def test_a_grantor_whose_own_delegation_is_not_active_holds_nothing_to_grant(ended: str) -> None:
    box = example_mailbox()
    grantor = manager(box, expires_at=NOW if ended == "expired" else None)
    if ended == "suspended":
        grantor.suspend(by=box.responsible.account, at=T0)
    elif ended == "revoked":
        grantor.revoke(by=box.responsible.account, at=T0, reason="départ")

    result = plan(box, grantor=grantor, capabilities=frozenset({READ}))

    assert ("delegation.exceeds_grantor", "capabilities", Severity.ERROR) in problems(result)


def test_nobody_is_granted_what_the_responsible_holds_already() -> None:
    box = example_mailbox()
    claire = example_account("claire.martin1")

    result = plan(box, account=claire)

    assert problems(result) == [("delegation.responsible_holds_all", "account", Severity.ERROR)]


@pytest.mark.parametrize("state", ["pending", "active", "suspended"])
def test_an_account_holds_one_live_delegation_at_a_time(state: str) -> None:
    box = example_mailbox()
    current = example_delegation(box, ALICE, pending=state == "pending")
    if state == "suspended":
        current.suspend(by=box.responsible.account, at=T0)

    result = plan(box, current=current)

    assert problems(result) == [("delegation.already_granted", "account", Severity.ERROR)]
    assert result.decision.reasons[0].params == {"account": str(ALICE)}


@pytest.mark.parametrize("ended", ["revoked", "expired"])
def test_a_new_grant_follows_an_ended_one_with_the_next_number(ended: str) -> None:
    box = example_mailbox()
    current = example_delegation(box, ALICE, number=3, expires_at=NOW)
    if ended == "revoked":
        current.revoke(by=box.responsible.account, at=T0, reason="départ")

    result = plan(box, current=current)

    assert result.decision
    assert result.number == 4


@pytest.mark.parametrize("offset", [dt.timedelta(0), -HOUR], ids=["now", "before"])
def test_a_grant_expiring_now_or_before_is_refused(offset: dt.timedelta) -> None:
    result = plan(example_mailbox(), expires_at=NOW + offset)

    assert problems(result) == [("delegation.expiry_in_past", "expires_at", Severity.ERROR)]


@pytest.mark.parametrize("asked", [None, 30], ids=["no expiry", "later"])
def test_a_grant_is_capped_to_the_grantors_own_expiry_with_a_warning(asked: int | None) -> None:
    box = example_mailbox()
    limit = T0 + 10 * DAY
    grantor = manager(box, expires_at=limit)

    result = plan(
        box,
        grantor=grantor,
        capabilities=frozenset({READ}),
        expires_at=None if asked is None else T0 + asked * DAY,
    )

    assert result.decision
    assert result.expires_at == limit
    assert problems(result) == [("delegation.expiry_capped", "expires_at", Severity.WARNING)]
    assert result.decision.warnings[0].params == {
        "expires_at": limit.isoformat(),
        "grantor": str(BOB),
    }


def test_a_grant_ending_before_the_grantors_expiry_is_kept_as_asked() -> None:
    box = example_mailbox()
    grantor = manager(box, expires_at=T0 + 10 * DAY)

    result = plan(box, grantor=grantor, capabilities=frozenset({READ}), expires_at=T0 + 2 * DAY)

    assert result.expires_at == T0 + 2 * DAY
    assert result.decision.problems == ()


def test_the_responsibles_authority_does_not_expire() -> None:
    result = plan(example_mailbox(), expires_at=None)

    assert result.expires_at is None
    assert result.decision.warnings == ()


def test_every_problem_of_a_grant_is_reported_at_once() -> None:
    box = example_mailbox()
    rejected = example_account("alice.bernard", pending=True)
    rejected.reject(by=BOB, at=T0, reason="doublon")

    result = plan(
        box,
        grantor=manager(box, MANAGE, READ, expires_at=T0 + DAY),
        account=rejected,
        current=example_delegation(box, ALICE),
        capabilities=frozenset({READ, ADMIN}),
        expires_at=T0,
    )

    assert [code for code, _, _ in problems(result)] == [
        "account.rejected",
        "delegation.exceeds_grantor",
        "delegation.already_granted",
        "delegation.expiry_in_past",
    ]


# -- reviews ----------------------------------------------------------------------------------


@pytest.mark.parametrize("ended", ["suspended", "revoked", "expired"])
def test_grants_of_a_manager_who_stopped_managing_need_a_review(ended: str) -> None:
    box = example_mailbox()
    delegation = manager(box, expires_at=NOW if ended == "expired" else None)
    if ended == "suspended":
        delegation.suspend(by=box.responsible.account, at=T0)
    elif ended == "revoked":
        delegation.revoke(by=box.responsible.account, at=T0, reason="départ")

    assert to_review(delegation, NOW)


def test_grants_of_a_manager_still_managing_need_no_review() -> None:
    assert not to_review(manager(example_mailbox()), NOW)


def test_a_member_who_could_not_manage_granted_nothing_to_review() -> None:
    delegation = example_delegation(example_mailbox(), ALICE)
    delegation.revoke(by=BOB, at=T0, reason="départ")

    assert not to_review(delegation, NOW)
