"""The service centre validates new nominative accounts (48 to 72 hours).

Agents are nominative accounts named in :attr:`Settings.service_centre`; they log in
like anyone else. The list of pending accounts comes oldest first, a page at a time,
with its deadline and an overdue flag; each decision is told to the person by notice
(through the outbox), and the account's delegations waiting for it follow it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import ClassVar

from attrs import field, frozen
from attrs.validators import instance_of

from balorg.domain.account import AccountState, ConnectionAccount
from balorg.domain.actors import AuthMethod, HostAssertion, SessionToken, SystemActor
from balorg.domain.addresses import EmailAddress
from balorg.domain.delegation import Delegation
from balorg.domain.errors import Problem
from balorg.domain.mail import ValidationNotice
from balorg.ports.credentials import Password
from balorg.rules.lifecycle import closes_with_responsible, delegation_follows_account, goes_live
from balorg.rules.registration import address_free, validation_deadline
from balorg.rules.service_centre import service_centre_agent
from balorg.services import checks
from balorg.services.bus import PEOPLE, Command, Context, handler, run
from balorg.services.context import Ports
from balorg.services.paging import Page, as_pending_key, encode_cursor, read_cursor
from balorg.services.registration import new_account

__all__ = [
    "ApproveAccount",
    "EnrolAgent",
    "ListPendingAccounts",
    "PendingAccount",
    "RejectAccount",
    "approve_account",
    "credential_pending_accounts",
    "enrol_agent",
    "follow_decision",
    "pending_accounts",
    "reject_account",
    "require_agent",
]


@frozen(kw_only=True)
class PendingAccount:
    """An account waiting for the service centre, with who created it and when the deadline
    falls."""

    account: ConnectionAccount
    created_at: dt.datetime
    deadline: dt.datetime
    overdue: bool


def require_agent(ctx: Context, subject: EmailAddress | None = None) -> Sequence[Delegation]:
    """The actor is one of the service centre's agents, and did not create or sponsor
    ``subject``. Answers ``subject``'s live delegations, read for the check (for
    :func:`follow_decision`)."""
    sponsors: set[EmailAddress] = set()
    live: Sequence[Delegation] = ()
    if subject is not None:
        account = ctx.find_account(subject)
        if account is not None and account.created_by is not None:
            sponsors.add(account.created_by)
        live = ctx.uow.delegations.live_of(subject)
        for delegation in live:
            sponsors.add(delegation.granted_by)
            mailbox = ctx.find_mailbox(delegation.mailbox)
            if mailbox is not None:
                sponsors.add(mailbox.responsible.account)
    ctx.require(
        service_centre_agent(ctx.actor, ctx.settings.service_centre, subject, sponsors=sponsors)
    )
    return live


@frozen(kw_only=True)
class ListPendingAccounts(Command[Page[PendingAccount]]):
    """Accounts waiting for validation, oldest first, with deadline and overdue flag."""

    action: ClassVar[str] = "list_pending_accounts"
    actors: ClassVar[frozenset[AuthMethod]] = PEOPLE
    after: str | None = field(default=None, converter=checks.plain)
    limit: int = field(default=100, converter=checks.plain)

    def problems(self) -> list[Problem]:
        return [
            *read_cursor(self.after, "pending", as_pending_key)[1],
            *checks.page_size(self.limit),
        ]


@handler(ListPendingAccounts)
def _pending(command: ListPendingAccounts, ctx: Context) -> Page[PendingAccount]:
    require_agent(ctx)
    after, _ = read_cursor(command.after, "pending", as_pending_key)
    found = ctx.uow.accounts.pending(after=after, limit=command.limit + 1)
    items = []
    for account in found[: command.limit]:
        deadline = validation_deadline(account.created_at, ctx.settings.validation_delay)
        items.append(
            PendingAccount(
                account=account,
                created_at=account.created_at,
                deadline=deadline,
                overdue=ctx.now > deadline,
            )
        )
    following = None
    if len(found) > command.limit:
        last = found[command.limit - 1]
        following = encode_cursor("pending", [last.created_at.isoformat(), str(last.address)])
    return Page(items, following)


def pending_accounts(
    ports: Ports,
    actor: SessionToken | HostAssertion,
    *,
    after: str | None = None,
    limit: int = 100,
) -> Page[PendingAccount]:
    """A page of the accounts waiting for the service centre, oldest first
    (:class:`PendingAccounts`)."""
    return run(ports, actor, ListPendingAccounts(after=after, limit=limit))


def follow_decision(
    ctx: Context,
    account: ConnectionAccount,
    *,
    reason: str,
    live: Sequence[Delegation] | None = None,
) -> None:
    """What follows the service centre's decision on ``account``: its pending
    delegations are activated (or revoked); a mailbox it is responsible for goes live
    (or, rejected, never will and is closed). ``live``: its live delegations, when
    :func:`require_agent` already read them."""
    approved = account.state is AccountState.ACTIVE
    if live is None:
        live = ctx.uow.delegations.live_of(account.address)
    for stored in live:
        delegation = ctx.track(stored)
        mailbox = ctx.mailbox(delegation.mailbox)
        if delegation_follows_account(mailbox, delegation, ctx.now):
            if approved:
                delegation.activate(by=ctx.actor, at=ctx.now)
            else:
                delegation.revoke(by=ctx.actor, at=ctx.now, reason=reason)
    for found in ctx.uow.mailboxes.responsible_for(account.address):
        mailbox = ctx.track(found)
        if goes_live(mailbox, account):
            mailbox.activate(by=ctx.actor, at=ctx.now, responsible_validated=True)
        if closes_with_responsible(mailbox, account):
            mailbox.close(by=ctx.actor, at=ctx.now, reason=f"responsible's account {reason}")


@frozen(kw_only=True)
class ApproveAccount(Command[ConnectionAccount]):
    """Validate a new account: it and its pending delegations become active."""

    action: ClassVar[str] = "approve_account"
    actors: ClassVar[frozenset[AuthMethod]] = PEOPLE
    account: EmailAddress = field(validator=checks.address_field)


@handler(ApproveAccount)
def _approve(command: ApproveAccount, ctx: Context) -> ConnectionAccount:
    live = require_agent(ctx, command.account)
    account = ctx.account(command.account)
    account.approve(by=ctx.actor, at=ctx.now)
    follow_decision(ctx, account, reason="approved", live=live)
    ctx.notify(
        ValidationNotice(to=account.address, account=account.address, approved=True, at=ctx.now)
    )
    return account


def approve_account(
    ports: Ports, actor: SessionToken | HostAssertion, account: EmailAddress
) -> ConnectionAccount:
    """The service centre validates a personal account waiting for it (:class:`ApproveAccount`)."""
    return run(ports, actor, ApproveAccount(account=account))


@frozen(kw_only=True)
class RejectAccount(Command[ConnectionAccount]):
    """Refuse a new account, with the reason; its pending delegations are revoked."""

    action: ClassVar[str] = "reject_account"
    actors: ClassVar[frozenset[AuthMethod]] = PEOPLE
    audited: ClassVar[tuple[str, ...]] = ("reason",)
    account: EmailAddress = field(validator=checks.address_field)
    reason: str = field(converter=checks.plain)

    def problems(self) -> list[Problem]:
        return checks.text(self.reason, "reason")


@handler(RejectAccount)
def _reject(command: RejectAccount, ctx: Context) -> ConnectionAccount:
    live = require_agent(ctx, command.account)
    account = ctx.account(command.account)
    reason = command.reason.strip()
    account.reject(by=ctx.actor, at=ctx.now, reason=reason)
    follow_decision(ctx, account, reason="rejected", live=live)
    ctx.notify(
        ValidationNotice(
            to=account.address, account=account.address, approved=False, at=ctx.now, reason=reason
        )
    )
    return account


def reject_account(
    ports: Ports, actor: SessionToken | HostAssertion, account: EmailAddress, *, reason: str
) -> ConnectionAccount:
    """The service centre refuses a personal account, with a reason (:class:`RejectAccount`)."""
    return run(ports, actor, RejectAccount(account=account, reason=reason))


def credential_pending_accounts(ports: Ports, *, limit: int = 100) -> list[ConnectionAccount]:
    """Accounts whose password the host's credential service has not confirmed (for the
    host's own job that retries or cancels them; nothing about them is disclosed)."""
    with ports.uow() as uow:
        return list(uow.accounts.credential_pending(limit=limit))


