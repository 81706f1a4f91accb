"""Settings and life of an organisational mailbox: red list (first guide, step 10),
description, what the directory shows (service, responsible contact, rank), and
suspending, resuming or closing it.

Each change that alters what a directory shows reaches it through the outbox (the
runner compares the entries before and after: :mod:`balorg.rules.publication`).
"""

from __future__ import annotations

from typing import ClassVar, Final

from attrs import field, frozen

from balorg.domain.actors import AuthMethod, HostAssertion, SessionToken
from balorg.domain.addresses import EmailAddress
from balorg.domain.delegation import Delegation
from balorg.domain.errors import Problem
from balorg.domain.mailbox import MAX_RANK, OrganisationalMailbox
from balorg.domain.publication import DirectoryKind, MailboxEntry
from balorg.rules import publication
from balorg.rules.access import Action
from balorg.services import checks
from balorg.services.bus import PEOPLE, Command, Context, handler, run
from balorg.services.context import Ports

__all__ = [
    "UNCHANGED",
    "ChangeDescription",
    "ChangeDirectoryEntry",
    "ChangeRedList",
    "CloseMailbox",
    "MailboxView",
    "ResumeMailbox",
    "ShowMailbox",
    "SuspendMailbox",
    "change_description",
    "change_directory_entry",
    "change_red_list",
    "close_mailbox",
    "resume_mailbox",
    "show_mailbox",
    "suspend_mailbox",
]


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


#: Leaves a field as it is (``None`` clears an optional one).
UNCHANGED: Final = _Unchanged()


@frozen(kw_only=True)
class ChangeRedList(Command[bool]):
    """Put the mailbox on, or take it off, each directory's red list; answers whether
    anything changed. On the national list the entry stays, marked; on the operator's
    list it is hidden."""

    action: ClassVar[str] = "change_red_list"
    actors: ClassVar[frozenset[AuthMethod]] = PEOPLE
    audited: ClassVar[tuple[str, ...]] = ("national_directory", "operator_directory")
    mailbox: EmailAddress = field(validator=checks.address_field)
    national_directory: bool | None = None
    operator_directory: bool | None = None

    def problems(self) -> list[Problem]:
        return [p for n, v in self._choices() if v is not None for p in checks.boolean(v, n)]

    def _choices(self) -> tuple[tuple[str, object], ...]:
        return (
            ("national_directory", self.national_directory),
            ("operator_directory", self.operator_directory),
        )


@handler(ChangeRedList)
def _red_list(command: ChangeRedList, ctx: Context) -> bool:
    target = ctx.mailbox(command.mailbox)
    ctx.allowed(Action.CHANGE_RED_LIST, target)
    return target.change_red_list(
        by=ctx.actor,
        at=ctx.now,
        national_directory=command.national_directory,
        operator_directory=command.operator_directory,
    )


def change_red_list(
    ports: Ports,
    actor: SessionToken | HostAssertion,
    mailbox: EmailAddress,
    *,
    national_directory: bool | None = None,
    operator_directory: bool | None = None,
) -> bool:
    """Put the mailbox on the red list or take it off (:class:`ChangeRedList`); its directory
    entries follow through the outbox."""
    return run(
        ports,
        actor,
        ChangeRedList(
            mailbox=mailbox,
            national_directory=national_directory,
            operator_directory=operator_directory,
        ),
    )


@frozen(kw_only=True)
class ChangeDescription(Command[bool]):
    """Change the description of the mailbox's use (first guide, step 8)."""

    action: ClassVar[str] = "change_description"
    actors: ClassVar[frozenset[AuthMethod]] = PEOPLE
    mailbox: EmailAddress = field(validator=checks.address_field)
    description: str = field(converter=checks.plain)

    def problems(self) -> list[Problem]:
        return checks.text(self.description, "description", multiline=True)


@handler(ChangeDescription)
def _description(command: ChangeDescription, ctx: Context) -> bool:
    target = ctx.mailbox(command.mailbox)
    ctx.allowed(Action.CHANGE_DESCRIPTION, target)
    return target.change_description(by=ctx.actor, at=ctx.now, description=command.description)


