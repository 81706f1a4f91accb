"""Every code the library raises or reports has a French and an English message.

The sources are scanned, so a new code without messages fails here. Codes are
found with a regular expression over the text of ``src/balorg`` (string literals
passed first to ``Problem(...)``, ``_refuse(...)``, ``DomainRefusal``, any
``...Error(...)``/``Invalid...(...)`` exception, and ``default_code = "..."``);
the parameters each call site passes are then read with :mod:`ast` and must
cover the placeholders of both templates.
"""

from __future__ import annotations

import ast
import importlib
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

import balorg
from balorg.domain.messages import CATALOGUE, LANGUAGES, render

SRC = Path(balorg.__file__).parent
CODE = r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+"
CALLEE = (
    r"(?:Problem|_refuse|DomainRefusal|BalorgError|[A-Z]\w*Error|Invalid\w*|ConcurrencyConflict)"
)
CALL = re.compile(rf"\b{CALLEE}\(\s*\"({CODE})\"")
DEFAULT = re.compile(rf"\bdefault_code\s*(?::[^=]*)?=\s*\"({CODE})\"")
CALLEE_NAME = re.compile(rf"^{CALLEE}$")


def sources() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "messages" not in p.relative_to(SRC).parts)


def used_codes() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sources():
        text = path.read_text(encoding="utf-8")
        for pattern in (CALL, DEFAULT):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                where = f"{path.relative_to(SRC)}:{line}"
                found.setdefault(match.group(1), []).append(where)
    return found


USED = used_codes()


def placeholders(code: str) -> set[str]:
    return {
        name
        for template in CATALOGUE[code]
        for _, name, _, _ in string.Formatter().parse(template)
        if name
    }


def test_the_scan_finds_the_codes_of_every_layer() -> None:
    # Guards the regular expressions: if they stopped matching, every test below would pass.
    for code in (
        "field.required",  # _refuse and Problem
        "delegation.exceeds_grantor",  # Problem with the code on its own line
        "identifier.invalid_checksum",  # exceptions
        "balorg.error",  # default_code
        "audit.head_mismatch",
        "access.missing_capability",
        "form.unknown_key",
        "register.refused",
    ):
        assert code in USED, code
    assert len(USED) > 60


@pytest.mark.parametrize("code", sorted(USED))
def test_every_code_used_in_the_sources_has_a_french_and_an_english_message(code: str) -> None:
    assert code in CATALOGUE, f"{code} (used at {', '.join(USED[code])}) has no messages"
    french, english = CATALOGUE[code]
    assert french.strip()
    assert english.strip()
    assert french != english


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_both_templates_of_a_code_use_the_same_parameters(code: str) -> None:
    french, english = CATALOGUE[code]

    def names(template: str) -> set[str]:
        return {n for _, n, _, _ in string.Formatter().parse(template) if n}

    assert names(french) == names(english)


# -- parameters at each call site ------------------------------------------------------------


