"""The wire shape of the registration form, checked by cattrs.

This pass checks only the shape: objects where objects are expected, no unknown
key, no missing key, strings that are strings (``1`` is not accepted for a
string) and booleans that are booleans. Meaning (identifiers, addresses,
eligibility) is checked afterwards, on the raw data, so that one shape error
does not hide the other problems of the form.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import cattrs
from attrs import frozen
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError

from balorg.domain.errors import Problem

__all__ = ["FORM_TYPE", "shape_problems"]


@frozen
class _Label:
    last_name: str
    first_name: str


@frozen
class _Location:
    address: str
    postcode: str
    city: str


@frozen
class _Structure:
    legal_name: str
    category: str
    location: _Location
    finess: str | None = None
    siret: str | None = None
    siren: str | None = None


@frozen
class _Responsible:
    last_name: str
    first_name: str
    profession: str
    identifier: str
    email: str


@frozen
class _RedList:
    national_directory: bool
    operator_directory: bool


@frozen
class _Form:
    shared_account: bool
    generic_email: str
    directory_label: _Label
    structure: _Structure
    responsible: _Responsible
    description: str
    red_list: _RedList


#: The attrs class describing the form's shape (documentation and tests use it).
FORM_TYPE = _Form


class _WrongType(TypeError):
    def __init__(self, expected: str, value: object) -> None:
        super().__init__(expected)
        self.expected = expected
        self.got = _json_type(value)


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, list | tuple):
        return "array"
    return type(value).__name__


def _strict_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise _WrongType("string", value)
    return value


def _strict_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise _WrongType("boolean", value)
    return value


_converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
_converter.register_structure_hook(str, _strict_str)
_converter.register_structure_hook(bool, _strict_bool)


def _at(data: object, path: tuple[str, ...]) -> object:
    for key in path:
        data = data.get(key) if isinstance(data, Mapping) else None
    return data


def _walk(exc: BaseException, path: tuple[str, ...], data: object) -> Iterator[Problem]:
    where = ".".join(path)
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            yield from _walk(sub, (*path, note.name), data)
        for sub in without:
            yield from _walk(sub, path, data)
    elif isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields, key=str):
            yield Problem("form.unknown_key", ".".join((*path, str(key))), {"key": str(key)})
    elif isinstance(exc, KeyError):
        yield Problem("field.required", where)
    elif isinstance(exc, _WrongType):
        yield Problem("form.wrong_type", where, {"expected": exc.expected, "got": exc.got})
    else:  # an object was expected where something else stands
        got = _json_type(_at(data, path))
        yield Problem("form.wrong_type", where, {"expected": "object", "got": got})


def shape_problems(data: object) -> tuple[Problem, ...]:
    """Every shape problem of ``data`` as a registration form, with its path."""
    if not isinstance(data, Mapping):
        return (Problem("form.wrong_type", "", {"expected": "object", "got": _json_type(data)}),)
    try:
        _converter.structure(data, _Form)
    except ClassValidationError as exc:
        return tuple(_walk(exc, (), data))
    return ()
