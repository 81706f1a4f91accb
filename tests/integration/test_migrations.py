"""Versioned migrations: a new database gets the latest schema, an old one is
upgraded with its data intact, and a failed step leaves the previous version."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from balorg.adapters.sql import (
    LATEST_VERSION,
    MIGRATIONS,
    Migration,
    SchemaVersionError,
    SqlCredentials,
    SqlDirectory,
    SqlStore,
    create_engine,
    migrate,
    schema_version,
)
from balorg.adapters.sql import schema as latest
from balorg.adapters.sql.engine import write_transaction
from balorg.adapters.sql.rows import (
    account_values,
    audit_entry_values,
    mailbox_values,
    membership_values,
    message_values,
)
from balorg.domain.audit import AuditRecord, chain, verify_chain
from balorg.domain.delegation import Capability
from balorg.domain.mail import Direction, MessageRecord
from balorg.domain.mailbox import DirectoryKind
from balorg.ports.credentials import Password
from balorg.ports.directory import DirectoryEntry
from balorg.testing.contracts import (
    T0,
    example_account,
    example_address,
    example_mailbox,
    mailbox_fields,
)


@pytest.fixture
def engine(empty_database_url: str) -> Iterator[sa.Engine]:
    engine = create_engine(empty_database_url)
    yield engine
    engine.dispose()


def _shape(engine: sa.Engine) -> dict[str, object]:
    inspector = sa.inspect(engine)
    return {
        name: (
            {c["name"]: c["nullable"] for c in inspector.get_columns(name)},
            {i["name"] for i in inspector.get_indexes(name) if "duplicates_constraint" not in i},
        )
        for name in inspector.get_table_names()
    }


def test_a_new_database_gets_every_step_and_the_tables_the_adapters_query(
    engine: sa.Engine,
) -> None:
    assert schema_version(engine) == 0
    assert migrate(engine) == tuple(m.version for m in MIGRATIONS)
    assert schema_version(engine) == LATEST_VERSION
    expected = {
        table.name: (
            {c.name: c.nullable for c in table.columns},
            {i.name for i in table.indexes},
        )
        for table in latest.metadata.sorted_tables
    }
    assert _shape(engine) == expected


def test_migrating_again_changes_nothing(engine: sa.Engine) -> None:
    migrate(engine)
    shape = _shape(engine)
    assert migrate(engine) == ()
    assert _shape(engine) == shape


def test_a_version_1_database_with_data_is_upgraded_without_loss(engine: sa.Engine) -> None:
    assert migrate(engine, target=1) == (1,)
    mailbox = example_mailbox()
    boss = mailbox.responsible.account
    mailbox.grant(account=example_address("bob"), capabilities={Capability.READ}, by=boss, at=T0)
    mailbox.pull_events()
    account = example_account("bob", pending=True)
    message = MessageRecord(
        mailbox=mailbox.address,
        direction=Direction.SENT,
        reference="<1@x>",
        at=T0,
        correspondent=example_address("dr.house", "hopital.mssante.fr"),
        author=example_address("bob"),
    )
    first = chain(None, AuditRecord(at=T0, actor=str(boss), action="register", allowed=True))
    second = chain(first, AuditRecord(at=T0, actor="bob@x.fr", action="grant", allowed=False))
    with write_transaction(engine) as conn:  # rows as balorg at schema version 1 wrote them
        conn.execute(latest.mailboxes.insert().values(mailbox_values(mailbox, version=4)))
        conn.execute(latest.mailbox_accounts.insert(), membership_values(mailbox))
        conn.execute(latest.accounts.insert().values(account_values(account, version=2)))
        conn.execute(latest.messages.insert().values(message_values(message)))
        conn.execute(
            latest.audit_entries.insert(), [audit_entry_values(e) for e in (first, second)]
        )
    SqlCredentials(engine).enrol(account.address, Password("ancien mot de passe"))
    SqlDirectory(engine).publish(DirectoryEntry.of(mailbox), DirectoryKind.NATIONAL)

    with pytest.raises(SchemaVersionError):
        SqlStore(engine, migrate=False)
    store = SqlStore(engine)  # upgrades
    assert schema_version(engine) == LATEST_VERSION

    with store() as uow:
        stored = uow.mailboxes.get(mailbox.address)
        assert stored is not None
        assert (stored.version, mailbox_fields(stored)) == (4, mailbox_fields(mailbox))
        assert [m.address for m in uow.mailboxes.for_account(example_address("bob"))] == [
            mailbox.address
        ]
        assert [a.address for a in uow.accounts.pending()] == [account.address]
        assert list(uow.messages.for_mailbox(mailbox.address)) == [message]
        assert list(uow.audit.entries()) == [first, second]
    assert SqlCredentials(engine).verify(account.address, Password("ancien mot de passe"))
    assert SqlDirectory(engine).entry(mailbox.address, DirectoryKind.NATIONAL) == (
        DirectoryEntry.of(mailbox)
    )
    # Version 2 filled the audit head from the existing entries: the chain goes on.
    assert store.audit_head() == second.hash
    with store() as uow:
        uow.audit.append(AuditRecord(at=T0, actor="carol@x.fr", action="after", allowed=True))
        uow.commit()
    with store() as uow:
        entries = list(uow.audit.entries())
    assert [e.seq for e in entries] == [1, 2, 3]
    assert verify_chain(entries, expected_head=store.audit_head()).ok


def _broken_step(conn: sa.Connection) -> None:
    sa.Table("half_done", sa.MetaData(), sa.Column("x", sa.Integer)).create(conn)
    raise RuntimeError("the step fails half way")


def test_a_failing_step_leaves_the_database_at_the_previous_version(engine: sa.Engine) -> None:
    migrate(engine)
    steps = (*MIGRATIONS, Migration(LATEST_VERSION + 1, "broken", _broken_step))
    with pytest.raises(RuntimeError, match="half way"):
        migrate(engine, steps=steps)
    assert schema_version(engine) == LATEST_VERSION
    assert not sa.inspect(engine).has_table("half_done")


def test_a_database_newer_than_this_balorg_is_refused(engine: sa.Engine) -> None:
    migrate(engine)
    with write_transaction(engine) as conn:
        conn.execute(
            latest.schema_version.insert().values(
                version=LATEST_VERSION + 1, description="future", applied_at=dt.datetime.now(dt.UTC)
            )
        )
    with pytest.raises(SchemaVersionError):
        migrate(engine)
    with pytest.raises(SchemaVersionError):
        SqlStore(engine, migrate=False)
