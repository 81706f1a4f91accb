"""The command line's start pays only for the command that runs: each command word is
owned by the one module that builds it, and identify imports neither the database, the
services nor the address rule."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys

from balorg.cli.main import COMMANDS, OWNER


def test_each_command_word_is_owned_by_the_module_that_builds_it() -> None:
    built: dict[str, str] = {}
    for name in COMMANDS:
        sub = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(f"balorg.cli.{name}").add_parser(
            sub, argparse.ArgumentParser(add_help=False)
        )
        built |= dict.fromkeys(sub.choices, name)
    assert built == OWNER


def test_identify_imports_no_database_no_services_and_no_address_rule() -> None:
    code = (
        "import sys, balorg.cli\n"
        "status = balorg.cli.main(['identify', '10001045367'])\n"
        "heavy = ('sqlalchemy', 'alembic', 'balorg.services', 'balorg.adapters',"
        " 'email_validator', 'cattrs', 'httpx')\n"
        "print(status, sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert ran.stdout.strip().splitlines()[-1] == "0 []"
