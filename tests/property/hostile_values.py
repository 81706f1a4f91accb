"""Hostile values for the services' arguments (issue 14), one strategy per kind of argument.

Each strategy mixes the shapes a careless or malicious host may hand over: lone
surrogates, NUL and other control characters, bidirectional overrides, invisible and
non-characters, look-alike letters, huge texts, ``str`` and ``int`` subclasses that lie
about themselves, huge integers, deeply nested lists and dicts, bytes, floats (NaN,
infinities), naive and out-of-range datetimes, datetimes and time zones that lie, wrong
types, one-shot and endless iterators, mappings and sets where lists are expected.

Values that must be new at each example (iterators, mutable containers) are built by
the strategy (``st.builds``), never shared. Typed values (addresses, passwords,
registrations) are produced by their own strategies in the test module, which knows
the world they are used in.
"""

from __future__ import annotations

import datetime as dt
import decimal
import fractions
import functools
import itertools
from collections.abc import Callable, Iterator
from typing import Any

from hypothesis import strategies as st

from balorg.domain.capabilities import Capability

__all__ = [
    "BAD_CHARACTERS",
    "HOMOGLYPHS",
    "LyingDatetime",
    "LyingInt",
    "LyingStr",
    "LyingTz",
    "bad_texts",
    "booleans",
    "capabilities",
    "cursor_texts",
    "datetimes",
    "deep_dict",
    "deep_list",
    "password_texts",
    "texts",
    "whole_numbers",
    "wrong_types",
]


def choice(*options: st.SearchStrategy[Any] | tuple[int, st.SearchStrategy[Any]]) -> Any:
    """One of ``options`` (strategies, or (weight, strategy) pairs), picked by a number
    drawn from a wide range. A plain ``one_of`` is a poor mix here: Hypothesis flattens
    nested ones into one list of choices, and avoids a choice whose values it has all
    seen, so a few fixed values soon give way to the options that have many."""
    table = [
        strategy
        for weight, strategy in (o if isinstance(o, tuple) else (1, o) for o in options)
        for _ in range(weight)
    ]
    return st.integers(0, 64 * len(table) - 1).flatmap(lambda n: table[n % len(table)])


# -- characters -----------------------------------------------------------------------------------

