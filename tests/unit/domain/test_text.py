"""Free text, one rule: type, stripping, hostile characters, NFC, length."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from balorg.domain.errors import DomainRefusal, Problem
from balorg.domain.text import MAX_TEXT, character_problem, clean_text, text_problem


def problem(value: object, **options: object) -> Problem:
    found = text_problem(value, "field", **options)  # type: ignore[arg-type]
    assert found is not None
    return found


def test_surrounding_whitespace_is_stripped_and_the_text_kept() -> None:
    assert clean_text("  Pharmacie du Centre\t\n") == "Pharmacie du Centre"
    assert text_problem("  Pharmacie du Centre\t\n") is None


def test_text_is_kept_in_nfc() -> None:
    decomposed = "Pharmacie de l'e\u0301tang"
    assert clean_text(decomposed) == unicodedata.normalize("NFC", decomposed)
    assert len(clean_text("e\u0301" * 300)) == 300


def test_the_length_is_counted_after_normalisation() -> None:
    assert clean_text("e\u0301" * MAX_TEXT) == "\u00e9" * MAX_TEXT  # 1000 code points typed
    too_long = problem("\u00e9" * (MAX_TEXT + 1))
    assert too_long.code == "field.too_long"
    assert too_long.params == {"max": MAX_TEXT, "length": MAX_TEXT + 1}


def test_a_huge_text_is_refused_before_it_is_read() -> None:
    found = problem("\u202e" * 10_000, max_length=10)
    assert found.code == "field.too_long"
    assert found.params["length"] == 10_000


@pytest.mark.parametrize(
    ("text", "code", "character", "position"),
    [
        ("Bob\x00", "field.invalid_characters", "U+0000", 4),
        ("Échanges\x1b[31m", "field.invalid_characters", "U+001B", 9),
        ("ref-\ud800", "field.invalid_characters", "U+D800", 5),
        ("a\x7fb", "field.invalid_characters", "U+007F", 2),
        ("a\x85b", "field.invalid_characters", "U+0085", 2),
        ("a\ufffeb", "field.invalid_characters", "U+FFFE", 2),
        ("a\u202eb", "field.invisible_characters", "U+202E RIGHT-TO-LEFT OVERRIDE", 2),
        ("a\u202ab", "field.invisible_characters", "U+202A LEFT-TO-RIGHT EMBEDDING", 2),
        ("a\u2066b", "field.invisible_characters", "U+2066 LEFT-TO-RIGHT ISOLATE", 2),
        ("a\u2069b", "field.invisible_characters", "U+2069 POP DIRECTIONAL ISOLATE", 2),
        ("a\u200fb", "field.invisible_characters", "U+200F RIGHT-TO-LEFT MARK", 2),
        ("a\u061cb", "field.invisible_characters", "U+061C ARABIC LETTER MARK", 2),
        ("a\u200bb", "field.invisible_characters", "U+200B ZERO WIDTH SPACE", 2),
        ("a\ufeffb", "field.invisible_characters", "U+FEFF ZERO WIDTH NO-BREAK SPACE", 2),
        ("a\u00adb", "field.invisible_characters", "U+00AD SOFT HYPHEN", 2),
        ("a\U000e0041b", "field.invisible_characters", "U+E0041 TAG LATIN CAPITAL LETTER A", 2),
        ("a\tb", "field.single_line", "U+0009", 2),
        ("a\nb", "field.single_line", "U+000A", 2),
        ("a\r\nb", "field.single_line", "U+000D", 2),
        ("a\u2028b", "field.single_line", "U+2028 LINE SEPARATOR", 2),
    ],
)
def test_hostile_characters_are_refused_with_their_code_point_and_position(
    text: str, code: str, character: str, position: int
) -> None:
    found = problem(text)
    assert (found.code, found.path) == (code, "field")
    assert found.params == {"character": character, "position": position}
    if code != "field.invalid_characters":  # that older message (in _domain) names no character
        assert character in found.message("fr")
        assert character in found.message("en")
    with pytest.raises(DomainRefusal) as caught:
        clean_text(text, "field")
    assert caught.value.problems == (found,)


def test_a_multiline_field_takes_newlines_and_tabs_and_normalises_crlf() -> None:
    assert clean_text("Ligne 1\r\n\tLigne 2\nLigne 3", multiline=True) == (
        "Ligne 1\n\tLigne 2\nLigne 3"
    )


@pytest.mark.parametrize("text", ["a\rb", "a\u2028b", "a\u2029b", "a\x0bb", "a\x0cb", "a\u202eb"])
def test_a_multiline_field_still_refuses_other_breaks_and_hostile_characters(text: str) -> None:
    assert text_problem(text, multiline=True) is not None


@pytest.mark.parametrize("value", [None, 42, b"bytes", ["x"], 4.2])
def test_a_value_that_is_not_text_gets_a_coded_problem_not_a_type_error(value: object) -> None:
    found = problem(value)
    assert found.code == "field.not_text"
    assert found.params == {"type": type(value).__name__}
    assert "{" not in found.message("fr") + found.message("en")


def test_a_str_subclass_is_read_as_the_plain_str_it_holds() -> None:
    class Shouting(str):
        def strip(self, chars: str | None = None) -> str:
            return "\x00"

    cleaned = clean_text(Shouting(" Bonjour "))
    assert cleaned == "Bonjour"
    assert type(cleaned) is str


def test_accented_french_and_other_scripts_are_plain_text() -> None:
    for text in ("Maïeuticienne — Hôpital Nord", "Аптека", "医院", "Zoë 🙂", "a\u00a0b"):
        assert clean_text(text) == text


# -- properties --------------------------------------------------------------------------


@given(st.text(max_size=60), st.booleans())
def test_text_problem_is_none_exactly_when_clean_text_accepts(text: str, multiline: bool) -> None:
    found = text_problem(text, "p", max_length=40, multiline=multiline)
    if found is None:
        clean_text(text, "p", max_length=40, multiline=multiline)
    else:
        with pytest.raises(DomainRefusal) as caught:
            clean_text(text, "p", max_length=40, multiline=multiline)
        assert caught.value.problems == (found,)


@given(st.text(max_size=60), st.booleans())
def test_clean_text_is_idempotent_and_leaves_nothing_hostile(text: str, multiline: bool) -> None:
    try:
        cleaned = clean_text(text, max_length=100, multiline=multiline)
    except DomainRefusal:
        return
    assert clean_text(cleaned, max_length=100, multiline=multiline) == cleaned
    assert cleaned == cleaned.strip()
    assert unicodedata.is_normalized("NFC", cleaned)
    assert all(unicodedata.category(c) not in ("Cs", "Cf") for c in cleaned)
    assert all(unicodedata.category(c) != "Cc" or c in "\n\t" for c in cleaned)
    cleaned.encode("utf-8")  # storable


def _first_refused(text: str, multiline: bool) -> tuple[int, str] | None:
    """The plain reading: every character asked in turn."""
    for index, char in enumerate(text):
        code = character_problem(char, multiline=multiline)
        if code is not None:
            return index + 1, code
    return None


@given(
    st.text(alphabet=st.characters(max_codepoint=0x2FF), max_size=40) | st.text(max_size=40),
    st.booleans(),
)
def test_the_scan_finds_the_first_refused_character_as_a_plain_reading_does(
    text: str, multiline: bool
) -> None:
    # Only characters the scan skips could make it differ: printable ASCII and U+00A0-U+024F.
    found = text_problem(f"x{text}x", "p", max_length=1000, multiline=multiline)
    expected = _first_refused(f"x{text}x".replace("\r\n", "\n") if multiline else f"x{text}x",
                              multiline)  # fmt: skip
    if expected is None:
        assert found is None or found.code == "field.too_long"
    else:
        assert found is not None
        assert (found.params["position"], found.code) == expected
