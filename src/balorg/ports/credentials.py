"""Credentials belong to the host: the library never sees a stored password.

A password typed by a person passes through the library inside a
:class:`Password`, whose ``repr`` and ``str`` never show it, straight to the
host's port; it is never stored, logged or audited.

>>> p = Password("s3cret!")
>>> p
Password('********')
>>> f"{p}"
'********'
>>> p.reveal()
's3cret!'
"""

from __future__ import annotations

from typing import Protocol

from balorg.domain.addresses import EmailAddress

__all__ = ["CredentialEnrolment", "CredentialVerifier", "Password"]


class Password:
    """A password in transit; it hides itself from logs, reprs and tracebacks."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The password itself, for the host's port only."""
        return self._value

    def __repr__(self) -> str:
        return "Password('********')"

    def __str__(self) -> str:
        return "********"

    def __reduce__(self) -> str:
        raise TypeError("a Password cannot be pickled")


class CredentialVerifier(Protocol):
    def verify(self, address: EmailAddress, password: Password) -> bool:
        """Whether ``password`` is the password of the existing account ``address``."""


class CredentialEnrolment(Protocol):
    def enrol(self, address: EmailAddress, password: Password) -> None:
        """Give the new nominative account ``address`` its first password (host side).

        Never replaces one: raises :class:`~balorg.ports.DuplicateError` when
        ``address`` already has a password."""
