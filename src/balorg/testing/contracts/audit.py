"""Contract of :class:`~balorg.ports.AuditLog`: per-subject chains, anchors, checkpoints."""

from __future__ import annotations

import datetime as dt
import pickle

from balorg.domain.audit import GENESIS, ChainReport, Checkpoint, verify_chain, verify_store
from balorg.ports.repositories import UnitOfWorkFactory
from balorg.testing.contracts._support import StorageFixture, committed, record
from balorg.testing.examples import T0

__all__ = ["AuditLogContract"]

_BOX = "pharmacie@contract.mssante.fr"
_OTHER = "cabinet@contract.mssante.fr"


def _append(factory: UnitOfWorkFactory, *records: object) -> None:
    committed(factory, lambda uow: [uow.audit.append(r) for r in records])


def _verify(factory: UnitOfWorkFactory, start: Checkpoint | None = None) -> ChainReport:
    with factory() as uow:
        return verify_store(
            uow.audit.raw(start=start),
            heads=uow.audit.heads(),
            anchors=uow.audit.anchors(after=start.anchor_seq if start else 0),
            start=start,
        )


class AuditLogContract(StorageFixture):
    def test_an_empty_log_has_no_entries_and_verifies(self, uow_factory: UnitOfWorkFactory) -> None:
        with uow_factory() as uow:
            assert not uow.audit.entries()
            assert uow.audit.head(f"mailbox:{_BOX}") == (0, GENESIS)
        assert _verify(uow_factory).ok

    def test_each_mailbox_has_its_own_chain(self, uow_factory: UnitOfWorkFactory) -> None:
        _append(uow_factory, record(1), record(2, mailbox=_OTHER), record(3))
        with uow_factory() as uow:
            mine = uow.audit.trail(f"mailbox:{_BOX}")
            theirs = uow.audit.trail(f"mailbox:{_OTHER}")
            assert [(e.seq, e.action) for e in mine] == [(1, "action_1"), (2, "action_3")]
            assert [(e.seq, e.action) for e in theirs] == [(1, "action_2")]
            assert verify_chain(mine, expected_head=uow.audit.head(f"mailbox:{_BOX}")[1]).ok

    def test_entries_without_mailbox_go_to_their_account_chain(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        _append(
            uow_factory,
            record(1, mailbox=None, account="bob@contract.mssante.fr"),
            record(2, mailbox=None),
        )
        with uow_factory() as uow:
            assert [e.seq for e in uow.audit.trail("account:bob@contract.mssante.fr")] == [1]
            assert [e.seq for e in uow.audit.trail("account:alice@contract.mssante.fr")] == [1]

    def test_every_field_and_detail_survives_the_round_trip(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        written = record(
            1, allowed=False, reasons=["access.not_member"], account="bob@contract.mssante.fr"
        )
        _append(uow_factory, written)
        with uow_factory() as uow:
            (entry,) = uow.audit.trail(f"mailbox:{_BOX}")
        for name in ("at", "actor", "auth", "action", "allowed", "mailbox", "account", "reasons"):
            assert getattr(entry, name) == getattr(written, name), name
        assert dict(entry.details) == dict(written.details)
        assert pickle.loads(pickle.dumps(entry)) == entry

    def test_filters_by_mailbox_with_mentions_account_actor_and_period(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        bob = "bob@contract.mssante.fr"
        _append(
            uow_factory,
            record(1),
            record(2, actor=bob, mailbox=_OTHER),
            record(
                3, actor=bob, mailbox=None, account="carol@contract.mssante.fr", mentions=[_BOX]
            ),
            record(4, mailbox=None, account=bob),
        )
        with uow_factory() as uow:
            assert [e.action for e in uow.audit.entries(mailbox=_BOX)] == ["action_1", "action_3"]
            assert [e.action for e in uow.audit.entries(account=bob)] == [
                "action_2",
                "action_3",
                "action_4",
            ]
            assert [e.action for e in uow.audit.entries(actor=bob)] == ["action_2", "action_3"]
            since, until = T0 + dt.timedelta(minutes=2), T0 + dt.timedelta(minutes=4)
            period = uow.audit.entries(since=since, until=until)
            assert [e.action for e in period] == ["action_2", "action_3"]

    def test_filtered_reads_page_with_a_cursor(self, uow_factory: UnitOfWorkFactory) -> None:
        _append(uow_factory, *(record(n) for n in range(1, 6)))
        with uow_factory() as uow:
            first = uow.audit.entries(mailbox=_BOX, limit=2)
            last = first[-1]
            rest = uow.audit.entries(mailbox=_BOX, after=(last.at, last.chain, last.seq))
        assert [e.seq for e in [*first, *rest]] == [1, 2, 3, 4, 5]

    def test_units_of_work_appending_in_turn_keep_each_chain_whole(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        for n in range(1, 5):
            _append(uow_factory, record(n, mailbox=_BOX if n % 2 else _OTHER))
        report = _verify(uow_factory)
        assert report.ok, report.problems
        assert report.count == 4

    def test_uncommitted_entries_are_not_kept(self, uow_factory: UnitOfWorkFactory) -> None:
        with uow_factory() as uow:
            uow.audit.append(record(1))
        with uow_factory() as uow:
            assert not uow.audit.entries()
            assert uow.audit.head(f"mailbox:{_BOX}") == (0, GENESIS)

    def test_a_new_chain_is_anchored_at_once_and_moved_heads_on_request(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        _append(uow_factory, record(1), record(2, mailbox=_OTHER))
        with uow_factory() as uow:
            assert [(a.chain, a.chain_seq) for a in uow.audit.anchors()] == [
                (f"mailbox:{_BOX}", 1),
                (f"mailbox:{_OTHER}", 1),
            ]
        _append(uow_factory, record(3), record(4))
        with uow_factory() as uow:
            assert uow.audit.anchor(at=T0 + dt.timedelta(hours=1)) == 1
            uow.commit()
        with uow_factory() as uow:
            anchors = list(uow.audit.anchors(after=2))
            assert [(a.chain, a.chain_seq) for a in anchors] == [(f"mailbox:{_BOX}", 3)]
            assert uow.audit.anchor(at=T0 + dt.timedelta(hours=2)) == 0

    def test_a_saved_checkpoint_reads_back_and_resumes_verification(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        _append(uow_factory, record(1), record(2, mailbox=_OTHER))
        first = _verify(uow_factory)
        assert first.ok
        checkpoint = first.checkpoint
        assert checkpoint is not None
        with uow_factory() as uow:
            uow.audit.save_checkpoint(checkpoint)
            uow.commit()
        with uow_factory() as uow:
            again = uow.audit.checkpoint()
        assert again is not None
        assert dict(again.heads) == dict(checkpoint.heads)
        assert (again.anchor_seq, again.anchor_head) == (
            checkpoint.anchor_seq,
            checkpoint.anchor_head,
        )
        _append(uow_factory, record(3))
        resumed = _verify(uow_factory, start=again)
        assert resumed.ok, resumed.problems
        assert resumed.count == 1
