"""Free text from people: one rule for every field, stated once.

:func:`clean_text` returns the text to keep, or raises
:class:`~balorg.domain.errors.DomainRefusal` with one coded problem at the
field's ``path``; :func:`text_problem` is the same rule without raising (the
problem, or ``None``). ``text_problem(v) is None`` exactly when ``clean_text(v)``
returns.

The rule, in order:

1. The value must be a ``str`` (``field.not_text`` otherwise, never a
   ``TypeError``); a ``str`` subclass is read as the plain ``str`` it holds.
2. Surrounding whitespace is stripped (``str.strip``: it also drops control
   characters that Python counts as whitespace, such as U+001F, at the edges).
   In a multi-line field, ``\\r\\n`` (what browsers send from a text area)
   becomes ``\\n``.
3. Characters that cannot be stored, shown or hashed safely are refused, each
   with the code point and its position (from 1, in the stripped text):

   * ``field.invalid_characters``: control characters (NUL, escape...),
     lone surrogates (UTF-8 cannot encode them), non-characters (U+FFFE...);
     also, in a multi-line field, a lone ``\\r`` and the Unicode line and
     paragraph separators (U+2028, U+2029): a stored line break is ``\\n``;
   * ``field.single_line``: a tab or a line break (``\\n``, ``\\r``, U+2028,
     U+2029) in a field that is not multi-line (the default);
   * ``field.invisible_characters``: format characters (Unicode category Cf),
     which are invisible and can disguise text: the bidirectional embeddings,
     overrides and isolates (U+202A-U+202E, U+2066-U+2069) that reorder what
     is displayed ("Trojan Source"), the direction marks (U+200E, U+200F,
     U+061C), zero-width spaces and joiners (U+200B-U+200D, U+2060), the
     byte order mark (U+FEFF), the soft hyphen (U+00AD), tag characters.
     An emoji sequence joined by U+200D is refused too: a price paid for a
     simple rule.

4. The text is normalised to NFC (composed accents: "é" typed as "e" and a
   combining accent is stored as one character).
5. Its length, counted after normalisation, must be at most ``max_length``
   (``field.too_long``). As a guard, a text more than four times too long is
   refused before it is scanned.

>>> clean_text("  Pharmacie du Centre ")
'Pharmacie du Centre'
>>> clean_text("Ligne 1\\r\\nLigne 2", multiline=True)
'Ligne 1\\nLigne 2'
>>> text_problem("Pharmacie du Centre")
>>> print(text_problem("ref-\\ud800", "reference"))  # doctest: +ELLIPSIS
[field.invalid_characters] reference: Ce champ contient des caractères invalides ...
>>> text_problem("abc\\u202edcba").params["character"]
'U+202E RIGHT-TO-LEFT OVERRIDE'
>>> text_problem("Ligne 1\\nLigne 2").code, text_problem("Ligne 1\\nLigne 2", multiline=True)
('field.single_line', None)
>>> text_problem("x" * 600, max_length=500).params["max"]
500
>>> text_problem(42).code
'field.not_text'
>>> len(clean_text("e\\u0301"))
1
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from balorg.domain.errors import DomainRefusal, Problem

__all__ = [
    "MAX_TEXT",
    "character_problem",
    "clean_text",
    "describe_character",
    "is_noncharacter",
    "text_problem",
]

#: The longest free text accepted in a field.
MAX_TEXT: Final = 500
#: How much longer than ``max_length`` a text may be before it is refused unread.
_GUARD: Final = 4

_LINE_BREAKS: Final = frozenset("\n\r\u2028\u2029")
_ASCII_SINGLE_LINE: Final = re.compile(r"[\x00-\x1f\x7f]")
_ASCII_MULTILINE: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
#: Characters worth a look: all but printable ASCII and the Latin letters and signs of
#: U+00A0-U+024F, none of which is refused (U+00AD, the soft hyphen, is invisible).
_MAYBE_REFUSED: Final = re.compile("[^\x20-\x7e\u00a0-\u00ac\u00ae-\u024f]")


def describe_character(char: str) -> str:
    """``'U+202E RIGHT-TO-LEFT OVERRIDE'``: a code point people can look up, never the character.

    >>> describe_character("\\x00"), describe_character("é")
    ('U+0000', 'U+00E9 LATIN SMALL LETTER E WITH ACUTE')
    """
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def is_noncharacter(code_point: int) -> bool:
    """Whether ``code_point`` is one of Unicode's 66 non-characters (never text)."""
    return 0xFDD0 <= code_point <= 0xFDEF or (code_point & 0xFFFE) == 0xFFFE


def character_problem(char: str, *, multiline: bool = False) -> str | None:
    """The code refusing ``char`` in free text, or ``None`` when it is allowed."""
    if char in _LINE_BREAKS or char == "\t":
        if not multiline:
            return "field.single_line"
        return None if char in "\n\t" else "field.invalid_characters"
    category = unicodedata.category(char)
    if category in ("Cc", "Cs") or is_noncharacter(ord(char)):
        return "field.invalid_characters"
    if category == "Cf":
        return "field.invisible_characters"
    return None


def _first_bad(text: str, multiline: bool) -> tuple[int, str, str] | None:
    """(index, character, code) of the first refused character, or None."""
    if text.isascii():
        found = (_ASCII_MULTILINE if multiline else _ASCII_SINGLE_LINE).search(text)
        if found is None:
            return None
        index = found.start()
        code = character_problem(text[index], multiline=multiline)
        return (index, text[index], code) if code else None
    for found in _MAYBE_REFUSED.finditer(text):
        char = found.group()
        code = character_problem(char, multiline=multiline)
        if code is not None:
            return found.start(), char, code
    return None


def _clean(value: object, path: str, max_length: int, multiline: bool) -> str | Problem:
    if not isinstance(value, str):
        return Problem("field.not_text", path, {"type": type(value).__name__})
    text = str.strip(value)  # a plain str, even from a str subclass
    if len(text) > _GUARD * max_length:
        return Problem("field.too_long", path, {"max": max_length, "length": len(text)})
    if multiline and "\r\n" in text:
        text = text.replace("\r\n", "\n")
    bad = _first_bad(text, multiline)
    if bad is not None:
        index, char, code = bad
        params = {"character": describe_character(char), "position": index + 1}
        return Problem(code, path, params)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if len(text) > max_length:
        return Problem("field.too_long", path, {"max": max_length, "length": len(text)})
    return text


def clean_text(
    value: object, path: str = "", *, max_length: int = MAX_TEXT, multiline: bool = False
) -> str:
    """The text to keep: stripped, checked, NFC; or DomainRefusal with one problem at ``path``."""
    cleaned = _clean(value, path, max_length, multiline)
    if isinstance(cleaned, Problem):
        raise DomainRefusal([cleaned])
    return cleaned


def text_problem(
    value: object, path: str = "", *, max_length: int = MAX_TEXT, multiline: bool = False
) -> Problem | None:
    """The problem with ``value`` as free text, or ``None`` when :func:`clean_text` accepts it."""
    cleaned = _clean(value, path, max_length, multiline)
    return cleaned if isinstance(cleaned, Problem) else None
