"""The examples of the documentation's pages run, and every Python example is one that runs.

The pages' Python examples are doctests (``>>>``), which pytest also collects from
``docs/*.md`` (``--doctest-glob``); here each page of the guides is run on its own, so
that ``pytest tests/docs`` says whether the documentation holds, and a guard checks that
no Python block of a page escapes: a block shown as Python is a doctest, or the snippet
of a file the tests run.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).parents[2] / "docs"
#: The guides of the site written with their examples (the command line's pages, the
#: national directory's and the migrations' have their own owners and tests).
PAGES = [
    "index.md",
    "walkthrough.md",
    "domain.md",
    "registration.md",
    "security.md",
    "ports.md",
    "storage.md",
    "directory.md",
    "testing.md",
    "serialization.md",
    "actions.md",
]
_FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)
_PYTHON = {"python", "pycon", "py"}
#: A block of snippets (the block form: ruff leaves it alone, as it is not Python).
_SNIPPET = re.compile(r"\A--8<--\n((?:[^\n]+\n)+)--8<--\n\Z")


def python_blocks(text: str) -> list[str]:
    """The bodies of the page's fenced blocks marked as Python."""
    return [body for lang, body in _FENCE.findall(text) if lang in _PYTHON]


@pytest.mark.parametrize("page", PAGES)
def test_every_python_block_is_run(page: str) -> None:
    blocks = python_blocks((DOCS / page).read_text(encoding="utf-8"))
    for body in blocks:
        snippet = _SNIPPET.match(body)
        if snippet is not None:
            for path in snippet.group(1).split():
                assert (DOCS.parent / path).is_file(), path
            continue
        first = body.strip().splitlines()[0]
        assert first.startswith(">>> "), f"{page}: a Python block that is not a doctest:\n{body}"


@pytest.mark.parametrize("page", PAGES)
def test_the_page_has_examples_that_pytest_runs(page: str) -> None:
    """The examples themselves run once, as doctests of ``docs/*.md`` (pytest's
    ``--doctest-glob`` over the ``docs`` test path): here, only that there are some."""
    examples = doctest.DocTestParser().get_examples((DOCS / page).read_text(encoding="utf-8"))
    assert examples, f"{page} has no example"


def test_the_fence_reader_finds_python_blocks_only() -> None:
    text = "```pycon\n>>> 1\n1\n```\n\n```console\n$ ls\n```\n\n```python\nx = 1\n```\n"
    assert python_blocks(text) == [">>> 1\n1\n", "x = 1\n"]


def test_a_snippet_block_is_read_with_its_files() -> None:
    found = _SNIPPET.match("--8<--\ntests/docs/dict_store.py\n--8<--\n")
    assert found is not None
    assert found.group(1).split() == ["tests/docs/dict_store.py"]
    assert _SNIPPET.match('--8<-- "tests/docs/dict_store.py"\n') is None
