"""Delegations: their own aggregate, keyed by (mailbox, account, number), with a life
computed from what was recorded and the time given."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs
import pytest

from balorg.domain.addresses import EmailAddress
from balorg.domain.capabilities import ALL_CAPABILITIES, Capability
from balorg.domain.delegation import Delegation, DelegationState, Review
from balorg.domain.errors import DomainRefusal
from balorg.domain.events import (
    DelegationActivated,
    DelegationExpired,
    DelegationGranted,
    DelegationMarkedForReview,
    DelegationReminded,
    DelegationResumed,
    DelegationReviewed,
    DelegationRevoked,
    DelegationSuspended,
)
from balorg.testing.examples import T0, example_address

MAILBOX = example_address("pharmacie")
ALICE = example_address("alice.bernard")
CLAIRE = example_address("claire.martin1")
BOB = example_address("bob.petit")
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
READ, SEND, MANAGE, ADMIN = (
    Capability.READ,
    Capability.SEND,
    Capability.MANAGE_MEMBERS,
    Capability.ADMINISTER,
)


def granted(
    *,
    capabilities: frozenset[Capability] = frozenset({READ, SEND}),
    expires_at: dt.datetime | None = None,
    pending: bool = False,
    number: int = 1,
) -> Delegation:
    """Alice's delegation on the pharmacy, granted by Claire at T0, events pulled."""
    delegation = Delegation.grant(
        mailbox=MAILBOX,
        account=ALICE,
        number=number,
        capabilities=capabilities,
        by=CLAIRE,
        at=T0,
        expires_at=expires_at,
        pending_validation=pending,
    )
    delegation.pull_events()
    return delegation


def codes(excinfo: pytest.ExceptionInfo[DomainRefusal]) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in excinfo.value.problems]


def snapshot(delegation: Delegation) -> tuple[object, ...]:
    return (
        delegation.state,
        delegation.changed_by,
        delegation.changed_at,
        delegation.reason,
        delegation.review,
        delegation.reminded_at,
        delegation.capabilities,
        list(delegation.events),
    )


# -- granting -----------------------------------------------------------------------------------


def test_a_grant_is_active_at_once_and_records_who_when_and_what() -> None:
    delegation = Delegation.grant(
        mailbox=MAILBOX,
        account=ALICE,
        number=3,
        capabilities=frozenset({READ, SEND}),
        by=CLAIRE,
        at=T0,
        expires_at=T0 + DAY,
    )

    assert delegation.state is DelegationState.ACTIVE
    assert (delegation.mailbox, delegation.account, delegation.number) == (MAILBOX, ALICE, 3)
    assert (delegation.granted_by, delegation.granted_at) == (CLAIRE, T0)
    assert delegation.expires_at == T0 + DAY
    assert (delegation.changed_by, delegation.changed_at, delegation.reason) == (None, None, None)
    assert delegation.review is Review.NONE
    assert delegation.reminded_at is None
    assert delegation.version == 0
    assert delegation.pull_events() == [
        DelegationGranted(
            actor=CLAIRE,
            at=T0,
            mailbox=MAILBOX,
            account=ALICE,
            number=3,
            capabilities=frozenset({READ, SEND}),
            expires_at=T0 + DAY,
            pending_validation=False,
        )
    ]
    assert delegation.events == []


def test_a_grant_to_an_account_waiting_for_the_service_centre_waits_too() -> None:
    delegation = Delegation.grant(
        mailbox=MAILBOX,
        account=ALICE,
        number=1,
        capabilities=frozenset({READ}),
        by=CLAIRE,
        at=T0,
        pending_validation=True,
    )

    assert delegation.state is DelegationState.PENDING_VALIDATION
    assert delegation.is_live_at(T0)
    assert not delegation.is_active_at(T0)
    assert delegation.capabilities_at(T0) == frozenset()
    assert delegation.events[0].pending_validation is True  # type: ignore[attr-defined]


def test_capabilities_given_as_any_iterable_are_kept_as_a_frozen_set() -> None:
    delegation = Delegation.grant(
        mailbox=MAILBOX,
        account=ALICE,
        number=1,
        capabilities=[READ, READ, SEND],  # type: ignore[arg-type]
        by=CLAIRE,
        at=T0,
    )

    assert delegation.capabilities == frozenset({READ, SEND})
    assert isinstance(delegation.capabilities, frozenset)


