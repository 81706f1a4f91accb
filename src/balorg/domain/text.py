"""Free text from people: printable, of bounded length.

Lone surrogates and control characters cannot be stored or hashed reliably
(UTF-8 has no encoding for a lone surrogate), so they are refused with a coded
problem instead of failing deep inside storage.

>>> text_problem("Pharmacie du Centre")
>>> text_problem("ref-\\ud800").code
'field.invalid_characters'
>>> text_problem("x" * 600, max_length=500).params["max"]
500
"""

from __future__ import annotations

import unicodedata
from typing import Final

from balorg.domain.errors import Problem

__all__ = ["MAX_TEXT", "text_problem"]

#: The longest free text accepted in a field.
MAX_TEXT: Final = 500
_ALLOWED_CONTROLS: Final = frozenset("\n\t")


def _bad(char: str) -> bool:
    category = unicodedata.category(char)
    return category == "Cs" or (category == "Cc" and char not in _ALLOWED_CONTROLS)


def text_problem(value: str, path: str = "", *, max_length: int = MAX_TEXT) -> Problem | None:
    """The problem with ``value`` as free text, or ``None`` when it is fine."""
    if len(value) > max_length:
        return Problem("field.too_long", path, {"max": max_length, "length": len(value)})
    if any(_bad(c) for c in value):
        return Problem("field.invalid_characters", path)
    return None
