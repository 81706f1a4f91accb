"""``balorg completion bash|zsh``: a shell completion script, made from the parser itself.

    balorg completion bash > ~/.local/share/bash-completion/completions/balorg
    balorg completion zsh > "${fpath[1]}/_balorg"      # zsh, with bashcompinit

The script completes the commands, their actions and their options, wherever the global
options are (their values are skipped, as are the commands' own arguments).
"""

from __future__ import annotations

import argparse
import sys

from balorg.cli.common import Sub, arg, children, command
from balorg.cli.output import Output
from balorg.cli.runtime import StoreMode
from balorg.cli.texts import T

__all__ = ["add_parser", "script", "words"]


def words(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """For each command path (``"members add"``), the words that may follow it."""
    below = children(parser)
    options = [o for a in parser._actions for o in a.option_strings if o.startswith("--")]
    found = {" ".join(path): sorted(below) + sorted(options)}
    for name, child in below.items():
        found.update(words(child, (*path, name)))
    return found


def _valued(parser: argparse.ArgumentParser) -> set[str]:
    """The options, anywhere in the tree, that take a value (their value is skipped)."""
    found = {
        o for a in parser._actions if a.nargs != 0 and a.option_strings for o in a.option_strings
    }
    for child in children(parser).values():
        found |= _valued(child)
    return found


def script(parser: argparse.ArgumentParser, shell: str) -> str:
    table = words(parser)
    cases = "\n".join(
        f'        "{path}") opts="{" ".join(choices)}" ;;'
        for path, choices in sorted(table.items())
    )
    valued = "|".join(sorted(_valued(parser)))
    known = "|".join(f'"{path}"' for path in sorted(table) if path)
    body = f"""_balorg() {{
    local cur path word opts skip candidate
    cur="${{COMP_WORDS[COMP_CWORD]}}"
    path=""
    skip=""
    for word in "${{COMP_WORDS[@]:1:COMP_CWORD-1}}"; do
        if [ -n "$skip" ]; then skip=""; continue; fi
        case "$word" in
            {valued}) skip=1; continue ;;
            -*) continue ;;
        esac
        candidate="${{path:+$path }}$word"
        case "$candidate" in
            {known}) path="$candidate" ;;
        esac
    done
    case "$path" in
{cases}
        *) opts="" ;;
    esac
    COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
}}
complete -o default -F _balorg balorg
"""
    if shell == "zsh":
        return "autoload -U +X bashcompinit && bashcompinit\n" + body
    return body


def _completion(args: argparse.Namespace, out: Output) -> int:
    from balorg.cli.main import build_parser  # noqa: PLC0415

    text = script(build_parser(out.lang), args.shell)
    if out.as_json:
        return out.finish(ok=True, result={"shell": args.shell, "script": text})
    sys.stdout.write(text)
    return 0


def add_parser(sub: Sub, common: argparse.ArgumentParser) -> None:
    p = command(
        sub,
        common,
        "completion",
        _completion,
        T("le script de complétion pour bash ou zsh", "the completion script for bash or zsh"),
        store=StoreMode.NONE,
        session=False,
        example="balorg completion bash > ~/.local/share/bash-completion/completions/balorg",
    )
    arg(p, "shell", choices=("bash", "zsh"), help=T("le shell", "the shell"))
