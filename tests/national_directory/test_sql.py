"""The SQL national directory: the look-up contract on SQLite and PostgreSQL, indexes, kills."""

from __future__ import annotations

import importlib.util
import signal
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import sqlalchemy as sa

from balorg.adapters.national_directory import import_extraction
from balorg.adapters.national_directory.sql import (
    ImportSuperseded,
    SqlNationalDirectory,
    activities,
    create_schema,
    mailboxes,
    persons,
    snapshots,
)
from balorg.adapters.sql.engine import create_engine
from balorg.domain.addresses import EmailAddress
from balorg.domain.directory import DirectoryMailbox, DirectoryPerson
from balorg.interop.extractions import MSSANTE_COLUMNS, ExtractionKind
from balorg.ports.directory import DirectoryLookup
from balorg.testing.contracts.directory_lookup import DirectoryLookupContract, LookupFactory

MSSANTE_JUNE = "Extraction_Correspondance_MSSante_202606010300.txt"
MSSANTE_NEXT_ZIP = "Extraction_Correspondance_MSSante_202606020300.zip"
RPPS_JUNE = "PS_LibreAcces_Personne_activite_202606010300.txt"
WORKER = Path(__file__).with_name("import_worker.py")


def _pg_cluster() -> ModuleType:
    """tests/integration/pg_cluster.py, imported once per process (shared with its users)."""
    key = "balorg_integration_pg_cluster"
    if key not in sys.modules:
        path = Path(__file__).resolve().parents[1] / "integration" / "pg_cluster.py"
        spec = importlib.util.spec_from_file_location(key, path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]


@pytest.fixture(scope="session")
def postgres() -> Iterator[Any]:
    pg_cluster = _pg_cluster()
    cluster = pg_cluster.acquire()
    yield cluster
    pg_cluster.release()


def _sqlite_engine(tmp_path: Path) -> sa.Engine:
    return create_engine(f"sqlite:///{tmp_path / 'directory.db'}")


def _factory(engine: sa.Engine) -> LookupFactory:
    create_schema(engine)
    directory = SqlNationalDirectory(engine)

    def make(
        persons: Sequence[DirectoryPerson], mailboxes: Sequence[DirectoryMailbox]
    ) -> DirectoryLookup:
        directory.load_values(persons=persons, mailboxes=mailboxes)
        return directory

    return make


class TestSqliteLookup(DirectoryLookupContract):
    @pytest.fixture
    def make_lookup(self, tmp_path: Path) -> Iterator[LookupFactory]:
        engine = _sqlite_engine(tmp_path)
        yield _factory(engine)
        engine.dispose()


@pytest.mark.postgres
@pytest.mark.slow
class TestPostgresLookup(DirectoryLookupContract):
    @pytest.fixture
    def make_lookup(self, postgres: Any) -> Iterator[LookupFactory]:
        engine = create_engine(postgres.create_database(migrated=False))
        yield _factory(engine)
        engine.dispose()


@pytest.mark.postgres
@pytest.mark.slow
def test_postgres_imports_the_fixture_files_like_sqlite(postgres: Any, data_dir: Path) -> None:
    engine = create_engine(postgres.create_database(migrated=False))
    try:
        create_schema(engine)
        create_schema(engine)
        directory = SqlNationalDirectory(engine, commit_rows=2)
        first = import_extraction(directory, data_dir / MSSANTE_JUNE).snapshot
        assert (first.stored, first.merged) == (8, 1)
        people = import_extraction(directory, data_dir / RPPS_JUNE).snapshot
        assert (people.stored, people.activities, people.merged) == (3, 4, 2)
        claire = directory.professional("810009652727")
        assert claire is not None
        assert len(claire.activities) == 3
        second = import_extraction(directory, data_dir / MSSANTE_NEXT_ZIP)
        assert second.replaced == first
        assert _rows(engine, first.id) == 0
    finally:
        engine.dispose()


# -- SQLite specifics ------------------------------------------------------------------------------


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[sa.Engine]:
    engine = _sqlite_engine(tmp_path)
    create_schema(engine)
    yield engine
    engine.dispose()


def _rows(engine: sa.Engine, snapshot_id: int) -> int:
    with engine.connect() as conn:
        return sum(
            conn.execute(
                sa.select(sa.func.count()).select_from(t).where(t.c.snapshot_id == snapshot_id)
            ).scalar_one()
            for t in (mailboxes, persons, activities)
        )


def _state(engine: sa.Engine, snapshot_id: int) -> str:
    with engine.connect() as conn:
        state: str = conn.execute(
            sa.select(snapshots.c.state).where(snapshots.c.id == snapshot_id)
        ).scalar_one()
    return state


def test_creating_the_schema_again_changes_nothing(engine: sa.Engine, data_dir: Path) -> None:
    directory = SqlNationalDirectory(engine)
    snapshot = import_extraction(directory, data_dir / MSSANTE_JUNE).snapshot
    create_schema(engine)
    assert directory.current_snapshot(ExtractionKind.MSSANTE) == snapshot


def test_a_replaced_snapshot_s_rows_are_deleted(engine: sa.Engine, data_dir: Path) -> None:
    directory = SqlNationalDirectory(engine)
    june = import_extraction(directory, data_dir / MSSANTE_JUNE).snapshot
    assert _rows(engine, june.id) == 8
    nxt = import_extraction(directory, data_dir / MSSANTE_NEXT_ZIP).snapshot
    assert _rows(engine, june.id) == 0
    assert _rows(engine, nxt.id) == 5
    assert (_state(engine, june.id), _state(engine, nxt.id)) == ("replaced", "current")


