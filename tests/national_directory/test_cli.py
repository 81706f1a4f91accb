"""``balorg directory import`` and ``lookup``: summaries, rejects, exit statuses."""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest

from balorg.cli.main import main

MSSANTE_JUNE = "Extraction_Correspondance_MSSante_202606010300.txt"
MSSANTE_NEXT_ZIP = "Extraction_Correspondance_MSSante_202606020300.zip"
RPPS_JUNE = "PS_LibreAcces_Personne_activite_202606010300.txt"


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'balorg.db'}"


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    code = main([*argv, "--json"])
    captured = capsys.readouterr()
    return code, json.loads(captured.out)


# -- import ----------------------------------------------------------------------------------


def test_an_import_prints_a_summary_in_french_and_exits_zero(
    capsys: pytest.CaptureFixture[str], data_dir: Path, db: str
) -> None:
    code = main(["directory", "import", str(data_dir / MSSANTE_JUNE), "--db", db])
    out = capsys.readouterr()
    assert code == 0
    assert "Extraction MSSanté « Extraction_Correspondance_MSSante_202606010300.txt »" in out.out
    assert "du 2026-06-01 03:00" in out.out
    for label, count in [("lignes lues", 18), ("acceptées", 9), ("rejetées", 9)]:
        assert any(
            line.split()[-1] == str(count) and label in line for line in out.out.splitlines()
        )
    assert "fusionnées (même adresse sur plusieurs lignes)" in out.out
    assert "extraction.invalid_address" in out.out
    assert "instantané n° 1" in out.out
    assert out.err == ""  # no progress bar when stderr is not a terminal


def test_an_import_in_json_carries_the_snapshot_and_its_counts(
    capsys: pytest.CaptureFixture[str], data_dir: Path, db: str
) -> None:
    code, payload = run_json(capsys, "directory", "import", str(data_dir / RPPS_JUNE), "--db", db)
    assert code == 0
    assert payload["command"] == "directory import"
    assert payload["ok"] is True
    snapshot = payload["result"]["snapshot"]
    assert (snapshot["kind"], snapshot["header"]) == ("rpps", "rpps-56")
    assert (snapshot["rows_read"], snapshot["accepted"], snapshot["stored"]) == (10, 5, 3)
    assert snapshot["rejected"]["extraction.unknown_profession"] == 1
    assert payload["result"]["unchanged"] is False
    assert payload["errors"] == payload["warnings"] == []


def test_importing_the_same_file_again_says_nothing_changed(
    capsys: pytest.CaptureFixture[str], data_dir: Path, db: str
) -> None:
    main(["directory", "import", str(data_dir / MSSANTE_JUNE), "--db", db])
    capsys.readouterr()
    code, payload = run_json(
        capsys, "directory", "import", str(data_dir / MSSANTE_JUNE), "--db", db, "--lang", "en"
    )
    assert code == 0
    assert payload["result"]["unchanged"] is True
    assert [w["code"] for w in payload["warnings"]] == ["national_directory.unchanged"]
    assert "already imported" in payload["warnings"][0]["message"]


def test_rejected_rows_go_to_a_csv_file(
    capsys: pytest.CaptureFixture[str], data_dir: Path, db: str, tmp_path: Path
) -> None:
    rejects = tmp_path / "rejets.csv"
    code = main(
        ["directory", "import", str(data_dir / MSSANTE_JUNE), "--db", db, "--rejects", str(rejects)]
    )
    assert code == 0
    assert str(rejects) in capsys.readouterr().out
    with rejects.open(encoding="utf-8", newline="") as handle:
        found = list(csv.DictReader(handle))
    assert [int(r["line"]) for r in found] == [8, 9, 10, 11, 12, 13, 14, 15, 19]
    assert found[0]["column"] == "Adresse BAL"
    assert found[0]["code"] == "extraction.invalid_address"
    assert found[0]["message"].startswith("« Adresse BAL » : ce n'est pas une adresse")


def test_rejected_rows_go_to_json_lines_in_the_language_asked(
    capsys: pytest.CaptureFixture[str], data_dir: Path, db: str, tmp_path: Path
) -> None:
    rejects = tmp_path / "rejects.jsonl"
    code, payload = run_json(
        capsys, "directory", "import", str(data_dir / RPPS_JUNE), "--db", db,
        "--rejects", str(rejects), "--lang", "en",
    )  # fmt: skip
    assert code == 0
    assert payload["result"]["rejects_written"] == 5
    lines = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["line"] == 6
    assert lines[0]["column"] == "Numéro FINESS site"
    assert lines[0]["message"].endswith("unknown department: 96.")


