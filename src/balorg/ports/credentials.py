"""Passwords: hashed by the library, or checked by the host's own credential service.

A password typed by a person passes through the library inside a :class:`Password`,
whose ``repr`` and ``str`` never show it. Two set-ups:

- the library keeps salted hashes itself (:class:`PasswordHasher`, the reference
  adapters' credential tables): an account and its hash are committed in one
  transaction;
- the host's identity service keeps them (:class:`ExternalCredentials`): the account
  is created "credential pending" (it cannot log in), the password is handed to the
  host after the commit, and the account is confirmed, or the enrolment retried or
  cancelled.

Either way the password is never stored, logged, audited or put in an exception.

>>> p = Password("s3cret!")
>>> p
Password('********')
>>> f"{p}"
'********'
>>> p.reveal()
's3cret!'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from balorg.domain.credentials import StoredCredential
from balorg.domain.secret import Secret

if TYPE_CHECKING:
    from balorg.domain.addresses import EmailAddress

__all__ = ["ExternalCredentials", "Password", "PasswordHasher"]


class Password(Secret):
    """A password in transit; it hides itself from logs, reprs and tracebacks."""

    __slots__ = ()
    noun = "a Password"

    def reveal(self) -> str:
        """The password itself, for hashing or the host's port only."""
        return self._value


class PasswordHasher(Protocol):
    def hash(self, password: Password) -> StoredCredential:
        """A new salted hash of ``password``."""

    def verify(self, password: Password, stored: StoredCredential | None) -> bool:
        """Whether ``password`` matches; with ``stored`` ``None`` (an unknown account),
        the same work is done against a dummy hash and ``False`` answered, so that the
        time taken tells nothing."""

    def outdated(self, stored: StoredCredential) -> bool:
        """Whether ``stored`` was made with weaker parameters than today's (re-hash it
        at the next good login)."""


class ExternalCredentials(Protocol):
    """The host's credential service."""

    def verify(self, address: EmailAddress, password: Password) -> bool:
        """Whether ``password`` is the password of ``address`` (the same cost whether
        or not the address is known)."""

    def enrol(self, address: EmailAddress, password: Password) -> None:
        """Give the new account its first password; never replaces one."""
