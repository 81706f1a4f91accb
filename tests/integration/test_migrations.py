"""balorg's Alembic revisions, on SQLite and on PostgreSQL.

- A new database upgraded to the head has exactly the schema the adapters query
  (:data:`balorg.adapters.sql.schema.metadata`): Alembic's own comparison finds nothing,
  and every table, column, key, index (partial ones with their condition) and check
  is the same as in a database made from the metadata directly.
- A real store of balorg 0.1 (``tests/data/storage/balorg-0.1.sql``: both guides
  played) is taken over and upgraded; its trail verifies, every mailbox, member and
  account reads back through the services, an old password hash works and is upgraded
  at the login, and the old trail's entries are in the new per-mailbox (and
  per-account) chains. Taken back to ``0001`` it is in 0.1's shape again, 0.1's rows
  as they were; upgraded again, it verifies again.
- ``current()``, ``head()``, ``revisions()``; ``require_latest`` and upgrades refuse
  outdated and unknown revisions with a coded error; upgrading twice changes nothing;
  a 0.1 trail that does not verify is not converted.
- A host runs balorg's revisions in its own Alembic environment, configured as
  ``docs/migrations.md`` says (the snippets are read from the page).

Concurrent upgraders are in ``test_processes.py``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
import sys
from collections.abc import Iterator, Mapping
from contextlib import closing
from pathlib import Path
from typing import Any, cast

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from balorg.adapters.clock import ManualClock
from balorg.adapters.sql import (
    SchemaVersionError,
    SqlStore,
    create_engine,
    current,
    downgrade,
    head,
    require_latest,
    upgrade,
)
from balorg.adapters.sql import schema as latest
from balorg.adapters.sql.migrations import revisions
from balorg.adapters.sql.migrations.legacy import LEGACY_STEPS, VERSIONS
from balorg.domain.actors import HostAssertion
from balorg.domain.addresses import EmailAddress
from balorg.domain.credentials import StoredCredential
from balorg.domain.errors import BalorgError
from balorg.ports.credentials import Password
from balorg.services import (
    Ports,
    Settings,
    authenticate,
    connection_settings,
    list_members,
    read_account_trail,
    read_audit_trail,
    show_mailbox,
    start_session,
    verify_audit,
)
from balorg.services.passwords import OWASP_MINIMUM, ScryptHasher
from balorg.testing.examples import example_mailbox

ROOT = Path(__file__).resolve().parents[2]
DUMP = ROOT / "tests" / "data" / "storage" / "balorg-0.1.sql"
DOCS = ROOT / "docs" / "migrations.md"

AGENT = EmailAddress("agent.validation@esante-occitanie.fr")
ALICE = "alice.bernard@medimail.mssante.fr"  # logs in with her 0.1 password
#: The fixture's tables that stay as they were through an upgrade and a downgrade.
UNCHANGED = (
    "accounts",
    "directory_entries",
    "directory_professionals",
    "directory_structures",
    "mailbox_accounts",
    "mailboxes",
    "messages",
    "notices",
)
#: The audit entries of the fixture (one 0.1 chain).
LEGACY_ENTRIES = 22


def _password_of(account: str) -> Password:
    """The passwords the guides' script gave in 0.1 (``examples/pharmacie.sh``)."""
    return Password(f"mot-de-passe-{account.split('.', maxsplit=1)[0]}")


def _host(account: str) -> HostAssertion:
    return HostAssertion(EmailAddress(account), sign_on="sso")


# -- databases ------------------------------------------------------------------------------------


@pytest.fixture
def fixture_engine(tmp_path: Path) -> Iterator[sa.Engine]:
    """The 0.1 dump as a SQLite file that nothing changes: the rows to compare with."""
    path = tmp_path / "fixture-0.1.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.executescript(DUMP.read_text("utf-8"))
    engine = sa.create_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture
def other_empty_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A second database with no schema at all."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'other.db'}"
    url: str = request.getfixturevalue("postgres").create_database(migrated=False)
    return url


