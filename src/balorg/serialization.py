"""Plain, JSON-ready data of every aggregate, event, notice, directory change and audit
entry, and back: the one serializer of balorg, used by its own SQL adapter.

Identifiers and addresses are written in their canonical text; an IdNat Struct as its
prefix and identifier apart (its text form is ambiguous by design); datetimes as ISO 8601
with their offset; durations as seconds; sets as sorted lists (equal objects give equal
data); bytes as base64; enums by value. Events, notices and directory operations carry
their kind (``type``) so that a list of mixed ones reads back. Aggregates are written
without their pending ``events``; their ``version`` is kept.

:func:`structure` checks everything it reads, as input from outside must be;
:func:`structure_stored` is for data balorg itself wrote (its own storage), which was
checked when it came in: addresses and identifiers are not parsed again.

>>> from balorg.testing.examples import example_professional
>>> data = unstructure(example_professional())
>>> data["idnat"], data["profession"]["code"]
('810000000017', '21')
>>> structure(data, Professional) == example_professional()
True
>>> structure({"idnat": "810000000017"}, Professional)  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
cattrs.errors.ClassValidationError: While structuring Professional (4 sub-exceptions)
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
from collections.abc import Callable, Mapping
from typing import Any, Final, TypeVar

import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from balorg.domain import events as event_module
from balorg.domain.account import ConnectionAccount
from balorg.domain.addresses import EmailAddress
from balorg.domain.audit import AuditEntry, AuditRecord, Details
from balorg.domain.credentials import StoredCredential
from balorg.domain.delegation import Delegation
from balorg.domain.events import DomainEvent
from balorg.domain.identifiers import IdNatPS, IdNatStruct, parse_ps, parse_struct
from balorg.domain.mail import ExpiryNotice, NewMailNotice, Notice, ReviewNotice, ValidationNotice
from balorg.domain.mailbox import OrganisationalMailbox
from balorg.domain.professional import Professional
from balorg.domain.publication import (
    Delete,
    DirectoryChange,
    EntryOperation,
    Insert,
    MailboxEntry,
    Replace,
)
from balorg.domain.session import Session
from balorg.domain.structure import Structure

__all__ = [
    "EVENT_TYPES",
    "NOTICE_TYPES",
    "SUPPORTED",
    "structure",
    "structure_stored",
    "unstructure",
]

T = TypeVar("T")

#: Every concrete domain event, by its ``type`` name.
EVENT_TYPES: Final[Mapping[str, type[DomainEvent]]] = {
    name: kind
    for name, kind in vars(event_module).items()
    if isinstance(kind, type)
    and issubclass(kind, DomainEvent)
    and name in event_module.__all__
    and not name.endswith("Event")
}
NOTICE_TYPES: Final[Mapping[str, type[Any]]] = {
    "new_mail": NewMailNotice,
    "validation": ValidationNotice,
    "expiry": ExpiryNotice,
    "review": ReviewNotice,
}
_OPERATION_TYPES: Final[Mapping[str, type[Any]]] = {
    "insert": Insert,
    "replace": Replace,
    "delete": Delete,
}
_AGGREGATES: Final = (OrganisationalMailbox, ConnectionAccount, Delegation, Session)


def _text(parse: Callable[[str], Any]) -> Callable[[Any, type], Any]:
    def structure_text(value: Any, _: type) -> Any:
        if not isinstance(value, str):
            raise TypeError(f"expected a text, got {type(value).__name__}")
        return parse(value)

    return structure_text


def _datetime(value: Any, _: type) -> dt.datetime:
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO 8601 text, got {type(value).__name__}")
    parsed = dt.datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"datetime {value!r} has no offset")
    return parsed


def _timedelta(value: Any, _: type) -> dt.timedelta:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected seconds, got {type(value).__name__}")
    return dt.timedelta(seconds=value)


def _bytes(value: Any, _: type) -> bytes:
    if not isinstance(value, str):
        raise TypeError(f"expected base64 text, got {type(value).__name__}")
    return base64.b64decode(value, validate=True)


def _scalar(value: Any, _: Any) -> str | bool | int | None:
    """A directory field's value: a text, a boolean, a whole number or nothing."""
    if value is None or isinstance(value, str | bool | int):
        return value
    raise TypeError(f"expected a text, a boolean, a number or null, got {type(value).__name__}")


def _strict(kind: type[Any], *accepted: type[Any]) -> Callable[[Any, Any], Any]:
    """A primitive read as it is, never coerced (cattrs' default would read 2.7 as 2,
    "no" as True, None as "None")."""

    def read(value: Any, _: Any) -> Any:
        if isinstance(value, accepted) and (kind is bool or not isinstance(value, bool)):
            return value
        raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")

    return read


_COLLECTIONS: dict[Any, Any] = {tuple: tuple, list: list, frozenset: frozenset, set: set}


