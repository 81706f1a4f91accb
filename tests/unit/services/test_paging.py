"""Listings a page at a time with keyset cursors (issue 9.2): members, accounts waiting for
the service centre, the audit trail (per mailbox and per account) and a mailbox's
contents. Following the cursors gives every item once, in order, even while the
listing grows; a cursor that is not one of the listing's own is a coded refusal.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import pytest
from tests.unit.services.support import CORRESPONDENT, Trail, clock_of, login, member

from balorg.domain.errors import DomainRefusal
from balorg.services import (
    list_members,
    pending_accounts,
    read_account_trail,
    read_audit_trail,
    read_mailbox,
    receive_message,
    send_message,
    switch_mailbox,
)
from balorg.services.paging import encode_cursor
from balorg.testing.examples import example_address
from balorg.testing.scenarios import TRANSPORT, Pharmacy

ALICE = example_address("alice.bernard")


def pages(fetch: Callable[[str | None], Any], items: Callable[[Any], list[Any]]) -> list[list[Any]]:
    """Every page, following the cursors from the first."""
    found, cursor = [], None
    for _ in range(100):
        page = fetch(cursor)
        found.append(items(page))
        cursor = page.next
        if cursor is None:
            return found
    raise AssertionError("the cursors never ended")


def test_members_come_a_page_at_a_time_each_once(world: Pharmacy) -> None:
    people = [member(world, f"membre{n:02d}") for n in range(7)]
    everyone = [world.mailbox.responsible.account, ALICE, *people]

    found = pages(
        lambda after: list_members(world.ports, world.claire, world.address, after=after, limit=3),
        lambda page: [m.account for m in page.members],
    )

    assert [a for page in found for a in page] == [
        world.mailbox.responsible.account,
        *sorted([ALICE, *people], key=str),
    ]
    assert sorted(map(str, everyone)) == sorted(str(a) for page in found for a in page)
    assert all(len(page) <= 3 for page in found[1:])
    assert world.mailbox.responsible.account not in found[1]  # first page only


def test_a_member_added_while_paging_is_seen_once_or_not_at_all(world: Pharmacy) -> None:
    for n in range(4):
        member(world, f"membre{n:02d}")
    first = list_members(world.ports, world.claire, world.address, limit=2)
    member(world, "zoe.dernier")  # sorts last
    member(world, "aaron.premier")  # sorts before the cursor: not in the next pages
    rest = pages(
        lambda after: list_members(
            world.ports, world.claire, world.address, after=after or first.next, limit=2
        ),
        lambda page: [m.account for m in page.members],
    )
    seen = [m.account for m in first.members] + [a for page in rest for a in page]
    assert len(seen) == len(set(seen))
    assert example_address("zoe.dernier") in seen
    assert example_address("aaron.premier") not in seen


def test_accounts_waiting_come_oldest_first_a_page_at_a_time(world: Pharmacy) -> None:
    clock = clock_of(world.ports)
    waiting = []
    for n in range(5):
        claire = login(world.ports, world.mailbox.responsible.account)
        waiting.append(member(world, f"attente{n}", approve=False, by=claire))
        if n % 2:  # some created at the same time: ordered by address then
            clock.advance(minutes=1)

    found = pages(
        lambda after: pending_accounts(world.ports, world.agent, after=after, limit=2),
        lambda page: [p.account.address for p in page],
    )

    assert [a for page in found for a in page] == waiting
    assert [len(page) for page in found] == [2, 2, 1]


def test_the_audit_trail_comes_a_page_at_a_time_in_order_each_entry_once(
    world: Pharmacy,
) -> None:
    for n in range(4):
        member(world, f"membre{n}")  # created here, approved on their own chains (mentions)
    whole = read_audit_trail(world.ports, world.claire, world.address, limit=1000).entries

    found = pages(
        lambda after: read_audit_trail(
            world.ports, world.claire, world.address, after=after, limit=4
        ),
        lambda page: list(page.entries),
    )

    paged = [e for page in found for e in page]
    keys = [(e.at, e.chain, e.seq) for e in paged]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)
    assert [e.hash for e in paged[: len(whole)]] == [e.hash for e in whole]
    assert any(e.chain != f"mailbox:{world.address}" for e in whole)  # mentions included
    assert all(len(page) <= 4 for page in found)


def test_the_trail_of_an_account_comes_a_page_at_a_time(world: Pharmacy) -> None:
    for n in range(3):
        switch_mailbox(world.ports, world.alice, world.address)
        switch_mailbox(world.ports, world.alice, ALICE)
        clock_of(world.ports).advance(seconds=n + 1)
    whole = read_account_trail(world.ports, world.alice, ALICE, limit=1000).entries
    found = pages(
        lambda after: read_account_trail(world.ports, world.alice, ALICE, after=after, limit=3),
        lambda page: list(page.entries),
    )
    paged = [e.hash for page in found for e in page]
    assert paged[: len(whole)] == [e.hash for e in whole]
    assert len(paged) == len(set(paged))


def test_a_mailboxs_contents_come_a_page_at_a_time_even_while_mail_arrives(
    world: Pharmacy,
) -> None:
    switch_mailbox(world.ports, world.alice, world.address)
    for n in range(4):
        receive_message(
            world.ports, TRANSPORT, world.address, sender=CORRESPONDENT, reference=f"<r{n}@x>"
        )
        send_message(world.ports, world.alice, recipient=CORRESPONDENT, reference=f"<s{n}@x>")

    first = read_mailbox(world.ports, world.alice, limit=3)
    receive_message(world.ports, TRANSPORT, world.address, sender=CORRESPONDENT, reference="<new>")
    rest = pages(
        lambda after: read_mailbox(world.ports, world.alice, after=after or first.next, limit=3),
        lambda page: list(page.messages),
    )

    references = [m.reference for m in first.messages] + [m.reference for p in rest for m in p]
    assert references == [r for n in range(4) for r in (f"<r{n}@x>", f"<s{n}@x>")] + ["<new>"]


# -- cursors that are not the listing's own -------------------------------------------------------

LISTINGS: dict[str, Callable[[Pharmacy, Any], object]] = {
    "members": lambda w, c: list_members(w.ports, w.claire, w.address, after=c),
    "pending": lambda w, c: pending_accounts(w.ports, w.agent, after=c),
    "audit": lambda w, c: read_audit_trail(w.ports, w.claire, w.address, after=c),
    "account_trail": lambda w, c: read_account_trail(w.ports, w.alice, ALICE, after=c),
    "mailbox": lambda w, c: read_mailbox(w.ports, w.claire, mailbox=w.address, after=c),
}

GARBAGE = {
    "not_base64": "!!!not a cursor!!!",
    "empty": "",
    "too_long": "A" * 3000,
    "not_json": encode_cursor("members", "x")[:-2] + "$$",
    "not_text": 42,
    "bytes": b"WzFd",
}


@pytest.mark.parametrize("cursor", list(GARBAGE.values()), ids=list(GARBAGE))
@pytest.mark.parametrize("listing", list(LISTINGS))
def test_a_cursor_that_is_no_cursor_is_a_coded_audited_refusal(
    world: Pharmacy, listing: str, cursor: object
) -> None:
    if listing == "mailbox":
        switch_mailbox(world.ports, world.claire, world.address)
    trail = Trail(world.ports)
    with pytest.raises(DomainRefusal) as refusal:
        LISTINGS[listing](world, cursor)
    assert [(p.code, p.path) for p in refusal.value.problems] == [
        ("paging.invalid_cursor", "after")
    ]
    assert trail.one().reasons == ("paging.invalid_cursor",)


#: The name each listing signs its cursors with.
CURSOR_NAME = {
    "members": "members",
    "pending": "pending",
    "audit": "audit",
    "account_trail": "audit",
    "mailbox": "messages",
}

#: A well-formed key of each cursor name.
OWN_KEY: dict[str, Any] = {
    "members": "claire@contract.mssante.fr",
    "pending": ["2026-03-02T09:00:00+00:00", "bob@contract.mssante.fr"],
    "audit": ["2026-03-02T09:00:00+00:00", "mailbox:x", 1],
    "messages": 3,
}

#: Keys no listing reads.
JUNK_KEYS: dict[str, Any] = {
    "an_object": {"after": 1},
    "a_list_of_junk": ["x", "y", "z"],
    "a_naive_time": ["2026-03-02T09:00:00", "mailbox:x", 1],
    "a_negative_number": -1,
    "a_boolean": True,
    "null": None,
}


def _raw(data: Any) -> str:
    """A cursor made by hand, as a client could forge it."""
    text = json.dumps(data).encode("ascii")
    return base64.urlsafe_b64encode(text).decode("ascii").rstrip("=")


def _foreign(listing: str) -> dict[str, str]:
    name = CURSOR_NAME[listing]
    cursors = {
        f"cursor_of_{other}": encode_cursor(other, key)
        for other, key in OWN_KEY.items()
        if other != name
    }
    cursors |= {f"own_name_{label}": encode_cursor(name, key) for label, key in JUNK_KEYS.items()}
    cursors["no_name"] = _raw(OWN_KEY[name])
    cursors["three_items"] = _raw([name, OWN_KEY[name], 1])
    return cursors


@pytest.mark.parametrize(
    ("listing", "cursor"),
    [
        pytest.param(listing, cursor, id=f"{listing}-{label}")
        for listing in LISTINGS
        for label, cursor in _foreign(listing).items()
    ],
)
def test_a_cursor_of_another_shape_is_a_coded_audited_refusal(
    world: Pharmacy, listing: str, cursor: object
) -> None:
    if listing == "mailbox":
        switch_mailbox(world.ports, world.claire, world.address)
    trail = Trail(world.ports)
    with pytest.raises(DomainRefusal) as refusal:
        LISTINGS[listing](world, cursor)
    assert [p.code for p in refusal.value.problems] == ["paging.invalid_cursor"]
    assert trail.one().reasons == ("paging.invalid_cursor",)
