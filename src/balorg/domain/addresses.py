"""E-mail addresses: the generic address of a team, nominative and MSSanté addresses.

Syntax is checked by email-validator, never over the network. Addresses are
compared case-insensitively (mail operators treat them so), and kept in their
normalised lower-case form.

>>> EmailAddress.from_string("  Pharmacie.DuCentre@Outlook.FR ")
EmailAddress(value='pharmacie.ducentre@outlook.fr')
>>> EmailAddress.from_string("pharmacie@")
Traceback (most recent call last):
    ...
balorg.domain.addresses.InvalidEmail: The e-mail address is not valid: ...
>>> is_mssante_address("secretariat@ch-exemple.mssante.fr")
True
>>> is_mssante_address("secretariat@example.org")
False
"""

from __future__ import annotations

import re
from typing import Any, Final

import email_validator
from attrs import field, frozen

from balorg.domain.errors import BalorgError

__all__ = ["MSSANTE_PATTERN", "EmailAddress", "InvalidEmail", "is_mssante_address"]

#: The ANS OpenAPI pattern of an address in the MSSanté trust space. Operators
#: also publish their own domains (a white list); those are configuration.
MSSANTE_PATTERN: Final = re.compile(
    r"^[^@\s]+@([^@\s]+\.mssante\.fr|interop-mssante\.apicrypt\.org)$", re.IGNORECASE
)


class InvalidEmail(BalorgError, ValueError):
    """The text is not a syntactically valid e-mail address."""

    default_code = "email.invalid"


def _normalise(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidEmail(reason=type(value).__name__)
    try:
        checked = email_validator.validate_email(value.strip(), check_deliverability=False)
    except email_validator.EmailNotValidError as exc:
        raise InvalidEmail(reason=str(exc)) from None
    return checked.normalized.lower()


@frozen
class EmailAddress:
    """A syntactically valid e-mail address in normalised, lower-case form."""

    value: str = field(converter=_normalise)

    @classmethod
    def from_string(cls, text: str) -> EmailAddress:
        return cls(text)

    @property
    def domain(self) -> str:
        return self.value.rpartition("@")[2]

    @property
    def local_part(self) -> str:
        return self.value.rpartition("@")[0]

    def __str__(self) -> str:
        return self.value


def is_mssante_address(address: EmailAddress | str) -> bool:
    """Whether the address matches the ANS pattern of the MSSanté trust space."""
    return bool(MSSANTE_PATTERN.match(str(address)))