def test_a_grant_without_capability_is_refused() -> None:
    with pytest.raises(DomainRefusal) as excinfo:
        granted(capabilities=frozenset())

    assert codes(excinfo) == [("delegation.no_capability", "capabilities")]


@pytest.mark.parametrize("offset", [dt.timedelta(0), -HOUR], ids=["at the grant", "before it"])
def test_a_grant_expiring_at_or_before_its_own_time_is_refused(offset: dt.timedelta) -> None:
    with pytest.raises(DomainRefusal) as excinfo:
        granted(expires_at=T0 + offset)

    assert codes(excinfo) == [("delegation.expiry_in_past", "expires_at")]


@pytest.mark.parametrize("naive", ["at", "expires_at"])
def test_a_grant_at_a_naive_time_is_refused(naive: str) -> None:
    times = {"at": T0, "expires_at": T0 + DAY}
    times[naive] = times[naive].replace(tzinfo=None)

    with pytest.raises(ValueError, match="timezone-aware"):
        Delegation.grant(
            mailbox=MAILBOX,
            account=ALICE,
            number=1,
            capabilities=frozenset({READ}),
            by=CLAIRE,
            **times,
        )


def test_a_grant_without_a_nominative_grantor_is_refused() -> None:
    with pytest.raises(TypeError, match="EmailAddress"):
        Delegation.grant(
            mailbox=MAILBOX,
            account=ALICE,
            number=1,
            capabilities=frozenset({READ}),
            by=str(CLAIRE),  # type: ignore[arg-type]
            at=T0,
        )


@pytest.mark.parametrize("name", ["mailbox", "account", "number", "granted_by", "granted_at"])
def test_what_identifies_a_grant_cannot_be_reassigned(name: str) -> None:
    delegation = granted()
    before = getattr(delegation, name)

    with pytest.raises(attrs.exceptions.FrozenAttributeError):
        setattr(delegation, name, BOB if isinstance(before, EmailAddress) else before)

    assert getattr(delegation, name) == before


def test_no_field_could_hold_a_credential() -> None:
    names = {f.name for f in attrs.fields(Delegation)}
    forbidden = ("password", "secret", "credential", "token", "hash", "pin")

    assert "account" in names
    assert not [n for n in names if any(word in n for word in forbidden)]


# -- state at a time ---------------------------------------------------------------------------


def test_a_delegation_expires_exactly_at_its_expiry() -> None:
    delegation = granted(expires_at=T0 + DAY)
    second = dt.timedelta(seconds=1)

    assert delegation.state_at(T0 + DAY - second) is DelegationState.ACTIVE
    assert delegation.state_at(T0 + DAY) is DelegationState.EXPIRED
    assert delegation.state is DelegationState.ACTIVE  # nothing recorded by asking


def test_a_delegation_without_expiry_never_expires() -> None:
    delegation = granted()

    assert delegation.state_at(T0 + 3650 * DAY) is DelegationState.ACTIVE


@pytest.mark.parametrize("pending", [False, True])
def test_a_pending_or_suspended_delegation_past_its_expiry_has_expired(pending: bool) -> None:
    delegation = granted(expires_at=T0 + DAY, pending=pending)
    if not pending:
        delegation.suspend(by=CLAIRE, at=T0 + HOUR)

    assert delegation.is_live_at(T0 + HOUR)
    assert delegation.state_at(T0 + DAY) is DelegationState.EXPIRED
    assert not delegation.is_live_at(T0 + DAY)


def test_a_revoked_delegation_stays_revoked_whatever_its_expiry() -> None:
    delegation = granted(expires_at=T0 + DAY)
    delegation.revoke(by=CLAIRE, at=T0 + HOUR, reason="départ")

    assert delegation.state_at(T0 + 2 * DAY) is DelegationState.REVOKED
    assert not delegation.is_live_at(T0 + HOUR)


def test_an_expiry_not_yet_recorded_still_counts_as_live_for_storage() -> None:
    delegation = granted(expires_at=T0 + DAY)

    assert delegation.is_live
    assert not delegation.is_live_at(T0 + DAY)


@pytest.mark.parametrize(
    ("state", "final"),
    [
        (DelegationState.PENDING_VALIDATION, False),
        (DelegationState.ACTIVE, False),
        (DelegationState.SUSPENDED, False),
        (DelegationState.REVOKED, True),
        (DelegationState.EXPIRED, True),
    ],
)
def test_only_revoked_and_expired_are_final(state: DelegationState, final: bool) -> None:
    assert state.is_final is final


