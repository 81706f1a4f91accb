"""Argument parsing and dispatch of the ``balorg`` command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from balorg._version import __version__
from balorg.cli import commands, directory, identify
from balorg.cli.output import Output
from balorg.domain.errors import BalorgError, DomainRefusal, Problem

__all__ = ["COMMANDS", "build_parser", "main"]

#: Each module adds its sub-commands with ``add_parser(sub, common)``.
COMMANDS = (identify, commands, directory)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        allow_abbrev=False,
        prog="balorg",
        description="MSSanté organisational mailboxes (BAL organisationnelles).",
    )
    parser.add_argument("--version", action="version", version=f"balorg {__version__}")
    common = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    common.add_argument(
        "--lang", choices=("fr", "en"), default="fr", help="language of messages (default: fr)"
    )
    common.add_argument("--json", action="store_true", help="machine-readable output")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.add_parser(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extras = parser.parse_known_args(argv)
    if extras:
        # Name the unknown options only: a stray value may be a password typed by mistake.
        options = [x for x in extras if x.startswith("-")]
        parser.error(
            "unrecognized arguments: "
            + (" ".join(options) if options else f"{len(extras)} value(s), not shown")
        )
    # A family's action is part of the command's name ("members add", not "members").
    family = getattr(args, "members_command", None) or getattr(args, "directory_command", None)
    command = " ".join(filter(None, (args.command, family)))
    out = Output(command=command, lang=args.lang, as_json=args.json)
    try:
        code: int = args.run(args, out)
    except DomainRefusal as refusal:
        return out.finish(ok=False, errors=refusal.problems)
    except BalorgError as error:
        return out.finish(ok=False, errors=[Problem.from_error(error)])
    except BrokenPipeError:  # the reader went away (``| head``): not our failure
        sys.stderr.close()
        return 0
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
