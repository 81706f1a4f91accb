"""The transactional outbox and its dispatcher (issue 8.2), on the in-memory adapters.

Effects on the outside world (notices, directory changes) are written in the same
transaction as the change that causes them, then delivered by :func:`dispatch` with
retries and exponential backoff, each with its idempotency key; a delivered message is
marked once; one that keeps failing is kept and listed (:func:`failures`) until a person
re-queues it. What each directory receives follows what it should show.
"""

from __future__ import annotations

import datetime as dt

import pytest
from tests.unit.services.support import CORRESPONDENT, Trail, clock_of, member, outbox

from balorg import serialization
from balorg.adapters.memory import InMemoryPublisher
from balorg.domain.mail import NewMailNotice, Notice, ValidationNotice
from balorg.domain.publication import Delete, DirectoryKind, EntryField, Insert, Replace
from balorg.ports.notifier import NotificationFailed
from balorg.ports.outbox import OutboxState
from balorg.ports.publisher import PublicationFailed
from balorg.rules import publication
from balorg.services import (
    Delivery,
    approve_account,
    change_description,
    change_directory_entry,
    change_red_list,
    close_mailbox,
    dispatch,
    failures,
    receive_message,
    requeue,
    resume_mailbox,
    set_notices,
    suspend_mailbox,
)
from balorg.services.dispatch import BACKOFF, MAX_ATTEMPTS, MAX_DELAY, retry_delay
from balorg.testing.examples import example_address
from balorg.testing.scenarios import TRANSPORT, Pharmacy

UNAVAILABLE = PublicationFailed("publication.unavailable", retryable=True, detail="503")
REFUSED = PublicationFailed("publication.bad_request", retryable=False, detail="400")


def delivery(world: Pharmacy) -> Delivery:
    return Delivery(notifier=world.notifier, publishers=[world.publisher])


def state(world: Pharmacy, key: str) -> OutboxState:
    with world.ports.uow() as uow:
        message = uow.outbox.get(key)
    assert message is not None
    return message.state


def shows_what_it_should(world: Pharmacy) -> None:
    """Every directory shows exactly what the publication rule says it should."""
    mailbox = world.mailbox
    for directory in DirectoryKind:
        shown = world.publisher.entries[directory].get(world.address)
        assert shown == publication.entry(mailbox, directory), directory


class FailingNotifier:
    def __init__(self, error: Exception) -> None:
        self.error = error
        self.keys: list[str] = []

    def send(self, notice: Notice, *, key: str) -> None:
        self.keys.append(key)
        raise self.error


# -- written with the change ----------------------------------------------------------------------


def test_messages_are_written_in_the_transaction_of_their_cause(world: Pharmacy) -> None:
    bob = member(world, "bob.dupont", approve=False)
    before = {m.key for m in outbox(world.ports)}
    trail = Trail(world.ports)

    approve_account(world.ports, world.agent, bob)

    entry = trail.one()
    written = [m for m in outbox(world.ports) if m.key not in before]
    assert [m.key for m in written] == entry.details["outbox"]
    [message] = written
    assert (message.kind, message.state, message.created_at) == (
        "notice",
        OutboxState.PENDING,
        world.ports.clock.now(),
    )
    assert message.payload["kind"] == "validation"


def test_delivery_passes_each_messages_key_and_marks_it_delivered_once(world: Pharmacy) -> None:
    pending = outbox(world.ports)
    assert {m.state for m in pending} == {OutboxState.PENDING}

    report = dispatch(world.ports, delivery(world))

    assert (report.sent, report.failed, report.retrying, report.waiting) == (len(pending), {}, 0, 0)
    notices = {m.key for m in pending if m.kind == "notice"}
    assert world.notifier.keys == notices
    assert {state(world, m.key) for m in pending} == {OutboxState.DELIVERED}
    assert dispatch(world.ports, delivery(world)).sent == 0
    with world.ports.uow() as uow:
        assert uow.outbox.delivered(pending[0].key, at=world.ports.clock.now()) is False
    assert len(world.notifier.sent) == len(notices)


