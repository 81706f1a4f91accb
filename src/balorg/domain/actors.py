"""Who acts, and how they proved it.

Every use case runs for an *actor* that was authenticated; the audit trail records
who acted and how (:attr:`Principal.auth`):

- ``password``: the person logged in through :func:`balorg.services.authenticate`
  (their password checked through the credential port); that opens a session;
- ``session:<id>``: the person acts within an open session (:class:`SessionToken`);
- ``host:<sign-on>``: the host authenticated the person itself (its single sign-on,
  Pro Santé Connect, a smart card...) and says so explicitly (:class:`HostAssertion`);
- ``system:<job>``: one of the operator's own processes (the mail transport
  recording an incoming message, the scheduler sending expiry reminders), which may
  run only the commands meant for it (:class:`SystemActor`).

Anything else given as an actor is a :class:`TypeError`: a bare address proves nothing.

>>> from balorg.domain.addresses import EmailAddress
>>> claire = EmailAddress("claire@example.mssante.fr")
>>> HostAssertion(claire, sign_on="pro-sante-connect").principal().auth
'host:pro-sante-connect'
>>> SessionToken("s3cr3t-t0k3n")
SessionToken('********')
"""

from __future__ import annotations

import enum
import hashlib
import re
from typing import Final

from attrs import field, frozen
from attrs.validators import instance_of, matches_re

from balorg.domain.addresses import EmailAddress
from balorg.domain.secret import Secret

__all__ = [
    "Actor",
    "AuthMethod",
    "HostAssertion",
    "Principal",
    "SessionToken",
    "SystemActor",
    "token_digest",
]

#: A sign-on or job name: short, printable, no separator that would blur the trail.
_NAME: Final = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


class AuthMethod(enum.Enum):
    PASSWORD = "password"
    SESSION = "session"
    HOST = "host"
    SYSTEM = "system"
    #: A registrant creating their own account with the first guide's form: who they
    #: say they are waits for the service centre's validation.
    SIGN_UP = "sign_up"
    #: Who someone said they were, when the command was refused before any proof was
    #: checked (the trail records the claim, never as a proof).
    CLAIMED = "claimed"


@frozen
class Principal:
    """An authenticated actor, as the audit trail records it."""

    account: EmailAddress | None
    method: AuthMethod
    #: The session's id, the host's sign-on name or the system job's name.
    via: str = ""

    @property
    def actor(self) -> str:
        """The nominative account, or ``system:<job>``."""
        return str(self.account) if self.account is not None else f"system:{self.via}"

    @property
    def auth(self) -> str:
        """How the actor was authenticated, for the trail."""
        name: str = self.method.value
        if self.method in (AuthMethod.PASSWORD, AuthMethod.SIGN_UP, AuthMethod.CLAIMED):
            return name
        return f"{name}:{self.via}"


class SessionToken(Secret):
    """The secret of an open session, in transit; it hides itself from logs and reprs.

    Only its digest (:func:`token_digest`) is ever stored.
    """

    __slots__ = ()
    noun = "a SessionToken"

    def reveal(self) -> str:
        """The token itself, to hand back to the person once (at login)."""
        return self._value

    def digest(self) -> str:
        return token_digest(self._value)


def token_digest(token: str) -> str:
    """SHA-256 of a session token: tokens are 256-bit random values, so a plain digest
    (no salt, no stretching) is what stops a stolen table from being replayed."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@frozen
class HostAssertion:
    """The host authenticated ``account`` itself, with its own sign-on named ``sign_on``."""

    account: EmailAddress = field(validator=instance_of(EmailAddress))
    sign_on: str = field(kw_only=True, validator=[instance_of(str), matches_re(_NAME)])

    def principal(self) -> Principal:
        return Principal(self.account, AuthMethod.HOST, self.sign_on)


@frozen
class SystemActor:
    """One of the operator's own processes, named (``mail-transport``, ``scheduler``)."""

    job: str = field(validator=[instance_of(str), matches_re(_NAME)])

    def principal(self) -> Principal:
        return Principal(None, AuthMethod.SYSTEM, self.job)


#: What a use case accepts as its actor.
Actor = SessionToken | HostAssertion | SystemActor
