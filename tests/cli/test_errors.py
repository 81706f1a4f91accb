"""Bad input as people really give it: every case is a coded error, never a traceback.

The cases issue 13 lists (forms and settings files that are too deep, too long, with a
byte-order mark; passwords that are not UTF-8; global options before the command; a
closed output pipe...), each in French and English where the words matter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from tests.cli.conftest import EXAMPLES, PHARMACIE, ROOT, Cli, no_traceback

from balorg.cli import registering
from balorg.cli.main import main

FORM = EXAMPLES / "pharmacie.json"


def _register(cli: Cli, form: str | Path, **options: object) -> object:
    return cli.json(
        "register", str(form), "--address", PHARMACIE, "--password-stdin", who="claire",
        stdin=cli.password("claire"), **options,
    )  # fmt: skip


# -- forms ----------------------------------------------------------------------------------------


def test_a_deeply_nested_json_form(cli: Cli) -> None:
    (cli.folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    ran = _register(cli, "deep.json")
    assert ran.codes == ["cli.json_too_deep"]  # type: ignore[attr-defined]


def test_a_5000_digit_integer_in_a_form(cli: Cli) -> None:
    data = json.loads(FORM.read_text(encoding="utf-8"))
    text = json.dumps(data).replace('"Pharmacie du Centre"', "9" * 5000)
    (cli.folder / "big.json").write_text(text)
    ran = _register(cli, "big.json")
    assert ran.codes == ["cli.json_number_too_long"]  # type: ignore[attr-defined]


def test_a_form_saved_with_a_byte_order_mark_is_read(cli: Cli) -> None:
    (cli.folder / "bom.json").write_bytes(b"\xef\xbb\xbf" + FORM.read_bytes())
    ran = _register(cli, "bom.json")
    assert ran.code == 0, ran.out  # type: ignore[attr-defined]


def test_a_form_over_the_size_limit_is_refused_without_reading_it_all(cli: Cli) -> None:
    huge = cli.folder / "huge.json"
    with huge.open("wb") as stream:  # 200 MB, sparse: nothing is written to the disk
        stream.truncate(200_000_000)
    tracemalloc.start()
    try:
        ran = _register(cli, huge)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert ran.codes == ["cli.file_too_large"]  # type: ignore[attr-defined]
    assert peak < 20 * registering.MAX_FORM_BYTES


def test_a_form_that_never_ends_is_refused(cli: Cli) -> None:
    ran = _register(cli, "/dev/zero")
    assert ran.codes == ["cli.file_too_large"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"\xff\xfe{}", "cli.file_not_utf8"),
        (b'{"a": NaN}', "cli.invalid_json"),
        (b"{", "cli.invalid_json"),
        (b"", "cli.invalid_json"),
    ],
)
def test_a_form_that_is_not_json(cli: Cli, content: bytes, code: str) -> None:
    (cli.folder / "form.json").write_bytes(content)
    ran = _register(cli, "form.json")
    assert ran.codes == [code]  # type: ignore[attr-defined]
    assert cli.files() == ["balorg.db", "balorg.toml", "form.json"]


def test_a_form_where_there_is_none(cli: Cli) -> None:
    assert _register(cli, "absent.json").codes == ["cli.file_missing"]  # type: ignore[attr-defined]
    assert _register(cli, ".").codes == ["cli.file_is_folder"]  # type: ignore[attr-defined]
    ran = _register(cli, "a\x00b.json")
    assert ran.codes == ["cli.path_invalid"]  # type: ignore[attr-defined]


def test_an_invalid_form_lists_every_problem_with_french_type_names(cli: Cli) -> None:
    data = json.loads(FORM.read_text(encoding="utf-8"))
    data["structure"]["finess"] = 10000024
    data["responsible"] = ["x"]
    data["odd"] = True
    (cli.folder / "form.json").write_text(json.dumps(data))
    ran = cli("register", "form.json", "--address", PHARMACIE, "--password-stdin")
    assert ran.code == 1
    assert "structure.finess : Type attendu : texte (reçu : nombre)." in ran.out
    assert "responsible : Type attendu : objet { } (reçu : liste [ ])." in ran.out
    assert "[form.unknown_key] odd" in ran.out
    english = cli("register", "form.json", "--address", PHARMACIE, "--lang", "en")
    assert "Expected text, got number." in english.out


# -- passwords on standard input ------------------------------------------------------------------


def test_a_password_that_is_not_utf8_leaves_nothing(bare: Cli) -> None:
    ran = bare.json(
        "register", str(FORM), "--address", PHARMACIE, "--password-stdin", who="claire",
        stdin=b"claire\xffpw\n",
    )  # fmt: skip
    assert (ran.code, ran.codes) == (1, ["password.not_utf8"])
    assert "\\xff" not in ran.out
    assert "claire\ufffdpw" not in ran.out
    assert bare.files() == ["balorg.toml"]  # no store, no account, no mailbox


def test_a_password_that_is_not_utf8_leaves_nothing_in_an_existing_store(live: Cli) -> None:
    ran = live.json(
        "register", str(EXAMPLES / "service-hospitalier.json"), "--address",
        "cardio@medimail.mssante.fr", "--password-stdin", who="sophie", stdin=b"s\xffpw\n",
    )  # fmt: skip
    assert ran.codes == ["password.not_utf8"]
    assert not live.session("sophie").exists()
    pending = live.json("pending", who="agent").payload["result"]["pending"]
    assert [p["account"] for p in pending] == ["eve.leroy@medimail.mssante.fr"]
    listing = live.json("directory", "show", "cardio@medimail.mssante.fr", who="claire")
    assert listing.codes == ["mailbox.unknown"]


@pytest.mark.slow
def test_printf_a_password_that_is_not_utf8_into_register(tmp_path: Path) -> None:
    """``printf 'claire\\xffpw\\n' | balorg register ...``: a real pipe, a real process."""
    config = tmp_path / "balorg.toml"
    config.write_text('[operator]\ndomains = ["medimail.mssante.fr"]\nservice_centre = []\n')
    done = subprocess.run(
        [
            sys.executable, "-m", "balorg", "register", str(FORM), "--address", PHARMACIE,
            "--password-stdin", "--session-file", str(tmp_path / "s"),
        ],
        input=b"claire\xffpw\n", capture_output=True, cwd=tmp_path, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )  # fmt: skip
    assert done.returncode == 1
    assert b"[password.not_utf8]" in done.stdout
    assert done.stderr == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["balorg.toml"]


def test_an_argument_that_is_not_utf8_is_refused_before_anything_reads_it(
    live: Cli,
) -> None:
    """``balorg outbox retry $'\\xff'``: Python keeps the byte as a lone surrogate."""
    ran = live.json("outbox", "retry", "\udcff")
    assert (ran.code, ran.codes) == (2, ["cli.argument_not_utf8"])
    assert ran.payload["errors"][0]["params"] == {"position": 3, "argument": "\\xff"}
    assert "« \\xff »" in ran.payload["errors"][0]["message"]


# -- global options, dates, numbers -------------------------------------------------------------


def test_global_options_go_before_or_after_the_command(cli: Cli) -> None:
    before = cli(
        "--db", "balorg.db", "--config", "balorg.toml", "--lang", "en", "--json",
        "--session-file", "sessions/claire", "register", str(FORM), "--address", PHARMACIE,
        "--password-stdin", stdin=cli.password("claire"), plain=True,
    )  # fmt: skip
    assert before.code == 0, before.out
    assert before.payload["command"] == "register"
    between = cli("members", "--json", "list", PHARMACIE, who="claire")
    assert between.payload["command"] == "members list"
    after = cli("members", "list", PHARMACIE, "--lang", "en", "--json", who="claire")
    assert after.payload["result"]["members"][0]["account"] == "claire.martin@medimail.mssante.fr"


def test_since_takes_a_date_alone(live: Cli) -> None:
    ran = live.json("audit", "mailbox", PHARMACIE, "--since", "2026-11-27", who="claire")
    assert ran.code == 0
    ran = live.json("audit", "mailbox", PHARMACIE, "--since", "2026-11-27+00:00", who="claire")
    assert ran.code == 0
    ran = live.json("audit", "mailbox", PHARMACIE, "--since", "27/11/2026", who="claire")
    assert ran.code == 2
    assert "2026-11-27T09:00+01:00" in ran.payload["errors"][0]["message"]
    ran = live.json("audit", "mailbox", PHARMACIE, "--until", "2026-11-27T09:00", who="claire")
    assert ran.code == 0


@pytest.mark.parametrize("value", ["0", "-1", "1001", "9" * 5000, "1e3", "dix", ""])
def test_a_limit_out_of_range(live: Cli, value: str) -> None:
    ran = live.json("pending", "--limit", value, who="agent")
    assert ran.code == 2
    message = ran.payload["errors"][0]["message"]
    assert "un nombre entier de 1 à 1000 est attendu" in message
    assert "int" not in message


def test_a_date_that_is_not_one(live: Cli) -> None:
    ran = live.json("register", str(FORM), "--address", PHARMACIE, "--on", "27/11/2026")
    assert "n'est pas une date AAAA-MM-JJ" in ran.payload["errors"][0]["message"]
    assert "fromisoformat" not in ran.out


# -- settings ---------------------------------------------------------------------------------


def _settings(cli: Cli, text: str | bytes, *extra: str) -> object:
    path = cli.folder / "balorg.toml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return cli.json("pending", *extra, who="agent")


def test_settings_checks_say_every_problem_at_once(live: Cli) -> None:
    ran = _settings(
        live,
        '[operator]\ndomains = ["not a domain!!"]\nvalidation_hours = 0\n'
        'service_centre = ["x"]\n[sessions]\nidle_minutes = "30"\n[other]\n',
    )
    payload = ran.payload  # type: ignore[attr-defined]
    assert [(e["code"], e["path"]) for e in payload["errors"]] == [
        ("cli.config_invalid", ""),
        ("config.unknown_key", "other"),
        ("config.invalid_domain", "operator.domains.0"),
        ("config.invalid_address", "operator.service_centre.0"),
        ("config.whole_number", "operator.validation_hours"),
        ("config.whole_number", "sessions.idle_minutes"),
    ]
    assert payload["errors"][0]["params"] == {"path": "balorg.toml", "count": 5}
    assert "« not a domain!! » n'est pas un nom de domaine valide." in json.dumps(
        payload, ensure_ascii=False
    )


def test_settings_problems_in_english(live: Cli) -> None:
    ran = _settings(live, "[operator]\nvalidation_hours = 0\n", "--lang", "en")
    messages = [e["message"] for e in ran.payload["errors"]]  # type: ignore[attr-defined]
    assert messages[1] == '"validation_hours": a whole number from 1 to 8760.'


def test_an_empty_operator_table_says_what_to_put_in_it(live: Cli) -> None:
    ran = _settings(live, "[operator]\n")
    error = ran.payload["errors"][1]  # type: ignore[attr-defined]
    assert error["code"] == "config.operator_missing"
    assert 'domains = ["..."]' in error["message"]
    assert 'service_centre = ["..."]' in error["message"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("a = " + "[" * 100_000 + "]" * 100_000, "cli.config_too_deep"),
        ("[operator]\nvalidation_hours = " + "9" * 5000 + "\n", "cli.config_number_too_long"),
        ("[operator\n", "cli.config_syntax"),
        (b"\xef\xbb\xbf[operator]\nvalidation_hours = 0\n", "cli.config_invalid"),
        (b"[operator]\ndomains = ['\xff']\n", "cli.file_not_utf8"),
    ],
)
def test_settings_files_that_cannot_be_read(live: Cli, text: str | bytes, code: str) -> None:
    ran = _settings(live, text)
    assert ran.codes[0] == code  # type: ignore[attr-defined]


def test_a_syntax_error_in_the_settings_names_its_line_and_column(live: Cli) -> None:
    ran = _settings(live, '[operator]\ndomains = ["a.fr"]\nvalidation_hours = = 3\n')
    assert ran.payload["errors"][0]["params"] == {  # type: ignore[attr-defined]
        "path": "balorg.toml",
        "line": 3,
        "column": 20,
    }
    assert "(ligne 3, colonne 20)" in ran.out  # type: ignore[attr-defined]


def test_a_settings_file_that_is_not_there_or_not_a_file(live: Cli) -> None:
    live.config = None
    for given, code in (("absent.toml", "cli.file_missing"), (".", "cli.file_is_folder")):
        ran = live.json("pending", "--config", given, who="agent")
        assert ran.codes == [code]


# -- output, interruptions, the unexpected --------------------------------------------------------


def test_a_closed_output_pipe_on_the_refusal_path(tmp_path: Path) -> None:
    """``balorg pending --json | true``: the reader is gone; no complaint, status 1."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "balorg", "--db", "x.db", "pending", "--json"],
            stdout=write, stderr=subprocess.PIPE, cwd=tmp_path, check=False,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )  # fmt: skip
    finally:
        os.close(write)
    assert done.returncode == 1
    assert done.stderr == b""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("redirect", [">&-", ">/dev/full"])
