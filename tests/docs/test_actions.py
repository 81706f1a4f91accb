"""The action vocabulary of ``docs/actions.md`` is the runner's: it cannot go stale.

The table there has one row per command. Each row's action name, command and actors must
be those of the command registered with the runner (:mod:`balorg.services.bus`), every
command of balorg must have its row, and an access rule the row names
(``Action.SEND (send)``) must exist with that capability and be applied by the command's
handler module.
"""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from attrs import frozen

import balorg.services
from balorg.domain.actors import AuthMethod
from balorg.rules.access import ACTION_RULES, Action
from balorg.services.bus import _HANDLERS, Command, commands

PAGE = Path(__file__).parents[2] / "docs" / "actions.md"
HEADER = ["Action", "Command", "Actors", "May run it", "What it changes"]
_CODE = re.compile(r"`([^`]+)`")
_RULE = re.compile(r"`Action\.([A-Z_]+)` \((?:`([a-z_]+)`|(responsible only))\)")


@frozen
class Row:
    action: str
    command: str
    actors: frozenset[str]
    may: str
    changes: str


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def table_rows(text: str) -> list[Row]:
    """The rows of the table whose header is :data:`HEADER`."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if _cells(line) == HEADER)
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        action, command, actors, may, changes = _cells(line)
        rows.append(
            Row(
                action=_CODE.fullmatch(action).group(1),  # type: ignore[union-attr]
                command=_CODE.fullmatch(command).group(1),  # type: ignore[union-attr]
                actors=frozenset(_CODE.findall(actors)),
                may=may,
                changes=changes,
            )
        )
    return rows


def balorg_commands() -> dict[str, type[Command[Any]]]:
    """The commands of balorg registered with the runner (a host may register its own)."""
    assert balorg.services.__all__  # every use case module is imported with the package
    return {
        kind.__name__: kind for kind in commands() if kind.__module__.startswith("balorg.services.")
    }


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    return table_rows(PAGE.read_text(encoding="utf-8"))


def test_every_command_has_exactly_one_row(rows: list[Row]) -> None:
    documented = [row.command for row in rows]
    assert len(documented) == len(set(documented)), "a command is listed twice"
    assert sorted(documented) == sorted(balorg_commands())


def test_each_row_gives_its_command_s_action_name(rows: list[Row]) -> None:
    commands = balorg_commands()
    wrong = {
        row.command: (row.action, commands[row.command].action)
        for row in rows
        if row.command in commands and row.action != commands[row.command].action
    }
    assert not wrong, "documented action, registered action"


def test_each_row_gives_the_actors_that_may_run_its_command(rows: list[Row]) -> None:
    commands = balorg_commands()
    wrong = {
        row.command: (sorted(row.actors), sorted(m.value for m in commands[row.command].actors))
        for row in rows
        if row.command in commands and row.actors != {m.value for m in commands[row.command].actors}
    }
    assert not wrong, "documented actors, registered actors"
    assert {a for row in rows for a in row.actors} <= {m.value for m in AuthMethod}


def test_one_action_name_is_shared_only_by_ways_of_doing_the_same_thing(rows: list[Row]) -> None:
    by_action: dict[str, list[str]] = {}
    for row in rows:
        by_action.setdefault(row.action, []).append(row.command)
    shared = {action: sorted(names) for action, names in by_action.items() if len(names) > 1}
    assert shared == {"log_in": ["LogIn", "StartSession"]}


def test_the_access_rules_named_are_the_table_s_and_their_handlers_apply_them(
    rows: list[Row],
) -> None:
    commands = balorg_commands()
    named = 0
    for row in rows:
        source = inspect.getsource(sys.modules[_HANDLERS[commands[row.command]].__module__])
        for action, capability, responsible_only in _RULE.findall(row.may):
            named += 1
            rule = ACTION_RULES[Action[action]]
            expected = rule.capability.value if rule.capability is not None else None
            assert (capability or None, bool(responsible_only)) == (expected, expected is None), (
                row.command
            )
            assert f"Action.{action}" in source, f"{row.command} does not apply Action.{action}"
        assert "Action." not in _RULE.sub("", row.may), f"{row.command}: a rule not understood"
    assert named >= 20


def test_every_row_says_what_the_command_changes(rows: list[Row]) -> None:
    assert all(row.changes and row.may for row in rows)