@pytest.fixture
def legacy_url(backend: str, empty_database_url: str, fixture_engine: sa.Engine) -> str:
    """A store of balorg 0.1 holding the fixture's rows (its ``schema_version`` table,
    no Alembic). On PostgreSQL, 0.1's tables are made by revision 0001 and the rows of
    the SQLite fixture copied into them."""
    if backend == "sqlite":
        path = sa.make_url(empty_database_url).database
        assert path is not None
        with closing(sqlite3.connect(path)) as conn:
            conn.executescript(DUMP.read_text("utf-8"))
        return empty_database_url
    engine = create_engine(empty_database_url)
    try:
        assert upgrade(engine, "0001") == ("0001",)
        _copy_rows(fixture_engine, engine)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE alembic_version")
    finally:
        engine.dispose()
    return empty_database_url


def _copy_rows(source: sa.Engine, target: sa.Engine) -> None:
    found, made = sa.MetaData(), sa.MetaData()
    with source.connect() as conn:
        found.reflect(conn)
        rows = {
            t.name: [_plain(r._mapping) for r in conn.execute(sa.select(t))]
            for t in found.sorted_tables
        }
    with target.begin() as conn:
        made.reflect(conn)
        assert set(made.tables) == set(found.tables) | {"alembic_version"}
        for table in reversed(made.sorted_tables):
            conn.execute(table.delete())
        for table in made.sorted_tables:
            if rows.get(table.name):
                conn.execute(table.insert(), rows[table.name])
        for name in ("messages", "notices"):  # 0.1's serial keys go on after the copied rows
            conn.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {name}))"
            )


def _plain(row: Mapping[Any, Any]) -> dict[str, Any]:
    """A row with comparable values: instants in UTC, bytes as bytes."""
    return {key: _value(value) for key, value in row.items()}


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    if isinstance(value, memoryview):
        return value.tobytes()
    return value


def _rows(engine: sa.Engine) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows, plain, in the order of their keys (Alembic's table aside)."""
    metadata = sa.MetaData()
    with engine.connect() as conn:
        metadata.reflect(conn)
        return {
            table.name: [
                _plain(r._mapping)
                for r in conn.execute(sa.select(table).order_by(*table.primary_key.columns))
            ]
            for table in metadata.sorted_tables
            if table.name != "alembic_version"
        }


def _shape(engine: sa.Engine, *, ordered: bool = False) -> dict[str, Any]:
    """Every table as the database describes it (Alembic's own table aside); columns in
    their order only if ``ordered`` (a column added by a revision comes last, while the
    metadata may list it earlier: queries name their columns)."""
    inspector = sa.inspect(engine)

    def columns(name: str) -> list[tuple[Any, ...]]:
        found = [
            (c["name"], str(c["type"]), c["nullable"], str(c.get("default")))
            for c in inspector.get_columns(name)
        ]
        return found if ordered else sorted(found)

    def index(found: Any) -> tuple[Any, ...]:
        options = sorted((k, str(v)) for k, v in found.get("dialect_options", {}).items())
        return (tuple(found["column_names"]), bool(found["unique"]), tuple(options))

    return {
        name: {
            "columns": columns(name),
            "primary key": inspector.get_pk_constraint(name)["constrained_columns"],
            "indexes": {i["name"]: index(i) for i in inspector.get_indexes(name)},
            "uniques": sorted(
                tuple(u["column_names"]) for u in inspector.get_unique_constraints(name)
            ),
            "foreign keys": sorted(
                (tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]))
                for f in inspector.get_foreign_keys(name)
            ),
            "checks": sorted(
                (c["name"], c["sqltext"]) for c in inspector.get_check_constraints(name)
            ),
        }
        for name in inspector.get_table_names()
        if name != "alembic_version"
    }


def _differences(engine: sa.Engine, metadata: sa.MetaData | list[sa.MetaData]) -> list[Any]:
    """What Alembic's autogenerate would change (a list of metadata: a host's and balorg's)."""
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True}
        )
        return list(compare_metadata(context, cast("Any", metadata)))


def _legacy(engine: sa.Engine) -> tuple[int, str]:
    """What ``audit_legacy`` kept of the converted 0.1 chain: its length and last hash."""
    table = latest.audit_legacy
    with engine.connect() as conn:
        count, last = conn.execute(sa.select(table.c["count"], table.c["head"])).one()
    return int(count), str(last)


