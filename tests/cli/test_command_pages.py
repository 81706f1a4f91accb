"""``docs/commands/``: one page per command, made from the parser, never stale."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from tests.cli.conftest import ROOT, leaves


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "command_pages", ROOT / "scripts" / "command_pages.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_command_has_its_page_and_no_page_is_stale() -> None:
    script = _script()
    assert script.stale() == [], "run: python scripts/command_pages.py"
    names = {p.name for p in (ROOT / "docs" / "commands").glob("*.md")}
    assert names == {"index.md", *(n.replace(" ", "-") + ".md" for n in leaves())}


def test_a_stale_page_is_noticed(tmp_path: Path) -> None:
    script = _script()
    script.write(tmp_path)
    assert script.stale(tmp_path) == []
    (tmp_path / "login.md").write_text("old\n", encoding="utf-8")
    (tmp_path / "gone.md").write_text("a command that is no more\n", encoding="utf-8")
    (tmp_path / "whoami.md").unlink()
    assert script.stale(tmp_path) == ["gone.md", "login.md", "whoami.md"]
