"""Checks of the values a command carries: every problem at once, at its field path.

Addresses are typed: a public use case takes :class:`~balorg.domain.addresses.EmailAddress`
values only (parse text with ``EmailAddress.from_string``), and anything else is a
:class:`TypeError` at once, never a wrong answer. Every other value may come from a
person and is checked here: a bad one is a coded problem, audited with the refusal.
"""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import Any, Final

from attrs import Attribute

from balorg.domain.addresses import EmailAddress
from balorg.domain.capabilities import Capability
from balorg.domain.errors import Problem
from balorg.domain.identifiers import IdNatPS
from balorg.domain.professional import Professional
from balorg.domain.professions import Profession
from balorg.domain.text import MAX_TEXT, text_problem

__all__ = [
    "MAX_PAGE",
    "Unreadable",
    "address",
    "address_field",
    "aware",
    "boolean",
    "capabilities",
    "capability_set",
    "listed",
    "moment",
    "optional_address",
    "optional_address_field",
    "page_size",
    "plain",
    "plain_professional",
    "professional",
    "text",
    "typed",
    "whole",
]

#: The largest page a listing returns.
MAX_PAGE: Final = 1000
_MINUTE: Final = dt.timedelta(minutes=1)
_EARLIEST: Final = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_LATEST: Final = dt.datetime(9000, 1, 1, tzinfo=dt.UTC)


def address(value: object, name: str) -> EmailAddress:
    """``value`` itself when it is an :class:`EmailAddress`; else a :class:`TypeError`."""
    if not isinstance(value, EmailAddress):
        raise TypeError(
            f"{name} is an EmailAddress (parse text with EmailAddress.from_string), "
            f"not {type(value).__name__}"
        )
    return value


def plain(value: Any) -> Any:
    """A text as an exact ``str``, a whole number as an exact ``int`` (a subclass could
    answer differently each time it is read, or compare as it likes); anything else as
    it is, for the checks to refuse."""
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return int.__index__(value)
    return value


def moment(value: Any) -> Any:
    """A datetime as an exact :class:`datetime.datetime` (a subclass could compare as it
    likes); an aware one whose time zone is neither a fixed offset nor an IANA zone (it
    could answer differently each time), or whose offset is not a whole number of
    minutes (ISO 8601 texts, hence the serializer, keep minutes), is taken to UTC.
    Anything else, and a naive datetime, as it is, for the checks to refuse; a datetime
    that cannot even be read as :class:`Unreadable`."""
    if not isinstance(value, dt.datetime):
        return value
    try:
        exact = dt.datetime.combine(
            dt.date.fromordinal(dt.date.toordinal(value)), dt.datetime.timetz(value)
        )
        if exact.tzinfo is None:
            return exact  # naive: refused as such
        offset = exact.utcoffset()
        if offset is None:
            return exact  # naive in effect: refused as such
        if type(exact.tzinfo) in (dt.timezone, zoneinfo.ZoneInfo) and not offset % _MINUTE:
            return exact
        return exact.astimezone(dt.UTC)
    except OverflowError:
        return exact  # its offset takes it out of the calendar: out of range
    except Exception:  # a time zone that fails in any other way
        return Unreadable(type(value).__name__)


def listed(value: Any) -> Any:
    """A few items given as any iterable (a set, a generator) as a tuple, read once; a
    text, a mapping or a non-iterable as it is, for the checks to refuse. An iterable
    that fails while it is read is kept as :class:`Unreadable`, refused as well."""
    if value is None or isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        return value
    try:
        return tuple(plain(v) for v in itertools.islice(value, _MOST_ITEMS + 1))
    except Exception:  # the caller's iterable raised: its values cannot be known
        return Unreadable(type(value).__name__)


class Unreadable:
    """A value whose reading failed (an iterable that raised); the checks refuse it."""

    __slots__ = ("kind",)

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __repr__(self) -> str:
        return f"Unreadable({self.kind})"


_MOST_ITEMS: Final = 16


def optional_address(value: object, name: str) -> EmailAddress | None:
    """``None``, or an address read by :func:`address`."""
    return None if value is None else address(value, name)


def address_field(_: object, attribute: Attribute[Any], value: object) -> None:
    """The attrs validator of a command's address field: :func:`address`, named after it."""
    address(value, attribute.name)


def optional_address_field(_: object, attribute: Attribute[Any], value: object) -> None:
    """The attrs validator of an optional address field: :func:`optional_address`."""
    optional_address(value, attribute.name)


