"""The blue label: one's own name on one's nominative mailbox, the service's on an
organisational one (second guide, step 2)."""

from __future__ import annotations

import attrs
import pytest

from balorg.domain.account import ConnectionAccount
from balorg.domain.mailbox import DirectoryLabel
from balorg.rules.display import Banner, banner
from balorg.testing.examples import T0, example_address, example_mailbox

ALICE = example_address("noemie.gallorini")


def account() -> ConnectionAccount:
    return ConnectionAccount.create(
        address=ALICE, first_name="Noémie", last_name="Gallorini", by=ALICE, at=T0
    )


def test_the_banner_shows_first_and_last_name_on_the_nominative_mailbox() -> None:
    assert banner(account(), None) == Banner(ALICE, "Noémie Gallorini", organisational=False)


def test_the_banner_shows_the_directory_label_on_an_organisational_mailbox() -> None:
    box = example_mailbox()

    assert banner(account(), box) == Banner(box.address, "Pharmacie Pharmacie", organisational=True)


@pytest.mark.parametrize(("last", "first"), [("", ""), ("  ", " ")])
def test_the_banner_shows_the_address_when_the_label_is_blank(last: str, first: str) -> None:
    box = example_mailbox()
    box.label = DirectoryLabel(last_name=last, first_name=first)

    assert banner(account(), box).label == str(box.address)


def test_the_banner_is_a_value() -> None:
    shown = banner(account(), None)

    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        shown.label = "autre"  # type: ignore[misc]
