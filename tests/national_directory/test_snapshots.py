"""Importing extractions as snapshots: counts, replacement, same file twice, failures, kills."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from balorg.adapters.clock import ManualClock
from balorg.adapters.national_directory import (
    ImportReport,
    InMemoryNationalDirectory,
    import_extraction,
)
from balorg.domain.addresses import EmailAddress
from balorg.domain.directory import DirectoryMailbox
from balorg.domain.identifiers import parse_ps
from balorg.interop.extractions import MSSANTE_COLUMNS, ExtractionError, ExtractionKind, Rejected

MSSANTE_JUNE = "Extraction_Correspondance_MSSante_202606010300.txt"
MSSANTE_NEXT_ZIP = "Extraction_Correspondance_MSSante_202606020300.zip"
MSSANTE_OLD = "Extraction_Correspondance_MSSante_202506010300.txt"
RPPS_JUNE = "PS_LibreAcces_Personne_activite_202606010300.txt"
RPPS_OLD = "PS_LibreAcces_Personne_activite_201901010300.txt"
WORKER = Path(__file__).with_name("import_worker.py")
CLOCK = ManualClock(dt.datetime(2026, 6, 1, 6, 0, tzinfo=dt.UTC))


def address(text: str) -> EmailAddress:
    return EmailAddress.from_string(text)


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    if request.param == "memory":
        yield InMemoryNationalDirectory()
        return
    from balorg.adapters.national_directory.sql import (  # noqa: PLC0415 - the sql extra
        SqlNationalDirectory,
        create_schema,
    )
    from balorg.adapters.sql.engine import create_engine  # noqa: PLC0415

    engine = create_engine(f"sqlite:///{tmp_path / 'directory.db'}")
    create_schema(engine)
    yield SqlNationalDirectory(engine, commit_rows=3)
    engine.dispose()


def synthetic_file(folder: Path, rows: ModuleType, n: int, stamp: str = "202607010300") -> Path:
    """``n`` ORG mailboxes of one structure, in a file dated by ``stamp``."""
    path = folder / f"Extraction_Correspondance_MSSante_{stamp}.txt"
    lines = [
        rows.mss(bal="ORG", address=f"service{i}@ch-synthese.mssante.fr", st="R1", name="CH")
        for i in range(n)
    ]
    path.write_text("\n".join(["|".join(MSSANTE_COLUMNS), *lines]) + "\n", encoding="utf-8")
    return path


# -- what an import records ---------------------------------------------------------------------


def test_an_import_records_the_file_and_what_was_read(store: Any, data_dir: Path) -> None:
    report = import_extraction(store, data_dir / MSSANTE_JUNE, clock=CLOCK)
    snapshot = report.snapshot
    assert not report.unchanged
    assert report.replaced is None
    assert snapshot.kind is ExtractionKind.MSSANTE
    assert snapshot.file_name == MSSANTE_JUNE
    assert snapshot.file_date == dt.datetime(2026, 6, 1, 3, 0)
    assert len(snapshot.digest) == 64
    assert snapshot.header == "mssante-31"
    assert (snapshot.rows_read, snapshot.accepted, snapshot.merged, snapshot.blank) == (18, 9, 1, 1)
    assert snapshot.stored == 8
    assert snapshot.rejected_total == 9
    assert snapshot.rejected["extraction.invalid_address"] == 1
    assert snapshot.imported_at == CLOCK.now()
    assert store.current_snapshot(ExtractionKind.MSSANTE) == snapshot
    assert store.current_snapshot(ExtractionKind.RPPS) is None


def test_every_rejected_row_is_handed_over_as_it_comes(store: Any, data_dir: Path) -> None:
    rejects: list[Rejected] = []
    report = import_extraction(store, data_dir / MSSANTE_JUNE, on_reject=rejects.append)
    assert [r.line for r in rejects] == [8, 9, 10, 11, 12, 13, 14, 15, 19]
    assert sum(report.rejected.values()) == len(rejects)


def test_imported_mailboxes_are_looked_up(store: Any, data_dir: Path) -> None:
    import_extraction(store, data_dir / MSSANTE_JUNE)
    accueil = store.mailbox(address("ACCUEIL@ch-exemple.mssante.fr"))
    assert isinstance(accueil, DirectoryMailbox)
    assert accueil.structure_name == "CENTRE HOSPITALIER EXEMPLE"  # the first line won
    assert [str(m.address) for m in store.structure_mailboxes("R10100000328372")] == [
        "cardiologie@ch-exemple.mssante.fr",
        "urgences@ch-exemple.mssante.fr",
    ]
    assert store.mailbox(address("jean.essai@medecin.mssante.fr")) is None


def test_imported_professionals_gather_all_their_lines(store: Any, data_dir: Path) -> None:
    report = import_extraction(store, data_dir / RPPS_JUNE)
    assert (report.snapshot.stored, report.snapshot.activities) == (3, 4)
    assert report.merged == 2  # Claire's second and third lines
    claire = store.professional(parse_ps("810009652727"))
    assert claire is not None
    assert [a.technical_id for a in claire.activities] == [
        "F750712184",
        "C26010004500012",
        "C35600000000048",  # her line 11, not next to the others
    ]
    assert store.professional(parse_ps("0316000017")).activities[0].structure.text == (
        "R10100000328372"
    )
    fictitious = store.professional("810101201234")  # no IdNatPS: its key fails
    assert fictitious is not None
    assert fictitious.idnat.parsed is None


def test_mssante_and_rpps_are_snapshots_of_their_own(store: Any, data_dir: Path) -> None:
    mailboxes = import_extraction(store, data_dir / MSSANTE_JUNE).snapshot
    import_extraction(store, data_dir / RPPS_JUNE)
    import_extraction(store, data_dir / RPPS_OLD)
    assert store.current_snapshot(ExtractionKind.MSSANTE) == mailboxes
    assert store.mailbox(address("accueil@ch-exemple.mssante.fr")) is not None
    claire = store.professional(parse_ps("810009652727"))
    assert claire is not None
    assert len(claire.activities) == 1  # the old file's


# -- replacement ---------------------------------------------------------------------------------


def test_a_new_file_replaces_the_snapshot_as_a_whole(store: Any, data_dir: Path) -> None:
    june = import_extraction(store, data_dir / MSSANTE_JUNE).snapshot
    report = import_extraction(store, data_dir / MSSANTE_NEXT_ZIP)
    assert report.replaced == june
    assert report.snapshot.file_name == "Extraction_Correspondance_MSSante_202606020300.txt"
    assert store.mailbox(address("cardiologie@ch-exemple.mssante.fr")) is None
    assert store.mailbox(address("pediatrie@ch-exemple.mssante.fr")) is not None
    assert store.mailbox(address("paul.essai@infirmier.mssante.fr")) is None
    assert [s.id for s in store.snapshots(ExtractionKind.MSSANTE)] == [june.id, report.snapshot.id]


def test_importing_the_same_file_twice_changes_nothing(store: Any, data_dir: Path) -> None:
    first = import_extraction(store, data_dir / MSSANTE_JUNE)
    again = import_extraction(store, data_dir / MSSANTE_JUNE)
    assert again.unchanged
    assert again.snapshot == first.snapshot
    assert [w.code for w in again.warnings] == ["national_directory.unchanged"]
    assert store.snapshots(ExtractionKind.MSSANTE) == [first.snapshot]


def test_the_same_text_in_a_zip_is_recognised(store: Any, data_dir: Path, tmp_path: Path) -> None:
    import_extraction(store, data_dir / MSSANTE_JUNE)
    archive = tmp_path / "Extraction_Correspondance_MSSante_202606010300.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(data_dir / MSSANTE_JUNE, MSSANTE_JUNE)
    assert import_extraction(store, archive).unchanged


def test_an_older_file_is_imported_with_a_warning(store: Any, data_dir: Path) -> None:
    import_extraction(store, data_dir / MSSANTE_JUNE)
    report: ImportReport = import_extraction(store, data_dir / MSSANTE_OLD)
    assert not report.unchanged
    assert [w.code for w in report.warnings] == ["national_directory.older_file"]
    assert report.warnings[0].params["current"] == "2026-06-01T03:00:00"


def test_a_file_of_the_other_kind_is_refused_when_a_kind_is_asked_for(
    store: Any, data_dir: Path
) -> None:
    with pytest.raises(ExtractionError):
        import_extraction(store, data_dir / RPPS_JUNE, kind=ExtractionKind.MSSANTE)
    assert store.current_snapshot(ExtractionKind.RPPS) is None


# -- failures ------------------------------------------------------------------------------------


class Interrupted(Exception):
    pass


def test_a_failed_import_leaves_the_current_snapshot_in_place(
    store: Any, data_dir: Path, rows: ModuleType, tmp_path: Path
) -> None:
    june = import_extraction(store, data_dir / MSSANTE_JUNE).snapshot

    def fail(done: int, _total: int | None) -> None:
        raise Interrupted

    with pytest.raises(Interrupted):
        import_extraction(store, synthetic_file(tmp_path, rows, 50), progress=fail, batch_rows=10)
    assert store.current_snapshot(ExtractionKind.MSSANTE) == june
    assert store.mailbox(address("service1@ch-synthese.mssante.fr")) is None
    assert store.mailbox(address("accueil@ch-exemple.mssante.fr")) is not None
    assert store.snapshots(ExtractionKind.MSSANTE) == [june]


def test_readers_see_the_old_snapshot_until_the_new_one_is_complete(
    store: Any, data_dir: Path, rows: ModuleType, tmp_path: Path
) -> None:
    import_extraction(store, data_dir / MSSANTE_JUNE)
    seen: list[tuple[bool, bool]] = []

    def look(_done: int, _total: int | None) -> None:
        old = store.mailbox(address("accueil@ch-exemple.mssante.fr")) is not None
        new = store.mailbox(address("service1@ch-synthese.mssante.fr")) is not None
        seen.append((old, new))

    import_extraction(store, synthetic_file(tmp_path, rows, 30), progress=look, batch_rows=4)
    assert len(seen) > 5
    assert set(seen) == {(True, False)}  # rows committed meanwhile, not visible
    assert store.mailbox(address("accueil@ch-exemple.mssante.fr")) is None
    assert len(store.structure_mailboxes("R1")) == 30
