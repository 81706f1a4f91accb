"""With ``--json``, one envelope for everything: successes (``test_commands``), and here
refusals, usage errors, help, and output that could not be JSON as it was given."""

from __future__ import annotations

import io
import json

import pytest
from tests.cli.conftest import ENVELOPE_KEYS, PHARMACIE, PROBLEM_KEYS, Cli, envelope
from tests.cli.test_commands import CASES

from balorg.cli.output import Output


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.who))
def test_every_refusal_answers_in_the_envelope(live: Cli, name: str, lang: str) -> None:
    """Each personal command, done by someone who may not (Eve waits for validation)."""
    case = CASES[name]
    ran = live.json(*case.argv, "--lang", lang, who="eve", stdin=case.stdin)
    if ran.code == 0:  # nothing to refuse to anybody (whoami, logout of no session...)
        envelope(ran, name, ok=True)
        return
    payload = envelope(ran, name, ok=False)
    for error in payload["errors"]:
        assert error["severity"] == "error"
        assert error["code"].count(".") >= 1


def test_a_problem_s_keys_and_values(live: Cli) -> None:
    ran = live.json("members", "grant", PHARMACIE, "paul.martin@medimail.mssante.fr",
                    "--capability", "administer", who="bob")  # fmt: skip
    (error,) = envelope(ran, "members grant", ok=False)["errors"]
    assert list(error) == PROBLEM_KEYS
    assert error["params"]["capabilities"] == ["administer"]  # codes in params
    assert "administration" in error["message"]  # words in the message


def test_usage_errors_and_help_are_envelopes(bare: Cli) -> None:
    usage = bare.json("members", "add", plain=True)
    assert usage.code == 2
    assert list(usage.payload) == ENVELOPE_KEYS
    assert usage.payload["command"] == "members add"
    shown = bare.json("--help", plain=True)
    assert (shown.code, shown.payload["ok"]) == (0, True)
    assert "usage : balorg" in shown.payload["result"]["help"]
    version = bare.json("--version", plain=True)
    assert version.payload["result"]["help"].startswith("balorg ")


def test_json_is_one_document_even_with_text_that_is_not_utf8(live: Cli) -> None:
    """A lone surrogate reaching the output (from a file's name) is escaped, not a crash."""
    name = "form-\udcff.json"
    ran = live.json("register", name, "--address", PHARMACIE)
    # The argument itself is refused first (cli.argument_not_utf8): JSON all the same.
    assert json.loads(ran.out)["errors"][0]["code"] == "cli.argument_not_utf8"
    assert "\\\\xff" in ran.out


def test_lone_surrogates_are_escaped_in_json_and_replaced_in_text() -> None:
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    out = Output(command="x", lang="fr", as_json=True, stream=stream)
    assert out.finish(ok=True, result={"name": "caf\udce9"}) == 0
    stream.flush()
    text = stream.buffer.getvalue().decode("utf-8")  # type: ignore[attr-defined]
    assert json.loads(text)["result"]["name"] == "caf\udce9"
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    Output(command="x", lang="fr", as_json=False, stream=stream).line("caf\udce9")
    stream.flush()
    assert stream.buffer.getvalue().decode("utf-8") == "caf\ufffd\n"  # type: ignore[attr-defined]
