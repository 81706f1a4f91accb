"""``balorg directory ...``: the national directory, in (import, lookup) and out (publication).

The family's commands are added by :mod:`balorg.cli.directory_in` and
:mod:`balorg.cli.directory_out`.
"""

from __future__ import annotations

import argparse

from balorg.cli import directory_in, directory_out
from balorg.cli.common import family
from balorg.cli.texts import T

__all__ = ["add_parser"]


def add_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    commands = family(
        sub,
        "directory",
        T(
            "l'annuaire national : importer les extractions de l'ANS, chercher, publier",
            "the national directory: import the ANS extractions, look up, publish",
        ),
    )
    directory_in.add_commands(commands, common)
    directory_out.add_commands(commands, common)