def _engine(url: str) -> sa.Engine:
    return create_engine(url)


# -- the schema -----------------------------------------------------------------------------------


def test_a_new_database_upgraded_to_the_head_has_exactly_the_schema_the_adapters_query(
    empty_database_url: str, other_empty_url: str
) -> None:
    engine, reference = _engine(empty_database_url), _engine(other_empty_url)
    try:
        assert upgrade(engine) == ("0001", "0002")
        assert _differences(engine, latest.metadata) == []
        latest.metadata.create_all(reference)
        assert _shape(engine) == _shape(reference)
    finally:
        engine.dispose()
        reference.dispose()


def test_revision_0001_is_the_schema_of_balorg_0_1(
    empty_database_url: str, fixture_engine: sa.Engine
) -> None:
    engine = _engine(empty_database_url)
    try:
        assert upgrade(engine, "0001") == ("0001",)
        tables = set(sa.inspect(fixture_engine).get_table_names())
        assert set(sa.inspect(engine).get_table_names()) == {*tables, "alembic_version"}
        if engine.dialect.name == "sqlite":  # the very DDL 0.1 wrote, to the index
            assert _shape(engine, ordered=True) == _shape(fixture_engine, ordered=True)
        with engine.connect() as conn:  # 0.1 opens it: its own version table says 3
            versions = conn.execute(sa.select(VERSIONS.c.version, VERSIONS.c.description))
            assert [tuple(v) for v in versions] == [(v, d) for v, d, _ in LEGACY_STEPS]
    finally:
        engine.dispose()


def test_upgrading_twice_changes_nothing(empty_database_url: str) -> None:
    engine = _engine(empty_database_url)
    try:
        upgrade(engine)
        shape, rows = _shape(engine), _rows(engine)
        assert upgrade(engine) == ()
        assert (_shape(engine), _rows(engine), current(engine)) == (shape, rows, head())
    finally:
        engine.dispose()


def test_current_head_and_revisions(empty_database_url: str) -> None:
    assert revisions() == ("0001", "0002")
    assert head() == "0002"
    engine = _engine(empty_database_url)
    try:
        assert current(engine) is None
        assert upgrade(engine, "0001") == ("0001",)
        assert current(engine) == "0001"
        assert upgrade(engine) == ("0002",)
        assert current(engine) == "0002"
        assert downgrade(engine, "0001") == ("0002",)
        assert current(engine) == "0001"
        assert downgrade(engine, "base") == ("0001",)
        assert current(engine) is None
        assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}
        assert upgrade(engine) == ("0001", "0002")
    finally:
        engine.dispose()


def test_an_outdated_or_unknown_store_is_refused_with_a_coded_error(
    empty_database_url: str,
) -> None:
    engine = _engine(empty_database_url)
    try:
        for found in ("none", "0001"):
            if found == "0001":
                upgrade(engine, "0001")
            with pytest.raises(SchemaVersionError) as refused:
                require_latest(engine)
            assert refused.value.code == "storage.schema_version"
            assert dict(refused.value.params) == {"found": found, "latest": head()}
            with pytest.raises(SchemaVersionError):
                SqlStore(engine, upgrade=False)
        upgrade(engine)
        require_latest(engine)
        SqlStore(engine, upgrade=False)
        with engine.begin() as conn:  # a newer balorg's revision
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0003'")
        before = _shape(engine)
        for refuse in (
            lambda: require_latest(engine),
            lambda: upgrade(engine),
            lambda: downgrade(engine, "0001"),
        ):
            with pytest.raises(SchemaVersionError) as refused:
                refuse()
            assert dict(refused.value.params) == {"found": "0003", "latest": head()}
        assert (current(engine), _shape(engine)) == ("0003", before)
    finally:
        engine.dispose()


