"""Managing members: grant, suspend, resume, revoke, review, list, hand over.

Only an account with the manage-members capability may (the access rule); nobody
grants more than they hold, nor beyond their own delegation's expiry (the grant rule);
nobody changes a member who holds more than they do. When a manager stops managing
(their delegation revoked or suspended, or the responsibility handed over), the grants
they made are marked "to review" and the responsible is told; a review decision is a
command of its own, audited. When a delegation ends, the member's connection settings
that pointed at the mailbox are dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import ClassVar

from attrs import field, frozen
from attrs.validators import instance_of

from balorg.domain.actors import AuthMethod, HostAssertion, SessionToken
from balorg.domain.addresses import EmailAddress
from balorg.domain.capabilities import Capability
from balorg.domain.delegation import Delegation, DelegationState, Review
from balorg.domain.errors import Problem
from balorg.domain.mail import ReviewNotice
from balorg.domain.mailbox import OrganisationalMailbox, Role
from balorg.domain.professional import Professional
from balorg.rules.access import Action, capabilities_of, grantee, may_manage
from balorg.rules.delegations import next_number, to_review
from balorg.rules.responsibility import successor_account
from balorg.services import checks
from balorg.services.bus import PEOPLE, Command, Context, handler, run
from balorg.services.context import Ports
from balorg.services.paging import as_text, encode_cursor, read_cursor
from balorg.services.registration import grant, grant_problems
from balorg.services.sessions import reconcile_settings

__all__ = [
    "GrantMember",
    "HandOver",
    "ListMembers",
    "Member",
    "MemberList",
    "ResumeMember",
    "ReviewMember",
    "RevokeMember",
    "SuspendMember",
    "grant_member",
    "hand_over_responsibility",
    "list_members",
    "resume_member",
    "review_member",
    "revoke_member",
    "suspend_member",
]


def _member(ctx: Context, mailbox: OrganisationalMailbox, account: EmailAddress) -> Delegation:
    """The member's live delegation, which the actor may manage."""
    current = ctx.delegation(mailbox.address, account)
    if current is None or not current.is_live_at(ctx.now):
        ctx.refuse(Problem("delegation.not_found", "account", {"account": str(account)}))
    ctx.require(
        may_manage(mailbox, ctx.actor, ctx.delegation(mailbox.address, ctx.actor), current, ctx.now)
    )
    return current


def _stop_managing(ctx: Context, ended: Delegation) -> None:
    """``ended`` no longer manages the mailbox: the grants its holder made wait for a review."""
    if to_review(ended, ctx.now):
        _mark_grants(ctx, ended.mailbox, ended.account)


def _mark_grants(ctx: Context, mailbox: EmailAddress, grantor: EmailAddress) -> None:
    marked = 0
    for delegation in ctx.uow.delegations.granted_by(mailbox, grantor):
        if ctx.track(delegation).mark_for_review(by=ctx.actor, at=ctx.now, grantor=grantor):
            marked += 1
    if marked:
        responsible = ctx.mailbox(mailbox).responsible.account
        ctx.notify(
            ReviewNotice(
                to=responsible, mailbox=mailbox, grantor=grantor, count=marked, at=ctx.now
            ),
            mailbox=mailbox,
        )


# -- grant ------------------------------------------------------------------------------------


@frozen(kw_only=True)
class Granted:
    """The new delegation, and what the grant rule said (an expiry capped, say)."""

    delegation: Delegation
    warnings: tuple[Problem, ...]


@frozen(kw_only=True)
class GrantMember(Command[Granted]):
    """Give an existing nominative account a delegation (pending if the account is)."""

    action: ClassVar[str] = "grant_member"
    actors: ClassVar[frozenset[AuthMethod]] = PEOPLE
    audited: ClassVar[tuple[str, ...]] = ("capabilities", "expires_at")
    mailbox: EmailAddress = field(validator=checks.address_field)
    account: EmailAddress = field(validator=checks.address_field)
    capabilities: Iterable[Capability | str] | None = field(default=None, converter=checks.listed)
    expires_at: dt.datetime | None = field(default=None, converter=checks.moment)

    def problems(self) -> list[Problem]:
        return grant_problems(self.capabilities, self.expires_at)


@handler(GrantMember)
def _grant(command: GrantMember, ctx: Context) -> Granted:
    target = ctx.mailbox(command.mailbox)
    ctx.allowed(Action.GRANT, target)
    member = ctx.account(command.account)
    ctx.require(grantee(member))
    delegation = grant(ctx, target, member, command.capabilities, command.expires_at)
    return Granted(delegation=delegation, warnings=tuple(ctx.warnings))


