"""Every code the national directory's modules raise or report has its two messages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from balorg.domain.messages import CATALOGUE, render

SOURCES = Path(__file__).resolve().parents[2] / "src" / "balorg"
MODULES = [
    *sorted((SOURCES / "interop" / "extractions").glob("*.py")),
    *sorted((SOURCES / "adapters" / "national_directory").glob("*.py")),
    SOURCES / "cli" / "directory_in.py",
]
CODE = re.compile(r"""["']((?:extraction|national_directory)\.[a-z0-9_]+)["']""")


def codes() -> set[str]:
    return {code for path in MODULES for code in CODE.findall(path.read_text(encoding="utf-8"))}


def test_the_modules_use_codes_at_all() -> None:
    assert {"extraction.field_count", "national_directory.unchanged"} <= codes()


@pytest.mark.parametrize("code", sorted(codes()))
def test_each_code_has_a_french_and_an_english_message(code: str) -> None:
    assert code in CATALOGUE
    french, english = CATALOGUE[code]
    assert french != english
    for lang in ("fr", "en"):
        assert render(code, {}, lang) != code


def test_every_catalogue_entry_of_this_area_is_used() -> None:
    mine = {c for c in CATALOGUE if c.startswith(("extraction.", "national_directory."))}
    assert mine == codes()
