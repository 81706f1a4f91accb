"""Who is on which mailbox is kept in its own indexed table, so that
``for_account`` reads a few rows instead of every mailbox."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from balorg.adapters.sql import SqlStore
from balorg.adapters.sql import schema as tables
from balorg.domain.delegation import Capability
from balorg.testing.contracts import T0, example_address, example_mailbox, example_professional


def _members(store: SqlStore) -> set[tuple[str, str]]:
    table = tables.mailbox_accounts
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(table.c.account, table.c.role)).all()
    return {(account.partition("@")[0], role) for account, role in rows}


def test_the_membership_rows_follow_every_save(store: SqlStore) -> None:
    with store() as uow:
        uow.mailboxes.add(example_mailbox())
        uow.commit()
    assert _members(store) == {("claire.martin1", "responsible")}

    address = example_address("pharmacie")
    with store() as uow:
        mailbox = uow.mailboxes.get(address)
        assert mailbox is not None
        boss = mailbox.responsible.account
        bob = example_address("bob")
        mailbox.grant(account=bob, capabilities={Capability.READ}, by=boss, at=T0)
        mailbox.hand_over(
            successor=example_professional(2),
            by=boss,
            at=T0 + dt.timedelta(minutes=1),
            previous_keeps={Capability.READ},
        )
        uow.mailboxes.save(mailbox)
        uow.commit()
    assert _members(store) == {
        ("claire.martin2", "responsible"),
        ("claire.martin1", "member"),
        ("bob", "member"),
    }
    with store() as uow:
        found = uow.mailboxes.for_account(example_address("claire.martin2"))
    assert [m.address for m in found] == [address]


def test_the_membership_table_is_indexed_by_account(store: SqlStore) -> None:
    indexes = sa.inspect(store.engine).get_indexes("mailbox_accounts")
    assert any(i["column_names"] == ["account"] for i in indexes)
