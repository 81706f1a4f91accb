"""Checking a nominative account's password through the host, with throttling.

Failures are read back from the audit trail, so throttling survives restarts
and needs no storage of its own. The password itself is never stored, logged
or audited: it goes straight to the host's :class:`CredentialVerifier`.
"""

from __future__ import annotations

from balorg.domain.addresses import EmailAddress
from balorg.domain.errors import Problem
from balorg.ports.credentials import Password
from balorg.ports.repositories import UnitOfWork
from balorg.rules.registration import credential_attempts
from balorg.services._support import refuse, require
from balorg.services.context import Ports

__all__ = ["check_password"]


def check_password(
    ports: Ports,
    uow: UnitOfWork,
    *,
    account: EmailAddress,
    password: Password,
    actor: EmailAddress,
    action: str,
    mailbox: EmailAddress | None,
) -> None:
    """The host checks the password; repeated failures for one account are throttled.

    Failures are read back from the audit trail, so throttling survives restarts
    and needs no storage of its own.
    """
    now = ports.clock.now()
    settings = ports.settings
    since = now - settings.throttle_window
    failures = [
        e.at
        for e in uow.audit.entries(since=since)
        if not e.allowed
        and e.details.get("account") == str(account)
        # Only wrong passwords count: an attempt refused while throttled checked no
        # password, and counting it would move the retry time announced to the user.
        and "credentials.invalid" in e.reasons
    ]
    details = {"account": str(account)}
    require(
        ports,
        credential_attempts(
            failures, now=now, limit=settings.max_failed_attempts, window=settings.throttle_window
        ),
        actor=actor,
        action=action,
        mailbox=mailbox,
        details=details,
    )
    known = uow.accounts.get(account) is not None
    # The same answer for an unknown account and a wrong password: no account discovery.
    if not (known and ports.credentials.verify(account, password)):
        refuse(
            ports,
            actor=actor,
            action=action,
            mailbox=mailbox,
            problems=[Problem("credentials.invalid", "password")],
            details=details,
        )