def grant_member(
    ports: Ports,
    actor: SessionToken | HostAssertion,
    mailbox: EmailAddress,
    *,
    account: EmailAddress,
    capabilities: Iterable[Capability | str] | None = None,
    expires_at: dt.datetime | None = None,
) -> Granted:
    """Give an account access to the mailbox (:class:`GrantMember`); never beyond the grantor's
    own capabilities or expiry."""
    return run(
        ports,
        actor,
        GrantMember(
            mailbox=mailbox, account=account, capabilities=capabilities, expires_at=expires_at
        ),
    )


# -- suspend, resume, revoke, review ------------------------------------------------------------


@frozen(kw_only=True)
class SuspendMember(Command[Delegation]):
    action: ClassVar[str] = "suspend_member"
    actors: ClassVar[frozenset[AuthMethod]] = PEOPLE
    audited: ClassVar[tuple[str, ...]] = ("reason",)
    mailbox: EmailAddress = field(validator=checks.address_field)
    account: EmailAddress = field(validator=checks.address_field)
    reason: str | None = field(default=None, converter=checks.plain)

    def problems(self) -> list[Problem]:
        return checks.text(self.reason, "reason", required=False)


@handler(SuspendMember)
def _suspend(command: SuspendMember, ctx: Context) -> Delegation:
    target = ctx.mailbox(command.mailbox)
    ctx.allowed(Action.SUSPEND_MEMBER, target)
    delegation = _member(ctx, target, command.account)
    reason = command.reason.strip() if command.reason and command.reason.strip() else None
    delegation.suspend(by=ctx.actor, at=ctx.now, reason=reason)
    _stop_managing(ctx, delegation)
    reconcile_settings(ctx, command.account)
    return delegation


def suspend_member(
    ports: Ports,
    actor: SessionToken | HostAssertion,
    mailbox: EmailAddress,
    *,
    account: EmailAddress,
    reason: str | None = None,
) -> Delegation:
    """Suspend a member's delegation, with an optional reason (:class:`SuspendMember`)."""
    return run(ports, actor, SuspendMember(mailbox=mailbox, account=account, reason=reason))


@frozen(kw_only=True)
class ResumeMember(Command[Delegation]):
    action: ClassVar[str] = "resume_member"
    actors: ClassVar[frozenset[AuthMethod]] = PEOPLE
    mailbox: EmailAddress = field(validator=checks.address_field)
    account: EmailAddress = field(validator=checks.address_field)


@handler(ResumeMember)
def _resume(command: ResumeMember, ctx: Context) -> Delegation:
    target = ctx.mailbox(command.mailbox)
    ctx.allowed(Action.RESUME_MEMBER, target)
    delegation = _member(ctx, target, command.account)
    delegation.resume(by=ctx.actor, at=ctx.now)
    return delegation


def resume_member(
    ports: Ports,
    actor: SessionToken | HostAssertion,
    mailbox: EmailAddress,
    *,
    account: EmailAddress,
) -> Delegation:
    """Resume a suspended delegation (:class:`ResumeMember`)."""
    return run(ports, actor, ResumeMember(mailbox=mailbox, account=account))


@frozen(kw_only=True)
class RevokeMember(Command[Delegation]):
    """End a member's delegation for good, with the reason; it stays on record."""

    action: ClassVar[str] = "revoke_member"
    actors: ClassVar[frozenset[AuthMethod]] = PEOPLE
    audited: ClassVar[tuple[str, ...]] = ("reason",)
    mailbox: EmailAddress = field(validator=checks.address_field)
    account: EmailAddress = field(validator=checks.address_field)
    reason: str = field(converter=checks.plain)

    def problems(self) -> list[Problem]:
        return checks.text(self.reason, "reason")


@handler(RevokeMember)
def _revoke(command: RevokeMember, ctx: Context) -> Delegation:
    target = ctx.mailbox(command.mailbox)
    ctx.allowed(Action.REVOKE_MEMBER, target)
    delegation = _member(ctx, target, command.account)
    delegation.revoke(by=ctx.actor, at=ctx.now, reason=command.reason.strip())
    _stop_managing(ctx, delegation)
    reconcile_settings(ctx, command.account)
    return delegation


def revoke_member(
    ports: Ports,
    actor: SessionToken | HostAssertion,
    mailbox: EmailAddress,
    *,
    account: EmailAddress,
    reason: str,
) -> Delegation:
    """End a member's delegation for good, with a reason (:class:`RevokeMember`); what they
    granted goes to review."""
    return run(ports, actor, RevokeMember(mailbox=mailbox, account=account, reason=reason))


