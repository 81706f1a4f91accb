"""The audit trail: read per mailbox, actor and period; verified; all or nothing."""

from __future__ import annotations

import datetime as dt

import attrs

from balorg.domain.delegation import Capability
from balorg.ports import Password
from balorg.services import (
    create_member_account,
    read_audit_trail,
    send_message,
    verify_audit_trail,
)


class TestReadAuditTrail:
    def test_the_responsible_reads_the_mailbox_trail_verified(self, pharmacy) -> None:
        alice = pharmacy.addr("alice")
        pharmacy.clock.advance(hours=1)
        send_message(
            pharmacy.ports,
            pharmacy.pharmacie,
            by=alice,
            recipient=pharmacy.correspondent,
            reference="m-1",
        )
        trail = read_audit_trail(pharmacy.ports, pharmacy.pharmacie, by=pharmacy.claire)
        assert trail.verification.ok
        assert trail.verification.count == len(pharmacy.audit())
        assert trail.entries
        assert {e.mailbox for e in trail.entries} == {str(pharmacy.pharmacie)}
        assert [e.action for e in trail.entries][:2] == ["account_created", "mailbox_registered"]
        by_alice = read_audit_trail(
            pharmacy.ports, pharmacy.pharmacie, by=pharmacy.claire, actor=alice
        )
        assert [e.action for e in by_alice.entries] == ["send_message"]
        later = read_audit_trail(
            pharmacy.ports,
            pharmacy.pharmacie,
            by=pharmacy.claire,
            since=pharmacy.t0 + dt.timedelta(minutes=30),
        )
        assert [e.action for e in later.entries] == ["send_message"]
        earlier = read_audit_trail(
            pharmacy.ports,
            pharmacy.pharmacie,
            by=pharmacy.claire,
            until=pharmacy.t0 + dt.timedelta(minutes=30),
        )
        assert "send_message" not in [e.action for e in earlier.entries]

    def test_every_change_names_a_nominative_account(self, pharmacy) -> None:
        send_message(
            pharmacy.ports,
            pharmacy.pharmacie,
            by=pharmacy.addr("alice"),
            recipient=pharmacy.correspondent,
            reference="m-1",
        )
        mailboxes = {str(pharmacy.pharmacie)}
        for entry in pharmacy.audit():
            assert entry.actor not in mailboxes, entry
            assert entry.actor

    def test_reading_the_trail_needs_the_administer_capability(self, pharmacy) -> None:
        alice = pharmacy.addr("alice")
        pharmacy.refused(
            lambda: read_audit_trail(pharmacy.ports, pharmacy.pharmacie, by=alice),
            "access.missing_capability",
            actor=alice,
            action="read_audit",
            mailbox=pharmacy.pharmacie,
        )
        admin = pharmacy.add_member("admin", capabilities={Capability.READ, Capability.ADMINISTER})
        assert read_audit_trail(pharmacy.ports, pharmacy.pharmacie, by=admin).verification.ok


class TestVerifyAuditTrail:
    def test_an_altered_entry_is_found(self, pharmacy) -> None:
        assert verify_audit_trail(pharmacy.ports).ok
        head = verify_audit_trail(pharmacy.ports).head
        assert verify_audit_trail(pharmacy.ports, expected_head=head).ok
        pharmacy.store.audit[2] = attrs.evolve(pharmacy.store.audit[2], actor="someone@else.fr")
        report = verify_audit_trail(pharmacy.ports)
        assert not report.ok
        assert [p.code for p in report.problems] == ["audit.entry_altered"]

    def test_entries_cut_off_the_end_are_found_against_the_head_kept_apart(self, pharmacy) -> None:
        head = verify_audit_trail(pharmacy.ports).head
        del pharmacy.store.audit[-1]
        report = verify_audit_trail(pharmacy.ports)
        assert not report.ok
        assert [p.code for p in report.problems] == ["audit.head_mismatch"]
        # A head the host kept itself is checked instead, when given.
        pharmacy.store.audit_head = "0" * 64
        assert not verify_audit_trail(pharmacy.ports, expected_head=head).ok


class TestAllOrNothing:
    def test_a_refusal_midway_leaves_only_its_refusal_entry(self, pharmacy) -> None:
        """The account was built and the grant refused: no account, no password, no
        delegation, and one refusal entry."""
        manager = pharmacy.add_member(
            "manager", capabilities={Capability.READ, Capability.MANAGE_MEMBERS}
        )
        before = pharmacy.audit()
        entry = pharmacy.refused(
            lambda: create_member_account(
                pharmacy.ports,
                pharmacy.pharmacie,
                account=pharmacy.addr("eve"),
                first_name="Eve",
                last_name="Durand",
                password=Password("eve-pw"),
                by=manager,
                capabilities={Capability.SEND},
            ),
            "delegation.exceeds_grantor",
            actor=manager,
            action="create_member_account",
            mailbox=pharmacy.pharmacie,
        )
        assert pharmacy.audit() == [*before, entry]
        assert verify_audit_trail(pharmacy.ports).ok
