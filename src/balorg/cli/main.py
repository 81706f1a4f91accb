"""Argument parsing and dispatch of the ``balorg`` command.

Global options (``--db``, ``--config``, ``--session-file``, ``--lang``, ``--json``) go
before or after the command. Every failure is a coded error in the chosen language (and,
with ``--json``, in the JSON envelope, usage errors included); exit status 0 on success,
1 on a refusal or invalid input, 2 on a usage error, 130 when interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from typing import Any, NoReturn

from balorg._version import __version__
from balorg.cli import (
    account,
    centre,
    common,
    completion,
    db,
    directory,
    identify,
    mail,
    mailbox,
    outbox,
    registering,
    trail,
)
from balorg.cli.output import Output
from balorg.cli.texts import T, use_language
from balorg.domain.errors import BalorgError, DomainRefusal, Problem
from balorg.domain.messages import Lang

__all__ = ["COMMANDS", "build_parser", "main"]

#: Each module adds its commands with ``add_parser(sub, common)``.
COMMANDS = (
    identify,
    registering,
    centre,
    account,
    mail,
    mailbox,
    trail,
    outbox,
    directory,
    db,
    completion,
)


class UsageError(BalorgError):
    """The command line itself is wrong (code ``cli.usage``)."""

    default_code = "cli.usage"


class _Parser(argparse.ArgumentParser):
    """Raises instead of printing and exiting, so that the error is coded (and in JSON)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message=message, command=self.prog)


def _global_options(parser: argparse.ArgumentParser, lang: Lang, *, suppress: bool) -> None:
    def default(value: object) -> object:
        return argparse.SUPPRESS if suppress else value

    def add_argument(*flags: str, **options: Any) -> None:
        # A command that declares a global option itself keeps its own.
        if not any(flag in parser._option_string_actions for flag in flags):
            parser.add_argument(*flags, **options)

    add_argument(
        "--db",
        default=default(None),
        metavar="URL|PATH",
        help=T(
            "la base : URL SQLAlchemy ou chemin d'un fichier SQLite (défaut : balorg.db)",
            "the store: a SQLAlchemy URL or the path of a SQLite file (default: balorg.db)",
        )(lang),
    )
    add_argument(
        "--config",
        default=default(None),
        metavar="FILE",
        help=T(
            "les réglages de l'opérateur (défaut : ./balorg.toml s'il existe)",
            "the operator's settings (default: ./balorg.toml if present)",
        )(lang),
    )
    add_argument(
        "--session-file",
        default=default(None),
        metavar="FILE",
        help=T(
            "le fichier de la session (défaut : $BALORG_SESSION_FILE, sinon "
            "~/.local/state/balorg/session)",
            "the session's file (default: $BALORG_SESSION_FILE, else "
            "~/.local/state/balorg/session)",
        )(lang),
    )
    add_argument(
        "--lang",
        choices=("fr", "en"),
        default=default(lang),
        help=T("langue des messages (défaut : fr)", "language of messages (default: fr)")(lang),
    )
    add_argument(
        "--json",
        action="store_true",
        default=default(False),
        help=T("sortie pour les programmes", "machine-readable output")(lang),
    )


def build_parser(lang: Lang = "fr") -> argparse.ArgumentParser:
    """The whole command line, with its help in ``lang``."""
    use_language(lang)
    common.LANG[0] = lang
    parser = _Parser(
        allow_abbrev=False,
        prog="balorg",
        description=T(
            "Les BAL organisationnelles de l'espace de confiance MSSanté.",
            "MSSanté organisational mailboxes (BAL organisationnelles).",
        )(lang),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"balorg {__version__}",
        help=T("afficher la version", "show the version")(lang),
    )
    _global_options(parser, lang, suppress=False)
    # Commands take the global options too (after their name), each its own copy.
    shared = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )
    for module in COMMANDS:
        module.add_parser(sub, shared)
    for command in _commands(parser):
        _global_options(command, lang, suppress=True)
    return parser


def _commands(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """Every command's parser (the leaves of the tree)."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                below = _commands(child)
                found.extend(below or [child])
    return found


def _language(argv: Sequence[str]) -> Lang:
    """The language asked for, before the command line is parsed (its help depends on it)."""
    for index, word in enumerate(argv):
        value = None
        if word == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif word.startswith("--lang="):
            value = word.partition("=")[2]
        if value in ("fr", "en"):
            return value  # type: ignore[return-value]
    env = os.environ.get("BALORG_LANG", "")
    return "en" if env.startswith("en") else "fr"


def _name(args: argparse.Namespace) -> str:
    family = getattr(args, f"{args.command}_command", None)
    return " ".join(filter(None, (args.command, family)))


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    lang = _language(words)
    as_json = "--json" in words
    out = Output(command="", lang=lang, as_json=as_json)
    try:
        parser = build_parser(lang)
        args = parser.parse_args(words)
        out = Output(command=_name(args), lang=args.lang, as_json=args.json)
        code: int = args.run(args, out)
    except UsageError as error:
        out.finish(ok=False, errors=[Problem.from_error(error)])
        return 2
    except DomainRefusal as refusal:
        return _safely(out, refusal.problems)
    except BalorgError as error:
        return _safely(out, [Problem.from_error(error)])
    except KeyboardInterrupt:
        _safely(out, [Problem("cli.interrupted")])
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return 1
    except Exception as error:
        if os.environ.get("BALORG_DEBUG"):
            traceback.print_exc()
        return _safely(out, [Problem("cli.internal_error", "", {"error": type(error).__name__})])
    return code


def _safely(out: Output, problems: Sequence[Problem]) -> int:
    try:
        return out.finish(ok=False, errors=problems)
    except BrokenPipeError:  # the reader went away (``| true``): not our failure
        _quiet_stdout()
        return 1


def _quiet_stdout() -> None:
    """After a closed pipe, point stdout at nothing so that exiting does not complain."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    finally:
        os.close(devnull)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
