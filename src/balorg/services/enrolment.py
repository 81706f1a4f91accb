"""Passwords kept by the host's own credential service (``Ports.identity``).

The account is committed first, "credential pending" (it cannot log in); the password
is then handed to the host's service; once that succeeds the account is confirmed. If
the process dies in between, or the service fails, the account stays visibly pending
(:func:`balorg.services.service_centre.credential_pending_accounts`): the host retries
with the person's password (:func:`retry_enrolment`) or gives the account up
(:func:`cancel_enrolment`). The password is never stored by balorg on the way.
"""

from __future__ import annotations

from typing import ClassVar

from attrs import field, frozen

from balorg.domain.account import ConnectionAccount
from balorg.domain.actors import AuthMethod, HostAssertion, SessionToken, SystemActor
from balorg.domain.addresses import EmailAddress
from balorg.domain.errors import DomainRefusal
from balorg.ports.credentials import Password
from balorg.services import checks
from balorg.services.bus import Command, Context, handler, run
from balorg.services.context import Ports

__all__ = [
    "CancelEnrolment",
    "ConfirmEnrolment",
    "cancel_enrolment",
    "enrol",
    "retry_enrolment",
]

_JOB = SystemActor("credential-enrolment")


@frozen(kw_only=True)
class ConfirmEnrolment(Command[ConnectionAccount]):
    """The host's credential service took the account's password."""

    action: ClassVar[str] = "confirm_enrolment"
    actors: ClassVar[frozenset[AuthMethod]] = frozenset({AuthMethod.SYSTEM})
    account: EmailAddress = field(validator=checks.address_field)


@handler(ConfirmEnrolment)
def _confirm(command: ConfirmEnrolment, ctx: Context) -> ConnectionAccount:
    account = ctx.account(command.account)
    account.confirm_credential(by=ctx.actor, at=ctx.now)
    return account


@frozen(kw_only=True)
class CancelEnrolment(Command[ConnectionAccount]):
    """Give up an account whose password the credential service never took; its
    delegations waiting for it end."""

    action: ClassVar[str] = "cancel_enrolment"
    actors: ClassVar[frozenset[AuthMethod]] = frozenset(
        {AuthMethod.SYSTEM, AuthMethod.HOST, AuthMethod.SESSION}
    )
    account: EmailAddress = field(validator=checks.address_field)


@handler(CancelEnrolment)
def _cancel(command: CancelEnrolment, ctx: Context) -> ConnectionAccount:
    from balorg.services.service_centre import follow_decision, require_agent  # noqa: PLC0415

    live = None
    if ctx.principal.method is not AuthMethod.SYSTEM:
        live = require_agent(ctx, command.account)
    account = ctx.account(command.account)
    account.cancel_enrolment(by=ctx.actor, at=ctx.now)
    follow_decision(ctx, account, reason="enrolment cancelled", live=live)
    return account


def enrol(ports: Ports, address: EmailAddress, password: Password) -> bool:
    """Hand ``password`` to the host's credential service, then confirm the account;
    answers whether it worked (if not, the account stays credential pending)."""
    identity = ports.identity
    if identity is None:
        raise TypeError("enrolment needs the host's credential service (Ports.identity)")
    try:
        identity.enrol(address, password)
    except Exception:
        # Refused, or down. If the service already holds this very password (it took it
        # before the process died, unconfirmed), the enrolment did happen: confirm it.
        try:
            held = identity.verify(address, password)
        except Exception:
            return False
        if not held:
            return False
    try:
        run(ports, _JOB, ConfirmEnrolment(account=address))
    except DomainRefusal:
        return False
    return True


def retry_enrolment(ports: Ports, address: EmailAddress, password: Password) -> bool:
    """Try again to enrol a credential-pending account with the person's password."""
    checks.address(address, "address")
    if not isinstance(password, Password):
        # A plain str would reach the credential service unwrapped, and could be logged.
        raise TypeError(f"password is a Password, not {type(password).__name__}")
    return enrol(ports, address, password)


def cancel_enrolment(
    ports: Ports, actor: SessionToken | HostAssertion | SystemActor, address: EmailAddress
) -> ConnectionAccount:
    """Give up an account whose password the host's credential service never took
    (:class:`CancelEnrolment`)."""
    return run(ports, actor, CancelEnrolment(account=address))