def test_no_output_at_all_or_a_full_one(tmp_path: Path, redirect: str) -> None:
    """``balorg pending >&-``: standard output closed, or full; still no traceback."""
    done = subprocess.run(
        ["bash", "-c", f'"$0" -m balorg --db x.db pending {redirect}', sys.executable],
        stderr=subprocess.PIPE, cwd=tmp_path, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr == b""
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_while_a_command_works(live: Cli) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    live.monkeypatch.setattr("balorg.cli.centre.pending_accounts", interrupted)
    ran = live.json("pending", who="agent")
    assert (ran.code, ran.codes) == (130, ["cli.interrupted"])


def test_an_unexpected_error_is_coded_and_tells_nothing_of_itself(live: Cli) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("an inner detail")

    live.monkeypatch.setattr("balorg.cli.centre.pending_accounts", broken)
    ran = live.json("pending", who="agent")
    assert (ran.code, ran.codes) == (1, ["cli.internal_error"])
    assert ran.payload["errors"][0]["params"] == {"error": "RuntimeError"}
    assert "an inner detail" not in ran.text
    no_traceback(ran)
    live.monkeypatch.setenv("BALORG_DEBUG", "1")
    debug = live("pending", who="agent")
    assert "Traceback" in debug.err
    assert "an inner detail" in debug.err


def test_a_library_that_exits_does_not_end_the_caller(live: Cli) -> None:
    def leaving(*args: object, **kwargs: object) -> None:
        sys.exit(3)

    live.monkeypatch.setattr("balorg.cli.centre.pending_accounts", leaving)
    assert live.json("pending", who="agent").code == 1


def test_main_never_raises_on_help_or_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert capsys.readouterr().out.startswith("usage : balorg")
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("balorg ")
    assert main(["pending", "--help", "--lang", "en"]) == 0
    assert "service centre: accounts waiting" in capsys.readouterr().out


def test_help_in_json_is_an_envelope(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["members", "add", "--help", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["command"] == "members add"
    assert payload["result"]["help"].startswith("usage : balorg members add")


@pytest.mark.parametrize(
    ("argv", "command", "fragment"),
    [
        ([], "", "ces arguments sont obligatoires : COMMAND"),
        (["members"], "members", "ces arguments sont obligatoires : ACTION"),
        (["members", "add"], "members add", "ces arguments sont obligatoires : MAILBOX"),
        (["pending", "--nope"], "pending", "arguments inconnus : --nope"),
        (["frobnicate"], "", "choix invalide : 'frobnicate'"),
        (["login", "not-an-address"], "login", "argument ACCOUNT :"),
        (["notices", "maybe", PHARMACIE], "notices", "« maybe » : on ou off attendu."),
        (["pending", "--limit"], "pending", "argument --limit : une valeur est attendue"),
        (["pending", "--json=yes"], "pending", "argument explicite ignoré : 'yes'"),
    ],
)
def test_usage_errors_exit_two_in_the_envelope(
    capsys: pytest.CaptureFixture[str], argv: list[str], command: str, fragment: str
) -> None:
    assert main([*argv, "--json"]) == 2
    payload = json.loads(capsys.readouterr().out)
    assert payload["command"] == command
    assert payload["ok"] is False
    (error,) = payload["errors"]
    assert error["code"] == "cli.usage"
    assert fragment in error["message"], error["message"]
    assert "--help" in error["message"]


def test_usage_errors_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["members", "add", "--lang", "en"]) == 2
    out = capsys.readouterr().out
    assert "the following arguments are required: MAILBOX, ACCOUNT" in out
    assert "(help: balorg members add --help)" in out
