"""The use cases on the in-memory adapters: worlds from :mod:`balorg.testing.scenarios`."""

from __future__ import annotations

import pytest

from balorg.testing.scenarios import Pharmacy, pharmacy


@pytest.fixture
def world() -> Pharmacy:
    """The seed's pharmacy, live: Claire responsible, Alice a member, the service centre's
    agent; Claire and Alice logged in."""
    return pharmacy()
