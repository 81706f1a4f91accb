"""The organisational mailbox (BAL organisationnelle): the aggregate.

Nobody logs into it: it has no credentials and no login. People open it from
their own nominative account through a delegation, so that every message sent
or received is attributable to a person. Every change names its actor and is
recorded as a domain event in :attr:`OrganisationalMailbox.events`.

Authority (who may ask for a change) is decided by :mod:`balorg.rules.access`
before a service calls the aggregate; the aggregate keeps the invariants that
hold whoever asks:

- exactly one responsible, eligible on the date of designation, holding every
  capability;
- no delegation grants more than its grantor holds;
- one live delegation per account; ended delegations stay on record;
- address and type never change.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable

from attrs import define, evolve, field, frozen, setters

from balorg.domain.addresses import EmailAddress
from balorg.domain.delegation import ALL_CAPABILITIES, Capability, Delegation, DelegationState
from balorg.domain.errors import DomainRefusal, Problem
from balorg.domain.events import (
    DelegationActivated,
    DelegationGranted,
    DelegationResumed,
    DelegationRevoked,
    DelegationSuspended,
    DescriptionChanged,
    MailboxActivated,
    MailboxClosed,
    MailboxEvent,
    MailboxRegistered,
    MailboxResumed,
    MailboxSuspended,
    RedListChanged,
    RegistrationFinished,
    ResponsibilityHandedOver,
)
from balorg.domain.professional import Professional
from balorg.domain.publication import BalType, DirectoryKind
from balorg.domain.structure import Structure
from balorg.domain.text import text_problem
from balorg.domain.timing import checked_change

__all__ = [
    "BalType",
    "DirectoryKind",
    "DirectoryLabel",
    "LifecycleState",
    "OrganisationalMailbox",
    "RedList",
    "Responsibility",
    "Role",
]


class LifecycleState(enum.Enum):
    PENDING = "pending"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    CLOSED = "closed"


class Role(enum.Enum):
    """What an account is to a mailbox."""

    RESPONSIBLE = "responsible"
    MEMBER = "member"
    NONE = "none"


@frozen(kw_only=True)
class DirectoryLabel:
    """The form's "Nom" and "Prénom" fields: the name shown in directories."""

    last_name: str
    first_name: str

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name}".strip()


@frozen(kw_only=True)
class RedList:
    """Red-list choices, one per directory. On the red list a mailbox is not
    published; sending and receiving are unaffected."""

    national_directory: bool = False
    operator_directory: bool = False

    def hides_from(self, directory: DirectoryKind) -> bool:
        if directory is DirectoryKind.NATIONAL:
            return self.national_directory
        return self.operator_directory


@frozen(kw_only=True)
class Responsibility:
    """The eligible professional responsible for the mailbox, and their account."""

    professional: Professional
    account: EmailAddress
    designated_at: dt.datetime
    designated_by: EmailAddress


def _refuse(code: str, path: str = "", **params: object) -> DomainRefusal:
    return DomainRefusal([Problem(code, path, params)])


def _check_responsible(professional: Professional, at: dt.datetime, path: str) -> None:
    errors = [p.at(path) for p in professional.eligibility_problems(at.date()) if p.is_error]
    if errors:
        raise DomainRefusal(errors)


def _check_text(value: str, path: str) -> str:
    if not value.strip():
        raise _refuse("field.required", path)
    problem = text_problem(value.strip(), path)
    if problem is not None:
        raise DomainRefusal([problem])
    return value.strip()


