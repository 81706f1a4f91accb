"""``balorg completion bash|zsh``: a script made from the parser, that bash accepts and
that completes commands, actions and options wherever the global options are."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from tests.cli.conftest import Cli, leaves

from balorg.cli.completion import script, words
from balorg.cli.main import build_parser

BASH = shutil.which("bash")


def test_every_command_and_option_is_in_the_script() -> None:
    table = words(build_parser("fr"))
    for name, parser in leaves().items():
        assert name in table
        options = {o for a in parser._actions for o in a.option_strings if o.startswith("--")}
        assert options <= set(table[name]), name


@pytest.mark.skipif(BASH is None, reason="needs bash")
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("balorg mem", "members"),
        ("balorg --db x.db mem", "members"),
        ("balorg --lang en pen", "pending"),
        ("balorg members a", "add"),
        ("balorg members add X Y --exp", "--expires"),
        ("balorg audit mailbox X --si", "--since"),
        (
            "balorg db ",
            "current downgrade upgrade --config --db --help --json --lang --session-file",
        ),
    ],
)
def test_bash_completes(tmp_path: Path, line: str, expected: str) -> None:
    completion = tmp_path / "balorg.bash"
    completion.write_text(script(build_parser("fr"), "bash"), encoding="utf-8")
    program = (
        f'source "{completion}"; read -ra COMP_WORDS <<< "$LINE"; '
        'COMP_CWORD=${#COMP_WORDS[@]}; [[ "$LINE" == *" " ]] || COMP_CWORD=$((COMP_CWORD - 1)); '
        '_balorg; echo "${COMPREPLY[*]}"'
    )
    done = subprocess.run(
        [BASH or "bash", "-c", program], env={"LINE": line}, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    assert done.stdout.strip() == expected


def test_the_command_prints_the_script_and_its_json(bare: Cli) -> None:
    ran = bare("completion", "zsh", plain=True)
    assert ran.code == 0
    assert ran.out.startswith("autoload -U +X bashcompinit && bashcompinit\n")
    assert bare.files() == ["balorg.toml"]
    payload = bare.json("completion", "bash", plain=True).payload
    assert payload["result"]["script"].endswith("complete -o default -F _balorg balorg\n")