def test_only_an_active_delegation_gives_its_capabilities() -> None:
    active = granted(capabilities=frozenset({READ, MANAGE}), expires_at=T0 + DAY)
    suspended = granted()
    suspended.suspend(by=CLAIRE, at=T0)
    revoked = granted()
    revoked.revoke(by=CLAIRE, at=T0, reason="départ")

    assert active.capabilities_at(T0) == frozenset({READ, MANAGE})
    assert active.capabilities_at(T0 + DAY) == frozenset()
    assert granted(pending=True).capabilities_at(T0) == frozenset()
    assert suspended.capabilities_at(T0) == frozenset()
    assert revoked.capabilities_at(T0) == frozenset()


# -- changes ----------------------------------------------------------------------------------


def test_the_service_centres_validation_activates_a_pending_delegation() -> None:
    delegation = granted(pending=True)

    delegation.activate(by=BOB, at=T0 + HOUR)

    assert delegation.state is DelegationState.ACTIVE
    assert (delegation.changed_by, delegation.changed_at) == (BOB, T0 + HOUR)
    assert delegation.pull_events() == [
        DelegationActivated(actor=BOB, at=T0 + HOUR, mailbox=MAILBOX, account=ALICE, number=1)
    ]


def test_suspends_and_resumes_keeping_who_when_and_why() -> None:
    delegation = granted()

    delegation.suspend(by=CLAIRE, at=T0 + HOUR, reason="congé")
    assert delegation.state is DelegationState.SUSPENDED
    assert (delegation.changed_by, delegation.changed_at, delegation.reason) == (
        CLAIRE,
        T0 + HOUR,
        "congé",
    )
    delegation.resume(by=BOB, at=T0 + 2 * HOUR)

    assert delegation.state is DelegationState.ACTIVE
    assert (delegation.changed_by, delegation.changed_at, delegation.reason) == (
        BOB,
        T0 + 2 * HOUR,
        None,
    )
    assert delegation.pull_events() == [
        DelegationSuspended(
            actor=CLAIRE, at=T0 + HOUR, mailbox=MAILBOX, account=ALICE, number=1, reason="congé"
        ),
        DelegationResumed(actor=BOB, at=T0 + 2 * HOUR, mailbox=MAILBOX, account=ALICE, number=1),
    ]


@pytest.mark.parametrize("state", ["pending", "active", "suspended"])
def test_revokes_any_live_delegation_for_good_keeping_it_on_record(state: str) -> None:
    delegation = granted(pending=state == "pending")
    if state == "suspended":
        delegation.suspend(by=CLAIRE, at=T0)
    delegation.mark_for_review(by=CLAIRE, at=T0, grantor=BOB)
    delegation.pull_events()

    delegation.revoke(by=CLAIRE, at=T0 + HOUR, reason="départ")

    assert delegation.state is DelegationState.REVOKED
    assert (delegation.changed_by, delegation.changed_at, delegation.reason) == (
        CLAIRE,
        T0 + HOUR,
        "départ",
    )
    assert delegation.review is Review.NONE  # nothing left to review
    assert delegation.capabilities == frozenset({READ, SEND})  # history keeps what it gave
    assert delegation.pull_events() == [
        DelegationRevoked(
            actor=CLAIRE, at=T0 + HOUR, mailbox=MAILBOX, account=ALICE, number=1, reason="départ"
        )
    ]


def _revoked() -> Delegation:
    delegation = granted()
    delegation.revoke(by=CLAIRE, at=T0, reason="départ")
    delegation.pull_events()
    return delegation


def _expired() -> Delegation:
    return granted(expires_at=T0 + HOUR)


CHANGES: dict[str, tuple[Callable[[Delegation, dt.datetime], object], str]] = {
    "activate": (lambda d, at: d.activate(by=CLAIRE, at=at), "delegation.not_pending"),
    "suspend": (lambda d, at: d.suspend(by=CLAIRE, at=at), "delegation.not_active"),
    "resume": (lambda d, at: d.resume(by=CLAIRE, at=at), "delegation.not_suspended"),
    "revoke": (lambda d, at: d.revoke(by=CLAIRE, at=at, reason="x"), "delegation.not_found"),
    "keep": (lambda d, at: d.keep_after_review(by=CLAIRE, at=at), "delegation.not_to_review"),
}


