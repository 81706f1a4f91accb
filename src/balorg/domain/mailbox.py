"""The organisational mailbox (BAL organisationnelle): the aggregate.

Nobody logs into it: it has no credentials and no login. People open it from
their own nominative account through a delegation (:mod:`balorg.domain.delegation`,
an aggregate of its own, so that checking one member never loads the others), and
every message sent or received is attributable to a person. Every change names its
actor and is recorded as a domain event in :attr:`OrganisationalMailbox.events`.

Authority (who may ask for a change) is decided by :mod:`balorg.rules.access`
before a handler calls the aggregate; the aggregate keeps the invariants that
hold whoever asks:

- exactly one responsible, eligible on the date of designation, holding every
  capability without a delegation;
- it goes live only once its registration is finished and its responsible's
  account validated (:meth:`OrganisationalMailbox.live_problems`);
- address and type never change; nothing changes once it is closed.
"""

from __future__ import annotations

import datetime as dt
import enum

from attrs import define, evolve, field, frozen, setters

from balorg.domain.addresses import EmailAddress
from balorg.domain.errors import DomainRefusal, Problem
from balorg.domain.events import (
    DescriptionChanged,
    MailboxActivated,
    MailboxClosed,
    MailboxEvent,
    MailboxRegistered,
    MailboxResumed,
    MailboxSuspended,
    RankChanged,
    RedListChanged,
    RegistrationFinished,
    ResponsibilityHandedOver,
    ResponsibleContactChanged,
    ServiceChanged,
)
from balorg.domain.professional import Professional
from balorg.domain.publication import BalType, DirectoryKind
from balorg.domain.structure import Structure
from balorg.domain.text import clean_text
from balorg.domain.timing import checked_change

