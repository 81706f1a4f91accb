"""A junk-input sweep of the command line: 0 tracebacks (issue 13, "Done when").

Hypothesis builds command lines from the real command tree (every command, its
arguments and options, the global options anywhere) with values both plausible
(the live store's addresses, dates, numbers) and hostile (NUL, lone surrogates, RTL
overrides, 5,000-digit numbers, empty values, option names where values go, files
too deep, too long, with a BOM, not UTF-8), and standard input that is not UTF-8 or
never ends a line. Each runs :func:`balorg.cli.main.main` in-process on a fresh copy
of the live store, and must:

- return (never raise) an exit status in {0, 1, 2, 130};
- print no traceback, and never ``cli.internal_error`` (an exception nobody expected);
- say every failure as a coded error (``ERREUR [code]`` / ``ERROR [code]``), and with
  ``--json`` print one valid JSON envelope, failures included.

The number of examples is bounded (``SWEEP_EXAMPLES`` each, no shrinking) so that the
folder stays fast, and the same every run; ``BALORG_SWEEP=2000`` runs a longer sweep of
new lines by hand.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from tests.cli.conftest import (
    AGENT,
    ALICE,
    BOB,
    CABINET,
    CLAIRE,
    EVE,
    EXAMPLES,
    HOUSE,
    MSSANTE_JUNE,
    PASSWORDS,
    PAUL,
    PHARMACIE,
    Cli,
    Ran,
    _copy,
    leaves,
)

from balorg.cli import common

SWEEP_EXAMPLES = int(os.environ.get("BALORG_SWEEP", "150"))
SWEEP = settings(
    max_examples=SWEEP_EXAMPLES,
    deadline=None,
    database=None,
    # The test suite's sweep is the same every run (a failure is one command away from
    # being reproduced); a sweep asked for by hand explores new lines each time.
    derandomize="BALORG_SWEEP" not in os.environ,
    print_blob=True,
    phases=(Phase.generate,),
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\udcff",
    "caf\udce9",
    "\u202eevil\u202c",
    "\ufeff",
    "\u0000@x.fr",
    "9" * 5000,
    "-9" * 10,
    "1e309",
    "NaN",
    "0",
    "-1",
    "--",
    "-",
    "-x",
    "--json",
    "--lang",
    "--db",
    "@",
    "a@",
    "@b",
    "x@y@z",
    "é" * 300,
    "{" * 500,
    "../x",
    "sessions",
    "\n",
    "\t\r",
    "%s%n{0}{x}",
    "'; drop table x; --",
]
ADDRESSES = [PHARMACIE, CABINET, CLAIRE, PAUL, ALICE, BOB, EVE, AGENT, HOUSE]
ADDRESSES += ["x@medimail.mssante.fr", "Pharmacie.DuCentre@MEDIMAIL.mssante.fr"]
DATES = [
    "2026-11-27",
    "2026-11-27T09:00+01:00",
    "2026-11-27+00:00",
    "0001-01-01",
    "9999-12-31",
    "9999-12-31T23:59:59-23:59",
    "0001-01-01T00:00+23:59",
    "2026-02-30",
    "27/11/2026",
]
NUMBERS = ["1", "100", "1000", "1001", "0", "-5", "999", "9" * 5000, "1_000", "٣", "+7"]
FILES = [
    "deep.json",
    "big.json",
    "bom.json",
    "huge.json",
    "latin1.json",
    "surrogate.json",
    "deep.toml",
    "big.toml",
    "bad.toml",
    "empty.toml",
    "missing.json",
    ".",
    "sessions",
    str(EXAMPLES / "pharmacie.json"),
    str(EXAMPLES / "cabinet.json"),
    str(EXAMPLES / "service-hospitalier.json"),
    "balorg.toml",
]
READ_ONLY_DEVICES = ["/dev/zero", "/dev/null"]
GLOBAL = {"db", "config", "session_file", "lang", "json"}
WHO = ["claire", "alice", "bob", "paul", "agent", "eve", "nobody", "odd"]


def _hostile_files(folder: Path) -> None:
    (folder / "deep.json").write_text("[" * 50_000 + "]" * 50_000)
    (folder / "big.json").write_text('{"a": ' + "9" * 5000 + "}")
    (folder / "bom.json").write_bytes(b"\xef\xbb\xbf" + (EXAMPLES / "pharmacie.json").read_bytes())
    with (folder / "huge.json").open("wb") as stream:
        stream.truncate(50_000_000)
    (folder / "latin1.json").write_bytes(b'{"a": "\xe9"}')
    form = json.loads((EXAMPLES / "pharmacie.json").read_text(encoding="utf-8"))
    form["structure"]["legal_name"] = "Pharma\udcffcie\u202e"
    (folder / "surrogate.json").write_text(json.dumps(form))
    (folder / "deep.toml").write_text("a = " + "[" * 50_000 + "]" * 50_000)
    (folder / "big.toml").write_text("[operator]\nvalidation_hours = " + "9" * 5000 + "\n")
    (folder / "bad.toml").write_text('[operator]\ndomains = ["not a domain!!"]\n')
    (folder / "empty.toml").write_text("[operator]\n")
    (folder / "sessions" / "odd").write_bytes(b"\xff\x00 not a token")


def _values_for(action: argparse.Action, command: str) -> st.SearchStrategy[str]:
    """Plausible values for ``action`` (:func:`_junk` gives the hostile ones)."""
    kind = action.type
    name = getattr(kind, "__qualname__", "")
    if action.choices:
        plausible: st.SearchStrategy[str] = st.sampled_from([str(c) for c in action.choices])
    elif kind is common.address:
        plausible = st.sampled_from(ADDRESSES)
    elif kind in (common.moment, common.day):
        plausible = st.sampled_from(DATES)
    elif kind is common.on_off:
        plausible = st.sampled_from(["on", "off", "oui", "non", "ON"])
    elif name.startswith("whole"):
        plausible = st.sampled_from(NUMBERS)
    elif action.dest in ("form", "config"):
        plausible = st.sampled_from(FILES + READ_ONLY_DEVICES)
    elif action.dest == "file" and command == "directory import":
        plausible = st.sampled_from([str(MSSANTE_JUNE), "latin1.json", "missing.json", "."])
    elif action.dest in ("db",):
        plausible = st.sampled_from(["balorg.db", "fresh.db", "nope/x.db", "sqlite:///", "x://"])
    elif action.dest in ("session_file", "rejects"):
        plausible = st.sampled_from(["sessions/claire", "sessions/new", "sessions", "nope/x"])
    else:
        plausible = st.text(max_size=30) | st.sampled_from(["msg-0001", "keep", "Officine"])
    return plausible


def _junk() -> st.SearchStrategy[str]:
    return st.sampled_from(HOSTILE) | st.text(max_size=12)


@functools.cache
def _tree() -> dict[str, argparse.ArgumentParser]:
    return leaves()


@st.composite
def command_lines(draw: st.DrawFn) -> tuple[list[str], bytes, str]:
    """A command of the tree with its arguments and options, and standard input: all
    plausible half the time, else with one value junk; global options anywhere."""
    tree = _tree()
    name = draw(st.sampled_from(sorted(tree)))
    parser = tree[name]
    positionals: list[str] = []
    options: list[list[str]] = []
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction | argparse._VersionAction):
            continue
        if not action.option_strings:
            count = 1 if action.nargs is None else draw(st.integers(1, 3))
            if draw(st.integers(0, 19)) == 0:
                count = 0  # a positional left out
            positionals += [draw(_values_for(action, name)) for _ in range(count)]
            continue
        odds = 9 if action.dest in GLOBAL else 3
        if not (action.required or draw(st.integers(0, odds)) == 0):
            continue
        flag = draw(st.sampled_from(action.option_strings))
        if action.nargs == 0:
            options.append([flag])
        else:
            options.append([flag, draw(_values_for(action, name))])
    slots = [(None, i) for i in range(len(positionals))]
    slots += [(k, 1) for k, option in enumerate(options) if len(option) == 2]
    if slots and draw(st.booleans()):  # one value is junk
        which, at = draw(st.sampled_from(slots))
        if which is None:
            positionals[at] = draw(_junk())
        else:
            options[which][at] = draw(_junk())
    path = name.split()
    words = [*path, *positionals]
    for option in draw(st.permutations(options)):  # the command's options after its name
        at = draw(st.integers(len(path), len(words)))
        words[at:at] = option
    if draw(st.booleans()):  # global options go anywhere
        words.insert(draw(st.integers(0, len(words))), "--json")
    if draw(st.integers(0, 3)) == 0:
        lang = draw(st.sampled_from(["en", "en", "fr", "de", ""]))
        at = draw(st.integers(0, len(words)))
        words[at:at] = ["--lang", lang]
    if draw(st.integers(0, 19)) == 0:  # a word lost, or doubled
        at = draw(st.integers(0, len(words) - 1))
        if draw(st.booleans()):
            del words[at]
        else:
            words.insert(at, words[at])
    stdin = draw(
        st.sampled_from(
            [
                b"",
                (PASSWORDS[CLAIRE] + "\n").encode(),
                (PASSWORDS[ALICE] + "\n" + "alice-New-Secret-Kz19\n").encode(),
                b"claire\xffpw\n",
                b"\x00\n",
                b"p" * 10_000,
                "pässwörd-ünïcödé-12\n".encode(),
            ]
        )
        | st.binary(max_size=40)
    )
    who = draw(st.sampled_from(WHO))
    return words, stdin, who


@st.composite
def word_soups(draw: st.DrawFn) -> tuple[list[str], bytes, str]:
    """Words of the command line in any order: commands, options, values, junk."""
    tree = _tree()
    vocabulary = sorted(
        {w for name in tree for w in name.split()}
        | {o for p in tree.values() for a in p._actions for o in a.option_strings}
    )
    pool = st.sampled_from(vocabulary) | st.sampled_from(HOSTILE + ADDRESSES + DATES + FILES)
    words = draw(st.lists(pool | st.text(max_size=8), max_size=8))
    return words, draw(st.binary(max_size=20)), draw(st.sampled_from(WHO))


#: A coded error as people read it (``identify`` says its verdicts with their codes).
CODED = re.compile(r"(^  (ERREUR|ERROR) |\s)\[[a-z0-9_]+(\.[a-z0-9_]+)+\] ", re.MULTILINE)


def _json_expected(words: list[str]) -> bool:
    before = words[: words.index("--")] if "--" in words else words
    return "--json" in before


def check(words: list[str], ran: Ran) -> None:
    """What every run must satisfy, whatever its input."""
    assert ran.code in (0, 1, 2, 130), (words, ran)
    assert "Traceback" not in ran.text, (words, ran.text)
    assert "cli.internal_error" not in ran.text, (words, ran.text)
    try:
        payload: Any = json.loads(ran.out)
    except ValueError:
        payload = None
    if _json_expected(words) and payload is None:
        raise AssertionError((words, "no JSON envelope", ran.out[:500]))
    if isinstance(payload, dict) and "ok" in payload:
        assert list(payload) == ["command", "ok", "result", "errors", "warnings"]
        assert payload["ok"] is (ran.code == 0), (words, payload)
        if ran.code:
            assert payload["errors"], (words, payload)
        for problem in payload["errors"] + payload["warnings"]:
            assert re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)+", problem["code"]), problem
            assert problem["message"], problem
    elif ran.code not in (0, 130):
        assert CODED.search(ran.out), (words, ran.out[:500])


class Sweep:
    """Runs examples on a fresh copy of the live store each time, and counts them."""

    def __init__(self, live: Cli, template: Path) -> None:
        self.live = live
        self.template = template
        self.tried = 0
        self.codes: dict[int, int] = {}
        _hostile_files(live.folder)

    def run(self, words: list[str], stdin: bytes, who: str, *, plain: bool) -> None:
        for suffix in ("-wal", "-shm"):
            (self.live.folder / f"balorg.db{suffix}").unlink(missing_ok=True)
        _copy(self.template, self.live.folder)
        answers: list[str | BaseException] = ["short", PASSWORDS[CLAIRE], KeyboardInterrupt()]
        tty = stdin.startswith(b"\x00")
        ran = self.live(
            *words, who=None if plain else who, stdin=stdin, tty=tty, answers=answers, plain=plain
        )
        self.tried += 1
        self.codes[ran.code] = self.codes.get(ran.code, 0) + 1
        check(words, ran)


@pytest.fixture
def sweep(live: Cli, templates: dict[str, Path]) -> Iterator[Sweep]:
    found = Sweep(live, templates["live"])
    yield found
    # Shown with ``-s``: how many command lines were tried, and how they ended.
    print(f"\njunk sweep: {found.tried} command lines, exit statuses {found.codes}")


@SWEEP
@given(line=command_lines())
def test_command_lines_built_from_the_tree(
    sweep: Sweep, line: tuple[list[str], bytes, str]
) -> None:
    words, stdin, who = line
    sweep.run(words, stdin, who, plain=False)


@SWEEP
@given(line=word_soups())
def test_word_soups(sweep: Sweep, line: tuple[list[str], bytes, str]) -> None:
    words, stdin, who = line
    sweep.run(words, stdin, who, plain=True)


def test_the_checks_catch_what_they_must() -> None:
    """The sweep's own checks refuse a traceback, an uncoded failure, broken JSON."""
    bad: list[Callable[[], None]] = [
        lambda: check(["x"], Ran(1, "Traceback (most recent call last):\n", "")),
        lambda: check(["x"], Ran(1, "something went wrong\n", "")),
        lambda: check(["x", "--json"], Ran(1, "{not json", "")),
        lambda: check(["x"], Ran(3, "  ERREUR [cli.usage] x\n", "")),
        lambda: check(["x"], Ran(1, "  ERREUR [cli.internal_error] x\n", "")),
    ]
    for run in bad:
        with pytest.raises(AssertionError):
            run()
    check(["x"], Ran(1, "  ERREUR [cli.no_session] x\n", ""))
