"""Every recorded change carries a timezone-aware time, whatever the caller passes."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings

from balorg.domain.mailbox import LifecycleState, OrganisationalMailbox
from balorg.testing.strategies import mailboxes


@settings(max_examples=5)
@given(mailboxes(states=[LifecycleState.ACTIVE], max_delegations=0))
def test_a_change_at_a_naive_time_is_refused(mailbox: OrganisationalMailbox) -> None:
    naive = dt.datetime(2026, 1, 1, 12, 0)  # no tzinfo: the point of the test
    with pytest.raises(ValueError, match=r"(?i)aware|naive|time ?zone"):
        mailbox.change_red_list(
            by=mailbox.responsible.account,
            at=naive,
            national_directory=not mailbox.red_list.national_directory,
        )
    assert mailbox.events == [] or all(e.at.tzinfo is not None for e in mailbox.events)


@settings(max_examples=5)
@given(mailboxes(states=[LifecycleState.ACTIVE], max_delegations=0))
def test_a_change_at_a_naive_time_changes_nothing(mailbox: OrganisationalMailbox) -> None:
    before = (mailbox.red_list, mailbox.description, len(mailbox.events))
    with pytest.raises(ValueError, match="timezone-aware"):
        mailbox.change_description(
            by=mailbox.responsible.account, at=dt.datetime(2026, 1, 1), description="Autre"
        )
    assert (mailbox.red_list, mailbox.description, len(mailbox.events)) == before


@settings(max_examples=5)
@given(mailboxes(states=[LifecycleState.ACTIVE], max_delegations=0))
def test_a_change_without_a_nominative_actor_is_refused(mailbox: OrganisationalMailbox) -> None:
    with pytest.raises(TypeError, match="EmailAddress"):
        mailbox.change_description(
            by="not an address",  # type: ignore[arg-type]
            at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            description="Autre",
        )