_C0 = [chr(c) for c in range(0x20)] + ["\x7f"]
_C1 = [chr(c) for c in range(0x80, 0xA0)]
_BIDI = list("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_INVISIBLE = list("\u200b\u200c\u200d\u2060\ufeff\u00ad\U000e0041")
_NONCHARACTERS = ["\ufffe", "\uffff", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff"]
_LINES = list("\n\r\t\x0b\x0c\x85\u2028\u2029")

#: Characters the free-text rule refuses, whatever the field.
BAD_CHARACTERS = st.one_of(
    st.characters(codec=None, categories=["Cs"]),  # lone surrogates
    st.sampled_from(_C0 + _C1 + _BIDI + _INVISIBLE + _NONCHARACTERS + _LINES),
)
#: Letters that look like Latin ones (Cyrillic, Greek, full-width, mathematical...).
HOMOGLYPHS = st.sampled_from(list("аеорсхуіјԁɑοΑΒΕᎪａｅ𝐚𝖺ⅰ℮"))

_BASES = st.sampled_from(
    [
        "Pharmacie du Centre",
        "départ en retraite",
        "<20260302.1234@hopital.mssante.fr>",
        "Service de pédiatrie",
        "Dr Martin, 04 67 00 00 00",
        "Ordonnances et résultats",
    ]
)


def _insert(base: str, piece: str, where: int) -> str:
    where = where % (len(base) + 1)
    return base[:where] + piece + base[where:]


def _bad_text(base: str, piece: str, where: int) -> str:
    return _insert(base, piece, where)


@functools.cache
def bad_texts() -> st.SearchStrategy[str]:
    """Plausible texts with one or more refused characters somewhere."""
    return choice(
        st.builds(_bad_text, _BASES, BAD_CHARACTERS, st.integers(0, 60)),
        st.builds(
            _bad_text, _BASES, st.text(BAD_CHARACTERS, min_size=1, max_size=4), st.integers()
        ),
        st.text(st.one_of(BAD_CHARACTERS, st.characters()), min_size=1, max_size=30).filter(
            lambda t: any(not (" " <= c <= "~") for c in t)
        ),
    )


_HUGE = [
    "x" * 501,
    "x" * 999,
    "x" * 2001,
    "é" * 501,
    "e\u0301" * 400,  # 800 characters, 400 once composed (NFC)
    "\u0301" * 600,
    " " * 100_000 + "x",
    "x" * 1_000_000,
    "\U0001f600" * 200_000,
    "a\u0300\u0301\u0302" * 300,
]
_BLANKS = ["", " ", "   ", "\u3000", "\xa0", " \u2003 ", "\t", "\n"]


def _homoglyph_text(base: str, glyph: str, where: int) -> str:
    return _insert(base, glyph, where)


class LyingStr(str):
    """A ``str`` that holds ``self`` but says, strips, measures and compares as something
    harmless: only reading it as the plain ``str`` it holds shows what it carries."""

    __slots__ = ()

    def __str__(self) -> str:
        return "Pharmacie du Centre"

    def __repr__(self) -> str:
        return f"LyingStr({str.__repr__(self)[:80]})"

    def strip(self, chars: str | None = None) -> str:
        return self

    def __len__(self) -> int:
        return 3

    def __eq__(self, other: object) -> bool:
        return True

    def __ne__(self, other: object) -> bool:
        return False

    def __hash__(self) -> int:
        return hash("read")

    def isascii(self) -> bool:
        return True

    def encode(self, encoding: str = "utf-8", errors: str = "strict") -> bytes:
        return b"Pharmacie"

    def __iter__(self) -> Iterator[str]:
        return iter("Pharmacie")


class Deep(list[Any]):
    """The outer level of a deep list: a list whose ``repr`` does not recurse (for
    Hypothesis's reports); every level inside is a plain list."""

    def __repr__(self) -> str:
        return f"deep_list({self.depth})"

    depth = 0


class DeepDict(dict[str, Any]):
    def __repr__(self) -> str:
        return f"deep_dict({self.depth})"

    depth = 0


def deep_list(depth: int) -> list[Any]:
    """``[[[...]]]``, ``depth`` levels, built without recursion."""
    value: list[Any] = []
    for _ in range(depth - 1):
        value = [value]
    outer = Deep([value])
    outer.depth = depth
    return outer


def deep_dict(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(depth - 1):
        value = {"a": value}
    outer = DeepDict(a=value)
    outer.depth = depth
    return outer


class _Exploding:
    """Iterating it raises (a host's iterable that fails half way)."""

    def __iter__(self) -> Iterator[str]:
        yield "read"
        raise RuntimeError("the host's iterable failed")

    def __repr__(self) -> str:
        return "_Exploding()"


class _BadStr:
    """An object whose ``str()`` and ``repr()`` raise."""

    def __str__(self) -> str:
        raise RuntimeError("str() refused")

    def __repr__(self) -> str:
        return "_BadStr()"


@functools.cache
def wrong_types() -> st.SearchStrategy[object]:
    """Values of types no argument takes (besides the one it does take)."""
    return choice(
        st.sampled_from(
            [
                0,
                -1,
                10**100,
                10**5000,
                -(10**5000),
                True,
                False,
                1.5,
                float("nan"),
                float("inf"),
                -float("inf"),
                decimal.Decimal("NaN"),
                fractions.Fraction(1, 3),
                complex(1, 1),
                b"Pharmacie",
                b"\xff\xfe",
                Ellipsis,
                NotImplemented,
                dt.date(2026, 6, 1),
                dt.timedelta(days=1),
            ]
        ),
        st.builds(bytearray, st.binary(max_size=8)),
        st.builds(lambda: ["Pharmacie"]),
        st.builds(lambda: ("Pharmacie",)),
        st.builds(lambda: {"Pharmacie": 1}),
        st.builds(lambda: {"Pharmacie"}),
        st.builds(lambda: iter(["Pharmacie"])),
        st.builds(lambda: (c for c in "Pharmacie")),
        st.builds(object),
        st.builds(_BadStr),
        st.builds(_Exploding),
        st.builds(deep_list, st.sampled_from([50, 5000, 20_000])),
        st.builds(deep_dict, st.sampled_from([50, 5000])),
        st.builds(lambda: ValueError("Pharmacie")),
        st.builds(memoryview, st.binary(max_size=4)),
    )


@functools.cache
def texts(*, required: bool = True) -> st.SearchStrategy[object]:
    """Hostile values for a free-text argument (name, reason, description...)."""
    options: list[st.SearchStrategy[object]] = [
        bad_texts(),
        st.sampled_from(_HUGE),
        st.sampled_from(_BLANKS),
        st.builds(_homoglyph_text, _BASES, HOMOGLYPHS, st.integers(0, 40)),
        st.builds(LyingStr, st.one_of(bad_texts(), st.sampled_from(_HUGE))),
        st.text(max_size=40),
        wrong_types(),
    ]
    if required:
        options.append(st.none())
    return choice(*options)


class LyingInt(int):
    """An ``int`` whose comparisons and conversions say it is 1 whatever it holds."""

    def __eq__(self, other: object) -> bool:
        return True

    def __ne__(self, other: object) -> bool:
        return False

    def __hash__(self) -> int:
        return 1

    def __lt__(self, other: object) -> bool:
        return False

    def __gt__(self, other: object) -> bool:
        return False

    def __le__(self, other: object) -> bool:
        return True

    def __ge__(self, other: object) -> bool:
        return True

    def __index__(self) -> int:
        return 1

    def __int__(self) -> int:
        return 1

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"LyingInt({int.__repr__(self)[:40]})"


_NUMBERS = [
    0,
    -1,
    1001,
    2**31,
    2**63,
    2**64,
    10**100,
    10**5000,
    -(10**5000),
    True,
    False,
    1.0,
    0.5,
    float("nan"),
    float("inf"),
    -float("inf"),
    1e308,
    decimal.Decimal(5),
    fractions.Fraction(5, 1),
    "10",
    " 10",
    b"10",
]


@functools.cache
def whole_numbers(*, required: bool = True) -> st.SearchStrategy[object]:
    """Hostile values for a whole number (a page size, a rank)."""
    options: list[st.SearchStrategy[object]] = [
        st.sampled_from(_NUMBERS),
        st.integers(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.builds(LyingInt, st.sampled_from([0, -5, 10**30, 2**64, 10**4000])),
        st.floats(allow_nan=True, allow_infinity=True),
        wrong_types(),
        bad_texts(),
    ]
    if required:
        options.append(st.none())
    return choice(*options)


@functools.cache
def booleans(*, required: bool = True) -> st.SearchStrategy[object]:
    options: list[st.SearchStrategy[object]] = [
        st.sampled_from([0, 1, 2, -1, "true", "false", "", "yes", b"\x01", 1.0, float("nan")]),
        st.builds(LyingInt, st.sampled_from([0, 1, 10**30])),
        st.builds(lambda: [True]),
        wrong_types(),
    ]
    if required:
        options.append(st.none())
    return choice(*options)


class LyingTz(dt.tzinfo):
    """A time zone whose offset is ``None``, absurd, of the wrong type, or raises."""

    def __init__(self, mode: str) -> None:
        self.mode = mode

    def utcoffset(self, _: dt.datetime | None) -> Any:
        if self.mode == "none":
            return None
        if self.mode == "raises":
            raise RuntimeError("no offset today")
        if self.mode == "two_days":
            return dt.timedelta(days=2)
        if self.mode == "text":
            return "+01:00"
        return dt.timedelta(hours=1)  # "changing": fine, then...

    def dst(self, _: dt.datetime | None) -> dt.timedelta | None:
        return None

    def tzname(self, _: dt.datetime | None) -> str:
        return "\u202eZT"

    def __repr__(self) -> str:
        return f"LyingTz({self.mode!r})"


class LyingDatetime(dt.datetime):
    """A datetime that compares as if it were always in range."""

    def __lt__(self, other: object) -> bool:
        return False

    def __gt__(self, other: object) -> bool:
        return False

    def __le__(self, other: object) -> bool:
        return True

    def __ge__(self, other: object) -> bool:
        return True

    def __repr__(self) -> str:
        return f"LyingDatetime({dt.datetime.isoformat(self)})"


_EXTREME_OFFSETS = [
    dt.timezone(dt.timedelta(hours=23, minutes=59)),
    dt.timezone(dt.timedelta(hours=-23, minutes=-59)),
    dt.timezone(dt.timedelta(microseconds=1)),
]


def _lying_datetime(year: int, tz: dt.tzinfo) -> LyingDatetime:
    return LyingDatetime(year, 12, 31, 23, 59, 59, tzinfo=tz)


@functools.cache
def datetimes(*, required: bool = False) -> st.SearchStrategy[object]:
    """Hostile values for a timezone-aware datetime argument."""
    offsets = st.one_of(
        st.sampled_from(_EXTREME_OFFSETS),
        st.builds(
            dt.timezone,
            st.timedeltas(
                min_value=dt.timedelta(hours=-23, minutes=-59),
                max_value=dt.timedelta(hours=23, minutes=59),
            ),
        ),
    )
    options: list[st.SearchStrategy[object]] = [
        st.datetimes(),  # naive
        st.datetimes(max_value=dt.datetime(2000, 1, 2), timezones=offsets),
        st.datetimes(min_value=dt.datetime(8999, 12, 30), timezones=offsets),
        st.sampled_from(
            [
                dt.datetime.max.replace(tzinfo=_EXTREME_OFFSETS[1]),
                dt.datetime.min.replace(tzinfo=_EXTREME_OFFSETS[0]),
                dt.datetime(9000, 1, 1, 0, 0, 1, tzinfo=dt.UTC),
                dt.datetime(1999, 12, 31, 23, 59, 59, tzinfo=dt.UTC),
                dt.datetime(2026, 6, 1, 9, 0, fold=1),
                "2026-06-01T09:00:00+00:00",
                1_780_000_000,
                1.78e9,
                dt.date(2026, 6, 1),
                dt.time(9, 0, tzinfo=dt.UTC),
            ]
        ),
        st.builds(
            lambda mode: dt.datetime(2026, 6, 1, 9, 0, tzinfo=LyingTz(mode)),
            st.sampled_from(["none", "raises", "two_days", "text", "changing"]),
        ),
        st.builds(
            _lying_datetime,
            st.sampled_from([1, 1999, 2026, 9999]),
            st.sampled_from([dt.UTC, *_EXTREME_OFFSETS, LyingTz("changing")]),
        ),
        wrong_types(),
        bad_texts(),
    ]
    if required:
        options.append(st.none())
    return choice(*options)


@functools.cache
def capabilities() -> st.SearchStrategy[object]:
    """Hostile values for a few capabilities (their names or the enum members)."""
    names = [c.value for c in Capability]
    items = st.one_of(
        st.sampled_from(names),
        st.sampled_from(list(Capability)),
        st.sampled_from(["READ", "superuser", "read ", "", "send\x00", "\u202eread"]),
        st.builds(LyingStr, st.sampled_from(["superuser", "read\x00", "x" * 100])),
        texts(),
    )
    return choice(
        st.lists(items, max_size=6),
        st.lists(items, max_size=6).map(tuple),
        st.builds(iter, st.lists(items, max_size=4)),
        st.builds(lambda xs: (x for x in xs), st.lists(items, max_size=4)),
        st.builds(lambda: itertools.repeat("read")),
        st.builds(itertools.count),
        st.builds(lambda: ["read"] * 10_000),
        st.builds(lambda: [["read"]]),
        st.builds(lambda: [deep_list(5000)]),
        st.builds(lambda: {"read": object()}),
        st.builds(lambda: {"read", "superuser"}),
        st.builds(lambda: frozenset({"manage_members", "read"})),
        st.builds(_Exploding),
        st.sampled_from(["read", b"read", 7, 0, 1.5, float("nan")]),
        wrong_types(),
    )


@functools.cache
def password_texts() -> st.SearchStrategy[str]:
    """What a :class:`~balorg.ports.credentials.Password` may hold, badly."""
    return choice(
        bad_texts(),
        st.sampled_from(["", " ", "a", "azerty", "motdepasse", "x" * 1_000_000, "\x00" * 20]),
        st.builds(LyingStr, st.one_of(bad_texts(), st.just("\ud800" * 20))),
        st.text(max_size=30),
    )


@functools.cache
def cursor_texts(forged: Callable[[], st.SearchStrategy[str]]) -> st.SearchStrategy[object]:
    """Hostile page cursors: garbage, and ``forged`` ones (well-encoded, bad keys)."""
    return choice(
        forged(),
        st.text(max_size=50),
        st.text(st.characters(codec="ascii"), max_size=50),
        st.sampled_from(["", "=", "====", "W10", "x" * 2049, "x" * 1_000_000]),
        st.builds(LyingStr, st.sampled_from(["x" * 100_000, "\ud800"])),
        bad_texts(),
        wrong_types(),
    )
