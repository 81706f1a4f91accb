"""Helpers shared by the identifier modules (python-stdnum's contract).

Every check raises a :class:`~balorg.domain.errors.ValidationError` subclass
with a stable code, never ``TypeError`` or ``AttributeError``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from attrs import Attribute
from stdnum import exceptions as stdnum_exceptions
from stdnum import luhn

from balorg.domain.errors import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)

__all__ = [
    "SEPARATORS",
    "canonical_validator",
    "check_digits",
    "check_length",
    "check_luhn",
    "clean",
    "from_stdnum",
    "is_digits",
    "never_raises",
    "require_text",
    "trusted",
]

_T = TypeVar("_T")

#: Removed by ``compact``: spaces (including the no-break spaces French typography
#: puts between groups of digits), tabs, dots and dashes.
SEPARATORS = frozenset(" \t.-\u00a0\u202f")
_DROP_SEPARATORS = str.maketrans(dict.fromkeys(SEPARATORS))


def require_text(number: object, kind: str) -> str:
    """``number`` itself when it is a ``str``; else the library's InvalidFormat."""
    if not isinstance(number, str):
        raise InvalidFormat("identifier.not_text", kind=kind, type=type(number).__name__)
    return number


def clean(number: object, kind: str) -> str:
    """Strip surrounding whitespace and the separators; letters are upper-cased."""
    return str.strip(require_text(number, kind)).translate(_DROP_SEPARATORS).upper()


def is_digits(text: str) -> bool:
    """ASCII digits only: ``str.isdigit`` alone accepts '３' and '²'."""
    return text.isascii() and text.isdigit()


def check_digits(number: str, kind: str) -> None:
    if not is_digits(number):
        raise InvalidFormat("identifier.invalid_format", kind=kind)


def check_length(number: str, kind: str, expected: int) -> None:
    if len(number) != expected:
        raise InvalidLength(
            "identifier.invalid_length", kind=kind, expected=expected, actual=len(number)
        )


def check_luhn(number: str, kind: str) -> None:
    """The Luhn key of python-stdnum, reported in the library's terms."""
    if not luhn.is_valid(number):
        raise InvalidChecksum("identifier.invalid_checksum", kind=kind)


def never_raises(validate: Callable[[object], str], number: object) -> bool:
    """``is_valid`` of the stdnum contract: True or False, whatever ``number`` is."""
    try:
        validate(number)
    except ValidationError:
        return False
    return True


def canonical_validator(
    validate: Callable[[object], str], kind: str
) -> Callable[[Any, Attribute[str], str], None]:
    """An attrs validator: the value must be valid and already in canonical form.

    Direct construction cannot bypass the checks; ``from_string`` compacts first.
    """

    def check(_instance: Any, _attribute: Attribute[str], value: str) -> None:
        canonical = validate(value)
        if canonical != value:
            raise InvalidFormat("identifier.not_canonical", kind=kind, canonical=canonical)

    return check


def trusted(cls: type[_T], value: str) -> _T:
    """An instance of the frozen value class ``cls`` holding ``value``, validators NOT run.

    Validate once (issue 9.5): ``from_string`` calls the module's ``validate``, then
    builds the object with this, so the attrs validator does not check it a second
    time. Only for a value ``validate`` has just returned in canonical form; direct
    construction (``Rpps("...")``) still runs the validator.
    """
    instance = object.__new__(cls)
    object.__setattr__(instance, "value", value)
    return instance


def validate_with_stdnum(
    stdnum_validate: Callable[[str], object], number: str, kind: str, expected: int
) -> str:
    """Validate a compact ``number`` with python-stdnum, in the library's hierarchy."""
    if not number.isascii():  # stdnum would turn full-width digits into ASCII ones
        raise InvalidFormat("identifier.invalid_format", kind=kind)
    try:
        return str(stdnum_validate(number))
    except stdnum_exceptions.ValidationError as error:
        raise from_stdnum(error, number, kind, expected) from None


def from_stdnum(
    error: stdnum_exceptions.ValidationError, number: str, kind: str, expected: int
) -> ValidationError:
    """python-stdnum's exception in the library's hierarchy, with code and params."""
    if isinstance(error, stdnum_exceptions.InvalidChecksum):
        return InvalidChecksum("identifier.invalid_checksum", kind=kind)
    if isinstance(error, stdnum_exceptions.InvalidLength):
        return InvalidLength(
            "identifier.invalid_length", kind=kind, expected=expected, actual=len(number)
        )
    if isinstance(error, stdnum_exceptions.InvalidComponent):
        return InvalidComponent("identifier.invalid_component", kind=kind, component=number)
    return InvalidFormat("identifier.invalid_format", kind=kind)
