"""Delegations: the grants that let a nominative account act for a mailbox.

A delegation is history: once revoked or expired it stays on record. Its state
at a given time is computed from what was recorded and the time given (the
clock is a port; the domain never reads it).

>>> import datetime as dt
>>> from balorg.domain.addresses import EmailAddress
>>> t0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
>>> d = Delegation(
...     number=1,
...     account=EmailAddress("alice@example.mssante.fr"),
...     capabilities=frozenset({Capability.READ}),
...     state=DelegationState.ACTIVE,
...     granted_by=EmailAddress("claire.martin@example.mssante.fr"),
...     granted_at=t0,
...     expires_at=t0 + dt.timedelta(days=30),
... )
>>> d.state_at(t0).value, d.state_at(t0 + dt.timedelta(days=30)).value
('active', 'expired')
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable

from attrs import evolve, field, frozen

from balorg.domain.addresses import EmailAddress

__all__ = ["ALL_CAPABILITIES", "Capability", "Delegation", "DelegationState"]


class Capability(enum.Enum):
    """What a delegation lets its holder do.

    The IMAP ACL (RFC 4314) letters each capability maps to are given for
    interoperability with mail servers.
    """

    READ = "read"  # the shared inbox and sent messages: l r s
    SEND = "send"  # send in the name of the mailbox: p (post) + submission as the mailbox
    MANAGE_MEMBERS = "manage_members"  # grant, suspend and revoke delegations: a
    ADMINISTER = "administer"  # red list, description and other settings

    @property
    def imap_rights(self) -> str:
        return _IMAP_RIGHTS[self]


_IMAP_RIGHTS = {
    Capability.READ: "lrs",
    Capability.SEND: "p",
    Capability.MANAGE_MEMBERS: "a",
    Capability.ADMINISTER: "x",
}

ALL_CAPABILITIES = frozenset(Capability)


class DelegationState(enum.Enum):
    """Where a delegation is in its life; only ``ACTIVE`` gives access."""

    PENDING_VALIDATION = "pending_validation"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    EXPIRED = "expired"

    @property
    def is_final(self) -> bool:
        return self in (DelegationState.REVOKED, DelegationState.EXPIRED)


def _capabilities(values: Iterable[Capability]) -> frozenset[Capability]:
    return frozenset(values)


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        raise ValueError("datetimes in the domain are timezone-aware")
    return value


@frozen(kw_only=True)
class Delegation:
    """One grant to one nominative account, numbered within its mailbox."""

    number: int
    account: EmailAddress
    capabilities: frozenset[Capability] = field(converter=_capabilities)
    state: DelegationState
    granted_by: EmailAddress
    granted_at: dt.datetime = field(converter=_utc)
    expires_at: dt.datetime | None = field(default=None, converter=_utc)
    changed_by: EmailAddress | None = None
    changed_at: dt.datetime | None = field(default=None, converter=_utc)
    reason: str | None = None

    def state_at(self, now: dt.datetime) -> DelegationState:
        """The state at ``now``: a live grant past its expiry has expired."""
        if not self.state.is_final and self.expires_at is not None and now >= self.expires_at:
            return DelegationState.EXPIRED
        return self.state

    def is_active_at(self, now: dt.datetime) -> bool:
        return self.state_at(now) is DelegationState.ACTIVE

    def is_live_at(self, now: dt.datetime) -> bool:
        """Still on its way (pending, active or suspended), not ended."""
        return not self.state_at(now).is_final

    def moved_to(
        self, state: DelegationState, by: EmailAddress, at: dt.datetime, reason: str | None = None
    ) -> Delegation:
        return evolve(self, state=state, changed_by=by, changed_at=at, reason=reason)
