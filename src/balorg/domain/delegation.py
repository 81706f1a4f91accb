"""Delegations: the grants that let a nominative account act for a mailbox.

A delegation is its own aggregate, keyed by (mailbox, account, number): checking one
member never loads the others. It is history: once revoked or expired it stays on
record, and a new grant to the same account gets the next number. At most one
delegation per (mailbox, account) is *live* (pending, active or suspended); storage
enforces it with a unique index, and the grant rule (:mod:`balorg.rules.delegations`)
checks it first.

Its state at a given time is computed from what was recorded and the time given (the
clock is a port; the domain never reads it).

>>> import datetime as dt
>>> from balorg.domain.addresses import EmailAddress
>>> t0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
>>> d = Delegation.grant(
...     mailbox=EmailAddress("pharmacie@example.mssante.fr"),
...     account=EmailAddress("alice@example.mssante.fr"),
...     number=1,
...     capabilities=frozenset({Capability.READ}),
...     by=EmailAddress("claire.martin@example.mssante.fr"),
...     at=t0,
...     expires_at=t0 + dt.timedelta(days=30),
... )
>>> d.state_at(t0).value, d.state_at(t0 + dt.timedelta(days=30)).value
('active', 'expired')
>>> [e.name for e in d.pull_events()]
['DelegationGranted']
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable

from attrs import define, field, setters

from balorg.domain.addresses import EmailAddress
from balorg.domain.capabilities import ALL_CAPABILITIES, Capability
from balorg.domain.errors import DomainRefusal, Problem
from balorg.domain.events import (
    DelegationActivated,
    DelegationEvent,
    DelegationExpired,
    DelegationGranted,
    DelegationMarkedForReview,
    DelegationReminded,
    DelegationResumed,
    DelegationReviewed,
    DelegationRevoked,
    DelegationSuspended,
)
from balorg.domain.timing import checked_change

__all__ = [
    "ALL_CAPABILITIES",
    "Capability",
    "Delegation",
    "DelegationState",
    "Review",
]


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


class Review(enum.Enum):
    """A grant whose grantor no longer manages the mailbox waits for a decision."""

    NONE = "none"
    TO_REVIEW = "to_review"
    KEPT = "kept"


def _capabilities(values: Iterable[Capability]) -> frozenset[Capability]:
    return frozenset(values)


def _refuse(code: str, path: str = "", **params: object) -> DomainRefusal:
    return DomainRefusal([Problem(code, path, params)])


@define(kw_only=True, eq=False)
class Delegation:
    """One grant to one nominative account on one mailbox, numbered per account."""

    mailbox: EmailAddress = field(on_setattr=setters.frozen)
    account: EmailAddress = field(on_setattr=setters.frozen)
    number: int = field(on_setattr=setters.frozen)
    capabilities: frozenset[Capability] = field(converter=_capabilities)
    state: DelegationState
    granted_by: EmailAddress = field(on_setattr=setters.frozen)
    granted_at: dt.datetime = field(on_setattr=setters.frozen)
    expires_at: dt.datetime | None = None
    changed_by: EmailAddress | None = None
    changed_at: dt.datetime | None = None
    reason: str | None = None
    review: Review = Review.NONE
    #: When the expiry reminder went out (once per delegation).
    reminded_at: dt.datetime | None = None
    #: Optimistic-concurrency version, managed by repositories.
    version: int = 0
    events: list[DelegationEvent] = field(factory=list, repr=False)

    @classmethod
    @checked_change
    def grant(
        cls,
        *,
        mailbox: EmailAddress,
        account: EmailAddress,
        number: int,
        capabilities: frozenset[Capability],
        by: EmailAddress,
        at: dt.datetime,
        expires_at: dt.datetime | None = None,
        pending_validation: bool = False,
    ) -> Delegation:
        """A new grant (its rules are checked by :func:`balorg.rules.delegations.grant`)."""
        if not capabilities:
            raise _refuse("delegation.no_capability", "capabilities")
        if expires_at is not None and expires_at <= at:
            raise _refuse("delegation.expiry_in_past", "expires_at")
        state = DelegationState.PENDING_VALIDATION if pending_validation else DelegationState.ACTIVE
        delegation = cls(
            mailbox=mailbox,
            account=account,
            number=number,
            capabilities=capabilities,
            state=state,
            granted_by=by,
            granted_at=at,
            expires_at=expires_at,
        )
        delegation.events.append(
            DelegationGranted(
                actor=by,
                at=at,
                mailbox=mailbox,
                account=account,
                number=number,
                capabilities=capabilities,
                expires_at=expires_at,
                pending_validation=pending_validation,
            )
        )
        return delegation

    # -- queries ----------------------------------------------------------------------------

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

    @property
    def is_live(self) -> bool:
        """Not ended as recorded (an expiry not yet recorded still counts as live here:
        storage keys its one-live-delegation index on this)."""
        return not self.state.is_final

    def capabilities_at(self, now: dt.datetime) -> frozenset[Capability]:
        """What the delegation gives at ``now``: its capabilities while active, else nothing."""
        return self.capabilities if self.is_active_at(now) else frozenset()

    def pull_events(self) -> list[DelegationEvent]:
        """Hand over the recorded events and forget them."""
        events, self.events = self.events, []
        return events

    # -- changes ----------------------------------------------------------------------------

    def _move(
        self,
        expected: DelegationState,
        target: DelegationState,
        refusal: str,
        by: EmailAddress,
        at: dt.datetime,
        reason: str | None = None,
    ) -> None:
        current = self.state_at(at)
        if current is not expected:
            raise _refuse(refusal, "account", state=current.value)
        self.state, self.changed_by, self.changed_at, self.reason = target, by, at, reason

    @checked_change
    def activate(self, *, by: EmailAddress, at: dt.datetime) -> None:
        """The service centre validated the account: the pending delegation goes live."""
        self._move(
            DelegationState.PENDING_VALIDATION,
            DelegationState.ACTIVE,
            "delegation.not_pending",
            by,
            at,
        )
        self.events.append(self._event(DelegationActivated, by, at))

    @checked_change
    def suspend(self, *, by: EmailAddress, at: dt.datetime, reason: str | None = None) -> None:
        self._move(
            DelegationState.ACTIVE,
            DelegationState.SUSPENDED,
            "delegation.not_active",
            by,
            at,
            reason,
        )
        self.events.append(self._event(DelegationSuspended, by, at, reason=reason))

    @checked_change
    def resume(self, *, by: EmailAddress, at: dt.datetime) -> None:
        self._move(
            DelegationState.SUSPENDED, DelegationState.ACTIVE, "delegation.not_suspended", by, at
        )
        self.events.append(self._event(DelegationResumed, by, at))

    @checked_change
    def revoke(self, *, by: EmailAddress, at: dt.datetime, reason: str) -> None:
        """End a live delegation for good; it stays on record with who, when and why."""
        if not self.is_live_at(at):
            raise _refuse("delegation.not_found", "account", account=str(self.account))
        self.state, self.changed_by, self.changed_at, self.reason = (
            DelegationState.REVOKED,
            by,
            at,
            reason,
        )
        self.review = Review.NONE
        self.events.append(self._event(DelegationRevoked, by, at, reason=reason))

    @checked_change
    def record_expiry(self, *, by: EmailAddress, at: dt.datetime) -> bool:
        """Write down an expiry that time already brought (so that a new grant may
        follow); answers whether anything changed."""
        if self.state.is_final or self.state_at(at) is not DelegationState.EXPIRED:
            return False
        self.state, self.changed_by, self.changed_at = DelegationState.EXPIRED, by, at
        self.review = Review.NONE
        self.events.append(self._event(DelegationExpired, by, at))
        return True

    @checked_change
    def mark_for_review(self, *, by: EmailAddress, at: dt.datetime, grantor: EmailAddress) -> bool:
        """The grantor stopped managing the mailbox: someone who still does must decide."""
        if not self.is_live_at(at) or self.review is Review.TO_REVIEW:
            return False
        self.review = Review.TO_REVIEW
        self.events.append(self._event(DelegationMarkedForReview, by, at, grantor=grantor))
        return True

    @checked_change
    def keep_after_review(self, *, by: EmailAddress, at: dt.datetime) -> None:
        """A manager reviewed the grant and keeps it (revoking is :meth:`revoke`)."""
        if self.review is not Review.TO_REVIEW or not self.is_live_at(at):
            raise _refuse("delegation.not_to_review", "account", account=str(self.account))
        self.review = Review.KEPT
        self.events.append(self._event(DelegationReviewed, by, at, kept=True))

    @checked_change
    def revoke_after_review(self, *, by: EmailAddress, at: dt.datetime, reason: str) -> None:
        """A manager reviewed the grant and ends it (see :meth:`revoke`)."""
        if self.review is not Review.TO_REVIEW:
            raise _refuse("delegation.not_to_review", "account", account=str(self.account))
        self.revoke(by=by, at=at, reason=reason)

    @checked_change
    def record_reminder(self, *, by: EmailAddress, at: dt.datetime) -> None:
        """The expiry reminder went out (through the outbox)."""
        self.reminded_at = at
        self.events.append(self._event(DelegationReminded, by, at, expires_at=self.expires_at))

    def _event(
        self, kind: type[DelegationEvent], by: EmailAddress, at: dt.datetime, **fields: object
    ) -> DelegationEvent:
        return kind(
            actor=by,
            at=at,
            mailbox=self.mailbox,
            account=self.account,
            number=self.number,
            **fields,
        )
