"""Granting: what a new delegation may carry, and until when.

The rules that span delegations, checked through the grantor's and the grantee's own
delegations only (never every member's):

- nobody grants more than they hold, nor to the responsible (who holds everything);
- one live delegation per account and mailbox: a second grant waits for the first
  to end (storage enforces it too, with a unique index);
- a grant never outlives its grantor's own delegation: a later or missing expiry is
  capped to the grantor's, and the answer says so with a warning;
- a grant to an account still waiting for the service centre waits too.

>>> DEFAULT_MEMBER_CAPABILITIES == frozenset({Capability.READ, Capability.SEND})
True
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from attrs import frozen

from balorg.domain.account import AccountState, ConnectionAccount
from balorg.domain.addresses import EmailAddress
from balorg.domain.capabilities import Capability
from balorg.domain.delegation import Delegation
from balorg.domain.errors import Problem, Severity
from balorg.domain.mailbox import OrganisationalMailbox
from balorg.rules.access import capabilities_of, grantee
from balorg.rules.decision import Decision

__all__ = [
    "DEFAULT_MEMBER_CAPABILITIES",
    "GrantPlan",
    "next_number",
    "plan_grant",
    "to_review",
]

#: What a member gets when no capabilities are named: read and send.
DEFAULT_MEMBER_CAPABILITIES: Final = frozenset({Capability.READ, Capability.SEND})


@frozen(kw_only=True)
class GrantPlan:
    """The decision and, when allowed, the delegation to create."""

    decision: Decision
    number: int
    capabilities: frozenset[Capability]
    expires_at: dt.datetime | None
    pending_validation: bool


def next_number(current: Delegation | None) -> int:
    """The number of an account's next delegation on a mailbox: its grants are numbered
    in order, the earlier ones kept on record."""
    return (current.number + 1) if current is not None else 1


def plan_grant(
    *,
    mailbox: OrganisationalMailbox,
    grantor: EmailAddress,
    grantor_delegation: Delegation | None,
    account: ConnectionAccount,
    current: Delegation | None,
    capabilities: frozenset[Capability],
    expires_at: dt.datetime | None,
    now: dt.datetime,
) -> GrantPlan:
    """Plan a grant of ``capabilities`` to ``account`` by ``grantor`` at ``now``.

    ``current`` is the account's current delegation on the mailbox (live, else its
    latest), ``grantor_delegation`` the grantor's.
    """
    problems = list(grantee(account).reasons)
    if not capabilities:
        problems.append(Problem("delegation.no_capability", "capabilities"))
    held = capabilities_of(mailbox, grantor, grantor_delegation, now)
    excess = capabilities - held
    if excess:
        problems.append(
            Problem(
                "delegation.exceeds_grantor",
                "capabilities",
                {"capabilities": sorted(c.value for c in excess)},
            )
        )
    if mailbox.is_responsible(account.address):
        problems.append(Problem("delegation.responsible_holds_all", "account"))
    if current is not None and current.is_live_at(now):
        problems.append(
            Problem("delegation.already_granted", "account", {"account": str(account.address)})
        )
    if expires_at is not None and expires_at <= now:
        problems.append(Problem("delegation.expiry_in_past", "expires_at"))
    # The responsible's authority does not expire; a member's ends with their delegation.
    limit = (
        None
        if mailbox.is_responsible(grantor) or grantor_delegation is None
        else grantor_delegation.expires_at
    )
    if limit is not None and (expires_at is None or expires_at > limit):
        problems.append(
            Problem(
                "delegation.expiry_capped",
                "expires_at",
                {"expires_at": limit.isoformat(), "grantor": str(grantor)},
                Severity.WARNING,
            )
        )
        expires_at = limit
    return GrantPlan(
        decision=Decision.from_problems(problems),
        number=next_number(current),
        capabilities=capabilities,
        expires_at=expires_at,
        pending_validation=account.state is AccountState.PENDING_VALIDATION,
    )


def to_review(ended: Delegation, now: dt.datetime) -> bool:
    """Do the grants made by the holder of ``ended`` need a review? When the holder
    could manage members and can no longer (their delegation ended or was suspended)."""
    return Capability.MANAGE_MEMBERS in ended.capabilities and not ended.is_active_at(now)
