"""Contract of :class:`~balorg.ports.Outbox`."""

from __future__ import annotations

import datetime as dt

from balorg.ports.outbox import OutboxMessage, OutboxState
from balorg.ports.repositories import UnitOfWorkFactory
from balorg.testing.contracts._support import StorageFixture, committed
from balorg.testing.examples import T0

__all__ = ["OutboxContract"]

_LEASE = dt.timedelta(minutes=5)


def _message(n: int, *, kind: str = "notice", due: dt.datetime = T0) -> OutboxMessage:
    return OutboxMessage(
        key=f"key-{n}",
        kind=kind,
        payload={"n": n, "texte": "é"},
        created_at=T0 + dt.timedelta(seconds=n),
        mailbox="pharmacie@contract.mssante.fr",
        due_at=due,
    )


def _claim(
    factory: UnitOfWorkFactory,
    at: dt.datetime,
    *,
    limit: int = 10,
    kinds: frozenset[str] | None = None,
) -> list[str]:
    with factory() as uow:
        found = uow.outbox.claim(now=at, lease=_LEASE, limit=limit, kinds=kinds)
        uow.commit()
    return [m.key for m in found]


class OutboxContract(StorageFixture):
    def test_messages_are_kept_with_the_transaction_only(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        with uow_factory() as uow:
            uow.outbox.add(_message(1))
        committed(uow_factory, lambda uow: uow.outbox.add(_message(2)))
        with uow_factory() as uow:
            assert uow.outbox.get("key-1") is None
            kept = uow.outbox.get("key-2")
            assert kept is not None
            assert (dict(kept.payload), kept.state, kept.attempts) == (
                {"n": 2, "texte": "é"},
                OutboxState.PENDING,
                0,
            )
            assert uow.outbox.waiting() == 1

    def test_due_messages_are_claimed_oldest_first_and_held_for_the_lease(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        later = T0 + dt.timedelta(hours=1)
        committed(
            uow_factory,
            lambda uow: [
                uow.outbox.add(m)
                for m in (
                    _message(2),
                    _message(1),
                    _message(3, due=later),
                    _message(4, kind="directory"),
                )
            ],
        )
        assert _claim(uow_factory, T0, kinds=frozenset({"notice"})) == ["key-1", "key-2"]
        assert _claim(uow_factory, T0, kinds=frozenset({"notice"})) == []
        assert _claim(uow_factory, T0 + _LEASE, kinds=frozenset({"notice"})) == ["key-1", "key-2"]
        assert _claim(uow_factory, later + _LEASE * 2, limit=1) == ["key-1"]

    def test_a_delivered_message_is_marked_once(self, uow_factory: UnitOfWorkFactory) -> None:
        committed(uow_factory, lambda uow: uow.outbox.add(_message(1)))
        with uow_factory() as uow:
            assert uow.outbox.delivered("key-1", at=T0)
            assert not uow.outbox.delivered("key-1", at=T0)
            uow.commit()
        with uow_factory() as uow:
            message = uow.outbox.get("key-1")
            assert message is not None
            assert (message.state, message.delivered_at, message.attempts) == (
                OutboxState.DELIVERED,
                T0,
                1,
            )
            assert not uow.outbox.delivered("key-1", at=T0)
            assert uow.outbox.waiting() == 0
        assert _claim(uow_factory, T0 + dt.timedelta(days=1)) == []

    def test_failures_of_some_kinds_are_listed_before_the_limit_applies(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        # A page of failures of one kind is not a page of every failure, filtered after.
        def fail(message: OutboxMessage) -> None:
            with uow_factory() as uow:
                uow.outbox.add(message)
                uow.outbox.failed(message.key, at=T0, error="x", detail="", retry_at=None)
                uow.commit()

        for n in range(1, 4):
            fail(_message(n))
        fail(_message(4, kind="directory"))
        with uow_factory() as uow:
            assert [m.key for m in uow.outbox.failures(limit=2)] == ["key-1", "key-2"]
            only = uow.outbox.failures(limit=2, kinds=frozenset({"directory"}))
            assert [m.key for m in only] == ["key-4"]
            assert uow.outbox.failures(kinds=frozenset({"other"})) == []

    def test_a_failure_is_retried_when_due_then_kept_for_a_person(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        committed(uow_factory, lambda uow: uow.outbox.add(_message(1)))
        retry = T0 + dt.timedelta(minutes=1)
        with uow_factory() as uow:
            uow.outbox.failed(
                "key-1", at=T0, error="publication.unavailable", detail="503", retry_at=retry
            )
            uow.commit()
        assert _claim(uow_factory, T0) == []
        assert _claim(uow_factory, retry) == ["key-1"]
        with uow_factory() as uow:
            uow.outbox.failed(
                "key-1", at=retry, error="publication.rejected", detail="400", retry_at=None
            )
            uow.commit()
        assert _claim(uow_factory, T0 + dt.timedelta(days=1)) == []
        with uow_factory() as uow:
            (failed,) = uow.outbox.failures()
            assert (
                failed.key,
                failed.state,
                failed.attempts,
                failed.last_error,
                failed.last_detail,
            ) == (
                "key-1",
                OutboxState.FAILED,
                2,
                "publication.rejected",
                "400",
            )
            assert uow.outbox.requeue("key-1", at=retry)
            assert not uow.outbox.requeue("key-2", at=retry)
            uow.commit()
        assert _claim(uow_factory, retry) == ["key-1"]

    def test_a_lanes_messages_are_claimed_one_at_a_time_in_the_order_written(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        lane, other = "directory:operator:a@x", "directory:operator:b@x"
        # Written in two transactions; the later one is older by its clock.
        committed(uow_factory, lambda uow: uow.outbox.add(_laned(3, lane)))
        committed(uow_factory, lambda uow: uow.outbox.add(_laned(1, lane)))
        committed(uow_factory, lambda uow: uow.outbox.add(_laned(2, other)))
        committed(uow_factory, lambda uow: uow.outbox.add(_message(4)))
        with uow_factory() as uow:
            first, second = uow.outbox.get("key-3"), uow.outbox.get("key-1")
            assert first is not None
            assert second is not None
            assert (first.lane, second.lane) == (lane, lane)
            assert first.ordinal is not None
            assert second.ordinal is not None
            assert first.ordinal < second.ordinal
        later = T0 + dt.timedelta(hours=1)
        assert sorted(_claim(uow_factory, later)) == ["key-2", "key-3", "key-4"]
        for key in ("key-2", "key-4"):
            committed(uow_factory, lambda uow, key=key: uow.outbox.delivered(key, at=later))
        # Held, then failed and due again later: the next in its lane still waits.
        assert _claim(uow_factory, later + _LEASE / 2) == []
        retry_at = later + dt.timedelta(hours=1)
        committed(
            uow_factory,
            lambda uow: uow.outbox.failed(
                "key-3", at=later, error="e", detail="d", retry_at=retry_at
            ),
        )
        assert _claim(uow_factory, later + _LEASE) == []
        # Failed for a person: its lane stays closed until it is requeued and delivered.
        committed(
            uow_factory,
            lambda uow: uow.outbox.failed(
                "key-3", at=retry_at, error="e", detail="d", retry_at=None
            ),
        )
        assert _claim(uow_factory, retry_at + _LEASE) == []
        committed(uow_factory, lambda uow: uow.outbox.requeue("key-3", at=retry_at))
        assert _claim(uow_factory, retry_at + _LEASE) == ["key-3"]
        committed(uow_factory, lambda uow: uow.outbox.delivered("key-3", at=retry_at))
        assert _claim(uow_factory, retry_at + _LEASE) == ["key-1"]


def _laned(n: int, lane: str) -> OutboxMessage:
    message = _message(n, kind="directory")
    return OutboxMessage(
        key=message.key,
        kind=message.kind,
        payload=message.payload,
        created_at=message.created_at,
        mailbox=message.mailbox,
        due_at=message.due_at,
        lane=lane,
    )
