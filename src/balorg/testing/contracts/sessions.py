"""Contracts of :class:`~balorg.ports.SessionRepository` and
:class:`~balorg.ports.ThrottleRepository`."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest

from balorg.domain.actors import token_digest
from balorg.domain.session import Session
from balorg.ports.repositories import ConcurrencyConflict, UnitOfWorkFactory
from balorg.testing.contracts._support import StorageFixture
from balorg.testing.examples import T0, example_address

__all__ = ["SessionRepositoryContract", "ThrottleRepositoryContract"]


def _session(n: int = 1) -> Session:
    alice = example_address("alice")
    session = Session.open(
        id=f"s{n}",
        token_hash=token_digest(f"token {n}"),
        account=alice,
        mailbox=alice,
        method="password",
        at=T0,
        idle=dt.timedelta(minutes=30),
        absolute=dt.timedelta(hours=12),
    )
    session.pull_events()
    return session


class SessionRepositoryContract(StorageFixture):
    def test_a_session_is_found_by_its_token_digest_only(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        with uow_factory() as uow:
            uow.sessions.add(_session())
            uow.commit()
        with uow_factory() as uow:
            found = uow.sessions.by_token(token_digest("token 1"))
            assert found is not None
            assert (found.id, found.account, found.mailbox, found.expires_at) == (
                "s1",
                example_address("alice"),
                example_address("alice"),
                T0 + dt.timedelta(hours=12),
            )
            assert found.idle_timeout == dt.timedelta(minutes=30)
            assert uow.sessions.by_token(token_digest("token 2")) is None
            assert uow.sessions.by_token("token 1") is None

    def test_switching_and_ending_read_back(self, uow_factory: UnitOfWorkFactory) -> None:
        with uow_factory() as uow:
            uow.sessions.add(_session())
            uow.commit()
        later = T0 + dt.timedelta(minutes=5)
        with uow_factory() as uow:
            session = uow.sessions.by_token(token_digest("token 1"))
            assert session is not None
            session.touch(later)
            session.switch(example_address("pharmacie"), at=later)
            session.end(at=later, reason="logged out")
            uow.sessions.save(session)
            uow.commit()
        with uow_factory() as uow:
            again = uow.sessions.by_token(token_digest("token 1"))
            assert again is not None
            assert (again.mailbox, again.last_seen_at, again.ended_at) == (
                example_address("pharmacie"),
                later,
                later,
            )

    def test_a_stale_session_save_is_a_conflict(self, uow_factory: UnitOfWorkFactory) -> None:
        with uow_factory() as uow:
            uow.sessions.add(_session())
            uow.commit()
        digest = token_digest("token 1")
        with uow_factory() as slow:
            stale = slow.sessions.by_token(digest)
            assert stale is not None
            with uow_factory() as fast:
                fresh = fast.sessions.by_token(digest)
                assert fresh is not None
                fresh.end(at=T0, reason="logged out")
                fast.sessions.save(fresh)
                fast.commit()
            stale.switch(example_address("pharmacie"), at=T0)

            def save() -> None:
                slow.sessions.save(stale)
                slow.commit()

            with pytest.raises(ConcurrencyConflict):
                save()

    def test_uses_are_recorded_without_conflict_and_never_go_back(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        with uow_factory() as uow:
            uow.sessions.add(_session())
            uow.commit()
        digest = token_digest("token 1")
        minutes = [dt.timedelta(minutes=m) for m in (7, 3, 5)]
        with uow_factory() as first, uow_factory() as second:
            # Two commands of one session read it, then both record their use.
            assert first.sessions.by_token(digest) is not None
            first.sessions.seen(digest, T0 + minutes[0])
            first.commit()
            second.sessions.seen(digest, T0 + minutes[1])
            second.commit()
        with uow_factory() as uow:
            uow.sessions.seen(digest, T0 + minutes[2])
            uow.sessions.seen(digest, T0 + minutes[1])
            uow.commit()
        with uow_factory() as uow:
            found = uow.sessions.by_token(digest)
            assert found is not None
            assert found.last_seen_at == T0 + minutes[0]
            version = found.version
            # A change saved from an older read keeps the later use.
            found.last_seen_at = T0 + dt.timedelta(minutes=1)
            found.switch(example_address("pharmacie"), at=T0 + dt.timedelta(minutes=1))
            uow.sessions.save(found)
            uow.commit()
        with uow_factory() as uow:
            found = uow.sessions.by_token(digest)
            assert found is not None
            assert (found.last_seen_at, found.mailbox) == (
                T0 + minutes[0],
                example_address("pharmacie"),
            )
            assert found.version == version + 1
            uow.sessions.seen(token_digest("no such token"), T0)  # nothing to record
            uow.commit()


class ThrottleRepositoryContract(StorageFixture):
    #: Whether units of work of this adapter may run in several threads at once.
    threads = True

    def test_failures_are_counted_and_cleared(self, uow_factory: UnitOfWorkFactory) -> None:
        alice = example_address("alice")
        for minute in (1, 2, 20):
            with uow_factory() as uow:
                uow.throttle.failures(alice, since=T0)
                uow.throttle.record_failure(alice, T0 + dt.timedelta(minutes=minute))
                uow.commit()
        with uow_factory() as uow:
            assert len(uow.throttle.failures(alice, since=T0)) == 3
            recent = uow.throttle.failures(alice, since=T0 + dt.timedelta(minutes=5))
            assert recent == [T0 + dt.timedelta(minutes=20)]
            assert not uow.throttle.failures(example_address("bob"), since=T0)
            uow.throttle.clear(alice)
            uow.commit()
        with uow_factory() as uow:
            assert not uow.throttle.failures(alice, since=T0)

    def test_every_failure_in_the_window_is_kept(self, uow_factory: UnitOfWorkFactory) -> None:
        # However many a host allows (``Settings.max_failed_attempts`` has no upper bound).
        alice = example_address("alice")
        recorded = [T0 + dt.timedelta(seconds=second) for second in range(100)]
        for at in recorded:
            with uow_factory() as uow:
                uow.throttle.failures(alice, since=T0)
                uow.throttle.record_failure(alice, at)
                uow.commit()
        with uow_factory() as uow:
            assert list(uow.throttle.failures(alice, since=T0)) == recorded

    def test_reading_the_failures_holds_the_account_until_the_end(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        if not self.threads:
            pytest.skip("this adapter's units of work run in one thread only")
        alice = example_address("alice")
        seen: list[int] = []
        first_holds = threading.Event()

        def second() -> None:
            first_holds.wait(5)
            with uow_factory() as uow:
                seen.append(len(uow.throttle.failures(alice, since=T0)))
                uow.commit()

        worker = threading.Thread(target=second)
        worker.start()
        with uow_factory() as uow:
            uow.throttle.failures(alice, since=T0)
            first_holds.set()
            time.sleep(0.3)  # the second one must wait for this unit of work to end
            uow.throttle.record_failure(alice, T0 + dt.timedelta(minutes=1))
            uow.commit()
        worker.join(10)
        assert seen == [1]
