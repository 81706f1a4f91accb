"""The in-memory national directory: the look-up contract, and imports of the fixture files."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from balorg.adapters.national_directory import InMemoryNationalDirectory
from balorg.domain.directory import DirectoryMailbox, DirectoryPerson
from balorg.ports.directory import DirectoryLookup
from balorg.testing.contracts.directory_lookup import DirectoryLookupContract, LookupFactory


class TestInMemoryLookup(DirectoryLookupContract):
    @pytest.fixture
    def make_lookup(self) -> LookupFactory:
        directory = InMemoryNationalDirectory()

        def make(
            persons: Sequence[DirectoryPerson], mailboxes: Sequence[DirectoryMailbox]
        ) -> DirectoryLookup:
            directory.load_values(persons=persons, mailboxes=mailboxes)
            return directory

        return make
