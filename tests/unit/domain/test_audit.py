"""The audit trail's hash chain: tampering of every kind is detected, with its code."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from balorg.domain.audit import GENESIS, AuditEntry, AuditRecord, chain, entry_hash, verify_chain
from balorg.domain.messages import LANGUAGES

T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
ACTIONS = ["register", "grant", "open", "send", "revoke_member"]


def trail(n: int = 5) -> list[AuditEntry]:
    entries: list[AuditEntry] = []
    for i in range(n):
        record = AuditRecord(
            at=T0 + dt.timedelta(minutes=i),
            actor="claire.martin@medimail.mssante.fr",
            mailbox="pharmacie.centre@medimail.mssante.fr",
            action=ACTIONS[i % len(ACTIONS)],
            allowed=i != 3,
            reasons=("access.not_member",) if i == 3 else (),
            details={"account": "alice@medimail.mssante.fr", "n": i},
        )
        entries.append(chain(entries[-1] if entries else None, record))
    return entries


def codes(entries: list[AuditEntry], expected_head: str | None = None) -> list[str]:
    return [p.code for p in verify_chain(entries, expected_head=expected_head).problems]


def test_a_whole_trail_verifies() -> None:
    entries = trail()

    report = verify_chain(entries, expected_head=entries[-1].hash)

    assert report.ok
    assert report.count == 5
    assert report.head == entries[-1].hash
    assert report.problems == ()


def test_entries_are_numbered_and_linked_from_genesis() -> None:
    entries = trail(3)

    assert [e.seq for e in entries] == [1, 2, 3]
    assert entries[0].prev_hash == GENESIS
    assert entries[1].prev_hash == entries[0].hash
    assert len({e.hash for e in entries}) == 3


def test_an_empty_trail_verifies_and_its_head_is_genesis() -> None:
    report = verify_chain([])

    assert report.ok
    assert (report.count, report.head) == (0, GENESIS)


@pytest.mark.parametrize(
    "change",
    [
        {"action": "close"},
        {"actor": "mallory@example.org"},
        {"allowed": True},
        {"reasons": ()},
        {"details": {"account": "mallory@example.org", "n": 3}},
        {"at": T0 + dt.timedelta(days=1)},
        {"mailbox": None},
    ],
)
def test_detects_an_edited_entry(change: dict[str, object]) -> None:
    entries = trail()
    entries[3] = attrs.evolve(entries[3], **change)

    report = verify_chain(entries)

    assert not report.ok
    assert [(p.code, dict(p.params)) for p in report.problems] == [
        ("audit.entry_altered", {"seq": 4})
    ]


def test_detects_an_edited_entry_whose_hash_was_recomputed() -> None:
    entries = trail()
    forged = attrs.evolve(entries[1], action="close")
    entries[1] = attrs.evolve(forged, hash=entry_hash(forged.seq, forged.prev_hash, forged))

    report = verify_chain(entries)

    assert [(p.code, p.params["seq"]) for p in report.problems] == [("audit.link_broken", 3)]


def test_detects_a_removed_entry() -> None:
    entries = trail()
    del entries[2]

    assert codes(entries) == ["audit.entry_missing", "audit.link_broken"]
    first = verify_chain(entries).problems[0]
    assert dict(first.params) == {"expected": 3, "found": 4}


def test_detects_reordered_entries() -> None:
    entries = trail()
    entries[1], entries[2] = entries[2], entries[1]

    report = verify_chain(entries)

    # seq 1, 3, 2, 4, 5: each entry is intact (no "altered"), only the order is wrong.
    assert [(p.code, dict(p.params)) for p in report.problems] == [
        ("audit.entry_missing", {"expected": 2, "found": 3}),
        ("audit.link_broken", {"seq": 3}),
        ("audit.entry_missing", {"expected": 4, "found": 2}),
        ("audit.link_broken", {"seq": 2}),
        ("audit.entry_missing", {"expected": 3, "found": 4}),
        ("audit.link_broken", {"seq": 4}),
    ]


def test_detects_a_truncated_tail_only_with_the_expected_head() -> None:
    entries = trail()
    head = entries[-1].hash

    assert codes(entries[:-2]) == []  # nothing to see without the head kept elsewhere
    assert codes(entries[:-2], expected_head=head) == ["audit.head_mismatch"]
    report = verify_chain(entries[:-2], expected_head=head)
    assert dict(report.problems[0].params) == {"count": 3}


def test_detects_a_first_entry_that_does_not_start_from_genesis() -> None:
    entries = trail()

    assert codes(entries[1:]) == ["audit.entry_missing", "audit.link_broken"]


def test_details_are_plain_data_and_hash_the_same_whatever_their_order() -> None:
    a = AuditRecord(at=T0, actor="x", action="grant", allowed=True, details={"a": 1, "b": [1, 2]})
    b = AuditRecord(at=T0, actor="x", action="grant", allowed=True, details={"b": (1, 2), "a": 1})

    assert entry_hash(1, GENESIS, a) == entry_hash(1, GENESIS, b)
    assert a.details["b"] == [1, 2]


def test_the_same_instant_in_another_timezone_hashes_the_same() -> None:
    paris = dt.timezone(dt.timedelta(hours=1))
    a = AuditRecord(at=T0, actor="x", action="grant", allowed=True)
    b = attrs.evolve(a, at=T0.astimezone(paris))

    assert entry_hash(1, GENESIS, a) == entry_hash(1, GENESIS, b)


def test_every_problem_of_the_chain_renders_in_both_languages() -> None:
    entries = trail()
    tampered = [entries[0], attrs.evolve(entries[2], action="x"), entries[1]]

    problems = verify_chain(tampered, expected_head=entries[-1].hash).problems

    assert {p.code for p in problems} == {
        "audit.entry_missing",
        "audit.link_broken",
        "audit.entry_altered",
        "audit.head_mismatch",
    }
    for problem in problems:
        for lang in LANGUAGES:
            assert "{" not in problem.message(lang)
            assert problem.message(lang) != problem.code
