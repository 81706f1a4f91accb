"""The service centre validates new nominative accounts (48 to 72 hours).

Only its agents (named in the operator's settings) decide, never on an account they
created or sponsored: their own, one they created for someone, one they granted a
delegation to, or one waiting on a mailbox they are responsible for.
"""

from __future__ import annotations

from collections.abc import Iterable

from balorg.domain.addresses import EmailAddress
from balorg.domain.errors import Problem
from balorg.rules.decision import Decision

__all__ = ["service_centre_agent"]


def service_centre_agent(
    actor: EmailAddress,
    agents: frozenset[EmailAddress],
    subject: EmailAddress | None = None,
    *,
    sponsors: Iterable[EmailAddress] = (),
) -> Decision:
    """May ``actor`` decide on ``subject`` (``None``: act as an agent at all)?
    ``sponsors`` are the accounts that created the subject or vouched for it."""
    if actor not in agents:
        return Decision.refuse(Problem("service_centre.not_agent", "by", {"actor": str(actor)}))
    if subject is not None and subject == actor:
        return Decision.refuse(
            Problem("service_centre.own_account", "account", {"account": str(subject)})
        )
    if subject is not None and actor in set(sponsors):
        return Decision.refuse(
            Problem("service_centre.sponsor", "account", {"account": str(subject)})
        )
    return Decision.allow()
