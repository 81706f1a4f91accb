"""Argument parsing and dispatch of the ``balorg`` command.

Global options (``--db``, ``--config``, ``--session-file``, ``--lang``, ``--json``) go
before or after the command. Every failure is a coded error in the chosen language (and,
with ``--json``, in the JSON envelope, usage errors included); exit status 0 on success,
1 on a refusal or invalid input, 2 on a usage error, 130 when interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Sequence
from typing import Any, NoReturn

from balorg._version import __version__
from balorg.cli import common
from balorg.cli.output import Output, _printable
from balorg.cli.runtime import Interrupted
from balorg.cli.texts import T, use_language
from balorg.domain.errors import BalorgError, DomainRefusal, Problem
from balorg.domain.messages import Lang

__all__ = ["COMMANDS", "OWNER", "build_parser", "main"]

#: Each module of :mod:`balorg.cli` adds its commands with ``add_parser(sub, common)``.
COMMANDS = (
    "identify",
    "registering",
    "centre",
    "account",
    "mail",
    "mailbox",
    "trail",
    "outbox",
    "directory",
    "db",
    "completion",
)

#: The module of each command word: only that module is imported to run the command
#: (the start of ``balorg identify`` does not pay for the database or the services).
OWNER: dict[str, str] = {
    "identify": "identify",
    "register": "registering",
    "members": "registering",
    "finish": "registering",
    "handover": "registering",
    "pending": "centre",
    "approve": "centre",
    "reject": "centre",
    "agent": "centre",
    "login": "account",
    "logout": "account",
    "whoami": "account",
    "switch": "account",
    "default": "account",
    "notices": "account",
    "settings": "account",
    "password": "account",
    "send": "mail",
    "receive": "mail",
    "inbox": "mail",
    "mailbox": "mailbox",
    "audit": "trail",
    "outbox": "outbox",
    "directory": "directory",
    "db": "db",
    "completion": "completion",
}

#: Global options that take a value (skipped when looking for the command word).
_VALUED = frozenset({"--db", "--config", "--session-file", "--lang"})


class UsageError(BalorgError):
    """The command line itself is wrong (code ``cli.usage``)."""

    default_code = "cli.usage"


class _Shown(Exception):
    """``--help`` or ``--version``: the text argparse would print, then exit 0."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


class _Parser(argparse.ArgumentParser):
    """Raises instead of printing and exiting, so that the error is coded (and in JSON),
    and so that ``--help`` returns from :func:`main` instead of leaving the process."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message=message, command=self.prog)

    def _print_message(self, message: str, file: Any = None) -> None:
        self._shown = getattr(self, "_shown", "") + (message or "")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if status:
            raise UsageError(message=(message or "").strip(), command=self.prog)
        raise _Shown(getattr(self, "_shown", "") + (message or ""))


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


def build_parser(lang: Lang = "fr", *, only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, with its help in ``lang``; with ``only``, the commands of
    that one module of :mod:`balorg.cli` (see :data:`OWNER`)."""
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
    for name in COMMANDS if only is None else (only,):
        importlib.import_module(f"balorg.cli.{name}").add_parser(sub, shared)
    for command in _below(parser):
        _global_options(command, lang, suppress=True)
    return parser