__all__ = [
    "MAX_RANK",
    "BalType",
    "DirectoryKind",
    "DirectoryLabel",
    "LifecycleState",
    "OrganisationalMailbox",
    "RedList",
    "Responsibility",
    "Role",
    "rank_problem",
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


def _check_text(value: str, path: str, *, multiline: bool = False) -> str:
    """The text rule of :mod:`balorg.domain.text`: the text kept is the cleaned one
    (stripped, NFC); a description may hold line breaks, like the form's text area."""
    if not isinstance(value, str) or not value.strip():
        raise _refuse("field.required", path)
    return clean_text(value, path, multiline=multiline)


def _optional_text(value: str | None, path: str) -> str | None:
    """Optional free text: blank means none."""
    if value is None or not value.strip():
        return None
    return _check_text(value, path)


#: The highest rank a directory entry may carry (FHIR ``positiveInt`` is bounded far
#: higher; a structure never has this many mailboxes).
MAX_RANK = 999


def rank_problem(rank: object) -> Problem | None:
    """Why ``rank`` may not be a directory entry's rank (``None``: it may; no rank is fine)."""
    if rank is None:
        return None
    if isinstance(rank, bool) or not isinstance(rank, int) or not 1 <= rank <= MAX_RANK:
        return Problem("mailbox.invalid_rank", "", {"max": MAX_RANK})
    return None


def _check_rank(rank: int | None) -> int | None:
    problem = rank_problem(rank)
    if problem is not None:
        raise DomainRefusal([problem.at("rank")])
    return rank


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
    #: The service it belongs to (service de rattachement), shown in the directory.
    service: str | None = None
    #: Free text giving the operational contact, shown to the directory (never a
    #: national identifier; never in public payloads).
    responsible_contact: str | None = None
    #: 1 marks the structure's preferred mailbox in the directory.
    rank: int | None = None
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
        service: str | None = None,
        responsible_contact: str | None = None,
        rank: int | None = None,
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
            description=_check_text(description, "description", multiline=True),
            red_list=red_list,
            state=LifecycleState.PENDING,
            created_at=at,
            service=_optional_text(service, "service"),
            responsible_contact=_optional_text(responsible_contact, "responsible_contact"),
            rank=_check_rank(rank),
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

    def role_of(self, account: EmailAddress, *, member: bool = False) -> Role:
        """The responsible; else a member when ``member`` (the caller knows the account
        holds a delegation here); else none."""
        if account == self.responsible.account:
            return Role.RESPONSIBLE
        return Role.MEMBER if member else Role.NONE

    def is_responsible(self, account: EmailAddress) -> bool:
        return account == self.responsible.account

    def live_problems(self, *, responsible_validated: bool) -> tuple[Problem, ...]:
        """Why the pending mailbox may not go live now (nothing: it may)."""
        if self.state is not LifecycleState.PENDING:
            return (Problem("mailbox.not_pending", "state", {"state": self.state.value}),)
        problems = []
        if self.finished_at is None:
            problems.append(Problem("mailbox.registration_unfinished", "finished_at"))
        if not responsible_validated:
            problems.append(
                Problem(
                    "mailbox.responsible_not_validated",
                    "responsible",
                    {"account": str(self.responsible.account)},
                )
            )
        return tuple(problems)

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
    def activate(self, *, by: EmailAddress, at: dt.datetime, responsible_validated: bool) -> None:
        """The mailbox goes live: its registration is finished and its responsible's
        account validated."""
        problems = self.live_problems(responsible_validated=responsible_validated)
        if problems:
            raise DomainRefusal(problems)
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

    # -- responsibility and settings ---------------------------------------------------------

    @checked_change
    def hand_over(
        self,
        *,
        successor: Professional,
        successor_account: EmailAddress,
        by: EmailAddress,
        at: dt.datetime,
    ) -> Responsibility:
        """Make another eligible professional responsible; answers the previous
        responsibility (its account's delegations are the handler's to settle)."""
        self._require_open()
        if successor_account == self.responsible.account:
            raise _refuse("responsibility.same_person", "successor")
        _check_responsible(successor, at, "successor")
        previous = self.responsible
        self.responsible = Responsibility(
            professional=successor, account=successor_account, designated_at=at, designated_by=by
        )
        self.events.append(
            ResponsibilityHandedOver(
                actor=by,
                at=at,
                mailbox=self.address,
                previous=str(previous.professional.idnat),
                previous_account=previous.account,
                successor=str(successor.idnat),
                successor_account=successor_account,
            )
        )
        return previous

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
        description = _check_text(description, "description", multiline=True)
        if description == self.description:
            return False
        self.description = description
        self.events.append(
            DescriptionChanged(actor=by, at=at, mailbox=self.address, description=self.description)
        )
        return True

    @checked_change
    def change_service(self, *, by: EmailAddress, at: dt.datetime, service: str | None) -> bool:
        """Change the service it belongs to (``None``: none); answers whether it changed."""
        self._require_open()
        service = _optional_text(service, "service")
        if service == self.service:
            return False
        self.service = service
        self.events.append(ServiceChanged(actor=by, at=at, mailbox=self.address, service=service))
        return True

    @checked_change
    def change_responsible_contact(
        self, *, by: EmailAddress, at: dt.datetime, contact: str | None
    ) -> bool:
        """Change the operational contact shown to the directory; answers whether it changed."""
        self._require_open()
        contact = _optional_text(contact, "responsible_contact")
        if contact == self.responsible_contact:
            return False
        self.responsible_contact = contact
        self.events.append(
            ResponsibleContactChanged(actor=by, at=at, mailbox=self.address, contact=contact)
        )
        return True

    @checked_change
    def change_rank(self, *, by: EmailAddress, at: dt.datetime, rank: int | None) -> bool:
        """Change the directory rank (1: the structure's preferred mailbox)."""
        self._require_open()
        rank = _check_rank(rank)
        if rank == self.rank:
            return False
        self.rank = rank
        self.events.append(RankChanged(actor=by, at=at, mailbox=self.address, rank=rank))
        return True