def test_a_replay_after_a_crash_between_delivery_and_marking_is_recognised(
    world: Pharmacy,
) -> None:
    """A dispatcher sent a notice, then died before marking it: its lease runs out, the
    next dispatcher sends it again under the same key, and the receiver ignores it."""
    with world.ports.uow() as uow:
        claimed = uow.outbox.claim(
            now=world.ports.clock.now(),
            lease=dt.timedelta(minutes=5),
            limit=1,
            kinds=frozenset({"notice"}),
        )
        uow.commit()
    world.notifier.send(
        serialization.structure_stored(claimed[0].payload, Notice), key=claimed[0].key
    )
    count = len(world.notifier.sent)

    dispatch(world.ports, delivery(world))  # held by the dead dispatcher's lease
    assert state(world, claimed[0].key) is OutboxState.PENDING
    clock_of(world.ports).advance(minutes=5)
    dispatch(world.ports, delivery(world))

    assert state(world, claimed[0].key) is OutboxState.DELIVERED
    assert len(world.notifier.sent) == count + len(outbox(world.ports, "notice")) - 1
    assert claimed[0].key in world.notifier.keys


def test_a_failure_that_may_pass_is_retried_with_exponential_backoff(world: Pharmacy) -> None:
    clock = clock_of(world.ports)
    world.publisher.fail_with = UNAVAILABLE
    changes = outbox(world.ports, "directory")

    report = dispatch(world.ports, delivery(world), kinds=frozenset({"directory"}))
    assert (report.sent, report.retrying, report.failed) == (0, len(changes), {})
    assert dispatch(world.ports, delivery(world)).retrying == 0  # not due yet

    for attempt in range(1, 4):
        with world.ports.uow() as uow:
            message = uow.outbox.get(changes[0].key)
        assert message is not None
        assert (message.attempts, message.last_error, message.last_detail) == (
            attempt,
            "publication.unavailable",
            "503",
        )
        assert message.due_at == clock.now() + BACKOFF * 2 ** (attempt - 1)
        clock.advance(seconds=(message.due_at - clock.now()).total_seconds() - 1)
        assert dispatch(world.ports, delivery(world), kinds=frozenset({"directory"})).retrying == 0
        clock.advance(seconds=1)
        dispatch(world.ports, delivery(world), kinds=frozenset({"directory"}))

    world.publisher.fail_with = None
    clock.advance(hours=1)
    assert dispatch(world.ports, delivery(world)).sent >= len(changes)
    shows_what_it_should(world)


def test_the_backoff_doubles_up_to_a_ceiling() -> None:
    delays = [retry_delay(n) for n in range(1, MAX_ATTEMPTS + 1)]
    assert delays[:3] == [BACKOFF, 2 * BACKOFF, 4 * BACKOFF]
    assert delays == sorted(delays)
    assert max(delays) == MAX_DELAY


def test_a_message_that_keeps_failing_is_kept_and_listed_never_dropped(world: Pharmacy) -> None:
    clock = clock_of(world.ports)
    world.publisher.fail_with = UNAVAILABLE
    changes = outbox(world.ports, "directory")
    for _ in range(MAX_ATTEMPTS):
        dispatch(world.ports, delivery(world), kinds=frozenset({"directory"}))
        clock.advance(seconds=MAX_DELAY.total_seconds())

    kept = failures(world.ports)
    assert {m.key for m in kept} == {m.key for m in changes}
    assert {(m.state, m.attempts, m.last_error) for m in kept} == {
        (OutboxState.FAILED, MAX_ATTEMPTS, "publication.unavailable")
    }
    assert dispatch(world.ports, delivery(world)).waiting == 0


