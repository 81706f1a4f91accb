"""Errors and problems that people can act on.

Every error carries a stable ``code``, its ``params`` (values are never baked
into the text) and, inside a form, a ``path`` to the field. Messages are
rendered in French or English from the code (:mod:`balorg.domain.messages`).

Identifier checks raise python-stdnum's own hierarchy: each class here is also a
subclass of the matching :mod:`stdnum.exceptions` class (and so of
:class:`ValueError`), so a host that catches ``stdnum.exceptions.ValidationError``
(or ``InvalidChecksum``...) catches ours too. As in python-stdnum,
:class:`InvalidLength` is a kind of :class:`InvalidFormat`.

>>> import stdnum.exceptions
>>> try:
...     raise InvalidLength("identifier.invalid_length", kind="RPPS", expected=11, actual=3)
... except stdnum.exceptions.InvalidFormat as exc:
...     print(exc.code, exc.message("en"))
identifier.invalid_length The RPPS number must have 11 characters, not 3.

``str()`` of an error or a problem is its message in the language in force
(French unless configured: :func:`balorg.domain.messages.set_default_language`,
:func:`balorg.domain.messages.language`):

>>> str(InvalidChecksum("identifier.invalid_checksum", kind="RPPS"))
'La clé de contrôle du numéro RPPS est fausse.'

Forms and aggregates report :class:`Problem` values instead, all at once:

>>> p = Problem("identifier.invalid_checksum", path="structure.finess", params={"kind": "FINESS"})
>>> p.message("fr")
'La clé de contrôle du numéro FINESS est fausse.'
>>> p.is_error
True
>>> print(p)
[identifier.invalid_checksum] structure.finess: La clé de contrôle du numéro FINESS est fausse.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from attrs import field, frozen
from stdnum import exceptions as stdnum_exceptions

from balorg.domain.messages import Lang, render

__all__ = [
    "BalorgError",
    "DomainRefusal",
    "InvalidChecksum",
    "InvalidComponent",
    "InvalidFormat",
    "InvalidLength",
    "Problem",
    "Severity",
    "ValidationError",
    "plain_params",
]


def _freeze(params: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(params or {}))


class BalorgError(Exception):
    """Root of every error the library raises on purpose."""

    default_code = "balorg.error"

    def __init__(self, code: str | None = None, /, **params: Any) -> None:
        self.code: str = code or self.default_code
        self.params: Mapping[str, Any] = _freeze(params)
        # ``args`` keeps the English text: stable in logs whatever the language in force.
        super().__init__(self.message("en"))

    def message(self, lang: Lang | None = None) -> str:
        """The message in ``lang`` (by default the language in force, French unless set)."""
        return render(self.code, self.params, lang)

    def __str__(self) -> str:
        return self.message()


# Each class is also python-stdnum's class of the same name. Caveat: stdnum's classes
# carry a ``message`` *string* attribute, ours a ``message(lang)`` method, which wins
# (hence the ``type: ignore[misc]`` below: mypy sees the two definitions clash).
class ValidationError(BalorgError, stdnum_exceptions.ValidationError):
    """A value is not a valid identifier (python-stdnum's contract)."""

    default_code = "identifier.invalid"


class InvalidFormat(ValidationError, stdnum_exceptions.InvalidFormat):  # type: ignore[misc]  # message: see above
    """The value has characters or a shape the identifier never has."""

    default_code = "identifier.invalid_format"


class InvalidLength(InvalidFormat, stdnum_exceptions.InvalidLength):  # type: ignore[misc]  # message: see above
    """The value has the wrong length (a kind of InvalidFormat, as in python-stdnum)."""

    default_code = "identifier.invalid_length"


class InvalidChecksum(ValidationError, stdnum_exceptions.InvalidChecksum):  # type: ignore[misc]  # message: see above
    """The check digit does not match."""

    default_code = "identifier.invalid_checksum"


class InvalidComponent(ValidationError, stdnum_exceptions.InvalidComponent):  # type: ignore[misc]  # message: see above
    """A part of the value (department, prefix, profession code) is invalid."""

    default_code = "identifier.invalid_component"


class Severity(enum.Enum):
    """Whether a problem blocks (error) or only informs (warning)."""

    ERROR = "error"
    WARNING = "warning"


@frozen
class Problem:
    """One problem found in a form or refused by a rule, at a field path."""

    code: str
    path: str = ""
    params: Mapping[str, Any] = field(factory=dict, converter=_freeze, hash=False)
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def message(self, lang: Lang | None = None) -> str:
        """The message in ``lang`` (by default the language in force, French unless set)."""
        return render(self.code, self.params, lang)

    def __str__(self) -> str:
        """``[code] path: message`` (no path part when empty), in the language in force."""
        where = f" {self.path}:" if self.path else ""
        return f"[{self.code}]{where} {self.message()}"

    def at(self, prefix: str) -> Problem:
        """The same problem with its path placed under ``prefix``."""
        path = f"{prefix}.{self.path}" if prefix and self.path else (prefix or self.path)
        return Problem(self.code, path, self.params, self.severity)

    def as_warning(self) -> Problem:
        return Problem(self.code, self.path, self.params, Severity.WARNING)

    def to_dict(self, lang: Lang | None = None) -> dict[str, Any]:
        """Plain data for JSON: code, path, params, severity and both messages."""
        return {
            "code": self.code,
            "path": self.path,
            "params": plain_params(self.params),
            "severity": self.severity.value,
            "message": {"fr": self.message("fr"), "en": self.message("en")}
            if lang is None
            else self.message(lang),
        }

    @classmethod
    def from_error(cls, error: BalorgError, path: str = "") -> Problem:
        return cls(error.code, path, error.params)


def plain_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """An error's params as JSON-ready data (texts, numbers, booleans, lists)."""
    return {key: _plain(value) for key, value in params.items()}


def _plain(value: object) -> object:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


class DomainRefusal(BalorgError):
    """An aggregate or a rule refused a change; ``problems`` says why, all at once."""

    default_code = "domain.refused"

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        first = self.problems[0] if self.problems else Problem(self.default_code)
        super().__init__(first.code, **dict(first.params))

    def message(self, lang: Lang | None = None) -> str:
        """Every problem's message, joined; by default in the language in force."""
        return " ".join(p.message(lang) for p in self.problems) or render(self.code, {}, lang)
