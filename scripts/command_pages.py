"""Write ``docs/commands/``: one page per command of ``balorg``, made from the parser.

    python scripts/command_pages.py           # write the pages
    python scripts/command_pages.py --check   # exit 1 when a page is missing or stale

Each page says what the command does (in English, and in French as ``--lang fr`` shows
it), whether it acts in a session and what it may do to the store, its usage, its
arguments and options with their help, and its example. The help lives in the parser
(``src/balorg/cli/``): edit it there, then run this script; ``tests/cli`` fails while a
page is stale.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from balorg.cli.main import build_parser
from balorg.cli.runtime import StoreMode

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "docs" / "commands"
GLOBAL = {"--db", "--config", "--session-file", "--lang", "--json", "-h"}
WIDTH = 96
GENERATED = (
    "<!-- Made by scripts/command_pages.py from the parser's help: edit the help in "
    "src/balorg/cli/, then run the script. -->"
)

_STORE = {
    StoreMode.EXISTING: "needs an existing store at the latest revision (it creates nothing)",
    StoreMode.START: "may create the store, and bring it to the latest revision",
    StoreMode.NONE: "needs no store",
    None: "opens the store of `--db` itself (the national directory's command)",
}


def _children(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> dict[str, argparse.ArgumentParser]:
    """Every command (``"members add"``) and its parser, in the parser's order."""
    found: dict[str, argparse.ArgumentParser] = {}
    below = _children(parser)
    if not below and path:
        return {" ".join(path): parser}
    for name, child in below.items():
        found.update(commands(child, (*path, name)))
    return found


def file_name(command: str) -> str:
    return command.replace(" ", "-") + ".md"


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


#: Commands that open a session (its token kept in the session file).
OPENING = {"login", "register"}


def _session(name: str, parser: argparse.ArgumentParser) -> str:
    if name in OPENING:
        return "opens a session, kept in the session file (see `--session-file`)"
    if parser.get_default("session"):
        return "acts in the session of the person logged in (`balorg login`)"
    return "acts in no one's session: the operator's or the mail transport's command"


def _sentence(text: str | None) -> str:
    text = (text or "").strip().rstrip(".")
    return f"{text[:1].upper()}{text[1:]}."


def _usage(parser: argparse.ArgumentParser) -> str:
    formatter = argparse.HelpFormatter(parser.prog, width=WIDTH)
    formatter.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups)
    return formatter.format_help().strip()


def _invocation(parser: argparse.ArgumentParser, action: argparse.Action) -> str:
    formatter = argparse.HelpFormatter(parser.prog, width=WIDTH)
    return formatter._format_action_invocation(action)


def page(name: str, english: argparse.ArgumentParser, french: argparse.ArgumentParser) -> str:
    """The page of one command."""
    lines = [
        f"# `balorg {name}`",
        "",
        GENERATED,
        "",
        f"{_sentence(english.description)}",
        "",
        f"*In French (`--lang fr`, the default):* {french.description}",
        "",
        "| | |",
        "|---|---|",
        f"| Session | {_session(name, english)} |",
        f"| Store | {_STORE[english.get_default('store')]} |",
        "",
        "## Usage",
        "",
        "```text",
        _usage(english),
        "```",
    ]
    positionals = [a for a in english._actions if not a.option_strings]
    options = [
        a
        for a in english._actions
        if a.option_strings and not set(a.option_strings) & GLOBAL and a.help
    ]
    if positionals:
        lines += ["", "## Arguments", "", "| Argument | Meaning |", "|---|---|"]
        lines += [f"| `{_invocation(english, a)}` | {_cell(a.help)} |" for a in positionals]
    if options:
        lines += ["", "## Options", "", "| Option | Meaning |", "|---|---|"]
        lines += [
            f"| `{_invocation(english, a)}` | {_cell(a.help)}"
            + (" (required)" if a.required else "")
            + " |"
            for a in options
        ]
    lines += [
        "",
        "The global options `--db`, `--config`, `--session-file`, `--lang` and `--json` go "
        "before or after the command: see [the command line](../cli.md#global-options).",
    ]
    epilog = english.epilog or ""
    example = epilog.partition("\n")[2].strip()
    if example:
        lines += ["", "## Example", "", "```sh", example, "```"]
    return "\n".join(lines) + "\n"


def index(found: dict[str, argparse.ArgumentParser]) -> str:
    lines = [
        "# Commands",
        "",
        GENERATED,
        "",
        "One page per command of `balorg`; [the command line](../cli.md) says what they "
        "share (sessions, the store, global options, exit statuses, the JSON envelope).",
        "",
        "| Command | What it does |",
        "|---|---|",
    ]
    lines += [
        f"| [`balorg {name}`]({file_name(name)}) | {_cell(parser.description)} |"
        for name, parser in found.items()
    ]
    return "\n".join(lines) + "\n"


def pages() -> dict[str, str]:
    """File name -> content, for every page of ``docs/commands/``."""
    french = commands(build_parser("fr"))
    english = commands(build_parser("en"))  # argparse's own words in English from here
    try:
        made = {file_name(n): page(n, parser, french[n]) for n, parser in english.items()}
        made["index.md"] = index(english)
    finally:
        build_parser("fr")  # argparse back in the command line's default language
    return made


def stale(folder: Path = FOLDER) -> list[str]:
    """The pages that are missing, stale, or of no command any more."""
    wanted = pages()
    found = {p.name for p in folder.glob("*.md")} if folder.is_dir() else set()
    wrong = [
        name
        for name, text in wanted.items()
        if name not in found or (folder / name).read_text(encoding="utf-8") != text
    ]
    return sorted(wrong + sorted(found - set(wanted)))


def write(folder: Path = FOLDER) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    wanted = pages()
    for extra in {p.name for p in folder.glob("*.md")} - set(wanted):
        (folder / extra).unlink()
    for name, text in wanted.items():
        (folder / name).write_text(text, encoding="utf-8")
    return sorted(wanted)


def main(argv: list[str]) -> int:
    if argv == ["--check"]:
        wrong = stale()
        for name in wrong:
            print(f"docs/commands/{name}: missing or stale")
        return 1 if wrong else 0
    if argv:
        print(__doc__)
        return 2
    print(f"{len(write())} pages written in {FOLDER.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
