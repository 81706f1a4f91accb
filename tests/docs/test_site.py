"""The documentation site's configuration and its two hooks.

The site itself is built with warnings as errors by ``scripts/build-docs.sh`` (broken
links and anchors, pages missing from the nav, docstrings the API reference cannot
render); these tests check what the build takes for granted.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).parents[2]
DOCS = ROOT / "docs"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, DOCS / "hooks" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


command_pages = _load("command_pages")
griffe_doctests = _load("griffe_doctests")


def _nav_paths() -> list[str]:
    """The pages named in mkdocs.yml's nav (read as text: the file has YAML tags)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = text[text.index("\nnav:") :]
    return re.findall(r"([\w./-]+\.md)\s*$", nav, flags=re.MULTILINE)


def test_the_nav_names_every_page_of_the_guides_and_of_the_reference() -> None:
    named = set(_nav_paths())
    pages = {p.relative_to(DOCS).as_posix() for p in DOCS.glob("*.md")}
    reference = {p.relative_to(DOCS).as_posix() for p in (DOCS / "reference").glob("*.md")}
    # The command pages are listed by the hook, from their folder.
    assert pages | reference <= named


def test_the_api_reference_covers_the_public_packages() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in (DOCS / "reference").glob("*.md"))
    shown = set(re.findall(r"^::: ([\w.]+)", text, flags=re.MULTILINE))
    for package in (
        "balorg.domain",
        "balorg.rules",
        "balorg.ports",
        "balorg.services",
        "balorg.serialization",
        "balorg.registration",
        "balorg.adapters.memory",
        "balorg.adapters.sql",
        "balorg.testing.strategies",
        "balorg.testing.contracts",
    ):
        assert package in shown, package


# -- the command pages' hook ---------------------------------------------------------------------


def test_the_command_pages_are_listed_index_first_then_by_name(tmp_path: Path) -> None:
    folder = tmp_path / "commands"
    folder.mkdir()
    for name in ("switch.md", "index.md", "login.md", "notes.txt"):
        (folder / name).write_text("# x\n", encoding="utf-8")
    assert command_pages.command_pages(tmp_path) == [
        "commands/index.md",
        "commands/login.md",
        "commands/switch.md",
    ]


def test_the_command_pages_go_under_command_line_in_the_nav(tmp_path: Path) -> None:
    (tmp_path / "commands").mkdir()
    (tmp_path / "commands" / "login.md").write_text("# balorg login\n", encoding="utf-8")
    config: dict[str, Any] = {
        "docs_dir": str(tmp_path),
        "nav": [{"Home": "index.md"}, {"Command line": ["cli.md"]}],
    }
    assert command_pages.on_config(config)["nav"] == [
        {"Home": "index.md"},
        {"Command line": ["cli.md", {"Commands": ["commands/login.md"]}]},
    ]


def test_without_command_pages_the_nav_is_left_alone(tmp_path: Path) -> None:
    nav = [{"Command line": ["cli.md"]}]
    assert command_pages.on_config({"docs_dir": str(tmp_path), "nav": nav})["nav"] == nav


# -- the docstrings' extension -------------------------------------------------------------------


def test_doctest_blocks_are_fenced_up_to_the_next_blank_line() -> None:
    text = "Text.\n\n>>> 1 + 1\n2\n>>> [x]\n['x']\n\nMore.\n"
    assert griffe_doctests.rest_to_markdown(text) == (
        "Text.\n\n```pycon\n>>> 1 + 1\n2\n>>> [x]\n['x']\n```\n\nMore.\n"
    )


def test_a_doctest_block_at_the_end_is_closed() -> None:
    assert griffe_doctests.rest_to_markdown(">>> f()\n") == "```pycon\n>>> f()\n```\n"


def test_roles_become_code_of_their_target() -> None:
    text = "A :class:`~balorg.domain.Problem`, :func:`balorg.services.run` and :attr:`x.y`."
    assert griffe_doctests.rest_to_markdown(text) == (
        "A `Problem`, `balorg.services.run` and `x.y`."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("For example::\n\n    code()\n", "For example:\n\n    code()\n"),
        ("::\n\n    code()\n", "\n\n    code()\n"),
    ],
)
def test_literal_block_markers_are_dropped_and_the_block_stays_code(
    text: str, expected: str
) -> None:
    assert griffe_doctests.rest_to_markdown(text) == expected


def test_code_fences_and_indented_code_are_left_alone() -> None:
    text = "```toml\n>>> not a doctest\n:class:`kept`\n```\n\n    >>> indented\n"
    assert griffe_doctests.rest_to_markdown(text) == text
