"""Reading and verifying the audit trail (issue 8.4, 9.3): per mailbox, per account, per
period and per actor; each read verifies the chain it reads; the whole store verifies,
resumes from a checkpoint and finds what was altered, cut or removed.
"""

from __future__ import annotations

import datetime as dt

import attrs
from tests.unit.services.support import Trail, clock_of, login, member, refused, store_of

from balorg.domain.audit import GENESIS
from balorg.ports.credentials import Password
from balorg.services import (
    anchor_audit,
    authenticate,
    change_description,
    read_account_trail,
    read_audit_trail,
    switch_mailbox,
    verify_audit,
)
from balorg.testing.examples import T0, example_address
from balorg.testing.scenarios import AGENT, Pharmacy

ALICE = example_address("alice.bernard")


def test_a_mailboxs_trail_says_who_did_what_and_verifies(world: Pharmacy) -> None:
    trail = read_audit_trail(world.ports, world.claire, world.address)

    own = [e.action for e in trail.entries if e.chain == f"mailbox:{world.address}"]
    assert own[:3] == ["register_mailbox", "create_member_account", "finish_registration"]
    mentioned = [e for e in trail.entries if e.chain != f"mailbox:{world.address}"]
    assert {e.action for e in mentioned} == {"approve_account"}  # what activated it
    assert trail.verification.ok
    assert trail.verification.problems == ()
    claire = str(world.mailbox.responsible.account)
    assert {e.actor for e in trail.entries} >= {claire, str(AGENT)}


def test_the_trail_filters_by_actor_and_by_period(world: Pharmacy) -> None:
    clock = clock_of(world.ports)
    clock.advance(minutes=20)
    middle = clock.now()
    change_description(world.ports, world.claire, world.address, description="Ordonnances")
    clock.advance(minutes=20)
    end = clock.now()
    switch_mailbox(world.ports, login(world.ports, ALICE), world.address)

    by_alice = read_audit_trail(world.ports, world.claire, world.address, by=ALICE).entries
    assert {e.actor for e in by_alice} == {str(ALICE)}
    assert [e.action for e in by_alice] == ["switch_mailbox"]

    window = read_audit_trail(world.ports, world.claire, world.address, since=middle, until=end)
    assert [e.action for e in window.entries] == ["change_description"]
    before = read_audit_trail(world.ports, world.claire, world.address, until=T0 + dt.timedelta(1))
    assert all(e.at < T0 + dt.timedelta(1) for e in before.entries)


def test_an_account_reads_its_own_trail_and_the_agents_read_anyones(world: Pharmacy) -> None:
    switch_mailbox(world.ports, world.alice, world.address)
    own = read_account_trail(world.ports, world.alice, ALICE)
    assert own.verification.ok
    assert {"log_in", "switch_mailbox"} <= {e.action for e in own.entries}
    assert all(str(ALICE) in (e.actor, e.account) for e in own.entries)

    assert read_account_trail(world.ports, world.agent, ALICE).entries
    with refused("service_centre.not_agent"):
        read_account_trail(world.ports, world.claire, ALICE)


def test_failed_logins_are_in_the_trail_of_the_account_tried(world: Pharmacy) -> None:
    with refused("credentials.invalid"):
        authenticate(world.ports, ALICE, Password("une devinette"))
    failed = [
        e for e in read_account_trail(world.ports, world.alice, ALICE).entries if not e.allowed
    ]
    assert [(e.action, e.reasons, e.auth) for e in failed] == [
        ("log_in", ("credentials.invalid",), "password")
    ]


def test_reading_the_trail_needs_the_administer_capability(world: Pharmacy) -> None:
    admin = member(world, "admin", capabilities=["read", "administer"])
    assert read_audit_trail(world.ports, login(world.ports, admin), world.address).entries
    with refused("access.missing_capability"):
        read_audit_trail(world.ports, world.alice, world.address)


def test_reading_a_trail_is_itself_audited(world: Pharmacy) -> None:
    trail = Trail(world.ports)
    read_audit_trail(world.ports, world.claire, world.address)
    entry = trail.one()
    assert (entry.action, entry.mailbox) == ("read_audit_trail", str(world.address))


def test_the_whole_store_verifies_and_a_checkpoint_lets_the_next_run_resume(
    world: Pharmacy,
) -> None:
    first = verify_audit(world.ports)
    assert first.ok
    assert first.checkpoint is not None
    count = first.count

    change_description(world.ports, world.claire, world.address, description="Ordonnances")
    resumed = verify_audit(world.ports, resume=True, expected_anchor_head=first.head)
    assert resumed.ok
    assert resumed.count < count  # only what followed the checkpoint was read


def test_an_altered_entry_is_found_by_the_mailboxs_reading_and_the_whole_verification(
    world: Pharmacy,
) -> None:
    store = store_of(world.ports)
    chain = f"mailbox:{world.address}"
    entry, payload = store.chains[chain][1]
    store.chains[chain][1] = (
        attrs.evolve(entry, actor="quelqu'un d'autre"),
        payload.replace(str(world.mailbox.responsible.account), "quelqu.un@ailleurs.fr"),
    )

    report = read_audit_trail(world.ports, world.claire, world.address).verification
    assert not report.ok
    assert "audit.entry_altered" in {p.code for p in report.problems}
    assert not verify_audit(world.ports).ok


def test_entries_cut_off_a_chains_end_are_found(world: Pharmacy) -> None:
    store = store_of(world.ports)
    del store.chains[f"mailbox:{world.address}"][-1]
    assert not read_audit_trail(world.ports, world.claire, world.address).verification.ok


def test_a_whole_chain_removed_is_found_by_its_anchors(world: Pharmacy) -> None:
    assert anchor_audit(world.ports) >= 1
    assert anchor_audit(world.ports) == 0  # nothing moved since
    store = store_of(world.ports)
    chain = f"account:{ALICE}"
    del store.chains[chain]
    del store.heads[chain]

    report = verify_audit(world.ports)
    assert not report.ok
    assert report.head != GENESIS