@define(kw_only=True, eq=False)
class OrganisationalMailbox:
    """A shared mailbox of a team, opened only through nominative accounts."""

    address: EmailAddress = field(on_setattr=setters.frozen)
    generic_email: EmailAddress
    label: DirectoryLabel
    structure: Structure
    responsible: Responsibility
    description: str
    red_list: RedList
    state: LifecycleState
    created_at: dt.datetime = field(on_setattr=setters.frozen)
    delegations: tuple[Delegation, ...] = ()
    #: When the registrant pressed "Terminer"; the mailbox goes live once, in
    #: addition, its responsible's account has been validated.
    finished_at: dt.datetime | None = None
    #: Optimistic-concurrency version, managed by repositories.
    version: int = 0
    events: list[MailboxEvent] = field(factory=list, repr=False)

    @property
    def type(self) -> BalType:
        return BalType.ORG

    # -- creation ---------------------------------------------------------------------------

    @classmethod
    @checked_change
    def register(
        cls,
        *,
        address: EmailAddress,
        generic_email: EmailAddress,
        label: DirectoryLabel,
        structure: Structure,
        responsible: Professional,
        description: str,
        red_list: RedList,
        by: EmailAddress,
        at: dt.datetime,
        responsible_account: EmailAddress | None = None,
    ) -> OrganisationalMailbox:
        """A new mailbox, pending until its registration is finished."""
        _check_responsible(responsible, at, "responsible")
        mailbox = cls(
            address=address,
            generic_email=generic_email,
            label=label,
            structure=structure,
            responsible=Responsibility(
                professional=responsible,
                account=responsible_account or responsible.email,
                designated_at=at,
                designated_by=by,
            ),
            description=_check_text(description, "description"),
            red_list=red_list,
            state=LifecycleState.PENDING,
            created_at=at,
        )
        mailbox.events.append(
            MailboxRegistered(
                actor=by,
                at=at,
                mailbox=address,
                responsible=str(responsible.idnat),
                structure=str(structure.identifier),
            )
        )
        return mailbox

    # -- queries ----------------------------------------------------------------------------

    def role_of(self, account: EmailAddress) -> Role:
        if account == self.responsible.account:
            return Role.RESPONSIBLE
        if any(d.account == account for d in self.delegations):
            return Role.MEMBER
        return Role.NONE

    def delegation_of(self, account: EmailAddress, now: dt.datetime) -> Delegation | None:
        """The account's live delegation at ``now``, else its latest one, else None."""
        latest: Delegation | None = None
        for delegation in self.delegations:
            if delegation.account != account:
                continue
            if delegation.is_live_at(now):
                return delegation
            latest = delegation
        return latest

    def capabilities_of(self, account: EmailAddress, now: dt.datetime) -> frozenset[Capability]:
        """What ``account`` may do here at ``now``: everything for the responsible,
        the capabilities of an active delegation for a member, nothing otherwise."""
        if account == self.responsible.account:
            return ALL_CAPABILITIES
        delegation = self.delegation_of(account, now)
        if delegation is not None and delegation.is_active_at(now):
            return delegation.capabilities
        return frozenset()

    def members(self, now: dt.datetime) -> tuple[tuple[EmailAddress, DelegationState], ...]:
        """Each account with a delegation and the state of its current one."""
        seen: dict[EmailAddress, DelegationState] = {}
        for delegation in self.delegations:
            current = self.delegation_of(delegation.account, now)
            if current is not None:
                seen[delegation.account] = current.state_at(now)
        return tuple(seen.items())

    def accounts_with_access(self, now: dt.datetime) -> frozenset[EmailAddress]:
        """Accounts that may open the mailbox at ``now`` as far as the mailbox is concerned."""
        members = {d.account for d in self.delegations if d.is_active_at(now)}
        return frozenset(members | {self.responsible.account})

    def pull_events(self) -> list[MailboxEvent]:
        """Hand over the recorded events and forget them."""
        events, self.events = self.events, []
        return events

    # -- lifecycle --------------------------------------------------------------------------

    def _require_open(self) -> None:
        if self.state is LifecycleState.CLOSED:
            raise _refuse("mailbox.closed", mailbox=str(self.address))

    @checked_change
    def finish(self, *, by: EmailAddress, at: dt.datetime) -> None:
        """ "Terminer": the registrant has attached the members."""
        if self.state is not LifecycleState.PENDING:
            raise _refuse("mailbox.not_pending", state=self.state.value)
        if self.finished_at is not None:
            raise _refuse("mailbox.already_finished")
        self.finished_at = at
        self.events.append(RegistrationFinished(actor=by, at=at, mailbox=self.address))

    @checked_change
    def activate(self, *, by: EmailAddress, at: dt.datetime) -> None:
        """The mailbox goes live (see :func:`balorg.rules.lifecycle.goes_live`)."""
        if self.state is not LifecycleState.PENDING:
            raise _refuse("mailbox.not_pending", state=self.state.value)
        if self.finished_at is None:
            raise _refuse("mailbox.registration_unfinished", "finished_at")
        self.state = LifecycleState.ACTIVE
        self.events.append(MailboxActivated(actor=by, at=at, mailbox=self.address))

    @checked_change
    def suspend(self, *, by: EmailAddress, at: dt.datetime, reason: str) -> None:
        if self.state is not LifecycleState.ACTIVE:
            raise _refuse("mailbox.not_active", state=self.state.value)
        reason = _check_text(reason, "reason")
        self.state = LifecycleState.SUSPENDED
        self.events.append(MailboxSuspended(actor=by, at=at, mailbox=self.address, reason=reason))

    @checked_change
    def resume(self, *, by: EmailAddress, at: dt.datetime) -> None:
        if self.state is not LifecycleState.SUSPENDED:
            raise _refuse("mailbox.not_suspended", state=self.state.value)
        self.state = LifecycleState.ACTIVE
        self.events.append(MailboxResumed(actor=by, at=at, mailbox=self.address))

    @checked_change
    def close(self, *, by: EmailAddress, at: dt.datetime, reason: str) -> None:
        self._require_open()
        reason = _check_text(reason, "reason")
        self.state = LifecycleState.CLOSED
        self.events.append(MailboxClosed(actor=by, at=at, mailbox=self.address, reason=reason))

    # -- members ----------------------------------------------------------------------------

    @checked_change
    def grant(
        self,
        *,
        account: EmailAddress,
        capabilities: Iterable[Capability],
        by: EmailAddress,
        at: dt.datetime,
        expires_at: dt.datetime | None = None,
        pending_validation: bool = False,
    ) -> Delegation:
        """Give ``account`` a delegation; never more than ``by`` holds."""
        self._require_open()
        wanted = frozenset(Capability(c) for c in capabilities)  # "read" as well as READ
        problems: list[Problem] = []
        if not wanted:
            problems.append(Problem("delegation.no_capability", "capabilities"))
        excess = wanted - self.capabilities_of(by, at)
        if excess:
            problems.append(
                Problem(
                    "delegation.exceeds_grantor",
                    "capabilities",
                    {"capabilities": sorted(c.value for c in excess)},
                )
            )
        if account == self.responsible.account:
            problems.append(Problem("delegation.responsible_holds_all", "account"))
        current = self.delegation_of(account, at)
        if current is not None and current.is_live_at(at):
            problems.append(
                Problem("delegation.already_granted", "account", {"account": str(account)})
            )
        if expires_at is not None and expires_at <= at:
            problems.append(Problem("delegation.expiry_in_past", "expires_at"))
        if problems:
            raise DomainRefusal(problems)
        return self._add_delegation(account, wanted, by, at, expires_at, pending_validation)

    def _add_delegation(
        self,
        account: EmailAddress,
        capabilities: frozenset[Capability],
        by: EmailAddress,
        at: dt.datetime,
        expires_at: dt.datetime | None = None,
        pending_validation: bool = False,
    ) -> Delegation:
        delegation = Delegation(
            number=len(self.delegations) + 1,
            account=account,
            capabilities=capabilities,
            state=DelegationState.PENDING_VALIDATION
            if pending_validation
            else DelegationState.ACTIVE,
            granted_by=by,
            granted_at=at,
            expires_at=expires_at,
        )
        self.delegations = (*self.delegations, delegation)
        self.events.append(
            DelegationGranted(
                actor=by,
                at=at,
                mailbox=self.address,
                account=account,
                number=delegation.number,
                capabilities=capabilities,
                expires_at=expires_at,
                pending_validation=pending_validation,
            )
        )
        return delegation

    def _live_delegation(self, account: EmailAddress, at: dt.datetime) -> Delegation:
        current = self.delegation_of(account, at)
        if current is None or not current.is_live_at(at):
            raise _refuse("delegation.not_found", "account", account=str(account))
        return current

    def _replace(self, delegation: Delegation) -> None:
        self.delegations = tuple(
            delegation if d.number == delegation.number else d for d in self.delegations
        )

    def _move(
        self,
        account: EmailAddress,
        by: EmailAddress,
        at: dt.datetime,
        *,
        expected: DelegationState,
        refusal: str,
        target: DelegationState,
        reason: str | None = None,
    ) -> Delegation:
        """Move the account's live delegation from ``expected`` to ``target``."""
        self._require_open()
        current = self._live_delegation(account, at)
        if current.state is not expected:
            raise _refuse(refusal, "account", state=current.state.value)
        updated = current.moved_to(target, by, at, reason)
        self._replace(updated)
        return updated

    @checked_change
    def activate_delegation(
        self, *, account: EmailAddress, by: EmailAddress, at: dt.datetime
    ) -> Delegation:
        """The service centre validated the account: its pending delegation goes live."""
        updated = self._move(
            account,
            by,
            at,
            expected=DelegationState.PENDING_VALIDATION,
            refusal="delegation.not_pending",
            target=DelegationState.ACTIVE,
        )
        self.events.append(
            DelegationActivated(
                actor=by, at=at, mailbox=self.address, account=account, number=updated.number
            )
        )
        return updated

    @checked_change
    def suspend_delegation(
        self, *, account: EmailAddress, by: EmailAddress, at: dt.datetime, reason: str | None = None
    ) -> Delegation:
        updated = self._move(
            account,
            by,
            at,
            expected=DelegationState.ACTIVE,
            refusal="delegation.not_active",
            target=DelegationState.SUSPENDED,
            reason=reason,
        )
        self.events.append(
            DelegationSuspended(
                actor=by,
                at=at,
                mailbox=self.address,
                account=account,
                number=updated.number,
                reason=reason,
            )
        )
        return updated

    @checked_change
    def resume_delegation(
        self, *, account: EmailAddress, by: EmailAddress, at: dt.datetime
    ) -> Delegation:
        updated = self._move(
            account,
            by,
            at,
            expected=DelegationState.SUSPENDED,
            refusal="delegation.not_suspended",
            target=DelegationState.ACTIVE,
        )
        self.events.append(
            DelegationResumed(
                actor=by, at=at, mailbox=self.address, account=account, number=updated.number
            )
        )
        return updated

    @checked_change
    def revoke_delegation(
        self, *, account: EmailAddress, by: EmailAddress, at: dt.datetime, reason: str
    ) -> Delegation:
        """End a live delegation for good; it stays on record with who, when and why."""
        self._require_open()
        current = self._live_delegation(account, at)
        reason = _check_text(reason, "reason")
        updated = current.moved_to(DelegationState.REVOKED, by, at, reason)
        self._replace(updated)
        self.events.append(
            DelegationRevoked(
                actor=by,
                at=at,
                mailbox=self.address,
                account=account,
                number=updated.number,
                reason=reason,
            )
        )
        return updated

    # -- responsibility and settings ---------------------------------------------------------

    @checked_change
    def hand_over(
        self,
        *,
        successor: Professional,
        by: EmailAddress,
        at: dt.datetime,
        successor_account: EmailAddress | None = None,
        previous_keeps: Iterable[Capability] = (),
    ) -> None:
        """Make another eligible professional responsible.

        The previous responsible keeps only what ``previous_keeps`` grants them.
        """
        self._require_open()
        account = successor_account or successor.email
        if account == self.responsible.account:
            raise _refuse("responsibility.same_person", "successor")
        _check_responsible(successor, at, "successor")
        previous = self.responsible
        self.responsible = Responsibility(
            professional=successor, account=account, designated_at=at, designated_by=by
        )
        self.events.append(
            ResponsibilityHandedOver(
                actor=by,
                at=at,
                mailbox=self.address,
                previous=str(previous.professional.idnat),
                successor=str(successor.idnat),
                successor_account=account,
            )
        )
        # The responsible holds every capability without a delegation: one the
        # successor held as a member ends, as ``grant`` would never have allowed it.
        mine = self.delegation_of(account, at)
        if mine is not None and mine.is_live_at(at):
            self.revoke_delegation(account=account, by=by, at=at, reason="became responsible")
        # A delegation the previous responsible held before being designated would
        # otherwise come back to life: they keep only what ``previous_keeps`` grants.
        current = self.delegation_of(previous.account, at)
        if current is not None and current.is_live_at(at):
            self.revoke_delegation(
                account=previous.account, by=by, at=at, reason="responsibility handed over"
            )
        keeps = frozenset(previous_keeps)
        if keeps:
            # Granted on the successor's authority, which holds every capability.
            self._add_delegation(previous.account, keeps, by, at)

    @checked_change
    def change_red_list(
        self,
        *,
        by: EmailAddress,
        at: dt.datetime,
        national_directory: bool | None = None,
        operator_directory: bool | None = None,
    ) -> bool:
        """Change the red-list choices; answers whether anything changed."""
        self._require_open()
        updated = evolve(
            self.red_list,
            national_directory=self.red_list.national_directory
            if national_directory is None
            else national_directory,
            operator_directory=self.red_list.operator_directory
            if operator_directory is None
            else operator_directory,
        )
        if updated == self.red_list:
            return False
        self.red_list = updated
        self.events.append(
            RedListChanged(
                actor=by,
                at=at,
                mailbox=self.address,
                national_directory=updated.national_directory,
                operator_directory=updated.operator_directory,
            )
        )
        return True

    @checked_change
    def change_description(self, *, by: EmailAddress, at: dt.datetime, description: str) -> bool:
        """Change the description of its use; answers whether anything changed."""
        self._require_open()
        description = _check_text(description, "description")
        if description == self.description:
            return False
        self.description = description
        self.events.append(
            DescriptionChanged(actor=by, at=at, mailbox=self.address, description=self.description)
        )
        return True
