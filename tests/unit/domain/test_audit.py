"""The audit trail: one hash chain per subject, heads kept apart, a global chain of anchors.

Tampering of every kind is detected, with its code: an entry edited, removed or
reordered breaks its chain; entries cut off a chain's end are found against the
chain's head; a whole chain removed is found against the anchors; anchors cut off
the end are found against the anchors' head kept outside; a verification resumes
from a checkpoint.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import pickle
from collections.abc import Iterable

import attrs
import pytest

from balorg.domain.audit import (
    GENESIS,
    Anchor,
    AuditEntry,
    AuditRecord,
    ChainReport,
    Checkpoint,
    Details,
    RawEntry,
    anchor_hash,
    canonical,
    chain,
    chain_of,
    entry_hash,
    entry_of,
    link,
    verify_chain,
    verify_store,
)
from balorg.domain.messages import LANGUAGES, render
from balorg.testing.examples import T0

PHARMACY = "pharmacie@contract.mssante.fr"
CABINET = "cabinet@contract.mssante.fr"
CLAIRE = "claire.martin1@contract.mssante.fr"
ALICE = "alice.bernard@contract.mssante.fr"
ACTIONS = ["register_mailbox", "grant_member", "switch_mailbox", "send_message", "revoke_member"]
MINUTE = dt.timedelta(minutes=1)


def record(i: int = 0, *, mailbox: str | None = PHARMACY, **changes: object) -> AuditRecord:
    values: dict[str, object] = {
        "at": T0 + i * MINUTE,
        "actor": CLAIRE,
        "auth": "session:a1b2",
        "mailbox": mailbox,
        "account": ALICE if i % 2 else None,
        "action": ACTIONS[i % len(ACTIONS)],
        "allowed": i != 3,
        "reasons": ("access.not_member",) if i == 3 else (),
        "details": {"n": i, "capabilities": ["read", "send"]},
        "mentions": (CABINET,) if i == 2 else (),
    }
    values.update(changes)
    return AuditRecord(**values)  # type: ignore[arg-type]


def trail(n: int = 5, *, mailbox: str | None = PHARMACY) -> list[AuditEntry]:
    entries: list[AuditEntry] = []
    for i in range(n):
        entries.append(chain(entries[-1] if entries else None, record(i, mailbox=mailbox)))
    return entries


def codes(entries: Iterable[AuditEntry], expected_head: str | None = None) -> list[str]:
    return [p.code for p in verify_chain(entries, expected_head=expected_head).problems]


# -- records, chains and payloads -------------------------------------------------------------


def test_an_entry_belongs_to_its_mailboxs_chain_else_to_an_accounts() -> None:
    assert record(mailbox=PHARMACY).chain == f"mailbox:{PHARMACY}"
    assert record(1, mailbox=None).chain == f"account:{ALICE}"  # the account concerned
    assert record(0, mailbox=None).chain == f"account:{CLAIRE}"  # else the actor's
    assert chain_of(None, None, "system:scheduler") == "account:system:scheduler"


def test_details_are_read_only_plain_json_data() -> None:
    details = Details({"b": (1, 2), "a": {"x": None}})

    assert dict(details) == {"a": {"x": None}, "b": [1, 2]}
    assert details == {"b": [1, 2], "a": {"x": None}}
    assert details != {"b": (1, 2), "a": {"x": None}}
    assert len(details) == 2
    assert list(details) == ["a", "b"]
    with pytest.raises(TypeError):
        details["c"] = 3  # type: ignore[index]
    with pytest.raises(TypeError):
        hash(details)
    assert "Details(" in repr(details)


def test_details_refuse_what_is_not_json_data() -> None:
    with pytest.raises(TypeError):
        Details({"when": T0})


def test_details_and_entries_survive_pickling() -> None:
    entry = trail(1)[0]

    again = pickle.loads(pickle.dumps(entry))

    assert again == entry
    assert isinstance(again.details, Details)
    assert pickle.loads(pickle.dumps(Details({"a": [1]}))) == {"a": [1]}


def test_a_record_is_hashable_whatever_its_details() -> None:
    assert hash(record(0)) == hash(record(0, details={"other": True}))


def test_the_payload_is_canonical_json_in_utc_with_every_field() -> None:
    paris = dt.timezone(dt.timedelta(hours=1))
    one = record(2, details={"b": 2, "a": "été"})
    other = attrs.evolve(one, at=one.at.astimezone(paris), details={"a": "été", "b": 2})

    payload = canonical(one)

    assert payload == canonical(other)
    assert ", " not in payload
    assert ": " not in payload
    assert "été" in payload  # not escaped
    assert json.loads(payload) == {
        "at": (T0 + 2 * MINUTE).isoformat(),
        "actor": CLAIRE,
        "auth": "session:a1b2",
        "action": "switch_mailbox",
        "allowed": True,
        "mailbox": PHARMACY,
        "account": None,
        "reasons": [],
        "details": {"a": "été", "b": 2},
        "mentions": [CABINET],
    }
    assert list(json.loads(payload)) == sorted(json.loads(payload))


def test_the_hash_covers_the_chain_the_number_the_previous_hash_and_the_payload() -> None:
    payload = canonical(record())
    text = f"mailbox:{PHARMACY}\n1\n{GENESIS}\n{payload}"

    digest = entry_hash(f"mailbox:{PHARMACY}", 1, GENESIS, payload)

    assert digest == hashlib.sha256(text.encode()).hexdigest()
    assert entry_hash(f"mailbox:{CABINET}", 1, GENESIS, payload) != digest
    assert entry_hash(f"mailbox:{PHARMACY}", 2, GENESIS, payload) != digest
    assert entry_hash(f"mailbox:{PHARMACY}", 1, "1" * 64, payload) != digest


def test_entries_are_numbered_and_linked_from_genesis() -> None:
    entries = trail(3)

    assert [e.seq for e in entries] == [1, 2, 3]
    assert entries[0].prev_hash == GENESIS
    assert entries[1].prev_hash == entries[0].hash
    assert entries[2].prev_hash == entries[1].hash
    assert len({e.hash for e in entries}) == 3


def test_an_entry_keeps_every_field_of_its_record() -> None:
    original = record(3)

    entry = link(original, seq=7, prev_hash="a" * 64)

    for name in (f.name for f in attrs.fields(AuditRecord)):
        assert getattr(entry, name) == getattr(original, name), name
    assert (entry.seq, entry.prev_hash) == (7, "a" * 64)
    assert entry.chain == original.chain


def test_an_entry_read_back_from_its_payload_is_the_entry_written() -> None:
    written = trail(3)[2]

    read = entry_of(written.chain, written.seq, written.prev_hash, written.hash, canonical(written))

    assert read == written
    assert verify_chain([*trail(2), read]).ok


def test_an_entry_stored_before_mentions_existed_reads_with_none() -> None:
    written = trail(1)[0]
    payload = json.loads(canonical(written))
    del payload["mentions"]

    read = entry_of(written.chain, 1, GENESIS, written.hash, json.dumps(payload))

    assert read.mentions == ()


# -- one chain ----------------------------------------------------------------------------------


def test_a_whole_chain_verifies() -> None:
    entries = trail()

    report = verify_chain(entries, expected_head=entries[-1].hash)

    assert report == ChainReport(True, 5, entries[-1].hash, ())


def test_an_empty_chain_verifies_and_its_head_is_genesis() -> None:
    report = verify_chain([])

    assert (report.ok, report.count, report.head) == (True, 0, GENESIS)
    assert not verify_chain([], expected_head=trail(1)[0].hash).ok


@pytest.mark.parametrize(
    "change",
    [
        {"action": "close_mailbox"},
        {"allowed": False},
        {"actor": ALICE},
        {"auth": "password"},
        {"account": CLAIRE},
        {"reasons": ("access.responsible_only",)},
        {"details": {"n": 99}},
        {"mentions": ()},
        {"at": T0 - MINUTE},
    ],
    ids=lambda change: next(iter(change)),
)
def test_detects_an_edited_entry(change: dict[str, object]) -> None:
    entries = trail()
    entries[2] = attrs.evolve(entries[2], **change)  # type: ignore[arg-type]

    report = verify_chain(entries)

    assert [(p.code, dict(p.params)) for p in report.problems] == [
        ("audit.entry_altered", {"seq": 3})
    ]


def test_detects_an_edited_entry_whose_hash_was_recomputed() -> None:
    entries = trail()
    edited = attrs.evolve(entries[2], action="close_mailbox")
    entries[2] = attrs.evolve(
        edited, hash=entry_hash(edited.chain, 3, edited.prev_hash, canonical(edited))
    )

    assert [(p.code, dict(p.params)) for p in verify_chain(entries).problems] == [
        ("audit.link_broken", {"seq": 4})
    ]


def test_detects_a_removed_entry() -> None:
    entries = trail()
    del entries[2]

    assert [(p.code, dict(p.params)) for p in verify_chain(entries).problems] == [
        ("audit.entry_missing", {"expected": 3, "found": 4}),
        ("audit.link_broken", {"seq": 4}),
    ]


def test_detects_reordered_entries() -> None:
    entries = trail()
    entries[1], entries[2] = entries[2], entries[1]

    assert codes(entries) == [
        "audit.entry_missing",
        "audit.link_broken",
        "audit.entry_missing",
        "audit.link_broken",
        "audit.entry_missing",
        "audit.link_broken",
    ]


def test_detects_a_cut_tail_only_against_the_head_kept_apart() -> None:
    entries = trail()
    head = entries[-1].hash

    assert codes(entries[:-2]) == []  # nothing to see without the head kept elsewhere
    report = verify_chain(entries[:-2], expected_head=head)
    assert [(p.code, dict(p.params)) for p in report.problems] == [
        ("audit.head_mismatch", {"count": 3})
    ]


def test_detects_a_chain_that_does_not_start_from_genesis() -> None:
    assert codes(trail()[1:]) == ["audit.entry_missing", "audit.link_broken"]


def test_every_problem_of_a_chain_renders_in_both_languages() -> None:
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


# -- a whole store: heads and anchors -------------------------------------------------------------


class Store:
    """A store of chains as an adapter keeps it: rows with their payloads, each chain's
    head apart, and the global chain of anchors (a new chain is anchored at once)."""

    def __init__(self) -> None:
        self.rows: dict[str, list[RawEntry]] = {}
        self.heads: dict[str, tuple[int, str]] = {}
        self.anchors: list[Anchor] = []
        self.clock = T0

    def append(self, entry_record: AuditRecord) -> AuditEntry:
        name = entry_record.chain
        seq, prev = self.heads.get(name, (0, GENESIS))
        entry = link(entry_record, seq=seq + 1, prev_hash=prev)
        self.rows.setdefault(name, []).append(
            (name, entry.seq, entry.prev_hash, entry.hash, canonical(entry_record))
        )
        self.heads[name] = (entry.seq, entry.hash)
        if entry.seq == 1:
            self.anchor(name)
        return entry

    def anchor(self, name: str) -> Anchor:
        self.clock += MINUTE
        seq, digest = self.heads[name]
        number = len(self.anchors) + 1
        prev = self.anchors[-1].hash if self.anchors else GENESIS
        made = Anchor(
            seq=number,
            at=self.clock,
            chain=name,
            chain_seq=seq,
            chain_hash=digest,
            prev_hash=prev,
            hash=anchor_hash(number, prev, self.clock, name, seq, digest),
        )
        self.anchors.append(made)
        return made

    def anchor_all(self) -> None:
        anchored = {a.chain: a.chain_seq for a in self.anchors}
        for name, (seq, _) in sorted(self.heads.items()):
            if anchored.get(name, 0) < seq:
                self.anchor(name)

    def all_rows(self, start: Checkpoint | None = None) -> list[RawEntry]:
        done = start.heads if start is not None else {}
        return [
            row
            for name in sorted(self.rows)
            for row in self.rows[name]
            if row[1] > done.get(name, (0, GENESIS))[0]
        ]

    def verify(
        self, *, start: Checkpoint | None = None, expected_anchor_head: str | None = None
    ) -> ChainReport:
        return verify_store(
            self.all_rows(start),
            heads=self.heads,
            anchors=self.anchors,
            start=start,
            expected_anchor_head=expected_anchor_head,
        )


def filled(n: int = 4) -> Store:
    """Two mailbox chains and an account chain, interleaved."""
    store = Store()
    for i in range(n):
        store.append(record(i, mailbox=PHARMACY))
        store.append(record(i, mailbox=CABINET))
        store.append(record(2 * i + 1, mailbox=None))
    return store


def problems_of(report: ChainReport) -> list[tuple[str, dict[str, object]]]:
    return [(p.code, dict(p.params)) for p in report.problems]


def pharmacy_chain() -> str:
    return f"mailbox:{PHARMACY}"


def test_a_whole_store_verifies_and_its_checkpoint_holds_every_head() -> None:
    store = filled()

    report = store.verify(expected_anchor_head=store.anchors[-1].hash)

    assert report.ok, report.problems
    assert report.count == 12
    assert report.head == store.anchors[-1].hash
    assert report.checkpoint is not None
    assert dict(report.checkpoint.heads) == store.heads
    assert (report.checkpoint.anchor_seq, report.checkpoint.anchor_head) == (
        len(store.anchors),
        store.anchors[-1].hash,
    )


def test_an_empty_store_verifies() -> None:
    report = Store().verify(expected_anchor_head=GENESIS)

    assert (report.ok, report.count, report.head) == (True, 0, GENESIS)


def test_the_rows_of_a_store_are_the_entries_of_its_chains() -> None:
    store = filled()

    for name, rows in store.rows.items():
        entries = [entry_of(*row[:4], row[4]) for row in rows]
        assert verify_chain(entries, expected_head=store.heads[name][1]).ok


def _edit_payload(store: Store, name: str, index: int, *, rehash: bool = False) -> None:
    chain_name, seq, prev, digest, payload = store.rows[name][index]
    data = json.loads(payload)
    data["action"] = "close_mailbox"
    edited = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    if rehash:
        digest = entry_hash(chain_name, seq, prev, edited)
    store.rows[name][index] = (chain_name, seq, prev, digest, edited)


def test_the_store_detects_an_edited_payload() -> None:
    store = filled()
    _edit_payload(store, pharmacy_chain(), 1)

    assert problems_of(store.verify()) == [
        ("audit.entry_altered", {"chain": pharmacy_chain(), "seq": 2})
    ]


def test_the_store_detects_an_edited_payload_whose_hash_was_recomputed() -> None:
    store = filled()
    _edit_payload(store, pharmacy_chain(), 1, rehash=True)

    assert problems_of(store.verify()) == [
        ("audit.link_broken", {"chain": pharmacy_chain(), "seq": 3})
    ]


def test_the_store_detects_a_removed_entry() -> None:
    store = filled()
    del store.rows[pharmacy_chain()][1]

    assert problems_of(store.verify()) == [
        ("audit.entry_missing", {"chain": pharmacy_chain(), "expected": 2, "found": 3}),
        ("audit.link_broken", {"chain": pharmacy_chain(), "seq": 3}),
    ]


def test_the_store_detects_reordered_entries() -> None:
    store = filled()
    rows = store.rows[pharmacy_chain()]
    rows[1], rows[2] = rows[2], rows[1]

    found = {code for code, _ in problems_of(store.verify())}

    assert found == {"audit.entry_missing", "audit.link_broken"}


def test_the_store_detects_entries_cut_off_a_chains_end_against_its_head() -> None:
    store = filled()
    del store.rows[pharmacy_chain()][-2:]

    assert problems_of(store.verify()) == [
        ("audit.chain_head_mismatch", {"chain": pharmacy_chain(), "count": 2})
    ]


def test_entries_cut_off_below_an_anchor_are_found_even_with_the_head_rewritten() -> None:
    store = filled()
    store.anchor_all()
    name = pharmacy_chain()
    del store.rows[name][-2:]
    last = store.rows[name][-1]
    store.heads[name] = (last[1], last[3])  # the attacker rewrote the head too

    assert problems_of(store.verify()) == [
        ("audit.chain_missing", {"chain": name, "anchored": 4, "found": 2})
    ]


def test_a_whole_chain_removed_with_its_head_is_found_against_the_anchors() -> None:
    store = filled()
    name = f"mailbox:{CABINET}"
    del store.rows[name]
    del store.heads[name]

    assert problems_of(store.verify()) == [
        ("audit.chain_missing", {"chain": name, "anchored": 1, "found": 0})
    ]


def test_a_chain_rewritten_from_scratch_is_found_against_its_anchor() -> None:
    store = filled()
    name = pharmacy_chain()
    forged: list[RawEntry] = []
    prev = GENESIS
    for _, seq, _, _, payload in store.rows[name]:
        data = json.loads(payload)
        data["actor"] = ALICE
        text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        digest = entry_hash(name, seq, prev, text)
        forged.append((name, seq, prev, digest, text))
        prev = digest
    store.rows[name] = forged
    store.heads[name] = (forged[-1][1], forged[-1][3])

    assert problems_of(store.verify()) == [("audit.anchor_mismatch", {"chain": name, "seq": 1})]


def test_a_chain_added_without_a_head_is_found() -> None:
    store = filled()
    name = "mailbox:forged@contract.mssante.fr"
    entry = link(record(mailbox="forged@contract.mssante.fr"), seq=1, prev_hash=GENESIS)
    store.rows[name] = [(name, 1, GENESIS, entry.hash, canonical(entry))]

    assert problems_of(store.verify()) == [("audit.head_missing", {"chain": name})]


def test_a_head_whose_chain_has_no_entry_is_found() -> None:
    store = filled()
    name = f"mailbox:{CABINET}"
    del store.rows[name]

    found = problems_of(store.verify())

    assert ("audit.chain_head_mismatch", {"chain": name, "count": 0}) in found
    assert ("audit.chain_missing", {"chain": name, "anchored": 1, "found": 0}) in found


def test_anchors_cut_off_the_end_are_found_only_against_the_anchors_head_kept_outside() -> None:
    store = filled()
    kept_outside = store.anchors[-1].hash
    name = f"account:{ALICE}"  # anchored last: its chain and its anchor go together
    assert store.anchors[-1].chain == name
    del store.rows[name]
    del store.heads[name]
    store.anchors.pop()

    assert store.verify().ok  # consistent without the head kept outside
    assert problems_of(store.verify(expected_anchor_head=kept_outside)) == [
        ("audit.anchor_head_mismatch", {"seq": len(store.anchors)})
    ]


def test_an_edited_anchor_is_found() -> None:
    store = filled()
    store.anchors[1] = attrs.evolve(store.anchors[1], at=store.anchors[1].at + MINUTE)

    assert problems_of(store.verify()) == [("audit.anchor_altered", {"seq": 2})]


def test_an_anchor_removed_from_the_middle_is_found() -> None:
    store = filled()
    store.anchor_all()
    del store.anchors[1]

    assert ("audit.anchor_link_broken", {"seq": 3}) in problems_of(store.verify())


# -- resuming from a checkpoint ----------------------------------------------------------------


def test_a_verification_resumes_from_its_checkpoint_reading_only_what_follows() -> None:
    store = filled()
    first = store.verify()
    assert first.checkpoint is not None
    store.append(record(5, mailbox=PHARMACY))
    store.append(record(6, mailbox="nouvelle@contract.mssante.fr"))
    store.anchor_all()
    _edit_payload(store, pharmacy_chain(), 0)  # before the checkpoint: not read again

    resumed = store.verify(start=first.checkpoint, expected_anchor_head=store.anchors[-1].hash)

    assert resumed.ok, resumed.problems
    assert resumed.count == 2
    assert resumed.checkpoint is not None
    assert dict(resumed.checkpoint.heads) == store.heads
    assert resumed.checkpoint.anchor_seq == len(store.anchors)


def test_a_resumed_verification_finds_tampering_after_its_checkpoint() -> None:
    store = filled()
    checkpoint = store.verify().checkpoint
    assert checkpoint is not None
    store.append(record(5, mailbox=PHARMACY))
    store.append(record(6, mailbox=PHARMACY))
    _edit_payload(store, pharmacy_chain(), -2)

    report = store.verify(start=checkpoint)

    assert problems_of(report) == [("audit.entry_altered", {"chain": pharmacy_chain(), "seq": 5})]


def test_a_resumed_verification_finds_entries_linked_to_a_rewritten_past() -> None:
    store = filled()
    checkpoint = store.verify().checkpoint
    assert checkpoint is not None
    name = pharmacy_chain()
    seq = store.heads[name][0]
    forged = link(record(9, mailbox=PHARMACY), seq=seq + 1, prev_hash="f" * 64)
    store.rows[name].append((name, forged.seq, forged.prev_hash, forged.hash, canonical(forged)))
    store.heads[name] = (forged.seq, forged.hash)

    assert problems_of(store.verify(start=checkpoint)) == [
        ("audit.link_broken", {"chain": name, "seq": seq + 1})
    ]


def test_a_resumed_verification_skips_the_anchors_it_already_checked() -> None:
    store = filled()
    checkpoint = store.verify().checkpoint
    assert checkpoint is not None
    store.anchors[0] = attrs.evolve(store.anchors[0], chain_hash="0" * 64)  # already checked

    assert store.verify(start=checkpoint).ok
    assert not store.verify().ok


def test_anchors_cut_after_a_checkpoint_are_found_against_its_anchor_head() -> None:
    store = filled()
    store.anchor_all()
    checkpoint = store.verify().checkpoint
    assert checkpoint is not None
    store.append(record(8, mailbox="nouvelle@contract.mssante.fr"))
    kept = store.anchors[-1].hash
    del store.rows["mailbox:nouvelle@contract.mssante.fr"]
    del store.heads["mailbox:nouvelle@contract.mssante.fr"]
    store.anchors.pop()

    report = store.verify(start=checkpoint, expected_anchor_head=kept)

    assert [code for code, _ in problems_of(report)] == ["audit.anchor_head_mismatch"]


def test_every_problem_of_a_store_renders_in_both_languages() -> None:
    store = filled()
    store.anchor_all()
    _edit_payload(store, pharmacy_chain(), 0)
    del store.rows[f"mailbox:{CABINET}"]
    del store.heads[f"mailbox:{CABINET}"]
    store.anchors[0] = attrs.evolve(store.anchors[0], chain_seq=7)

    problems = store.verify(expected_anchor_head="f" * 64).problems

    assert {p.code for p in problems} >= {
        "audit.entry_altered",
        "audit.chain_missing",
        "audit.anchor_altered",
        "audit.anchor_head_mismatch",
    }
    for problem in problems:
        for lang in LANGUAGES:
            assert "{" not in problem.message(lang), problem


def test_a_head_mismatch_of_the_store_renders_in_both_languages() -> None:
    store = filled()
    del store.rows[pharmacy_chain()][-1]

    (problem,) = store.verify().problems

    assert problem.code == "audit.chain_head_mismatch"
    for lang in LANGUAGES:
        assert "{" not in render(problem.code, problem.params, lang)


def test_a_head_kept_outside_still_verifies_once_new_chains_were_anchored() -> None:
    store = filled()
    kept = store.verify().head  # kept outside the database
    store.append(record(9, mailbox="nouvelle@contract.mssante.fr"))  # anchored at once

    assert store.verify(expected_anchor_head=kept).ok
    assert not store.verify(expected_anchor_head="f" * 64).ok  # a head it never held
