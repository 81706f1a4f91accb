"""Managing members: grants bounded by their grantor, reviews, reminders, hand-over.

Issue 10.6: a grant never outlives its grantor's own delegation (capped, and said);
when a manager stops managing, the grants they made wait for a review by those who
still manage, and the responsible is told through the outbox; members, responsible and
grantor are reminded before a delegation expires. Issue 10.7: the successor's account
must belong to the successor professional.
"""

from __future__ import annotations

import datetime as dt

import pytest
from tests.unit.services.support import Trail, clock_of, login, member, outbox, refused

from balorg.domain.actors import SessionToken, SystemActor
from balorg.domain.addresses import EmailAddress
from balorg.domain.capabilities import Capability
from balorg.domain.delegation import DelegationState, Review
from balorg.domain.mail import ExpiryNotice, ReviewNotice
from balorg.domain.mailbox import Role
from balorg.services import (
    close_mailbox,
    connection_settings,
    grant_member,
    hand_over_responsibility,
    list_members,
    resume_member,
    review_member,
    revoke_member,
    send_expiry_reminders,
    set_default_mailbox,
    set_notices,
    suspend_member,
    switch_mailbox,
)
from balorg.testing.examples import example_address, example_professional
from balorg.testing.scenarios import Pharmacy, example_ports, pharmacy

SCHEDULER = SystemActor("scheduler")
ALICE = example_address("alice.bernard")
BOB = example_address("bob.dupont")
DAN = example_address("dan.petit")
MANAGE = ["read", "send", "manage_members"]


def days(n: float) -> dt.timedelta:
    return dt.timedelta(days=n)


def manager(world: Pharmacy, local: str = "bob.dupont", **kwargs: object) -> SessionToken:
    """A member who manages members (read, send, manage), logged in."""
    address = member(world, local, capabilities=MANAGE, **kwargs)  # type: ignore[arg-type]
    return login(world.ports, address)


def notices(world: Pharmacy, kind: type[object]) -> list[object]:
    world.deliver()
    return [n for n in world.notifier.sent if isinstance(n, kind)]


def members_by_account(
    world: Pharmacy, actor: SessionToken | None = None
) -> dict[EmailAddress, object]:
    listed = list_members(world.ports, actor or world.claire, world.address)
    return {m.account: m for m in listed.members}


# -- a grant is bounded by its grantor ------------------------------------------------------------


def test_a_grant_without_expiry_by_a_manager_ends_with_the_managers_own(world: Pharmacy) -> None:
    now = world.ports.clock.now()
    bob = manager(world, expires_at=now + days(10))
    member(world, "dan.petit", approve=True, by=bob)  # created by Bob: capped already
    trail = Trail(world.ports)
    revoke_member(world.ports, world.claire, world.address, account=DAN, reason="essai")
    trail.new()

    granted = grant_member(world.ports, bob, world.address, account=DAN, capabilities=["read"])

    assert granted.delegation.expires_at == now + days(10)
    [warning] = granted.warnings
    assert warning.code == "delegation.expiry_capped"
    assert warning.params == {"expires_at": (now + days(10)).isoformat(), "grantor": str(BOB)}
    assert not warning.is_error
    [event] = [e for e in trail.one().details["events"] if e["type"] == "DelegationGranted"]
    assert event["expires_at"] == (now + days(10)).isoformat()


def test_a_grant_beyond_the_managers_expiry_is_capped_and_one_within_it_is_kept(
    world: Pharmacy,
) -> None:
    now = world.ports.clock.now()
    eve = example_address("eve.martin")
    bob = manager(world, expires_at=now + days(10))
    for someone in (DAN, eve):
        member(world, someone.local_part)
        revoke_member(world.ports, world.claire, world.address, account=someone, reason="essai")

    within = grant_member(
        world.ports,
        bob,
        world.address,
        account=DAN,
        capabilities=["read"],
        expires_at=now + days(9),
    )
    beyond = grant_member(
        world.ports,
        bob,
        world.address,
        account=eve,
        capabilities=["read"],
        expires_at=now + days(30),
    )

    assert within.delegation.expires_at == now + days(9)
    assert within.warnings == ()
    assert beyond.delegation.expires_at == now + days(10)
    assert [w.code for w in beyond.warnings] == ["delegation.expiry_capped"]


def test_the_responsibles_grants_are_not_capped(world: Pharmacy) -> None:
    member(world, "dan.petit")
    members = members_by_account(world)
    assert members[DAN].expires_at is None  # type: ignore[attr-defined]
    assert members[DAN].granted_by == world.mailbox.responsible.account  # type: ignore[attr-defined]