@pytest.mark.parametrize(
    ("change", "state"),
    [
        ("activate", "active"),
        ("activate", "suspended"),
        ("suspend", "pending_validation"),
        ("suspend", "suspended"),
        ("resume", "active"),
        ("resume", "pending_validation"),
    ],
)
def test_a_move_from_the_wrong_state_is_refused_naming_the_state(change: str, state: str) -> None:
    delegation = granted(pending=state == "pending_validation")
    if state == "suspended":
        delegation.suspend(by=CLAIRE, at=T0)
        delegation.pull_events()
    before = snapshot(delegation)
    make, code = CHANGES[change]

    with pytest.raises(DomainRefusal) as excinfo:
        make(delegation, T0 + HOUR)

    assert codes(excinfo) == [(code, "account")]
    assert excinfo.value.params == {"state": state}
    assert snapshot(delegation) == before


@pytest.mark.parametrize("change", sorted(CHANGES))
@pytest.mark.parametrize("ended", [_revoked, _expired], ids=["revoked", "expired"])
def test_an_ended_delegation_changes_no_more(change: str, ended: Callable[[], Delegation]) -> None:
    delegation = ended()
    before = snapshot(delegation)
    make, code = CHANGES[change]

    with pytest.raises(DomainRefusal) as excinfo:
        make(delegation, T0 + 2 * HOUR)

    assert excinfo.value.problems[0].code == code
    assert snapshot(delegation) == before


def test_the_revocation_of_an_ended_delegation_names_its_account() -> None:
    with pytest.raises(DomainRefusal) as excinfo:
        _revoked().revoke(by=CLAIRE, at=T0 + HOUR, reason="encore")

    assert excinfo.value.params == {"account": str(ALICE)}


def test_a_change_at_a_naive_time_changes_nothing() -> None:
    delegation = granted()
    before = snapshot(delegation)

    with pytest.raises(ValueError, match="timezone-aware"):
        delegation.suspend(by=CLAIRE, at=dt.datetime(2026, 3, 3))

    assert snapshot(delegation) == before


# -- expiry, review, reminder -------------------------------------------------------------------


def test_an_expiry_is_recorded_once_time_brought_it_and_only_once() -> None:
    delegation = granted(expires_at=T0 + DAY)

    assert not delegation.record_expiry(by=CLAIRE, at=T0 + HOUR)
    assert delegation.state is DelegationState.ACTIVE
    assert delegation.record_expiry(by=BOB, at=T0 + 2 * DAY)
    assert not delegation.record_expiry(by=BOB, at=T0 + 3 * DAY)

    assert delegation.state is DelegationState.EXPIRED
    assert not delegation.is_live
    assert (delegation.changed_by, delegation.changed_at) == (BOB, T0 + 2 * DAY)
    assert delegation.pull_events() == [
        DelegationExpired(actor=BOB, at=T0 + 2 * DAY, mailbox=MAILBOX, account=ALICE, number=1)
    ]


def test_no_expiry_is_recorded_on_a_revoked_delegation() -> None:
    delegation = granted(expires_at=T0 + DAY)
    delegation.revoke(by=CLAIRE, at=T0, reason="départ")

    assert not delegation.record_expiry(by=CLAIRE, at=T0 + 2 * DAY)
    assert delegation.state is DelegationState.REVOKED


def test_recording_an_expiry_ends_a_pending_review() -> None:
    delegation = granted(expires_at=T0 + DAY)
    delegation.mark_for_review(by=CLAIRE, at=T0, grantor=BOB)

    delegation.record_expiry(by=CLAIRE, at=T0 + DAY)

    assert delegation.review is Review.NONE


def test_a_grant_is_marked_for_review_once_and_a_manager_keeps_it() -> None:
    delegation = granted()

    assert delegation.mark_for_review(by=CLAIRE, at=T0 + HOUR, grantor=BOB)
    assert not delegation.mark_for_review(by=CLAIRE, at=T0 + HOUR, grantor=BOB)
    assert delegation.review is Review.TO_REVIEW
    delegation.keep_after_review(by=CLAIRE, at=T0 + 2 * HOUR)

    assert delegation.review is Review.KEPT
    assert delegation.state is DelegationState.ACTIVE
    assert delegation.pull_events() == [
        DelegationMarkedForReview(
            actor=CLAIRE, at=T0 + HOUR, mailbox=MAILBOX, account=ALICE, number=1, grantor=BOB
        ),
        DelegationReviewed(
            actor=CLAIRE, at=T0 + 2 * HOUR, mailbox=MAILBOX, account=ALICE, number=1, kept=True
        ),
    ]


