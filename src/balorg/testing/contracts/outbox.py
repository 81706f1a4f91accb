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
