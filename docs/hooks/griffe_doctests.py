"""Griffe extension for the API reference: balorg's reST-flavoured docstrings as Markdown.

balorg's docstrings are written for ``help()`` and for doctest: reST doctest blocks
(run by the test suite), roles such as ``:class:`~balorg.domain.Problem```, and
literal blocks introduced by ``::``. Markdown would read doctest blocks as nested
quotes (and the lists in their output as links), and show the roles' markup. Before a
docstring is rendered, this extension:

- wraps each doctest block (from its first ``>>>`` line to the next blank line) in a
  ``pycon`` code fence;
- turns each role into inline code of its target (``~`` keeps the last name only);
- turns a paragraph's closing ``::`` into ``:`` (a lone ``::`` line disappears), the
  indented block after it staying a code block.

The test suite checks it (``tests/docs/test_site.py``).
"""

from __future__ import annotations

import re
from typing import Any

try:
    import griffe
except ImportError:  # pragma: no cover - only the documentation build needs it
    griffe = None  # type: ignore[assignment]

_ROLE = re.compile(r":(?:py:)?(?:class|func|meth|attr|mod|data|exc|obj|const):`(~?)([^`]+)`")


def _role(match: re.Match[str]) -> str:
    short, target = match.group(1), match.group(2)
    return f"`{target.rsplit('.', 1)[-1] if short else target}`"


def _prose(line: str) -> str:
    line = _ROLE.sub(_role, line)
    if line.strip() == "::":
        return ""
    if line.endswith("::"):
        return line[:-1]
    return line


def rest_to_markdown(text: str) -> str:
    """``text`` with its doctest blocks fenced, its roles as code and ``::`` as ``:``;
    code fences and indented code are left as they are."""
    out: list[str] = []
    fenced = in_block = False
    indent = ""
    for line in text.splitlines():
        stripped = line.strip()
        if in_block:
            if not stripped:
                out.append(f"{indent}```")
                in_block = False
            out.append(line)
        elif stripped.startswith("```"):
            fenced = not fenced
            out.append(line)
        elif fenced or line.startswith("    "):
            out.append(line)
        elif stripped.startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out += [f"{indent}```pycon", line]
            in_block = True
        else:
            out.append(_prose(line))
    if in_block:
        out.append(f"{indent}```")
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


if griffe is not None:

    class DoctestFences(griffe.Extension):
        """Rewrites every docstring loaded (see the module's docstring)."""

        def on_object(self, *, obj: Any, **kwargs: Any) -> None:
            if obj.docstring is not None:
                obj.docstring.value = rest_to_markdown(obj.docstring.value)