def test_a_kept_grant_may_be_marked_for_review_again() -> None:
    delegation = granted()
    delegation.mark_for_review(by=CLAIRE, at=T0, grantor=BOB)
    delegation.keep_after_review(by=CLAIRE, at=T0)

    assert delegation.mark_for_review(by=CLAIRE, at=T0 + HOUR, grantor=CLAIRE)
    assert delegation.review is Review.TO_REVIEW


def test_an_ended_grant_is_not_marked_for_review() -> None:
    assert not _revoked().mark_for_review(by=CLAIRE, at=T0 + HOUR, grantor=BOB)
    assert not _expired().mark_for_review(by=CLAIRE, at=T0 + HOUR, grantor=BOB)


def test_a_grant_that_was_not_marked_cannot_be_kept_after_review() -> None:
    delegation = granted()

    with pytest.raises(DomainRefusal) as excinfo:
        delegation.keep_after_review(by=CLAIRE, at=T0)

    assert codes(excinfo) == [("delegation.not_to_review", "account")]
    assert excinfo.value.params == {"account": str(ALICE)}
    assert delegation.review is Review.NONE


def test_a_grant_is_revoked_after_review_only_when_it_was_marked() -> None:
    delegation = granted()
    with pytest.raises(DomainRefusal) as excinfo:
        delegation.revoke_after_review(by=CLAIRE, at=T0, reason="parti")
    assert codes(excinfo) == [("delegation.not_to_review", "account")]
    assert delegation.state is DelegationState.ACTIVE

    delegation.mark_for_review(by=CLAIRE, at=T0, grantor=BOB)
    delegation.revoke_after_review(by=CLAIRE, at=T0 + HOUR, reason="parti")

    assert (delegation.state, delegation.review, delegation.reason) == (
        DelegationState.REVOKED,
        Review.NONE,
        "parti",
    )


def test_a_grant_marked_for_review_that_expired_cannot_be_kept() -> None:
    delegation = granted(expires_at=T0 + DAY)
    delegation.mark_for_review(by=CLAIRE, at=T0, grantor=BOB)

    with pytest.raises(DomainRefusal) as excinfo:
        delegation.keep_after_review(by=CLAIRE, at=T0 + DAY)

    assert excinfo.value.code == "delegation.not_to_review"
    assert delegation.review is Review.TO_REVIEW


def test_the_expiry_reminder_is_recorded_with_the_expiry_it_announces() -> None:
    delegation = granted(expires_at=T0 + 7 * DAY)

    delegation.record_reminder(by=BOB, at=T0 + DAY)

    assert delegation.reminded_at == T0 + DAY
    assert delegation.pull_events() == [
        DelegationReminded(
            actor=BOB,
            at=T0 + DAY,
            mailbox=MAILBOX,
            account=ALICE,
            number=1,
            expires_at=T0 + 7 * DAY,
        )
    ]


def test_every_event_names_the_actor_the_mailbox_the_account_and_the_number() -> None:
    delegation = granted(pending=True, number=4, expires_at=T0 + 9 * DAY)
    delegation.activate(by=BOB, at=T0)
    delegation.suspend(by=CLAIRE, at=T0)
    delegation.resume(by=CLAIRE, at=T0)
    delegation.mark_for_review(by=CLAIRE, at=T0, grantor=BOB)
    delegation.keep_after_review(by=CLAIRE, at=T0)
    delegation.record_reminder(by=BOB, at=T0 + 3 * DAY)
    delegation.record_expiry(by=BOB, at=T0 + 9 * DAY)

    events = delegation.pull_events()

    assert [e.name for e in events] == [
        "DelegationActivated",
        "DelegationSuspended",
        "DelegationResumed",
        "DelegationMarkedForReview",
        "DelegationReviewed",
        "DelegationReminded",
        "DelegationExpired",
    ]
    assert all(isinstance(e.actor, EmailAddress) for e in events)
    assert {(e.mailbox, e.account, e.number) for e in events} == {(MAILBOX, ALICE, 4)}


def test_all_capabilities_are_the_four_of_the_enum() -> None:
    assert frozenset(Capability) == ALL_CAPABILITIES
    assert len(ALL_CAPABILITIES) == 4