def test_once_the_managers_delegation_has_expired_so_have_their_grants(world: Pharmacy) -> None:
    now = world.ports.clock.now()
    bob = manager(world, expires_at=now + days(10))
    member(world, "dan.petit", by=bob)
    clock_of(world.ports).advance(days=10)
    dan = login(world.ports, DAN)
    with refused("access.delegation_not_active"):
        switch_mailbox(world.ports, dan, world.address)


@pytest.mark.parametrize(
    ("capabilities", "code"),
    [
        (["administer"], "delegation.exceeds_grantor"),
        (["read", "manage_members", "administer"], "delegation.exceeds_grantor"),
        ([], "delegation.no_capability"),
    ],
)
def test_nobody_grants_more_than_they_hold(
    world: Pharmacy, capabilities: list[str], code: str
) -> None:
    bob = manager(world)
    member(world, "dan.petit")
    revoke_member(world.ports, world.claire, world.address, account=DAN, reason="essai")
    with refused(code):
        grant_member(world.ports, bob, world.address, account=DAN, capabilities=capabilities)


def test_a_grant_must_make_sense(world: Pharmacy) -> None:
    now = world.ports.clock.now()
    claire = world.mailbox.responsible.account
    with refused("delegation.responsible_holds_all"):
        grant_member(world.ports, world.claire, world.address, account=claire)
    with refused("delegation.already_granted"):
        grant_member(world.ports, world.claire, world.address, account=ALICE)
    revoke_member(world.ports, world.claire, world.address, account=ALICE, reason="départ")
    with refused("delegation.expiry_in_past"):
        grant_member(world.ports, world.claire, world.address, account=ALICE, expires_at=now)
    with refused("account.unknown"):
        grant_member(world.ports, world.claire, world.address, account=example_address("x"))


def test_nobody_changes_a_member_who_holds_more_than_they_do(world: Pharmacy) -> None:
    bob = manager(world)
    admin = member(world, "admin", capabilities=["read", "administer"])
    with refused("delegation.exceeds_actor"):
        suspend_member(world.ports, bob, world.address, account=admin)
    with refused("delegation.exceeds_actor"):
        revoke_member(world.ports, bob, world.address, account=admin, reason="x")
    suspend_member(world.ports, bob, world.address, account=ALICE)  # read and send: he may


def test_a_new_grant_after_the_end_of_the_last_one_is_numbered_next(world: Pharmacy) -> None:
    now = world.ports.clock.now()
    revoke_member(world.ports, world.claire, world.address, account=ALICE, reason="départ")
    second = grant_member(
        world.ports, world.claire, world.address, account=ALICE, expires_at=now + days(1)
    )
    clock_of(world.ports).advance(days=2)
    claire = login(world.ports, world.mailbox.responsible.account)
    third = grant_member(world.ports, claire, world.address, account=ALICE)

    assert (second.delegation.number, third.delegation.number) == (2, 3)
    with world.ports.uow() as uow:
        history = uow.delegations.history(world.address, ALICE)
    assert [(d.number, d.state) for d in history] == [
        (1, DelegationState.REVOKED),
        (2, DelegationState.EXPIRED),
        (3, DelegationState.ACTIVE),
    ]


def test_suspending_drops_the_members_settings_and_resuming_gives_access_back(
    world: Pharmacy,
) -> None:
    set_default_mailbox(world.ports, world.alice, world.address)
    set_notices(world.ports, world.alice, world.address, enabled=True)
    suspend_member(world.ports, world.claire, world.address, account=ALICE, reason="congé")
    settings = connection_settings(world.ports, world.alice)
    assert (settings.default, settings.notices) == (ALICE, frozenset())
    with refused("access.delegation_not_active"):
        switch_mailbox(world.ports, world.alice, world.address)

    resume_member(world.ports, world.claire, world.address, account=ALICE)
    assert switch_mailbox(world.ports, world.alice, world.address).mailbox == world.address


def test_the_members_list_keeps_ended_delegations_with_who_when_and_why(world: Pharmacy) -> None:
    revoke_member(world.ports, world.claire, world.address, account=ALICE, reason="départ")
    listed = list_members(world.ports, world.claire, world.address)
    responsible, alice = listed.members
    assert (responsible.role, responsible.state) == (Role.RESPONSIBLE, None)
    assert responsible.capabilities == frozenset(Capability)
    assert (alice.account, alice.role, alice.state, alice.reason) == (
        ALICE,
        Role.MEMBER,
        DelegationState.REVOKED,
        "départ",
    )


# -- grants to review when their grantor stops managing -------------------------------------------