@pytest.mark.parametrize("version", [1, 2])
def test_a_store_of_any_0_1_version_is_taken_over(empty_database_url: str, version: int) -> None:
    engine = _engine(empty_database_url)
    try:
        with engine.begin() as conn:  # 0.1 stopped at ``version``
            for number, description, step in LEGACY_STEPS[:version]:
                step(conn)
                VERSIONS.create(conn, checkfirst=True)
                conn.execute(
                    VERSIONS.insert().values(
                        version=number, description=description, applied_at=dt.datetime.now(dt.UTC)
                    )
                )
        assert current(engine) is None
        assert upgrade(engine) == ("0002",)
        assert current(engine) == head()
        assert _differences(engine, latest.metadata) == []
    finally:
        engine.dispose()


# -- a store of balorg 0.1, with its data ---------------------------------------------------------


def _hash_01(row: Mapping[str, Any]) -> str:
    """The hash balorg 0.1 gave an entry of its single chain."""
    payload = {
        "seq": row["seq"],
        "prev": row["prev_hash"],
        "at": row["at"].astimezone(dt.UTC).isoformat(),
        "actor": row["actor"],
        "mailbox": row["mailbox"],
        "action": row["action"],
        "allowed": bool(row["allowed"]),
        "reasons": json.loads(row["reasons"]),
        "details": json.loads(row["details"]),
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _chain_01(rows: list[dict[str, Any]]) -> None:
    """``rows`` are one whole 0.1 chain."""
    prev = "0" * 64
    for seq, row in enumerate(sorted(rows, key=lambda r: r["seq"]), start=1):
        assert (row["seq"], row["prev_hash"]) == (seq, prev)
        assert _hash_01(row) == row["hash"], row
        prev = row["hash"]


def _ports(url: str, at: dt.datetime) -> tuple[SqlStore, Ports]:
    store = SqlStore(url, upgrade=False)
    settings = Settings(domains=("medimail.mssante.fr",), service_centre=[AGENT])
    return store, Ports(uow=store, clock=ManualClock(at), settings=settings)


def _credential(store: SqlStore, account: str) -> StoredCredential:
    with store() as uow:
        found = uow.credentials.get(EmailAddress(account))
    assert found is not None
    return found


def _check_through_services(
    url: str, fixture: dict[str, list[dict[str, Any]]], at: dt.datetime
) -> None:
    """The taken-over store as the services see it."""
    store, ports = _ports(url, at)
    try:
        report = verify_audit(ports)
        assert report.ok, report.problems
        assert report.count >= LEGACY_ENTRIES

        for row in fixture["mailboxes"]:
            doc, address = row["document"], EmailAddress(row["address"])
            responsible = doc["responsible"]["account"]
            view = show_mailbox(ports, _host(responsible), address)
            mailbox = view.mailbox
            assert (mailbox.state.value, str(mailbox.responsible.account)) == (
                row["state"],
                responsible,
            )
            assert (str(mailbox.structure.identifier), mailbox.description, mailbox.version) == (
                row["structure"],
                doc["description"],
                row["version"],
            )
            published = {d.value for d, entry in view.entries.items() if entry is not None}
            shown = {
                r["directory"]
                for r in fixture["directory_entries"]
                if r["address"] == row["address"]
            }
            assert published == shown
            members = list_members(ports, _host(responsible), address).members
            assert {
                (
                    str(m.account),
                    m.role.value,
                    m.state.value,
                    tuple(sorted(c.value for c in m.capabilities)),
                )
                for m in members
                if m.state is not None
            } == {
                (d["account"], "member", d["state"], tuple(sorted(d["capabilities"])))
                for d in doc["delegations"]
            }
            assert {(str(m.account), m.role.value) for m in members} == {
                (r["account"], r["role"])
                for r in fixture["mailbox_accounts"]
                if r["mailbox"] == row["address"]
            }

        for row in fixture["accounts"]:
            doc, account = row["document"], row["address"]
            before = _credential(store, account)
            if account == ALICE:
                opened = authenticate(ports, EmailAddress(ALICE), _password_of(account))
                after = _credential(store, account)
                assert ScryptHasher().verify(_password_of(account), after)
                if (before.n, before.r, before.p) < OWASP_MINIMUM:  # 0.1's cost: upgraded
                    assert (after.n, after.r, after.p) == OWASP_MINIMUM
                    assert after.salt != before.salt
                else:  # already upgraded at the first login
                    assert after == before
            else:
                opened = start_session(ports, _host(account))
                assert _credential(store, account) == before  # nobody typed a password
            assert str(opened.view.account) == account
            mine = connection_settings(ports, opened.token)
            assert str(mine.default) == (doc["default_mailbox"] or account)
            assert {str(n) for n in mine.notices} == set(doc["notices"])
            with store() as uow:
                stored = uow.accounts.get(EmailAddress(account))
            assert stored is not None
            assert (stored.state.value, stored.first_name, stored.last_name) == (
                row["state"],
                doc["first_name"],
                doc["last_name"],
            )

        _check_legacy_trail(ports, fixture)
    finally:
        store.close()


def _check_legacy_trail(ports: Ports, fixture: dict[str, list[dict[str, Any]]]) -> None:
    """Each entry of the 0.1 chain is in its mailbox's (or account's) chain, in its old
    order, with its old sequence number and hash in its details."""
    responsible = {r["address"]: r["responsible_account"] for r in fixture["mailboxes"]}
    found = {}
    for mailbox, who in responsible.items():
        trail = read_audit_trail(ports, _host(who), EmailAddress(mailbox), limit=1000)
        assert trail.verification.ok, trail.verification.problems
        found.update({e.details["legacy_seq"]: e for e in trail.entries if e.auth == "legacy"})
        _in_old_order([e for e in trail.entries if e.auth == "legacy"])
    for account in {r["address"] for r in fixture["accounts"]}:
        trail = read_account_trail(ports, _host(account), EmailAddress(account), limit=1000)
        assert trail.verification.ok, trail.verification.problems
        own = [e for e in trail.entries if e.auth == "legacy" and e.chain == f"account:{account}"]
        found.update({e.details["legacy_seq"]: e for e in own})
        _in_old_order(own)
    old = {r["seq"]: r for r in fixture["audit_entries"]}
    assert set(old) <= set(found)
    for seq, row in old.items():
        entry, details = found[seq], json.loads(row["details"])
        account = details.get("account")
        expected_chain = (
            f"mailbox:{row['mailbox']}" if row["mailbox"] else f"account:{account or row['actor']}"
        )
        assert entry.chain == expected_chain
        assert (entry.at, entry.actor, entry.action, entry.allowed, entry.mailbox) == (
            row["at"],
            row["actor"],
            row["action"],
            bool(row["allowed"]),
            row["mailbox"],
        )
        assert list(entry.reasons) == json.loads(row["reasons"])
        assert dict(entry.details) == {**details, "legacy_seq": seq, "legacy_hash": row["hash"]}


def _in_old_order(entries: list[Any]) -> None:
    by_chain: dict[str, list[Any]] = {}
    for entry in entries:
        by_chain.setdefault(entry.chain, []).append(entry)
    for chain in by_chain.values():
        chain.sort(key=lambda e: e.seq)
        assert [e.details["legacy_seq"] for e in chain] == sorted(
            e.details["legacy_seq"] for e in chain
        )


def _check_back_in_0_1_shape(
    engine: sa.Engine,
    fixture: dict[str, list[dict[str, Any]]],
    fixture_engine: sa.Engine,
    reference: sa.Engine,
) -> list[dict[str, Any]]:
    """The store taken back to 0001 is a 0.1 store: 0.1's tables, 0.1's rows as they
    were (the entries added since follow on the same chain); answers its trail."""
    if engine.dialect.name == "sqlite":  # the very DDL 0.1 wrote
        assert _shape(engine, ordered=True) == _shape(fixture_engine, ordered=True)
    assert _shape(engine, ordered=True) == _shape(reference, ordered=True)
    rows = _rows(engine)
    assert set(rows) == set(fixture)
    for name in UNCHANGED:
        assert rows[name] == fixture[name], name
    credentials = {r["address"]: r for r in rows["credentials"]}
    for row in fixture["credentials"]:
        if row["address"] != ALICE:  # logged in by host sign-on only: the 0.1 hash as it was
            assert credentials[row["address"]] == row
    alice = credentials[ALICE]
    assert (alice["n"], alice["r"], alice["p"]) == OWASP_MINIMUM  # upgraded at her login
    assert [(r["version"], r["description"]) for r in rows["schema_version"]] == [
        (r["version"], r["description"]) for r in fixture["schema_version"]
    ]
    trail = rows["audit_entries"]
    _chain_01(trail)
    assert trail[:LEGACY_ENTRIES] == fixture["audit_entries"]
    assert len(trail) > LEGACY_ENTRIES  # what the services audited since, on the same chain
    later = [json.loads(r["details"]) for r in trail[LEGACY_ENTRIES:]]
    assert all(
        d["auth"] in ("password", "host:sso") or d["auth"].startswith("session:") for d in later
    )
    assert rows["audit_head"] == [{"id": 1, "seq": len(trail), "hash": trail[-1]["hash"]}]
    return trail


def test_a_0_1_store_is_taken_over_upgraded_taken_back_and_upgraded_again(
    legacy_url: str, fixture_engine: sa.Engine, other_empty_url: str
) -> None:
    fixture = _rows(fixture_engine)
    _chain_01(fixture["audit_entries"])
    assert len(fixture["audit_entries"]) == LEGACY_ENTRIES
    engine, reference = _engine(legacy_url), _engine(other_empty_url)
    try:
        assert current(engine) is None
        assert upgrade(engine) == ("0002",)
        assert current(engine) == head()
        assert upgrade(engine) == ()
        assert _differences(engine, latest.metadata) == []
        assert _legacy(engine) == (LEGACY_ENTRIES, fixture["audit_entries"][-1]["hash"])
        _check_through_services(legacy_url, fixture, dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC))

        assert downgrade(engine, "0001") == ("0002",)
        assert current(engine) == "0001"
        upgrade(reference, "0001")
        trail = _check_back_in_0_1_shape(engine, fixture, fixture_engine, reference)

        assert upgrade(engine) == ("0002",)
        assert _differences(engine, latest.metadata) == []
        assert _legacy(engine) == (len(trail), trail[-1]["hash"])
        _check_through_services(legacy_url, fixture, dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC))
    finally:
        engine.dispose()
        reference.dispose()