def text(
    value: object,
    path: str,
    *,
    required: bool = True,
    max_length: int = MAX_TEXT,
    multiline: bool = False,
) -> list[Problem]:
    """Free text from a person (names, reasons, descriptions, references), read as the
    plain ``str`` it holds."""
    value = plain(value)
    if value is None:
        return [Problem("field.required", path)] if required else []
    if not isinstance(value, str):
        return [Problem("form.wrong_type", path, {"expected": "string", "got": _kind(value)})]
    if len(value) > max_length * 4:  # hostile sizes are refused before any scan
        return [Problem("field.too_long", path, {"max": max_length, "length": len(value)})]
    if not value.strip():
        return [Problem("field.required", path)] if required else []
    problem = text_problem(value.strip(), path, max_length=max_length, multiline=multiline)
    return [problem] if problem is not None else []


def typed(value: object, kind: type[Any] | tuple[type[Any], ...], path: str) -> list[Problem]:
    """``value`` is a ``kind`` (a value object inside another one: a label, a structure)."""
    if isinstance(value, kind):
        return []
    names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
    return [Problem("form.wrong_type", path, {"expected": names, "got": _kind(value)})]


def professional(value: Professional, path: str) -> list[Problem]:
    """A professional built by the host (a successor, a registration's responsible): its
    names are free text, its address, identifier and profession of their types."""
    return [
        *text(value.last_name, f"{path}.last_name"),
        *text(value.first_name, f"{path}.first_name"),
        *typed(value.email, EmailAddress, f"{path}.email"),
        *typed(value.idnat, IdNatPS, f"{path}.idnat"),
        *typed(value.profession, Profession, f"{path}.profession"),
    ]


def plain_professional(value: Any) -> Any:
    """A professional with its names as exact ``str`` (anything else as it is)."""
    if not isinstance(value, Professional):
        return value
    last, first = plain(value.last_name), plain(value.first_name)
    if last is value.last_name and first is value.first_name:
        return value
    return Professional(
        idnat=value.idnat,
        profession=value.profession,
        last_name=last,
        first_name=first,
        email=value.email,
    )


def capabilities(value: object, path: str = "capabilities") -> list[Problem]:
    """``None`` (the default set), or a few capabilities or their names."""
    if value is None:
        return []
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        return [Problem("form.wrong_type", path, {"expected": "array", "got": _kind(value)})]
    items = _bounded(value, _MOST_ITEMS)
    if items is None or len(items) > len(Capability):
        return [Problem("delegation.unknown_capability", path, {"choices": _choices()})]
    problems = []
    for index, item in enumerate(items):
        if isinstance(item, Capability):
            continue
        if not isinstance(item, str) or item not in {c.value for c in Capability}:
            shown = item if isinstance(item, str) and len(item) <= 40 else _kind(item)
            problems.append(
                Problem(
                    "delegation.unknown_capability",
                    f"{path}.{index}",
                    {"value": shown, "choices": _choices()},
                )
            )
    return problems


def capability_set(value: Iterable[Capability | str] | None) -> frozenset[Capability] | None:
    """The capabilities named by an (already checked) value."""
    if value is None:
        return None
    return frozenset(c if isinstance(c, Capability) else Capability(c) for c in value)


def aware(value: object, path: str, *, required: bool = False) -> list[Problem]:
    """A timezone-aware datetime within sensible years."""
    if value is None:
        return [Problem("field.required", path)] if required else []
    if not isinstance(value, dt.datetime):
        return [Problem("form.wrong_type", path, {"expected": "datetime", "got": _kind(value)})]
    try:
        offset = value.utcoffset()
    except Exception:  # a time zone that fails to give its offset: as good as none
        offset = None
    if value.tzinfo is None or offset is None:
        return [Problem("field.naive_datetime", path)]
    if not _EARLIEST <= value <= _LATEST:
        return [Problem("field.out_of_range", path, {"min": "2000", "max": "9000"})]
    return []


def whole(
    value: object, path: str, *, low: int, high: int, required: bool = False
) -> list[Problem]:
    """A whole number in [``low``, ``high``] (a boolean is not one)."""
    if value is None:
        return [Problem("field.required", path)] if required else []
    if isinstance(value, bool) or not isinstance(value, int):
        return [Problem("form.wrong_type", path, {"expected": "integer", "got": _kind(value)})]
    if not low <= value <= high:
        return [Problem("field.out_of_range", path, {"min": low, "max": high})]
    return []


def boolean(value: object, path: str) -> list[Problem]:
    """A real ``bool`` (not 0/1, not a text)."""
    if not isinstance(value, bool):
        return [Problem("form.wrong_type", path, {"expected": "boolean", "got": _kind(value)})]
    return []


def page_size(value: object, path: str = "limit") -> list[Problem]:
    """A page size between 1 and the largest page."""
    return whole(value, path, low=1, high=MAX_PAGE, required=True)


def _bounded(values: Iterable[Any], most: int) -> list[Any] | None:
    found = []
    for item in values:
        found.append(item)
        if len(found) > most:
            return None
    return found


def _choices() -> str:
    return ", ".join(c.value for c in Capability)


def _kind(value: object) -> str:
    if isinstance(value, Unreadable):
        return value.kind
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list | tuple | set | frozenset):
        return "array"
    return type(value).__name__