@frozen(kw_only=True)
class ReviewMember(Command[Delegation]):
    """Decide on a grant "to review": keep it, or revoke it (with a reason)."""

    action: ClassVar[str] = "review_member"
    actors: ClassVar[frozenset[AuthMethod]] = PEOPLE
    audited: ClassVar[tuple[str, ...]] = ("keep", "reason")
    mailbox: EmailAddress = field(validator=checks.address_field)
    account: EmailAddress = field(validator=checks.address_field)
    keep: bool
    reason: str | None = field(default=None, converter=checks.plain)

    def problems(self) -> list[Problem]:
        problems = checks.boolean(self.keep, "keep")
        return problems + checks.text(self.reason, "reason", required=self.keep is False)


@handler(ReviewMember)
def _review(command: ReviewMember, ctx: Context) -> Delegation:
    target = ctx.mailbox(command.mailbox)
    ctx.allowed(Action.REVIEW_MEMBER, target)
    delegation = _member(ctx, target, command.account)
    if command.keep:
        delegation.keep_after_review(by=ctx.actor, at=ctx.now)
    else:
        reason = (command.reason or "").strip()
        delegation.revoke_after_review(by=ctx.actor, at=ctx.now, reason=reason)
        _stop_managing(ctx, delegation)
        reconcile_settings(ctx, command.account)
    return delegation


def review_member(
    ports: Ports,
    actor: SessionToken | HostAssertion,
    mailbox: EmailAddress,
    *,
    account: EmailAddress,
    keep: bool,
    reason: str | None = None,
) -> Delegation:
    """Decide on a delegation listed for review: keep it or revoke it (:class:`ReviewMember`)."""
    return run(
        ports, actor, ReviewMember(mailbox=mailbox, account=account, keep=keep, reason=reason)
    )


# -- listing ------------------------------------------------------------------------------------


@frozen(kw_only=True)
class Member:
    """One account's standing on the mailbox now."""

    account: EmailAddress
    role: Role
    state: DelegationState | None  # None for the responsible (no delegation needed)
    capabilities: frozenset[Capability]
    granted_by: EmailAddress | None
    granted_at: dt.datetime | None
    expires_at: dt.datetime | None
    reason: str | None
    review: Review = Review.NONE


@frozen(kw_only=True)
class MemberList:
    """A page of members (the responsible first, on the first page), and the grants
    waiting for a review."""

    mailbox: OrganisationalMailbox
    members: tuple[Member, ...]
    to_review: tuple[Member, ...]
    next: str | None


def _as_member(delegation: Delegation, now: dt.datetime) -> Member:
    return Member(
        account=delegation.account,
        role=Role.MEMBER,
        state=delegation.state_at(now),
        capabilities=delegation.capabilities,
        granted_by=delegation.granted_by,
        granted_at=delegation.granted_at,
        expires_at=delegation.expires_at,
        reason=delegation.reason,
        review=delegation.review,
    )


@frozen(kw_only=True)
class ListMembers(Command[MemberList]):
    """The responsible and every account that holds or held a delegation, a page at a time."""

    action: ClassVar[str] = "list_members"
    actors: ClassVar[frozenset[AuthMethod]] = PEOPLE
    mailbox: EmailAddress = field(validator=checks.address_field)
    after: str | None = field(default=None, converter=checks.plain)
    limit: int = field(default=100, converter=checks.plain)

    def problems(self) -> list[Problem]:
        return [*read_cursor(self.after, "members", as_text)[1], *checks.page_size(self.limit)]


@handler(ListMembers)
def _list(command: ListMembers, ctx: Context) -> MemberList:
    target = ctx.mailbox(command.mailbox)
    ctx.allowed(Action.LIST_MEMBERS, target)
    after, _ = read_cursor(command.after, "members", as_text)
    found = ctx.uow.delegations.page(target.address, after=after, limit=command.limit + 1)
    members = []
    if after is None:
        responsible = target.responsible
        members.append(
            Member(
                account=responsible.account,
                role=Role.RESPONSIBLE,
                state=None,
                capabilities=capabilities_of(target, responsible.account, None, ctx.now),
                granted_by=responsible.designated_by,
                granted_at=responsible.designated_at,
                expires_at=None,
                reason=None,
            )
        )
    members += [
        _as_member(d, ctx.now)
        for d in found[: command.limit]
        if not target.is_responsible(d.account)
    ]
    following = (
        encode_cursor("members", str(found[command.limit - 1].account))
        if len(found) > command.limit
        else None
    )
    reviews = tuple(_as_member(d, ctx.now) for d in ctx.uow.delegations.to_review(target.address))
    return MemberList(mailbox=target, members=tuple(members), to_review=reviews, next=following)


