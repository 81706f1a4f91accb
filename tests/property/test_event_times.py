"""Every recorded change carries a timezone-aware time and a nominative actor, whatever
the caller passes: a naive time or an actor that is not an address changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from balorg.domain.account import AccountState, ConnectionAccount
from balorg.domain.delegation import Delegation, DelegationState
from balorg.domain.mailbox import LifecycleState, OrganisationalMailbox
from balorg.serialization import unstructure
from balorg.testing import strategies as bst

NAIVE = dt.datetime(2026, 1, 1, 12, 0)  # no tzinfo: the point of these tests
AWARE = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)


def _state(aggregate: Any) -> tuple[Any, int]:
    return unstructure(aggregate), len(aggregate.events)


def _mailbox_changes(m: OrganisationalMailbox) -> dict[str, Callable[..., object]]:
    return {
        "red_list": lambda by, at: m.change_red_list(by=by, at=at, national_directory=True),
        "description": lambda by, at: m.change_description(by=by, at=at, description="Autre"),
        "service": lambda by, at: m.change_service(by=by, at=at, service="Officine"),
        "rank": lambda by, at: m.change_rank(by=by, at=at, rank=2),
        "suspend": lambda by, at: m.suspend(by=by, at=at, reason="audit"),
        "close": lambda by, at: m.close(by=by, at=at, reason="fin"),
    }


def _delegation_changes(d: Delegation) -> dict[str, Callable[..., object]]:
    return {
        "suspend": lambda by, at: d.suspend(by=by, at=at),
        "revoke": lambda by, at: d.revoke(by=by, at=at, reason="départ"),
        "expiry": lambda by, at: d.record_expiry(by=by, at=at),
        "reminder": lambda by, at: d.record_reminder(by=by, at=at),
    }


def _account_changes(a: ConnectionAccount) -> dict[str, Callable[..., object]]:
    return {
        "approve": lambda by, at: a.approve(by=by, at=at),
        "reject": lambda by, at: a.reject(by=by, at=at, reason="doublon"),
        "reconcile": lambda by, at: a.reconcile(openable=frozenset(), by=by, at=at),
    }


@settings(max_examples=20)
@given(
    st.one_of(
        bst.mailboxes(states=[LifecycleState.ACTIVE]).map(lambda m: (m, _mailbox_changes(m))),
        bst.delegations(states=[DelegationState.ACTIVE]).map(lambda d: (d, _delegation_changes(d))),
        bst.connection_accounts(states=[AccountState.PENDING_VALIDATION]).map(
            lambda a: (a, _account_changes(a))
        ),
    ),
    st.data(),
)
def test_a_change_at_a_naive_time_or_by_no_one_is_refused_and_changes_nothing(
    subject: tuple[Any, dict[str, Callable[..., object]]], data: st.DataObject
) -> None:
    aggregate, changes = subject
    change = changes[data.draw(st.sampled_from(sorted(changes)), label="change")]
    actor = data.draw(bst.email_addresses(), label="actor")
    before = _state(aggregate)

    with pytest.raises(ValueError, match="timezone-aware"):
        change(actor, NAIVE)
    with pytest.raises(TypeError, match="EmailAddress"):
        change(str(actor), AWARE)

    assert _state(aggregate) == before


@settings(max_examples=20)
@given(
    st.one_of(
        bst.mailboxes().map(lambda m: m.events),
        bst.delegations().map(lambda d: d.events),
        bst.connection_accounts().map(lambda a: a.events),
        bst.sessions().map(lambda s: s.events),
    )
)
def test_every_event_the_aggregates_record_names_an_address_at_an_aware_time(
    events: list[Any],
) -> None:
    assert events
    for event in events:
        assert event.at.tzinfo is not None
        assert event.at.utcoffset() is not None
        assert "@" in str(event.actor)
    assert [e.at for e in events] == sorted(e.at for e in events)