@pytest.mark.parametrize("how", ["revoked", "suspended"])
def test_the_grants_of_a_manager_who_stops_managing_wait_for_a_review(
    world: Pharmacy, how: str
) -> None:
    bob = manager(world)
    member(world, "dan.petit", by=bob)
    trail = Trail(world.ports)
    if how == "revoked":
        revoke_member(world.ports, world.claire, world.address, account=BOB, reason="départ")
    else:
        suspend_member(world.ports, world.claire, world.address, account=BOB, reason="enquête")

    listed = list_members(world.ports, world.claire, world.address)
    assert [(m.account, m.review) for m in listed.to_review] == [(DAN, Review.TO_REVIEW)]
    entry = next(e for e in trail.new() if e.action.endswith("_member") and e.allowed)
    assert any(e["type"] == "DelegationMarkedForReview" for e in entry.details["events"])
    [notice] = notices(world, ReviewNotice)
    assert (notice.to, notice.mailbox, notice.grantor, notice.count) == (  # type: ignore[attr-defined]
        world.mailbox.responsible.account,
        world.address,
        BOB,
        1,
    )
    dan = login(world.ports, DAN)
    assert switch_mailbox(world.ports, dan, world.address)  # access goes on until decided


def test_a_review_keeps_the_grant(world: Pharmacy) -> None:
    bob = manager(world)
    member(world, "dan.petit", by=bob)
    revoke_member(world.ports, world.claire, world.address, account=BOB, reason="départ")
    trail = Trail(world.ports)

    kept = review_member(world.ports, world.claire, world.address, account=DAN, keep=True)

    assert kept.review is Review.KEPT
    entry = trail.one()
    assert (entry.action, entry.account, entry.details["keep"]) == ("review_member", str(DAN), True)
    assert list_members(world.ports, world.claire, world.address).to_review == ()
    with refused("delegation.not_to_review"):
        review_member(world.ports, world.claire, world.address, account=DAN, keep=True)


def test_a_review_revokes_the_grant_with_a_reason(world: Pharmacy) -> None:
    bob = manager(world)
    member(world, "dan.petit", by=bob)
    revoke_member(world.ports, world.claire, world.address, account=BOB, reason="départ")
    with refused("field.required"):
        review_member(world.ports, world.claire, world.address, account=DAN, keep=False)

    ended = review_member(
        world.ports, world.claire, world.address, account=DAN, keep=False, reason="plus utile"
    )

    assert (ended.state, ended.reason) == (DelegationState.REVOKED, "plus utile")
    assert list_members(world.ports, world.claire, world.address).to_review == ()
    with refused("access.delegation_not_active"):
        switch_mailbox(world.ports, login(world.ports, DAN), world.address)


def test_a_manager_who_still_manages_may_review_and_a_reader_may_not(world: Pharmacy) -> None:
    bob = manager(world)
    eve = manager(world, "eve.martin")
    member(world, "dan.petit", by=bob)
    revoke_member(world.ports, world.claire, world.address, account=BOB, reason="départ")

    with refused("access.missing_capability"):
        review_member(world.ports, world.alice, world.address, account=DAN, keep=True)
    assert review_member(world.ports, eve, world.address, account=DAN, keep=True)


def test_a_manager_leaving_without_grants_asks_for_no_review(world: Pharmacy) -> None:
    manager(world)
    revoke_member(world.ports, world.claire, world.address, account=BOB, reason="départ")
    assert list_members(world.ports, world.claire, world.address).to_review == ()
    assert notices(world, ReviewNotice) == []


# -- expiry reminders -----------------------------------------------------------------------------


def test_a_reminder_reaches_the_member_the_responsible_and_the_grantor_once(
    world: Pharmacy,
) -> None:
    now = world.ports.clock.now()
    bob = manager(world)
    member(world, "dan.petit", by=bob, expires_at=now + days(5))
    claire = world.mailbox.responsible.account

    assert send_expiry_reminders(world.ports, SCHEDULER) == 1
    reminders = notices(world, ExpiryNotice)
    assert sorted(str(n.to) for n in reminders) == sorted(  # type: ignore[attr-defined]
        str(a) for a in (DAN, claire, BOB)
    )
    for notice in reminders:
        assert (notice.mailbox, notice.account) == (world.address, DAN)  # type: ignore[attr-defined]
        assert notice.expires_at == now + days(5)  # type: ignore[attr-defined]

    assert send_expiry_reminders(world.ports, SCHEDULER) == 0
    clock_of(world.ports).advance(days=1)
    assert send_expiry_reminders(world.ports, SCHEDULER) == 0
    assert len(notices(world, ExpiryNotice)) == 3


def test_the_responsible_granting_is_told_once_not_twice(world: Pharmacy) -> None:
    now = world.ports.clock.now()
    member(world, "dan.petit", expires_at=now + days(2))
    send_expiry_reminders(world.ports, SCHEDULER)
    assert sorted(str(n.to) for n in notices(world, ExpiryNotice)) == sorted(  # type: ignore[attr-defined]
        [str(DAN), str(world.mailbox.responsible.account)]
    )


