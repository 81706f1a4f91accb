"""The in-memory adapters pass every port's contract."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from balorg.adapters.clock import ManualClock, SystemClock
from balorg.adapters.memory import (
    InMemoryCredentials,
    InMemoryDirectory,
    InMemoryNotifier,
    InMemoryStore,
)
from balorg.domain.mail import Notice
from balorg.domain.professional import Professional
from balorg.domain.structure import Structure
from balorg.ports import Clock, Directory, Notifier, UnitOfWorkFactory
from balorg.testing.contracts import (
    ClockContract,
    CredentialsContract,
    DirectoryContract,
    NotifierContract,
    StorageContract,
)


class TestInMemoryStorage(StorageContract):
    @pytest.fixture
    def uow_factory(self) -> UnitOfWorkFactory:
        return InMemoryStore()


class TestInMemoryNotifier(NotifierContract):
    @pytest.fixture
    def notifier(self) -> Notifier:
        return InMemoryNotifier()

    def delivered(self, notifier: Notifier) -> Sequence[Notice] | None:
        assert isinstance(notifier, InMemoryNotifier)
        return notifier.sent


class TestInMemoryDirectory(DirectoryContract):
    @pytest.fixture
    def directory(self) -> Directory:
        return InMemoryDirectory()

    def seed(
        self,
        directory: Directory,
        professionals: Sequence[Professional],
        structures: Sequence[Structure],
    ) -> None:
        assert isinstance(directory, InMemoryDirectory)
        directory.professionals.update({p.idnat: p for p in professionals})
        directory.structures.update({s.identifier: s for s in structures})


class TestInMemoryCredentials(CredentialsContract):
    @pytest.fixture
    def credentials(self) -> InMemoryCredentials:
        return InMemoryCredentials()

    def stored_bytes(self, credentials: InMemoryCredentials) -> bytes | None:
        stored = credentials._hashes
        return b"".join(
            str(address).encode() + salt + digest for address, (salt, digest) in stored.items()
        )


class TestSystemClock(ClockContract):
    @pytest.fixture
    def clock(self) -> Clock:
        return SystemClock()


class TestManualClock(ClockContract):
    @pytest.fixture
    def clock(self) -> Clock:
        return ManualClock(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))

    def test_it_moves_only_when_told(self) -> None:
        start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        clock = ManualClock(start)
        assert clock.now() == start
        assert clock.advance(minutes=16) == start + dt.timedelta(minutes=16)
        assert clock.now() == start + dt.timedelta(minutes=16)
        clock.set(start)
        assert clock.now() == start

    def test_it_refuses_a_naive_start(self) -> None:
        with pytest.raises(ValueError, match="timezone-aware"):
            ManualClock(dt.datetime(2026, 1, 1))
