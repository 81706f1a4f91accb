"""The adapters written from scratch in ``docs/testing.md`` pass balorg's contract cases.

This module is shown in the page as it is (``--8<--``), so what the page shows is what
runs here.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from tests.docs.dict_store import DictStore, ListNotifier

from balorg.domain.mail import Notice
from balorg.ports import Notifier, UnitOfWorkFactory
from balorg.testing.contracts import (
    AccountRepositoryContract,
    CredentialRepositoryContract,
    MailboxRepositoryContract,
    NotifierContract,
)


class TestDictStore(
    MailboxRepositoryContract, AccountRepositoryContract, CredentialRepositoryContract
):
    @pytest.fixture
    def uow_factory(self) -> UnitOfWorkFactory:
        return DictStore()  # type: ignore[return-value]  # three repositories of nine


class TestListNotifier(NotifierContract):
    @pytest.fixture
    def notifier(self) -> Notifier:
        return ListNotifier()

    def delivered(self, notifier: Notifier) -> Sequence[Notice] | None:
        assert isinstance(notifier, ListNotifier)
        return notifier.sent