def _collection(converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    """A JSON array (never a text read as its characters, nor an object as its keys)."""

    def read(value: Any, kind: Any) -> Any:
        if not isinstance(value, list | tuple):
            raise TypeError(f"expected an array, got {type(value).__name__}")
        origin, args = kind.__origin__, tuple[Any, ...](getattr(kind, "__args__", ()))
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            if len(args) != len(value):
                raise TypeError(f"expected {len(args)} items, got {len(value)}")
            return tuple(converter.structure(v, a) for v, a in zip(value, args, strict=True))
        item = args[0] if args else Any
        return _COLLECTIONS[origin](converter.structure(v, item) for v in value)

    return read


def _struct_parts(idnat: IdNatStruct) -> dict[str, str]:
    return {"prefix": idnat.prefix, "identifier": str(idnat.identifier)}


def _struct_from_parts(value: Any, _: type) -> IdNatStruct:
    if isinstance(value, str):  # documents written before the parts were kept apart
        return parse_struct(value)
    if not isinstance(value, Mapping) or set(value) != {"prefix", "identifier"}:
        raise TypeError(f"expected an IdNat Struct's prefix and identifier, got {value!r}")
    return IdNatStruct.from_parts(value["prefix"], value["identifier"])


def _tagged(
    converter: cattrs.Converter, types: Mapping[str, type[Any]], tag: str
) -> Callable[[Any, Any], Any]:
    """Read an object tagged with its kind (``tag``) as the kind's class."""

    def structure_tagged(value: Any, _: Any) -> Any:
        if not isinstance(value, Mapping) or value.get(tag) not in types:
            raise TypeError(f"expected an object with a known {tag!r}, got {value!r}")
        data = {k: v for k, v in value.items() if k != tag}
        return converter.structure(data, types[value[tag]])

    return structure_tagged


def _make(*, trusted: bool) -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_unstructure_hook(dt.datetime, dt.datetime.isoformat)
    converter.register_structure_hook(dt.datetime, _datetime)
    converter.register_unstructure_hook(dt.timedelta, dt.timedelta.total_seconds)
    converter.register_structure_hook(dt.timedelta, _timedelta)
    converter.register_unstructure_hook(bytes, lambda b: base64.b64encode(b).decode("ascii"))
    converter.register_structure_hook(bytes, _bytes)
    converter.register_unstructure_hook(EmailAddress, str)
    converter.register_structure_hook(
        EmailAddress, _text(EmailAddress.trusted if trusted else EmailAddress)
    )
    converter.register_unstructure_hook(IdNatPS, str)
    converter.register_structure_hook(IdNatPS, _text(parse_ps))
    converter.register_unstructure_hook(IdNatStruct, _struct_parts)
    converter.register_structure_hook(IdNatStruct, _struct_from_parts)
    converter.register_unstructure_hook(Details, dict)
    converter.register_structure_hook(Details, lambda value, _: Details(value))
    converter.register_unstructure_hook_func(
        lambda kind: getattr(kind, "__origin__", None) is frozenset,
        lambda values: sorted(converter.unstructure(v) for v in values),
    )
    converter.register_structure_hook_func(_is(str | bool | int | None), _scalar)
    converter.register_structure_hook(str, _strict(str, str))
    converter.register_structure_hook(bool, _strict(bool, bool))
    converter.register_structure_hook(int, _strict(int, int))
    converter.register_structure_hook(float, _strict(float, int, float))
    converter.register_structure_hook_func(
        lambda kind: getattr(kind, "__origin__", None) in _COLLECTIONS, _collection(converter)
    )
    for aggregate in _AGGREGATES:
        converter.register_unstructure_hook(
            aggregate, make_dict_unstructure_fn(aggregate, converter, events=override(omit=True))
        )
        converter.register_structure_hook(
            aggregate,
            make_dict_structure_fn(
                aggregate, converter, events=override(omit=True), _cattrs_forbid_extra_keys=True
            ),
        )
    for union, types, tag in (
        (DomainEvent, EVENT_TYPES, "type"),
        (Notice, NOTICE_TYPES, "kind"),
        (EntryOperation, _OPERATION_TYPES, "op"),
    ):
        converter.register_structure_hook_func(_is(union), _tagged(converter, types, tag))
        for kind in types.values():
            converter.register_unstructure_hook(kind, _untagged_then(converter, kind, tag, types))
    return converter


def _is(kind: Any) -> Callable[[Any], bool]:
    def matches(candidate: Any) -> bool:
        return bool(candidate == kind)

    return matches


def _untagged_then(
    converter: cattrs.Converter, kind: type[Any], tag: str, types: Mapping[str, type[Any]]
) -> Callable[[Any], Any]:
    name = next(n for n, k in types.items() if k is kind)
    fields = make_dict_unstructure_fn(kind, converter)

    def unstructure_with_tag(value: Any) -> Any:
        return {tag: name, **fields(value)}

    return unstructure_with_tag


@functools.cache
def _converter(trusted: bool) -> cattrs.Converter:
    return _make(trusted=trusted)


def unstructure(value: Any) -> Any:
    """``value`` as plain JSON-ready data (dicts, lists, texts, numbers, booleans)."""
    return _converter(False).unstructure(value)


def structure(data: Any, kind: type[T] | Any) -> T:
    """Read ``data`` back as ``kind``, checking everything (errors as cattrs'
    ``ClassValidationError``: turn them into problems with ``cattrs.transform_error``)."""
    result: T = _converter(False).structure(data, kind)
    return result


def structure_stored(data: Any, kind: type[T] | Any) -> T:
    """Read back data balorg wrote itself, without checking addresses again."""
    result: T = _converter(True).structure(data, kind)
    return result


#: Everything this module reads and writes (the documentation and the tests use it).
SUPPORTED: Final = (
    OrganisationalMailbox,
    ConnectionAccount,
    Delegation,
    Session,
    Professional,
    Structure,
    StoredCredential,
    AuditRecord,
    AuditEntry,
    MailboxEntry,
    DirectoryChange,
    DomainEvent,
    Notice,
)