@pytest.mark.parametrize(
    ("query", "index"),
    [
        ("mailbox", "USING PRIMARY KEY (snapshot_id=? AND address=?)"),
        ("structure", "COVERING INDEX national_mailboxes_by_structure"),
        ("professional", "USING PRIMARY KEY (snapshot_id=? AND idnat=?)"),
    ],
)
def test_look_ups_go_through_an_index_not_a_scan(engine: sa.Engine, query: str, index: str) -> None:
    """A look-up by identifier does not grow with the table: SQLite's plan names the index."""
    captured: list[str] = []

    @sa.event.listens_for(engine, "before_cursor_execute")
    def capture(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if "national_current" in statement:
            captured.append(statement)

    directory = SqlNationalDirectory(engine)
    if query == "mailbox":
        directory.mailbox(EmailAddress.from_string("a@x.mssante.fr"))
    elif query == "structure":
        directory.structure_mailboxes("R1")
    else:
        directory.professional("810009652727")
    [statement] = captured
    params = {
        "mailbox": ("mssante", "a@x.mssante.fr"),
        "structure": ("mssante", "R1"),
    }.get(query, ("rpps", "810009652727"))
    with engine.connect() as conn:
        plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).all()
    details = [row[-1] for row in plan]
    assert not [d for d in details if d.startswith("SCAN")], details
    assert any(d.startswith("SEARCH") and index in d for d in details), details
    if query == "professional":
        assert any("national_activities" in d and d.startswith("SEARCH") for d in details)


def test_an_import_started_meanwhile_supersedes_the_first(
    engine: sa.Engine, data_dir: Path
) -> None:
    from balorg.adapters.national_directory.snapshots import SnapshotInfo  # noqa: PLC0415
    from balorg.interop.extractions import MailboxRecord  # noqa: PLC0415

    directory = SqlNationalDirectory(engine)
    june = import_extraction(directory, data_dir / MSSANTE_JUNE).snapshot
    info = SnapshotInfo(
        kind=ExtractionKind.MSSANTE, file_name="f", file_date=None, digest="0", header="x"
    )
    record = MailboxRecord("a@x.mssante.fr", "ORG", *([None] * 13))
    first = directory.begin_snapshot(info)
    first.add_mailboxes([(2, record)])
    second = directory.begin_snapshot(info)  # sweeps what the first left behind
    second.add_mailboxes([(2, record)])
    counts = {"rows_read": 1, "accepted": 1, "rejected": {}, "blank": 0}
    winner = second.finish(**counts, imported_at=june.imported_at)
    with pytest.raises(ImportSuperseded):
        first.finish(**counts, imported_at=june.imported_at)
    first.abort()
    assert directory.current_snapshot(ExtractionKind.MSSANTE) == winner
    assert directory.mailbox(EmailAddress.from_string("a@x.mssante.fr")) is not None
    assert _rows(engine, winner.id) == 1
    assert _state(engine, first.id) == "abandoned"
    assert _rows(engine, first.id) == 0


@pytest.mark.parametrize("phase", ["stage", "transfer"])
def test_a_killed_import_leaves_the_current_snapshot_and_is_swept_next_time(
    engine: sa.Engine, data_dir: Path, rows: ModuleType, tmp_path: Path, phase: str
) -> None:
    directory = SqlNationalDirectory(engine)
    june = import_extraction(directory, data_dir / MSSANTE_JUNE).snapshot
    big = tmp_path / "Extraction_Correspondance_MSSante_202607010300.txt"
    lines = [
        rows.mss(bal="ORG", address=f"service{i}@ch-synthese.mssante.fr", st="R1")
        for i in range(1_000)
    ]
    big.write_text("\n".join(["|".join(MSSANTE_COLUMNS), *lines]) + "\n", encoding="utf-8")
    with subprocess.Popen(
        [sys.executable, str(WORKER), str(engine.url), str(big), phase],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as worker:
        assert worker.stdout is not None
        assert worker.stderr is not None
        line = worker.stdout.readline().strip()
        if line != "LOADING":
            worker.kill()
            pytest.fail(f"the worker did not start loading: {worker.stderr.read()}")
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL
    with engine.connect() as conn:
        [(killed, state)] = conn.execute(
            sa.select(snapshots.c.id, snapshots.c.state).where(snapshots.c.id != june.id)
        ).all()
    assert state == "loading"
    # staged rows die with the process; a committed chunk is left behind, invisible
    assert _rows(engine, killed) == (0 if phase == "stage" else 1_000)
    assert directory.current_snapshot(ExtractionKind.MSSANTE) == june
    assert directory.mailbox(EmailAddress.from_string("accueil@ch-exemple.mssante.fr"))
    assert directory.mailbox(EmailAddress.from_string("service1@ch-synthese.mssante.fr")) is None
    report = import_extraction(directory, big)
    assert report.replaced == june
    assert report.snapshot.stored == 1_000
    assert _rows(engine, killed) == 0
    assert _state(engine, killed) == "abandoned"


def test_tables_of_a_later_version_are_refused(engine: sa.Engine) -> None:
    from balorg.adapters.national_directory.sql import SchemaTooNew, schema_version  # noqa: PLC0415

    with engine.begin() as conn:
        conn.execute(sa.insert(schema_version).values(version=99))
    with pytest.raises(SchemaTooNew) as caught:
        create_schema(engine)
    assert caught.value.params == {"found": 99, "supported": 1}
    assert "99" in caught.value.message("en")
