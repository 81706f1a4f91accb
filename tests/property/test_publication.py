"""Directory changes: applying one twice shows what applying it once shows, and the
changes the publication rule plans, applied to what a directory showed, show what it
must show now."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from balorg.domain.mailbox import OrganisationalMailbox
from balorg.domain.publication import (
    DirectoryChange,
    DirectoryKind,
    MailboxEntry,
    apply_change,
)
from balorg.rules import publication
from balorg.testing import strategies as bst


@st.composite
def _shown_and_change(draw: st.DrawFn) -> tuple[MailboxEntry | None, DirectoryChange]:
    change = draw(bst.directory_changes())
    shown = draw(st.none() | bst.mailbox_entries(change.address, change.carrier))
    return shown, change


@settings(max_examples=100)
@given(_shown_and_change())
def test_a_change_applied_twice_shows_what_it_shows_applied_once(
    case: tuple[MailboxEntry | None, DirectoryChange],
) -> None:
    shown, change = case
    try:
        once = apply_change(shown, change)
    except LookupError:
        assume(False)  # a replace of an entry not shown is refused, as a server would
        return

    assert apply_change(once, change) == once


@st.composite
def _entries(draw: st.DrawFn) -> tuple[MailboxEntry | None, MailboxEntry | None]:
    entry = draw(bst.mailbox_entries())
    other = draw(bst.mailbox_entries(entry.address, entry.structure))
    before = draw(st.none() | st.just(entry))
    after = draw(st.none() | st.just(other) | st.just(entry))
    return before, after


@settings(max_examples=100)
@given(_entries(), st.sampled_from(DirectoryKind))
def test_the_changes_planned_reach_the_entry_to_show_once_or_twice(
    entries: tuple[MailboxEntry | None, MailboxEntry | None], directory: DirectoryKind
) -> None:
    before, after = entries

    change = publication.changes(before, after, directory)

    if change is None:
        assert before == after
        return
    assert change.directory is directory
    assert apply_change(before, change) == after
    assert apply_change(apply_change(before, change), change) == after


_MOVES: dict[str, Callable[[OrganisationalMailbox, dt.datetime], object]] = {
    "national red list": lambda m, at: m.change_red_list(
        by=m.responsible.account, at=at, national_directory=not m.red_list.national_directory
    ),
    "operator red list": lambda m, at: m.change_red_list(
        by=m.responsible.account, at=at, operator_directory=not m.red_list.operator_directory
    ),
    "description": lambda m, at: m.change_description(
        by=m.responsible.account, at=at, description=m.description + " (bis)"
    ),
    "service": lambda m, at: m.change_service(
        by=m.responsible.account, at=at, service=None if m.service else "Officine"
    ),
    "contact": lambda m, at: m.change_responsible_contact(
        by=m.responsible.account, at=at, contact=None if m.responsible_contact else "Accueil"
    ),
    "rank": lambda m, at: m.change_rank(
        by=m.responsible.account, at=at, rank=None if m.rank else 1
    ),
    "suspend": lambda m, at: m.suspend(by=m.responsible.account, at=at, reason="audit"),
    "resume": lambda m, at: m.resume(by=m.responsible.account, at=at),
    "close": lambda m, at: m.close(by=m.responsible.account, at=at, reason="fin"),
}


@settings(max_examples=60)
@given(bst.mailboxes(), st.lists(st.sampled_from(sorted(_MOVES)), max_size=8))
def test_following_the_planned_changes_a_directory_shows_the_mailbox_as_it_is(
    mailbox: OrganisationalMailbox, moves: list[str]
) -> None:
    at = mailbox.created_at + dt.timedelta(days=1)
    shown = {d: publication.entry(mailbox, d) for d in DirectoryKind}
    for move in moves:
        before = {d: publication.entry(mailbox, d) for d in DirectoryKind}
        try:
            _MOVES[move](mailbox, at)
        except Exception:
            assert {d: publication.entry(mailbox, d) for d in DirectoryKind} == before
        for directory in DirectoryKind:
            after = publication.entry(mailbox, directory)
            change = publication.changes(before[directory], after, directory)
            if change is not None:
                shown[directory] = apply_change(shown[directory], change)
            assert shown[directory] == after
        at += dt.timedelta(minutes=1)


@given(bst.mailbox_entries())
def test_the_public_form_of_an_entry_differs_only_by_the_responsible_contact(
    entry: MailboxEntry,
) -> None:
    public = entry.public()

    assert public.responsible_contact is None
    assert attrs.evolve(public, responsible_contact=entry.responsible_contact) == entry
