"""The in-memory adapters pass every port's contract."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from balorg.adapters.clock import ManualClock, SystemClock
from balorg.adapters.memory import (
    InMemoryCredentials,
    InMemoryNotifier,
    InMemoryPublisher,
    InMemoryStore,
)
from balorg.domain.mail import Notice
from balorg.domain.publication import DirectoryChange, MailboxEntry
from balorg.ports import Clock, DirectoryPublisher, ExternalCredentials, Notifier, UnitOfWorkFactory
from balorg.testing.contracts import (
    ClockContract,
    DirectoryPublisherContract,
    ExternalCredentialsContract,
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


class TestInMemoryPublisher(DirectoryPublisherContract):
    @pytest.fixture
    def publisher(self) -> DirectoryPublisher:
        return InMemoryPublisher()

    def shown(self, publisher: DirectoryPublisher, change: DirectoryChange) -> MailboxEntry | None:
        assert isinstance(publisher, InMemoryPublisher)
        return publisher.entries[change.directory].get(change.address)


class TestInMemoryCredentials(ExternalCredentialsContract):
    @pytest.fixture
    def credentials(self) -> ExternalCredentials:
        return InMemoryCredentials()


class TestSystemClock(ClockContract):
    @pytest.fixture
    def clock(self) -> Clock:
        return SystemClock()


class TestManualClock(ClockContract):
    @pytest.fixture
    def clock(self) -> Clock:
        return ManualClock(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
