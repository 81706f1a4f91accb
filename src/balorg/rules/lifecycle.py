"""When an organisational mailbox goes live, and what follows a validation.

The responsible's identity and eligibility come from a form; the service
centre's validation of their account is what vouches for them. So a mailbox
goes live only when both hold: the registrant pressed "Terminer", and the
responsible's account has been validated (the aggregate keeps that rule:
:meth:`~balorg.domain.mailbox.OrganisationalMailbox.live_problems`). Until then
nobody can open it and it is not published. If the service centre rejects the
responsible's account, the pending mailbox is closed.
"""

from __future__ import annotations

import datetime as dt

from balorg.domain.account import AccountState, ConnectionAccount
from balorg.domain.delegation import Delegation, DelegationState
from balorg.domain.mailbox import LifecycleState, OrganisationalMailbox
from balorg.rules.decision import Decision

__all__ = ["closes_with_responsible", "delegation_follows_account", "goes_live"]


def goes_live(mailbox: OrganisationalMailbox, responsible: ConnectionAccount | None) -> Decision:
    """May the pending ``mailbox`` become active now? ``responsible`` is its
    responsible's account."""
    validated = responsible is not None and responsible.state is AccountState.ACTIVE
    return Decision.from_problems(mailbox.live_problems(responsible_validated=validated))


def closes_with_responsible(mailbox: OrganisationalMailbox, responsible: ConnectionAccount) -> bool:
    """A pending mailbox whose responsible's account was rejected never goes live."""
    return (
        mailbox.state is LifecycleState.PENDING
        and mailbox.is_responsible(responsible.address)
        and responsible.state.is_closed
    )


def delegation_follows_account(
    mailbox: OrganisationalMailbox, delegation: Delegation, now: dt.datetime
) -> bool:
    """A delegation waiting for its account's validation follows the service
    centre's decision (activated or revoked), except on a closed mailbox, which
    changes no more."""
    if mailbox.state is LifecycleState.CLOSED:
        return False
    return delegation.state_at(now) is DelegationState.PENDING_VALIDATION