@pytest.mark.parametrize(
    ("spoil", "code", "params"),
    [
        (
            """UPDATE audit_entries SET details = '{"number": 2}' WHERE seq = 4""",
            "audit.entry_altered",
            {"seq": 4},
        ),
        (
            "UPDATE audit_entries SET actor = 'mallory@medimail.mssante.fr' WHERE seq = 5",
            "audit.entry_altered",
            {"seq": 5},
        ),
        (
            "UPDATE audit_entries SET prev_hash = hash WHERE seq = 6",
            "audit.link_broken",
            {"seq": 6},
        ),
        (
            "DELETE FROM audit_entries WHERE seq = 9",
            "audit.entry_missing",
            {"expected": 9, "found": 10},
        ),
        ("DELETE FROM audit_entries WHERE seq = 22", "audit.head_mismatch", {"count": 21}),
    ],
    ids=["details", "actor", "link", "removed", "cut_off_the_end"],
)
def test_a_0_1_trail_that_does_not_verify_is_not_converted_and_nothing_changes(
    legacy_url: str, spoil: str, code: str, params: dict[str, Any]
) -> None:
    engine = _engine(legacy_url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(spoil)
        before, shape = _rows(engine), _shape(engine)
        with pytest.raises(BalorgError) as refused:
            upgrade(engine)
        assert (refused.value.code, dict(refused.value.params)) == (code, params)
        assert (current(engine), _rows(engine), _shape(engine)) == (None, before, shape)
        assert "alembic_version" not in sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()


# -- a host's own Alembic environment -------------------------------------------------------------


def _documented(first_line: str) -> str:
    """The fenced block of ``docs/migrations.md`` whose first line is ``first_line``."""
    for block in re.findall(r"^```[a-z]*\n(.*?)^```", DOCS.read_text("utf-8"), re.M | re.S):
        if block.splitlines()[0] == first_line:
            return str(block)
    raise AssertionError(f"no block starting with {first_line!r} in {DOCS}")


HOST_MODELS = """
import sqlalchemy as sa

metadata = sa.MetaData()
invoices = sa.Table(
    "invoices",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("mailbox", sa.Text, nullable=False),
)
"""

HOST_REVISION = '''
"""The host's own table."""

import sqlalchemy as sa
from alembic import op

revision = "a1b2c3d4e5f6"
down_revision = None
branch_labels = ("myapp",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("mailbox", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("invoices")
'''


@pytest.fixture
def host_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Config]:
    """A host's Alembic project with one revision of its own, set up as the page says."""
    project = tmp_path / "host"
    (project / "migrations" / "versions").mkdir(parents=True)
    (project / "myapp").mkdir()
    (project / "myapp" / "__init__.py").write_text("")
    (project / "myapp" / "models.py").write_text(HOST_MODELS)
    (project / "alembic.ini").write_text(_documented("# alembic.ini"))
    (project / "migrations" / "env.py").write_text(_documented("# migrations/env.py"))
    (project / "migrations" / "versions" / "a1b2c3d4e5f6_invoices.py").write_text(HOST_REVISION)
    monkeypatch.chdir(project)  # prepend_sys_path = . finds the host's package
    monkeypatch.setattr(sys, "path", list(sys.path))
    config = Config(str(project / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", f"sqlite:///{project / 'app.db'}")
    yield config
    for name in [n for n in sys.modules if n == "myapp" or n.startswith("myapp.")]:
        del sys.modules[name]


def test_a_host_runs_balorgs_revisions_in_its_own_alembic_environment(host_project: Config) -> None:
    script = ScriptDirectory.from_config(host_project)
    assert set(script.get_heads()) == {"a1b2c3d4e5f6", head()}
    assert script.get_revision("balorg@head").revision == head()

    command.upgrade(host_project, "heads")
    url = host_project.get_main_option("sqlalchemy.url")
    assert url is not None
    engine = create_engine(url)
    try:
        host_models = sys.modules["myapp.models"]
        assert set(sa.inspect(engine).get_table_names()) == {
            "alembic_version",
            "invoices",
            *latest.metadata.tables,
        }
        assert _differences(engine, [host_models.metadata, latest.metadata]) == []
        with engine.connect() as conn:
            recorded = set(
                conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars()
            )
        assert recorded == {"a1b2c3d4e5f6", head()}

        # balorg sees its own branch; the store opens without upgrading anything
        assert current(engine) == head()
        require_latest(engine)
        with SqlStore(engine, upgrade=False) as store, store() as uow:
            uow.mailboxes.add(example_mailbox())
            uow.commit()
        # balorg's own upgrade cannot run the host's revisions: it refuses, coded
        with pytest.raises(SchemaVersionError) as refused:
            upgrade(engine)
        assert refused.value.params["found"] == f"{head()}, a1b2c3d4e5f6"

        # the branch label moves balorg's branch alone
        command.downgrade(host_project, "balorg@-1")
        assert current(engine) == "0001"
        assert "invoices" in sa.inspect(engine).get_table_names()
        command.downgrade(host_project, "balorg@base")
        assert set(sa.inspect(engine).get_table_names()) == {"alembic_version", "invoices"}
        assert current(engine) == "a1b2c3d4e5f6"
        command.upgrade(host_project, "balorg@head")
        assert current(engine) == head()
        assert _differences(engine, [host_models.metadata, latest.metadata]) == []
    finally:
        engine.dispose()


def test_a_host_environment_takes_over_a_0_1_store_in_its_database(host_project: Config) -> None:
    url = host_project.get_main_option("sqlalchemy.url")
    assert url is not None
    path = sa.make_url(url).database
    assert path is not None
    with closing(sqlite3.connect(path)) as conn:  # balorg 0.1 lived in the host's database
        conn.executescript(DUMP.read_text("utf-8"))
    command.upgrade(host_project, "heads")
    engine = create_engine(url)
    try:
        assert current(engine) == head()
        assert _differences(engine, [sys.modules["myapp.models"].metadata, latest.metadata]) == []
        assert _legacy(engine)[0] == LEGACY_ENTRIES
        store, ports = _ports(url, dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC))
        with store:
            report = verify_audit(ports)
            assert (report.ok, report.count) == (True, LEGACY_ENTRIES)
            with store() as uow:
                assert len(uow.mailboxes.addresses()) == 2
    finally:
        engine.dispose()