def change_description(
    ports: Ports, actor: SessionToken | HostAssertion, mailbox: EmailAddress, *, description: str
) -> bool:
    """Change the mailbox's description shown in the directories (:class:`ChangeDescription`)."""
    return run(ports, actor, ChangeDescription(mailbox=mailbox, description=description))


@frozen(kw_only=True)
class ChangeDirectoryEntry(Command[bool]):
    """Change what the directory shows: the service it belongs to, the responsible
    contact (free text, never a national identifier) and the rank (1: the structure's
    preferred mailbox). :data:`UNCHANGED` leaves a field; ``None`` clears it."""

    action: ClassVar[str] = "change_directory_entry"
    actors: ClassVar[frozenset[AuthMethod]] = PEOPLE
    mailbox: EmailAddress = field(validator=checks.address_field)
    service: str | _Unchanged | None = field(default=UNCHANGED, converter=checks.plain)
    contact: str | _Unchanged | None = field(default=UNCHANGED, converter=checks.plain)
    rank: int | _Unchanged | None = field(default=UNCHANGED, converter=checks.plain)

    def problems(self) -> list[Problem]:
        problems = []
        for name in ("service", "contact"):
            value = getattr(self, name)
            if value is not UNCHANGED:
                problems += checks.text(value, name, required=False)
        if self.rank is not UNCHANGED:
            problems += checks.whole(self.rank, "rank", low=1, high=MAX_RANK)
        return problems


@handler(ChangeDirectoryEntry)
def _entry(command: ChangeDirectoryEntry, ctx: Context) -> bool:
    target = ctx.mailbox(command.mailbox)
    ctx.allowed(Action.CHANGE_DIRECTORY_ENTRY, target)
    changed = False
    if not isinstance(command.service, _Unchanged):
        service = command.service
        changed |= target.change_service(by=ctx.actor, at=ctx.now, service=service)
    if not isinstance(command.contact, _Unchanged):
        contact = command.contact
        changed |= target.change_responsible_contact(by=ctx.actor, at=ctx.now, contact=contact)
    if not isinstance(command.rank, _Unchanged):
        rank = command.rank
        changed |= target.change_rank(by=ctx.actor, at=ctx.now, rank=rank)
    return changed


def change_directory_entry(
    ports: Ports,
    actor: SessionToken | HostAssertion,
    mailbox: EmailAddress,
    *,
    service: str | _Unchanged | None = UNCHANGED,
    contact: str | _Unchanged | None = UNCHANGED,
    rank: int | _Unchanged | None = UNCHANGED,
) -> bool:
    """Change what the directories show of the mailbox (:class:`ChangeDirectoryEntry`)."""
    return run(
        ports,
        actor,
        ChangeDirectoryEntry(mailbox=mailbox, service=service, contact=contact, rank=rank),
    )


@frozen(kw_only=True)
class SuspendMailbox(Command[OrganisationalMailbox]):
    """Suspend the whole mailbox (the responsible): nobody opens it; mail still arrives."""

    action: ClassVar[str] = "suspend_mailbox"
    actors: ClassVar[frozenset[AuthMethod]] = PEOPLE
    audited: ClassVar[tuple[str, ...]] = ("reason",)
    mailbox: EmailAddress = field(validator=checks.address_field)
    reason: str = field(converter=checks.plain)

    def problems(self) -> list[Problem]:
        return checks.text(self.reason, "reason")


@handler(SuspendMailbox)
def _suspend(command: SuspendMailbox, ctx: Context) -> OrganisationalMailbox:
    target = ctx.mailbox(command.mailbox)
    ctx.allowed(Action.SUSPEND_MAILBOX, target)
    target.suspend(by=ctx.actor, at=ctx.now, reason=command.reason)
    return target


def suspend_mailbox(
    ports: Ports, actor: SessionToken | HostAssertion, mailbox: EmailAddress, *, reason: str
) -> OrganisationalMailbox:
    """Suspend the mailbox for a while, with a reason (:class:`SuspendMailbox`)."""
    return run(ports, actor, SuspendMailbox(mailbox=mailbox, reason=reason))


