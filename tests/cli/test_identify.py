"""``balorg identify``: verdicts for people and machines, and exit statuses."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from balorg.cli import main


def test_the_three_example_values_are_valid_and_exit_zero(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["identify", "10001045367", "010000024", "35600000000048"])
    out = capsys.readouterr().out
    assert code == 0
    assert "RPPS         valide" in out
    assert "FINESS       valide" in out
    assert "SIRET        valide" in out
    assert "IdNat 810001045367" in out
    assert "IdNat 1010000024" in out
    assert "IdNat 335600000000048" in out


def test_an_invalid_value_exits_one_with_the_reason_in_french(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["identify", "10001045367", "1234"])
    out = capsys.readouterr().out
    assert code == 1
    assert "invalide" in out
    assert "[identifier.unrecognised]" in out


def test_english_messages_on_request(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["identify", "--lang", "en", "010000025"])
    out = capsys.readouterr().out
    assert code == 1
    assert "The check digit of the FINESS number is wrong." in out


def test_json_output_has_a_stable_envelope(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["identify", "--json", "010000024", "abc"])
    payload = json.loads(capsys.readouterr().out)
    assert code == 1
    assert payload["command"] == "identify"
    assert payload["ok"] is False
    first, second = payload["result"]["values"]
    assert first["valid"] is True
    kinds = {r["kind"]: r for r in first["readings"]}
    assert set(kinds) == {"ADELI", "FINESS", "SIREN"}
    assert kinds["FINESS"]["idnat"] == "1010000024"
    assert second["valid"] is False
    assert second["readings"][0]["error"]["code"] == "identifier.unrecognised"


def test_usage_errors_exit_two_with_a_coded_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["identify"]) == 2
    assert "[cli.usage]" in capsys.readouterr().out
    assert main(["no-such-command"]) == 2
    assert "[cli.usage]" in capsys.readouterr().out


def test_the_module_runs_as_a_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "balorg", "identify", "--json", "10001045367"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["ok"] is True


# -- cannot mislead (issue 10.8) ---------------------------------------------------------

MISTYPED_RPPS = "10001045368"  # 10001045367 with a wrong key, and a valid ADELI-rang


def test_a_mistyped_rpps_exits_one_though_it_reads_as_a_valid_adeli_rang(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["identify", MISTYPED_RPPS])
    out = capsys.readouterr().out
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{MISTYPED_RPPS} : invalide"
    assert lines[1].startswith("  RPPS         invalide")
    assert "[identifier.invalid_checksum]" in lines[1]
    assert lines[2] == "  autres lectures possibles :"
    assert lines[3].startswith("  ADELI-rang   valide")
    assert "[identify.no_key]" in lines[3]
    assert "pas de clé de contrôle propre" in lines[3]


def test_the_alternatives_and_the_note_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["identify", "--lang", "en", MISTYPED_RPPS])
    out = capsys.readouterr().out
    assert code == 1
    assert f"{MISTYPED_RPPS}: invalid" in out
    assert "other possible readings:" in out
    assert "has no check key of its own" in out


def test_json_puts_the_failed_primary_reading_first(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["identify", "--json", MISTYPED_RPPS, "10001045367"])
    payload = json.loads(capsys.readouterr().out)
    assert code == 1
    assert set(payload) == {"command", "ok", "result", "errors", "warnings"}
    assert payload["ok"] is False
    assert set(payload["result"]) == {"values"}
    mistyped, right = payload["result"]["values"]
    assert mistyped["kind"] is None
    assert mistyped["valid"] is False
    first, alternative = mistyped["readings"]
    assert (first["kind"], first["valid"], first["primary"]) == ("RPPS", False, True)
    assert (alternative["kind"], alternative["valid"]) == ("ADELI-rang", True)
    assert alternative["note"]["code"] == "identify.no_key"
    assert right["valid"] is True


@pytest.mark.parametrize(
    ("kind", "status", "shown"),
    [
        ("adeli-rang", 0, "ADELI-rang   valide"),
        ("rpps", 1, "RPPS         invalide"),
        ("siret", 1, "SIRET        invalide"),
        ("idnat", 1, "IdNat PS     invalide"),
    ],
)
def test_kind_restricts_the_readings(
    capsys: pytest.CaptureFixture[str], kind: str, status: int, shown: str
) -> None:
    code = main(["identify", "--kind", kind, MISTYPED_RPPS])
    out = capsys.readouterr().out
    assert code == status
    assert shown in out
    assert "autres lectures" not in out


def test_an_unknown_kind_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["identify", "--kind", "nir", "10001045367"]) == 2
    assert "choix invalide : 'nir'" in capsys.readouterr().out