def test_a_zip_is_imported_and_replaces_the_snapshot(
    capsys: pytest.CaptureFixture[str], data_dir: Path, db: str
) -> None:
    main(["directory", "import", str(data_dir / MSSANTE_JUNE), "--db", db])
    capsys.readouterr()
    code, payload = run_json(
        capsys, "directory", "import", str(data_dir / MSSANTE_NEXT_ZIP), "--db", db
    )
    assert code == 0
    assert payload["result"]["replaced"]["file_name"] == MSSANTE_JUNE
    assert payload["result"]["snapshot"]["stored"] == 5


def test_a_file_of_the_other_kind_is_refused_with_kind(
    capsys: pytest.CaptureFixture[str], data_dir: Path, db: str
) -> None:
    code, payload = run_json(
        capsys, "directory", "import", str(data_dir / MSSANTE_JUNE), "--kind", "rpps", "--db", db
    )
    assert code == 1
    assert payload["ok"] is False
    assert payload["errors"][0]["code"] == "extraction.kind_mismatch"


def test_a_file_that_is_not_an_extraction_exits_one(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("nom;prenom\n", encoding="utf-8")
    code = main(["directory", "import", str(other), "--db", db, "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 1
    assert "[extraction.header_unknown]" in out
    assert "is the header of no known extraction" in out


def test_a_rejects_file_that_cannot_be_written_exits_one(
    capsys: pytest.CaptureFixture[str], data_dir: Path, db: str, tmp_path: Path
) -> None:
    code, payload = run_json(
        capsys, "directory", "import", str(data_dir / MSSANTE_JUNE), "--db", db,
        "--rejects", str(tmp_path / "absent" / "r.csv"),
    )  # fmt: skip
    assert code == 1
    assert payload["errors"][0]["code"] == "national_directory.rejects_unwritable"


def test_a_database_that_cannot_be_opened_is_named_without_its_password(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    url = "postgresql://balorg:secret@127.0.0.1:1/annuaire"  # nothing listens on port 1
    code, payload = run_json(
        capsys, "directory", "import", str(data_dir / MSSANTE_JUNE), "--db", url
    )
    assert code == 1
    error = payload["errors"][0]
    assert error["code"] == "cli.database_unavailable"
    assert "secret" not in json.dumps(payload)


def test_without_db_the_default_database_is_balorg_db_here(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["directory", "import", str(data_dir / MSSANTE_JUNE)]) == 0
    assert (tmp_path / "balorg.db").exists()


def test_a_progress_bar_on_a_terminal_only_and_never_with_json(
    capsys: pytest.CaptureFixture[str], data_dir: Path, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["directory", "import", str(data_dir / MSSANTE_JUNE), "--db", db]) == 0
    assert MSSANTE_JUNE in capsys.readouterr().err  # tqdm's bar, labelled with the file
    assert main(["directory", "import", str(data_dir / RPPS_JUNE), "--db", db, "--json"]) == 0
    assert capsys.readouterr().err == ""


# -- lookup ----------------------------------------------------------------------------------


@pytest.fixture
def imported(data_dir: Path, db: str, capsys: pytest.CaptureFixture[str]) -> str:
    for name in (MSSANTE_JUNE, RPPS_JUNE):
        assert main(["directory", "import", str(data_dir / name), "--db", db]) == 0
    capsys.readouterr()
    return db


@pytest.mark.parametrize("value", ["10009652727", "100 096 527 27", "810009652727"])
def test_a_professional_is_found_by_rpps_or_idnat(
    capsys: pytest.CaptureFixture[str], imported: str, value: str
) -> None:
    code = main(["directory", "lookup", value, "--db", imported])
    out = capsys.readouterr().out
    assert code == 0
    assert "810009652727  EXEMPLE Claire (Docteur)" in out
    assert "Médecin (10)" in out
    assert "1750712184  HOPITAL EXEMPLE  75013 PARIS  [S]" in out
    assert "PS_LibreAcces_Personne_activite_202606010300.txt" in out


def test_a_professional_is_found_by_adeli_in_json(
    capsys: pytest.CaptureFixture[str], imported: str
) -> None:
    code, payload = run_json(capsys, "directory", "lookup", "316000017", "--db", imported)
    assert code == 0
    person = payload["result"]["professional"]
    assert (person["idnat"], person["idnat_valid"]) == ("0316000017", True)
    assert person["activities"][0]["structure"] == "R10100000328372"


def test_a_fictitious_rpps_is_found_and_said_not_to_read_strictly(
    capsys: pytest.CaptureFixture[str], imported: str
) -> None:
    code, payload = run_json(capsys, "directory", "lookup", "10101201234", "--db", imported)
    assert code == 0
    assert payload["result"]["professional"]["idnat_valid"] is False


def test_a_mailbox_is_found_by_its_address(
    capsys: pytest.CaptureFixture[str], imported: str
) -> None:
    code = main(["directory", "lookup", "Cardiologie@CH-Exemple.mssante.fr", "--db", imported])
    out = capsys.readouterr().out
    assert code == 0
    assert "cardiologie@ch-exemple.mssante.fr  ORG" in out
    assert "structure : R10100000328372 CENTRE HOSPITALIER EXEMPLE" in out
    assert "service : Cardiologie" in out


def test_a_structure_s_mailboxes_are_listed(
    capsys: pytest.CaptureFixture[str], imported: str
) -> None:
    code, payload = run_json(
        capsys, "directory", "lookup", "--structure", "R10100000328372", "--db", imported
    )
    assert code == 0
    assert [m["address"] for m in payload["result"]["mailboxes"]] == [
        "cardiologie@ch-exemple.mssante.fr",
        "urgences@ch-exemple.mssante.fr",
    ]


def test_someone_absent_exits_one_with_a_code(
    capsys: pytest.CaptureFixture[str], imported: str
) -> None:
    code, payload = run_json(capsys, "directory", "lookup", "10000000017", "--db", imported)
    assert code == 1
    assert payload["errors"][0]["code"] == "national_directory.not_found"
    assert payload["errors"][0]["params"] == {"value": "810000000017"}


@pytest.mark.parametrize(("value", "code"), [
    ("12345", "national_directory.lookup_unrecognised"),
    ("pas une adresse@", "email.whitespace"),
])  # fmt: skip
def test_a_value_that_is_nothing_to_look_up_exits_one(
    capsys: pytest.CaptureFixture[str], imported: str, value: str, code: str
) -> None:
    status, payload = run_json(capsys, "directory", "lookup", value, "--db", imported)
    assert status == 1
    assert payload["errors"][0]["code"].startswith(code.partition(".")[0])


def test_looking_up_before_any_import_says_so(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code = main(["directory", "lookup", "10009652727", "--db", db, "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 1
    assert "No rpps extraction has been imported into this database." in out


def test_looking_up_in_a_database_where_nothing_was_imported_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    empty = tmp_path / "other.db"
    sqlite3.connect(empty).close()
    code, payload = run_json(capsys, "directory", "lookup", "a@x.mssante.fr", "--db", str(empty))
    assert code == 1
    assert payload["errors"][0]["code"] == "national_directory.no_snapshot"
    assert payload["errors"][0]["params"] == {"kind": "mssante"}


# -- the imported directory at work (guide 1, step 1 and registration) ------------------------


def test_a_professional_found_is_judged_eligible_or_not_with_the_reasons(
    capsys: pytest.CaptureFixture[str], imported: str
) -> None:
    code, payload = run_json(capsys, "directory", "lookup", "10009652727", "--db", imported)
    assert (code, payload["result"]["eligible"], payload["warnings"]) == (0, True, [])
    # A pharmacist whose RPPS is fictitious: found, but its number cannot be judged.
    code, payload = run_json(capsys, "directory", "lookup", "10101201234", "--db", imported)
    assert (code, payload["result"]["eligible"]) == (0, None)


def test_registration_tells_when_the_directory_does_not_know_the_responsible(
    capsys: pytest.CaptureFixture[str],
    imported: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    examples = Path(__file__).resolve().parents[2] / "examples"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "balorg.toml").write_bytes((examples / "balorg.toml").read_bytes())
    monkeypatch.setattr(sys, "stdin", _Lines("un mot de passe assez long\n"))
    code, payload = run_json(
        capsys,
        "register",
        str(examples / "pharmacie.json"),
        "--address",
        "pharmacie.ducentre@medimail.mssante.fr",
        "--password-stdin",
        "--db",
        imported,
    )
    assert code == 0, payload
    assert [w["code"] for w in payload["warnings"]] == ["directory.professional_unknown"]


def test_registration_without_an_imported_directory_warns_of_nothing(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    examples = Path(__file__).resolve().parents[2] / "examples"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "balorg.toml").write_bytes((examples / "balorg.toml").read_bytes())
    monkeypatch.setattr(sys, "stdin", _Lines("un mot de passe assez long\n"))
    code, payload = run_json(
        capsys,
        "register",
        str(examples / "pharmacie.json"),
        "--address",
        "pharmacie.ducentre@medimail.mssante.fr",
        "--password-stdin",
        "--db",
        db,
    )
    assert (code, payload["warnings"]) == (0, [])


class _Lines:
    """Standard input that is not a terminal, holding ``text``."""

    def __init__(self, text: str) -> None:
        self._lines = iter(text.splitlines(keepends=True))

    def readline(self, _: int = -1) -> str:
        return next(self._lines, "")

    def read(self, _: int = -1) -> str:
        return "".join(self._lines)

    def isatty(self) -> bool:
        return False