def test_a_failure_that_needs_a_person_waits_for_requeue(world: Pharmacy) -> None:
    world.publisher.fail_with = REFUSED
    changes = outbox(world.ports, "directory")

    report = dispatch(world.ports, delivery(world))

    assert report.failed == {"publication.bad_request": len(changes)}
    kept = failures(world.ports)
    assert [(m.key, m.last_detail) for m in kept] == [(m.key, "400") for m in kept]
    assert {m.key for m in kept} == {m.key for m in changes}

    world.publisher.fail_with = None
    assert all(requeue(world.ports, m.key) for m in kept)
    assert requeue(world.ports, kept[0].key) is False  # already pending again
    assert dispatch(world.ports, delivery(world)).sent == len(changes)
    assert failures(world.ports) == []
    assert requeue(world.ports, kept[0].key) is False  # delivered: nothing to re-queue
    assert requeue(world.ports, "no-such-key") is False
    shows_what_it_should(world)


@pytest.mark.parametrize(
    ("error", "code", "retried"),
    [
        (NotificationFailed("notice.unreachable", retryable=True), "notice.unreachable", True),
        (NotificationFailed("notice.refused", retryable=False), "notice.refused", False),
        (ConnectionResetError("smtp"), "delivery.error", True),
    ],
)
def test_a_notifier_failure_is_retried_or_kept_as_it_says(
    world: Pharmacy, error: Exception, code: str, retried: bool
) -> None:
    notices = outbox(world.ports, "notice")
    notifier = FailingNotifier(error)

    report = dispatch(world.ports, Delivery(notifier=notifier))

    assert set(notifier.keys) == {m.key for m in notices}
    if retried:
        assert (report.retrying, report.failed) == (len(notices), {})
    else:
        assert report.failed == {code: len(notices)}
    with world.ports.uow() as uow:
        errors = {uow.outbox.get(m.key).last_error for m in notices}  # type: ignore[union-attr]
    assert errors == {code}


def test_a_change_for_a_directory_nobody_publishes_to_waits_for_a_person(
    world: Pharmacy,
) -> None:
    national = InMemoryPublisher(DirectoryKind.NATIONAL)
    report = dispatch(world.ports, Delivery(publishers=[national]))
    assert report.failed == {"publication.no_publisher": 1}
    assert [m.payload["directory"] for m in failures(world.ports)] == ["operator_directory"]


def test_dispatch_delivers_only_the_kinds_asked_for(world: Pharmacy) -> None:
    notices = outbox(world.ports, "notice")
    changes = outbox(world.ports, "directory")
    report = dispatch(world.ports, delivery(world), kinds=frozenset({"notice"}))
    assert (report.sent, report.waiting) == (len(notices), 0)
    assert world.publisher.applied == []
    assert dispatch(world.ports, delivery(world)).sent == len(changes)


def test_dispatch_delivers_a_batch_at_a_time(world: Pharmacy) -> None:
    total = len(outbox(world.ports))
    assert dispatch(world.ports, delivery(world), limit=1).sent == 1
    assert dispatch(world.ports, delivery(world), limit=1).waiting == total - 2


# -- what the directories are told ----------------------------------------------------------------


def operations(world: Pharmacy) -> dict[DirectoryKind, list[object]]:
    """The operations each directory received since the last look."""
    start = len(world.publisher.applied)
    world.deliver()
    found: dict[DirectoryKind, list[object]] = {d: [] for d in DirectoryKind}
    for change in world.publisher.applied[start:]:
        found[change.directory].extend(change.operations)
    return found


def test_activation_inserts_the_mailbox_in_both_directories(world: Pharmacy) -> None:
    told = operations(world)
    for directory in DirectoryKind:
        [insert] = told[directory]
        assert isinstance(insert, Insert)
        assert insert.entry.address == world.address
    shows_what_it_should(world)


def test_the_red_list_is_transmitted_nationally_and_hides_from_the_operators_directory(
    world: Pharmacy,
) -> None:
    """Step 10: "Je coche les cases … liste rouge des annuaires"."""
    operations(world)
    change_red_list(world.ports, world.claire, world.address, national_directory=True)
    told = operations(world)
    assert told[DirectoryKind.NATIONAL] == [Replace(field=EntryField.RED_LIST, value=True)]
    assert told[DirectoryKind.OPERATOR] == []

    change_red_list(world.ports, world.claire, world.address, operator_directory=True)
    told = operations(world)
    assert (told[DirectoryKind.NATIONAL], told[DirectoryKind.OPERATOR]) == ([], [Delete()])

    change_red_list(
        world.ports, world.claire, world.address, national_directory=False, operator_directory=False
    )
    told = operations(world)
    assert told[DirectoryKind.NATIONAL] == [Replace(field=EntryField.RED_LIST, value=False)]
    [insert] = told[DirectoryKind.OPERATOR]
    assert isinstance(insert, Insert)
    shows_what_it_should(world)

    assert change_red_list(world.ports, world.claire, world.address) is False  # no change
    assert operations(world) == {d: [] for d in DirectoryKind}