def _callee(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _keys(node: ast.expr | None, scope: dict[str, set[str]]) -> set[str] | None:
    """The keys a params expression certainly supplies; None when they cannot be read."""
    if node is None:
        return set()
    if isinstance(node, ast.Dict):
        keys: set[str] = set()
        for key, value in zip(node.keys, node.values, strict=True):
            if key is None:
                inner = _keys(value, scope)
                if inner is None:
                    return None
                keys |= inner
            elif isinstance(key, ast.Constant) and isinstance(key.value, str):
                keys.add(key.value)
            else:
                return None
        return keys
    if isinstance(node, ast.Name):
        return scope.get(node.id)
    return None


def _scope(function: ast.AST) -> dict[str, set[str]]:
    """Names bound to dict literals in a function, with keys later set by subscript."""
    scope: dict[str, set[str]] = {}
    statements = sorted(
        (n for n in ast.walk(function) if isinstance(n, ast.Assign | ast.AnnAssign)),
        key=lambda n: n.lineno,
    )
    for statement in statements:
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        for target in targets:
            if isinstance(target, ast.Name) and statement.value is not None:
                keys = _keys(statement.value, scope)
                if keys is not None:
                    scope[target.id] = keys
            elif (
                isinstance(target, ast.Subscript)
                and isinstance(target.value, ast.Name)
                and target.value.id in scope
                and isinstance(target.slice, ast.Constant)
            ):
                scope[target.value.id].add(str(target.slice.value))
    return scope


def default_codes() -> dict[str, str]:
    """Exception class name -> its ``default_code``, over every source file."""
    found: dict[str, str] = {}
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            for statement in node.body:
                if (
                    isinstance(statement, ast.Assign)
                    and [t.id for t in statement.targets if isinstance(t, ast.Name)]
                    == ["default_code"]
                    and isinstance(statement.value, ast.Constant)
                ):
                    found[node.name] = str(statement.value.value)
    return found


DEFAULT_CODES = default_codes()


def _code_of(node: ast.Call) -> str | None:
    """The code a call raises or reports: a literal first argument, else the default code
    of an exception class called with keyword arguments only."""
    if node.args:
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value
        return None
    return DEFAULT_CODES.get(_callee(node.func))


def call_sites() -> Iterator[tuple[str, str, set[str]]]:
    """(where, code, params supplied) of every call site whose params can be read."""
    for path in sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        for function in functions:
            scope = _scope(function)
            for node in ast.walk(function):
                if not (isinstance(node, ast.Call) and CALLEE_NAME.match(_callee(node.func))):
                    continue
                code = _code_of(node)
                if code is None or code not in CATALOGUE:
                    continue
                given: set[str] | None
                if _callee(node.func) == "Problem":
                    params = node.args[2] if len(node.args) > 2 else None
                    for keyword in node.keywords:
                        if keyword.arg == "params":
                            params = keyword.value
                    given = _keys(params, scope)
                elif any(k.arg is None for k in node.keywords):
                    given = None
                else:
                    given = {k.arg for k in node.keywords if k.arg}
                    if _callee(node.func) == "RowError":
                        # A row's error gets its column from the reader (RowError.detached).
                        given.add("column")
                if given is not None:
                    yield f"{path.relative_to(SRC)}:{node.lineno}", code, given


SITES = sorted({(w, c, frozenset(g)) for w, c, g in call_sites()})


def test_the_parameters_of_most_call_sites_can_be_read() -> None:
    assert len(SITES) > 60
    assert any(code == "access.account_not_active" for _, code, _ in SITES)  # via {**params}
    assert any(code == "register.obsolete" for _, code, _ in SITES)  # via params["since"]
    assert any(code == "email.too_long" for _, code, _ in SITES)  # InvalidEmail(max=...)


@pytest.mark.parametrize(("where", "code", "given"), SITES, ids=[w for w, _, _ in SITES])
def test_every_call_site_supplies_the_parameters_of_its_messages(
    where: str, code: str, given: frozenset[str]
) -> None:
    params = {name: f"<{name}>" for name in given}

    for lang in LANGUAGES:
        text = render(code, params, lang)
        missing = placeholders(code) - given
        assert not missing, f"{where}: {code} lacks {sorted(missing)} in {lang}"
        assert not re.search(r"\{[a-z_]+\}", text), text


def test_no_catalogue_module_hides_another_s_message() -> None:
    """The catalogue merges its modules: a code defined twice would show only the last."""
    seen: dict[str, str] = {}
    twice = []
    folder = SRC / "domain" / "messages"
    for path in sorted(folder.glob("_*.py")):
        module = importlib.import_module(f"balorg.domain.messages.{path.stem}")
        for code in getattr(module, "MESSAGES", {}):
            if code in seen:
                twice.append((code, seen[code], path.stem))
            seen[code] = path.stem
    assert twice == []
    assert set(seen) == set(CATALOGUE)