def _below(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """Every parser below ``parser``: commands, and families of commands (``members``)."""
    found = []
    for child in common.children(parser).values():
        found.append(child)
        found.extend(_below(child))
    return found


def _language(argv: Sequence[str]) -> Lang:
    """The language asked for, before the command line is parsed (its help depends on
    it): the last ``--lang`` wins, as in argparse; else ``BALORG_LANG``; else French."""
    found: Lang | None = None
    for index, word in enumerate(argv):
        value: str | None = None
        if word == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif word.startswith("--lang="):
            value = word.partition("=")[2]
        if value == "fr":
            found = "fr"
        elif value == "en":
            found = "en"
    if found is not None:
        return found
    env = os.environ.get("BALORG_LANG", "")
    return "en" if env.startswith("en") else "fr"


def _command_word(words: Sequence[str]) -> str | None:
    """The command's name: the first word that is neither an option nor an option's value."""
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word == "--":
            return None
        elif word.startswith("-"):
            skip = word in _VALUED
        else:
            return word
    return None


def _name(args: argparse.Namespace) -> str:
    family = getattr(args, f"{args.command}_command", None)
    return " ".join(filter(None, (args.command, family)))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on ``argv`` (default: ``sys.argv[1:]``); answers the exit
    status and never raises: 0 done, 1 refused or invalid input, 2 usage error,
    130 interrupted."""
    words = [str(word) for word in (sys.argv[1:] if argv is None else argv)]
    lang = _language(words)
    as_json = "--json" in words
    out = Output(command="", lang=lang, as_json=as_json)
    try:
        try:
            parser = build_parser(lang, only=OWNER.get(_command_word(words) or ""))
            out.command = _guess_name(words, parser)
            _utf8(words)
            args = parser.parse_args(words)
        except _Shown as shown:
            return _show_help(out, shown.text)
        out = Output(command=_name(args), lang=args.lang, as_json=args.json)
        code: int = args.run(args, out)
        out.flush()
    except UsageError as error:
        _safely(out, [Problem.from_error(error)])
        return 2
    except Interrupted:
        _safely(out, [Problem("cli.interrupted")])
        return 130
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
    except SystemExit as leaving:  # a library called sys.exit(): answer its status
        return leaving.code if isinstance(leaving.code, int) and leaving.code in (0, 1, 2) else 1
    except Exception as error:
        if os.environ.get("BALORG_DEBUG"):
            traceback.print_exc()
        return _safely(out, [Problem("cli.internal_error", "", {"error": type(error).__name__})])
    return code if code in (0, 1, 2, 130) else 1


def _utf8(words: Sequence[str]) -> None:
    """Every argument is text: a word that was not UTF-8 on the command line (Python
    keeps its bytes as lone surrogates) is refused before anything reads it."""
    for index, word in enumerate(words, start=1):
        try:
            word.encode("utf-8")
        except UnicodeEncodeError:
            try:  # the bytes as they were given, when they were bytes
                raw = word.encode("utf-8", "surrogateescape")
            except UnicodeEncodeError:
                raw = word.encode("utf-8", "backslashreplace")
            shown = raw.decode("utf-8", "backslashreplace")
            raise UsageError("cli.argument_not_utf8", position=index, argument=shown[:80]) from None


def _guess_name(words: Sequence[str], parser: argparse.ArgumentParser) -> str:
    """The command's name before parsing (for a usage error's envelope): the first
    words that name a command, or a family of commands, of the tree."""
    path: list[str] = []
    for word in words:
        if word.startswith("-"):
            continue
        children = common.children(parser)
        if word not in children:
            if children:
                break
            continue
        path.append(word)
        parser = children[word]
    return " ".join(path)


def _show_help(out: Output, text: str) -> int:
    """``--help`` (or ``--version``): the text, or with ``--json`` the envelope."""
    if out.as_json:
        return _safely_ok(out, {"help": text})
    try:
        out.stream.write(_printable(text))
        out.flush()
    except BrokenPipeError:
        _quiet_stdout()
    except (OSError, ValueError):
        pass
    return 0


def _safely_ok(out: Output, result: dict[str, Any]) -> int:
    return _report(out, ok=True, result=result)


def _safely(out: Output, problems: Sequence[Problem]) -> int:
    """Report a failure (its errors, and the warnings that came with them)."""
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    return _report(out, ok=False, errors=errors or [Problem("cli.refused")], warnings=warnings)


def _report(out: Output, **envelope: Any) -> int:
    """Print the outcome; whatever happens to the output on the way, answer a status."""
    status = 0 if envelope.get("ok") else 1
    try:
        status = out.finish(**envelope)
        out.flush()
    except BrokenPipeError:  # the reader went away (``| true``): not our failure
        _quiet_stdout()
    except (OSError, ValueError):  # the output is closed or full: nothing more can be said
        pass
    except KeyboardInterrupt:
        return 130
    return status


def _quiet_stdout() -> None:
    """After a closed pipe, point stdout at nothing so that exiting does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    finally:
        os.close(devnull)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