def list_members(
    ports: Ports,
    actor: SessionToken | HostAssertion,
    mailbox: EmailAddress,
    *,
    after: str | None = None,
    limit: int = 100,
) -> MemberList:
    """A page of the mailbox's members, the responsible first, and the delegations to review
    (:class:`ListMembers`)."""
    return run(ports, actor, ListMembers(mailbox=mailbox, after=after, limit=limit))


# -- hand-over ----------------------------------------------------------------------------------


@frozen(kw_only=True)
class HandOver(Command[OrganisationalMailbox]):
    """Make another eligible professional responsible (an explicit change).

    The successor acts through their own validated account, which declared their
    identity; what they held as a member ends (the responsible holds everything); the
    previous responsible keeps only ``previous_keeps``; the grants the previous
    responsible made are marked to review.
    """

    action: ClassVar[str] = "hand_over"
    actors: ClassVar[frozenset[AuthMethod]] = PEOPLE
    audited: ClassVar[tuple[str, ...]] = ("successor_account", "previous_keeps")
    mailbox: EmailAddress = field(validator=checks.address_field)
    successor: Professional = field(
        converter=checks.plain_professional, validator=instance_of(Professional)
    )
    successor_account: EmailAddress | None = field(
        default=None, validator=checks.optional_address_field
    )
    previous_keeps: Iterable[Capability | str] = field(default=(), converter=checks.listed)
    contact: str | None = field(default=None, converter=checks.plain)

    def problems(self) -> list[Problem]:
        problems = checks.professional(self.successor, "successor")
        problems += checks.capabilities(self.previous_keeps, "previous_keeps")
        return problems + checks.text(self.contact, "contact", required=False)

    def concerns(self) -> tuple[EmailAddress | None, EmailAddress | None]:
        return self.mailbox, self.successor_account or self.successor.email


@handler(HandOver)
def _hand_over(command: HandOver, ctx: Context) -> OrganisationalMailbox:
    target = ctx.mailbox(command.mailbox)
    ctx.allowed(Action.HAND_OVER, target)
    address = command.successor_account or command.successor.email
    person = ctx.account(address, path="successor_account")
    ctx.require(successor_account(person, command.successor))
    previous = target.hand_over(
        successor=command.successor, successor_account=address, by=ctx.actor, at=ctx.now
    )
    if command.contact is not None:
        contact = command.contact
        target.change_responsible_contact(by=ctx.actor, at=ctx.now, contact=contact)
    # The responsible holds every capability without a delegation: one the successor
    # held as a member ends, as a grant to the responsible would never be allowed.
    theirs = ctx.delegation(target.address, address)
    if theirs is not None and theirs.is_live_at(ctx.now):
        theirs.revoke(by=ctx.actor, at=ctx.now, reason="became responsible")
    _mark_grants(ctx, target.address, previous.account)
    keeps = checks.capability_set(command.previous_keeps) or frozenset()
    if keeps:
        # Granted on the successor's authority, which holds every capability.
        current = ctx.delegation(target.address, previous.account)
        if current is not None:
            current.record_expiry(by=ctx.actor, at=ctx.now)
        if current is not None and current.is_live_at(ctx.now):
            current.revoke(by=ctx.actor, at=ctx.now, reason="responsibility handed over")
        ctx.add(
            Delegation.grant(
                mailbox=target.address,
                account=previous.account,
                number=next_number(current),
                capabilities=keeps,
                by=ctx.actor,
                at=ctx.now,
            )
        )
    reconcile_settings(ctx, previous.account)
    return target


def hand_over_responsibility(
    ports: Ports,
    actor: SessionToken | HostAssertion,
    mailbox: EmailAddress,
    *,
    successor: Professional,
    successor_account: EmailAddress | None = None,
    previous_keeps: Iterable[Capability | str] = (),
    contact: str | None = None,
) -> OrganisationalMailbox:
    """Hand the mailbox over to a successor professional and their own account
    (:class:`HandOver`)."""
    return run(
        ports,
        actor,
        HandOver(
            mailbox=mailbox,
            successor=successor,
            successor_account=successor_account,
            previous_keeps=previous_keeps,
            contact=contact,
        ),
    )
