"""Any tampering with a chain of the audit trail is found: an entry edited, removed or
moved, a tail cut (against the head kept apart)."""

from __future__ import annotations

import attrs
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from balorg.domain.audit import AuditEntry, canonical, entry_hash, verify_chain
from balorg.testing import strategies as bst

_CHAINS = bst.audit_chains(max_size=5)
_LONGER = bst.audit_chains(min_size=2, max_size=5)
_EDITS = st.sampled_from(["action", "allowed", "actor", "auth", "account", "reasons", "details"])


def _edited(entry: AuditEntry, name: str) -> AuditEntry:
    values = {
        "action": entry.action + "_x",
        "allowed": not entry.allowed,
        "actor": entry.actor + "x",
        "auth": "host:autre",
        "account": None if entry.account else "x@example.org",
        "reasons": (*entry.reasons, "x.y"),
        "details": {**entry.details, "ajout": 1},
    }
    return attrs.evolve(entry, **{name: values[name]})  # type: ignore[arg-type]


@settings(max_examples=50)
@given(_CHAINS)
def test_a_chain_as_written_verifies_against_its_head(entries: list[AuditEntry]) -> None:
    report = verify_chain(entries, expected_head=entries[-1].hash)

    assert report.ok
    assert (report.count, report.head) == (len(entries), entries[-1].hash)


@settings(max_examples=50)
@given(_CHAINS, st.data(), _EDITS, st.booleans())
def test_an_edited_entry_is_found_even_with_its_hash_recomputed(
    entries: list[AuditEntry], data: st.DataObject, name: str, rehash: bool
) -> None:
    index = data.draw(st.integers(0, len(entries) - 1), label="index")
    edited = _edited(entries[index], name)
    if rehash:
        digest = entry_hash(edited.chain, edited.seq, edited.prev_hash, canonical(edited))
        edited = attrs.evolve(edited, hash=digest)
    tampered = [*entries[:index], edited, *entries[index + 1 :]]

    report = verify_chain(tampered, expected_head=entries[-1].hash)

    assert not report.ok
    if not rehash:
        assert report.problems[0].code == "audit.entry_altered"
        assert dict(report.problems[0].params) == {"seq": index + 1}


@settings(max_examples=50)
@given(_CHAINS, st.data())
def test_a_removed_entry_is_found(entries: list[AuditEntry], data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(entries) - 1), label="index")
    tampered = entries[:index] + entries[index + 1 :]

    assert not verify_chain(tampered, expected_head=entries[-1].hash).ok
    if index < len(entries) - 1:  # not the last: found without the head kept apart
        assert not verify_chain(tampered).ok


@settings(max_examples=50)
@given(_LONGER, st.data())
def test_entries_moved_are_found(entries: list[AuditEntry], data: st.DataObject) -> None:
    order = data.draw(st.permutations(range(len(entries))), label="order")
    assume(order != list(range(len(entries))))

    assert not verify_chain([entries[i] for i in order]).ok


@settings(max_examples=50)
@given(_LONGER, st.data())
def test_a_cut_tail_is_found_against_the_head_kept_apart(
    entries: list[AuditEntry], data: st.DataObject
) -> None:
    kept = data.draw(st.integers(1, len(entries) - 1), label="kept")

    assert verify_chain(entries[:kept]).ok  # consistent on its own
    report = verify_chain(entries[:kept], expected_head=entries[-1].hash)
    assert [p.code for p in report.problems] == ["audit.head_mismatch"]