def test_description_service_contact_and_rank_are_replaced_where_shown(world: Pharmacy) -> None:
    operations(world)
    change_description(world.ports, world.claire, world.address, description="Ordonnances")
    change_directory_entry(
        world.ports, world.claire, world.address, service="Officine", contact="Accueil", rank=1
    )
    told = operations(world)
    expected = [
        Replace(field=EntryField.DESCRIPTION, value="Ordonnances"),
        Replace(field=EntryField.SERVICE, value="Officine"),
        Replace(field=EntryField.RESPONSIBLE, value="Accueil"),
        Replace(field=EntryField.RANK, value=1),
    ]
    assert sorted(told[DirectoryKind.NATIONAL], key=str) == sorted(expected, key=str)
    assert sorted(told[DirectoryKind.OPERATOR], key=str) == sorted(expected, key=str)

    change_directory_entry(world.ports, world.claire, world.address, service=None, rank=None)
    told = operations(world)
    assert told[DirectoryKind.NATIONAL] == [
        Replace(field=EntryField.SERVICE, value=None),
        Replace(field=EntryField.RANK, value=None),
    ]
    shows_what_it_should(world)


def test_a_retried_change_never_overwrites_a_newer_one(world: Pharmacy) -> None:
    clock = clock_of(world.ports)
    world.deliver()
    change_description(world.ports, world.claire, world.address, description="Ancienne")
    world.publisher.fail_with = UNAVAILABLE
    world.deliver()  # "Ancienne" fails, to be retried in 30 seconds
    world.publisher.fail_with = None
    clock.advance(seconds=10)
    change_description(world.ports, world.claire, world.address, description="Nouvelle")
    world.deliver()  # "Nouvelle" goes through at once
    clock.advance(seconds=30)
    world.deliver()  # then the retry of "Ancienne"

    assert world.mailbox.description == "Nouvelle"
    shows_what_it_should(world)


def test_suspending_hides_from_the_operator_only_and_closing_deletes_everywhere(
    world: Pharmacy,
) -> None:
    operations(world)
    suspend_mailbox(world.ports, world.claire, world.address, reason="travaux")
    told = operations(world)
    assert (told[DirectoryKind.NATIONAL], told[DirectoryKind.OPERATOR]) == ([], [Delete()])

    resume_mailbox(world.ports, world.claire, world.address)
    [insert] = operations(world)[DirectoryKind.OPERATOR]
    assert isinstance(insert, Insert)

    close_mailbox(world.ports, world.claire, world.address, reason="fermeture")
    told = operations(world)
    assert told == {DirectoryKind.NATIONAL: [Delete()], DirectoryKind.OPERATOR: [Delete()]}
    shows_what_it_should(world)


def test_nothing_is_published_for_a_change_that_shows_nowhere(world: Pharmacy) -> None:
    operations(world)
    set_notices(world.ports, world.alice, world.address, enabled=True)
    receive_message(world.ports, TRANSPORT, world.address, sender=CORRESPONDENT, reference="<x>")
    assert outbox(world.ports, "directory") == [
        m for m in outbox(world.ports, "directory") if m.state is OutboxState.DELIVERED
    ]
    kinds = [m.payload["kind"] for m in outbox(world.ports, "notice")]
    assert kinds.count("new_mail") == 1
    world.deliver()
    assert any(isinstance(n, NewMailNotice) for n in world.notifier.sent)
    assert any(isinstance(n, ValidationNotice) for n in world.notifier.sent)
    assert example_address("alice.bernard") in {n.to for n in world.notifier.sent}
