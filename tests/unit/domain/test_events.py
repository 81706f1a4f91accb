"""Domain events: every one names a nominative actor and a timezone-aware time."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from balorg.domain import events
from balorg.domain.capabilities import Capability
from balorg.domain.events import (
    DelegationGranted,
    DomainEvent,
    MailboxActivated,
    SettingsReconciled,
)
from balorg.testing.examples import T0, example_address

CLAIRE = example_address("claire.martin1")
MAILBOX = example_address("pharmacie")

#: Every concrete event named in the module's ``__all__``.
CONCRETE = [
    kind
    for name in events.__all__
    if isinstance(kind := getattr(events, name), type)
    and issubclass(kind, DomainEvent)
    and not name.endswith("Event")
]


def test_the_module_exports_every_event_it_defines() -> None:
    defined = {
        name
        for name, kind in vars(events).items()
        if isinstance(kind, type) and issubclass(kind, DomainEvent)
    }

    assert defined == {n for n in events.__all__ if n in defined}
    assert len(CONCRETE) >= 30


@pytest.mark.parametrize("kind", CONCRETE, ids=lambda k: k.__name__)
def test_every_event_starts_with_its_actor_and_its_time(kind: type[DomainEvent]) -> None:
    assert [f.name for f in attrs.fields(kind)][:2] == ["actor", "at"]


def test_an_event_is_frozen_and_named_after_its_class() -> None:
    event = MailboxActivated(actor=CLAIRE, at=T0, mailbox=MAILBOX)

    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        event.mailbox = CLAIRE  # type: ignore[misc]
    assert event.name == "MailboxActivated"


def test_an_event_without_a_nominative_actor_is_refused() -> None:
    with pytest.raises(TypeError):
        MailboxActivated(actor=str(CLAIRE), at=T0, mailbox=MAILBOX)  # type: ignore[arg-type]


def test_an_event_at_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        MailboxActivated(actor=CLAIRE, at=dt.datetime(2026, 1, 1), mailbox=MAILBOX)


def test_sets_in_events_are_frozen_sets() -> None:
    granted = DelegationGranted(
        actor=CLAIRE,
        at=T0,
        mailbox=MAILBOX,
        account=CLAIRE,
        number=1,
        capabilities=[Capability.READ],  # type: ignore[arg-type]
        expires_at=None,
        pending_validation=False,
    )
    reconciled = SettingsReconciled(
        actor=CLAIRE,
        at=T0,
        account=CLAIRE,
        dropped_default=None,
        dropped_notices=[MAILBOX],  # type: ignore[arg-type]
    )

    assert granted.capabilities == frozenset({Capability.READ})
    assert reconciled.dropped_notices == frozenset({MAILBOX})
    assert hash(granted) == hash(attrs.evolve(granted))