def test_reminders_go_out_the_configured_time_before_expiry() -> None:
    world = pharmacy(example_ports(reminder_lead=days(3)))
    now = world.ports.clock.now()
    member(world, "dan.petit", expires_at=now + days(5))
    member(world, "eve.martin")  # no expiry: never reminded

    assert send_expiry_reminders(world.ports, SCHEDULER) == 0
    clock_of(world.ports).advance(days=2)
    assert send_expiry_reminders(world.ports, SCHEDULER) == 1
    clock_of(world.ports).advance(days=4)  # expired: too late for a reminder
    assert send_expiry_reminders(world.ports, SCHEDULER) == 0


def test_no_reminder_for_a_delegation_on_a_closed_mailbox(world: Pharmacy) -> None:
    member(world, "dan.petit", expires_at=world.ports.clock.now() + days(5))
    close_mailbox(world.ports, world.claire, world.address, reason="cessation d'activité")
    assert send_expiry_reminders(world.ports, SCHEDULER) == 0
    assert notices(world, ExpiryNotice) == []
    listed = list_members(world.ports, world.claire, world.address).members
    assert {m.state for m in listed if m.role is not Role.RESPONSIBLE} == {DelegationState.REVOKED}


def test_reminders_are_sent_a_batch_at_a_time(world: Pharmacy) -> None:
    now = world.ports.clock.now()
    for n in range(3):
        member(world, f"membre{n}", expires_at=now + days(1 + n))
    trail = Trail(world.ports)
    assert send_expiry_reminders(world.ports, SCHEDULER, limit=2) == 2
    assert trail.one().details["reminded"] == 2
    assert send_expiry_reminders(world.ports, SCHEDULER, limit=2) == 1
    assert len(outbox(world.ports, "notice")) >= 6


# -- hand-over (issue 10.7) -----------------------------------------------------------------------


def test_the_successors_account_must_have_declared_the_successors_identity(
    world: Pharmacy,
) -> None:
    successor = example_professional(2)
    anonymous = member(world, "claire.martin2")  # the right address, no declared identity
    with refused("responsibility.account_identity"):
        hand_over_responsibility(world.ports, world.claire, world.address, successor=successor)
    someone = member(world, "autre", professional=example_professional(3).idnat)
    with refused("responsibility.account_identity"):
        hand_over_responsibility(
            world.ports, world.claire, world.address, successor=successor, successor_account=someone
        )
    assert world.mailbox.responsible.account != anonymous


def test_the_successors_account_must_be_validated(world: Pharmacy) -> None:
    successor = example_professional(2)
    member(world, "claire.martin2", professional=successor.idnat, approve=False)
    with refused("access.account_not_active"):
        hand_over_responsibility(world.ports, world.claire, world.address, successor=successor)


def test_handing_over_makes_the_successor_responsible_and_the_previous_one_a_member(
    world: Pharmacy,
) -> None:
    successor = example_professional(2)
    heir = member(world, "claire.martin2", professional=successor.idnat)
    claire = world.mailbox.responsible.account
    trail = Trail(world.ports)

    hand_over_responsibility(
        world.ports,
        world.claire,
        world.address,
        successor=successor,
        previous_keeps=["read"],
        contact="Accueil, 05 61 00 00 00",
    )

    entry = trail.one()
    assert (entry.action, entry.account) == ("hand_over", str(heir))
    mailbox = world.mailbox
    assert (mailbox.responsible.account, mailbox.responsible_contact) == (
        heir,
        "Accueil, 05 61 00 00 00",
    )
    heir_session = login(world.ports, heir)
    members = members_by_account(world, heir_session)
    assert members[heir].role is Role.RESPONSIBLE  # type: ignore[attr-defined]
    assert members[claire].capabilities == frozenset({Capability.READ})  # type: ignore[attr-defined]
    with refused("access.missing_capability"):
        list_members(world.ports, world.claire, world.address)
    # The grants Claire made wait for the new responsible's review, and they are told.
    to_review = list_members(world.ports, heir_session, world.address).to_review
    assert [m.account for m in to_review] == [ALICE]
    [notice] = notices(world, ReviewNotice)
    assert (notice.to, notice.grantor) == (heir, claire)  # type: ignore[attr-defined]


def test_handing_over_to_oneself_is_refused(world: Pharmacy) -> None:
    claire = world.mailbox.responsible.professional
    with refused("responsibility.same_person"):
        hand_over_responsibility(world.ports, world.claire, world.address, successor=claire)
