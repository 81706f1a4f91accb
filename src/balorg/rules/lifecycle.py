"""When an organisational mailbox goes live.

The responsible's identity and eligibility come from a form; the service
centre's validation of their account is what vouches for them. So a mailbox
goes live only when both hold: the registrant pressed "Terminer", and the
responsible's account has been validated. Until then nobody can open it and it
is not published. If the service centre rejects the responsible's account, the
pending mailbox is closed.
"""

from __future__ import annotations

import datetime as dt

from balorg.domain.account import AccountState, ConnectionAccount
from balorg.domain.delegation import DelegationState
from balorg.domain.errors import Problem
from balorg.domain.mailbox import LifecycleState, OrganisationalMailbox
from balorg.rules.decision import Decision

__all__ = ["closes_with_responsible", "delegation_follows_account", "goes_live"]


def goes_live(mailbox: OrganisationalMailbox, responsible: ConnectionAccount | None) -> Decision:
    """May the pending ``mailbox`` become active now? ``responsible`` is its
    responsible's account."""
    if mailbox.state is not LifecycleState.PENDING:
        return Decision.refuse(
            Problem("mailbox.not_pending", "state", {"state": mailbox.state.value})
        )
    reasons = []
    if mailbox.finished_at is None:
        reasons.append(Problem("mailbox.registration_unfinished", "finished_at"))
    if responsible is None or responsible.state is not AccountState.ACTIVE:
        reasons.append(
            Problem(
                "mailbox.responsible_not_validated",
                "responsible",
                {"account": str(mailbox.responsible.account)},
            )
        )
    return Decision.refuse(*reasons) if reasons else Decision.allow()


def closes_with_responsible(mailbox: OrganisationalMailbox, responsible: ConnectionAccount) -> bool:
    """A pending mailbox whose responsible's account was rejected never goes live."""
    return (
        mailbox.state is LifecycleState.PENDING
        and mailbox.responsible.account == responsible.address
        and responsible.state is AccountState.REJECTED
    )


def delegation_follows_account(
    mailbox: OrganisationalMailbox, account: ConnectionAccount, now: dt.datetime
) -> bool:
    """A delegation waiting for its account's validation follows the service
    centre's decision (activated or revoked), except on a closed mailbox, which
    changes no more."""
    if mailbox.state is LifecycleState.CLOSED:
        return False
    current = mailbox.delegation_of(account.address, now)
    return current is not None and current.state_at(now) is DelegationState.PENDING_VALIDATION
