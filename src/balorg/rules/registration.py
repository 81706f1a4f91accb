"""Rules of the registration steps: addresses, validation deadlines, throttling.

>>> import datetime as dt
>>> t = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
>>> validation_deadline(t).isoformat()
'2026-01-04T00:00:00+00:00'
>>> bool(credential_attempts([t] * 5, now=t + dt.timedelta(minutes=1)))
False
>>> bool(credential_attempts([t] * 5, now=t + dt.timedelta(minutes=15)))
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Final

from balorg.domain.addresses import EmailAddress
from balorg.domain.errors import Problem
from balorg.rules.decision import Decision

__all__ = [
    "MAX_FAILED_ATTEMPTS",
    "THROTTLE_WINDOW",
    "VALIDATION_DELAY",
    "address_free",
    "credential_attempts",
    "operator_address",
    "registered_by_responsible",
    "responsible_account",
    "validation_deadline",
]

#: The service centre validates new accounts within 48 to 72 hours.
VALIDATION_DELAY: Final = dt.timedelta(hours=72)
#: Wrong passwords tolerated for one account within the window before refusing.
MAX_FAILED_ATTEMPTS: Final = 5
THROTTLE_WINDOW: Final = dt.timedelta(minutes=15)


def validation_deadline(
    created_at: dt.datetime, delay: dt.timedelta = VALIDATION_DELAY
) -> dt.datetime:
    """When the service centre should have decided on an account created at ``created_at``."""
    return created_at + delay


def credential_attempts(
    failures: Iterable[dt.datetime],
    *,
    now: dt.datetime,
    limit: int = MAX_FAILED_ATTEMPTS,
    window: dt.timedelta = THROTTLE_WINDOW,
) -> Decision:
    """May another password be tried, given the recent failures for that account?"""
    # A failure timed after ``now`` (recorded by a check that began later and finished
    # first) counts too: parallel attempts must never see fewer failures than there are.
    recent = [t for t in failures if t > now - window]
    if len(recent) >= limit:
        retry_at = min(recent) + window
        return Decision.refuse(
            Problem(
                "credentials.throttled",
                "password",
                {
                    "limit": limit,
                    "minutes": int(window.total_seconds() // 60),
                    "retry_at": retry_at.isoformat(),
                },
            )
        )
    return Decision.allow()


def operator_address(
    address: EmailAddress, domains: Iterable[str], *, path: str = "address"
) -> Decision:
    """An address the operator may hand out: in one of its domains (configuration)."""
    allowed = tuple(d.lower() for d in domains)
    if address.domain in allowed:
        return Decision.allow()
    return Decision.refuse(
        Problem(
            "address.not_operator_domain",
            path,
            {"address": str(address), "domains": ", ".join(allowed)},
        )
    )


def address_free(address: EmailAddress, *, taken: bool, path: str = "address") -> Decision:
    """A new mailbox or account needs an address nobody has: ``taken`` says whether a
    mailbox or an account already has ``address``."""
    if not taken:
        return Decision.allow()
    return Decision.refuse(Problem("address.taken", path, {"address": str(address)}))


def registered_by_responsible(actor: EmailAddress, responsible: EmailAddress) -> Decision:
    """The responsible registers their mailbox themselves, from their own account."""
    if actor == responsible:
        return Decision.allow()
    return Decision.refuse(
        Problem("registration.not_responsible", "actor", {"responsible": str(responsible)})
    )


def responsible_account(
    account: EmailAddress, *, mailbox: EmailAddress, is_mailbox: bool
) -> Decision:
    """The responsible registers from a nominative account, never from a mailbox's
    address (the new one's, or another organisational mailbox's: ``is_mailbox``)."""
    if account != mailbox and not is_mailbox:
        return Decision.allow()
    return Decision.refuse(Problem("address.taken", "responsible.email", {"address": str(account)}))