@frozen(kw_only=True)
class ResumeMailbox(Command[OrganisationalMailbox]):
    action: ClassVar[str] = "resume_mailbox"
    actors: ClassVar[frozenset[AuthMethod]] = PEOPLE
    mailbox: EmailAddress = field(validator=checks.address_field)


@handler(ResumeMailbox)
def _resume(command: ResumeMailbox, ctx: Context) -> OrganisationalMailbox:
    target = ctx.mailbox(command.mailbox)
    ctx.allowed(Action.RESUME_MAILBOX, target)
    target.resume(by=ctx.actor, at=ctx.now)
    return target


def resume_mailbox(
    ports: Ports, actor: SessionToken | HostAssertion, mailbox: EmailAddress
) -> OrganisationalMailbox:
    """Open a suspended mailbox again (:class:`ResumeMailbox`)."""
    return run(ports, actor, ResumeMailbox(mailbox=mailbox))


@frozen(kw_only=True)
class CloseMailbox(Command[OrganisationalMailbox]):
    """Close the mailbox for good (the responsible): it leaves the directories; its
    history stays."""

    action: ClassVar[str] = "close_mailbox"
    actors: ClassVar[frozenset[AuthMethod]] = PEOPLE
    audited: ClassVar[tuple[str, ...]] = ("reason",)
    mailbox: EmailAddress = field(validator=checks.address_field)
    reason: str = field(converter=checks.plain)

    def problems(self) -> list[Problem]:
        return checks.text(self.reason, "reason")


@handler(CloseMailbox)
def _close(command: CloseMailbox, ctx: Context) -> OrganisationalMailbox:
    target = ctx.mailbox(command.mailbox)
    ctx.allowed(Action.CLOSE_MAILBOX, target)
    target.close(by=ctx.actor, at=ctx.now, reason=command.reason)
    _end_delegations(ctx, target.address)
    return target


def _end_delegations(ctx: Context, mailbox: EmailAddress) -> None:
    """Nobody uses, renews or is reminded of a delegation on a closed mailbox: each
    live one ends with it (its history stays)."""
    after: str | None = None
    while True:
        page = ctx.uow.delegations.page(mailbox, after=after, limit=500)
        for delegation in page:
            if delegation.is_live:
                ctx.track(delegation)
                _close_one(delegation, ctx)
        if len(page) < 500:
            return
        after = str(page[-1].account)


def _close_one(delegation: Delegation, ctx: Context) -> None:
    if delegation.is_live_at(ctx.now):
        delegation.revoke(by=ctx.actor, at=ctx.now, reason="mailbox closed")
    else:  # it ran out before: said so, not revoked
        delegation.record_expiry(by=ctx.actor, at=ctx.now)


def close_mailbox(
    ports: Ports, actor: SessionToken | HostAssertion, mailbox: EmailAddress, *, reason: str
) -> OrganisationalMailbox:
    """Close the mailbox for good (:class:`CloseMailbox`); its live delegations end with it."""
    return run(ports, actor, CloseMailbox(mailbox=mailbox, reason=reason))


@frozen(kw_only=True)
class MailboxView:
    """A mailbox's settings and state, and what each directory shows of it."""

    mailbox: OrganisationalMailbox
    entries: dict[DirectoryKind, MailboxEntry | None]


@frozen(kw_only=True)
class ShowMailbox(Command[MailboxView]):
    """The mailbox's state, red list, description and directory entry, for its members."""

    action: ClassVar[str] = "show_mailbox"
    actors: ClassVar[frozenset[AuthMethod]] = PEOPLE
    mailbox: EmailAddress = field(validator=checks.address_field)


@handler(ShowMailbox)
def _show(command: ShowMailbox, ctx: Context) -> MailboxView:
    target = ctx.mailbox(command.mailbox)
    ctx.allowed(Action.READ_SETTINGS, target)
    return MailboxView(
        mailbox=target, entries={d: publication.entry(target, d) for d in DirectoryKind}
    )


def show_mailbox(
    ports: Ports, actor: SessionToken | HostAssertion, mailbox: EmailAddress
) -> MailboxView:
    """The mailbox's settings, state and directory entries, for its members
    (:class:`ShowMailbox`)."""
    return run(ports, actor, ShowMailbox(mailbox=mailbox))
