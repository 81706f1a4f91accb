"""mkdocs hook: list the pages of ``docs/commands/`` under "Command line" in the nav.

There is one page per command of the command line, and commands come and go with the
parser; listing the folder keeps the navigation from going stale. Pages are ordered by
file name, ``index.md`` first; each is titled by its own first heading.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

SECTION = "Command line"
FOLDER = "commands"


def command_pages(docs_dir: Path) -> list[str]:
    """The command pages, as paths relative to ``docs_dir``."""
    folder = docs_dir / FOLDER
    if not folder.is_dir():
        return []
    pages = sorted(p.relative_to(docs_dir).as_posix() for p in folder.rglob("*.md"))
    index = f"{FOLDER}/index.md"
    return [index, *(p for p in pages if p != index)] if index in pages else pages


def on_config(config: Any) -> Any:
    pages = command_pages(Path(config["docs_dir"]))
    for item in config["nav"] or []:
        if isinstance(item, dict) and SECTION in item and pages:
            section = item[SECTION]
            entries = section if isinstance(section, list) else [section]
            item[SECTION] = [*entries, {"Commands": pages}]
    return config