@frozen(kw_only=True)
class EnrolAgent(Command[ConnectionAccount]):
    """The operator enrols one of the service centre's agents (named in the settings):
    an account validated at once, with its password. It is how the first agent gets an
    account, since nobody could validate it otherwise; it is run by the operator's own
    console (a system actor), and audited like every command."""

    action: ClassVar[str] = "enrol_agent"
    actors: ClassVar[frozenset[AuthMethod]] = frozenset({AuthMethod.SYSTEM})
    audited: ClassVar[tuple[str, ...]] = ("first_name", "last_name")
    account: EmailAddress = field(validator=checks.address_field)
    first_name: str = field(converter=checks.plain)
    last_name: str = field(converter=checks.plain)
    password: Password = field(repr=False, validator=instance_of(Password))

    def problems(self) -> list[Problem]:
        return [
            *checks.text(self.first_name, "first_name"),
            *checks.text(self.last_name, "last_name"),
        ]


@handler(EnrolAgent)
def _enrol_agent(command: EnrolAgent, ctx: Context) -> ConnectionAccount:
    if command.account not in ctx.settings.service_centre:
        ctx.refuse(Problem("service_centre.not_agent", "account", {"actor": str(command.account)}))
    taken = ctx.find_account(command.account) is not None
    ctx.require(address_free(command.account, taken=taken, path="account"))
    account = new_account(
        ctx,
        command.account,
        first_name=command.first_name.strip(),
        last_name=command.last_name.strip(),
        password=command.password,
    )
    account.approve(by=ctx.actor, at=ctx.now)
    return account


def enrol_agent(
    ports: Ports,
    console: SystemActor,
    account: EmailAddress,
    *,
    first_name: str,
    last_name: str,
    password: Password,
) -> ConnectionAccount:
    """Enrol a service-centre agent's account (:class:`EnrolAgent`)."""
    return run(
        ports,
        console,
        EnrolAgent(account=account, first_name=first_name, last_name=last_name, password=password),
    )
