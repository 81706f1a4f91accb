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


def test_usage_errors_exit_two() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["identify"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["no-such-command"])
    assert exc.value.code == 2


def test_the_module_runs_as_a_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "balorg", "identify", "--json", "10001045367"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["ok"] is True
