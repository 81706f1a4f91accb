"""Managing members: grant, suspend, resume, revoke, hand over responsibility.

Only an account with the manage-members capability may (the access rule), and
nobody may grant more than they hold (the aggregate). When a delegation ends,
the member's connection settings that pointed at the mailbox are dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from balorg.domain.account import AccountState
from balorg.domain.addresses import EmailAddress
from balorg.domain.delegation import Capability
from balorg.domain.mailbox import OrganisationalMailbox
from balorg.domain.professional import Professional
from balorg.ports.repositories import UnitOfWork
from balorg.rules.access import (
    Action,
    account_can_act,
    decide,
    grantee,
    may_manage,
    openable_mailboxes,
)
from balorg.services._support import (
    apply,
    audit_events,
    load_account,
    load_mailbox,
    require,
)
from balorg.services.context import Ports
from balorg.services.directory import publish_where_visible

__all__ = [
    "grant_member",
    "hand_over_responsibility",
    "resume_member",
    "revoke_member",
    "suspend_member",
]


_ON_A_MEMBER = frozenset({Action.SUSPEND_MEMBER, Action.RESUME_MEMBER, Action.REVOKE_MEMBER})


def _change(
    ports: Ports,
    action: Action,
    mailbox: EmailAddress,
    *,
    by: EmailAddress,
    member: EmailAddress | None,
    change: Callable[[OrganisationalMailbox, dt.datetime], Any],
) -> Any:
    now = ports.clock.now()
    details = {"account": str(member)} if member is not None else {}
    with ports.uow() as uow:
        target = load_mailbox(ports, uow, mailbox, actor=by, action=action.value)
        require(
            ports,
            decide(action, account=uow.accounts.get(by), mailbox=target, now=now),
            actor=by,
            action=action.value,
            mailbox=mailbox,
            details=details,
        )
        if member is not None and action in _ON_A_MEMBER:
            require(
                ports,
                may_manage(target, by, member, now),
                actor=by,
                action=action.value,
                mailbox=mailbox,
                details=details,
            )
        result = apply(
            ports,
            lambda: change(target, now),
            actor=by,
            action=action.value,
            mailbox=mailbox,
            details=details,
        )
        audit_events(uow, target.pull_events())
        uow.mailboxes.save(target)
        if member is not None:
            _reconcile(uow, member, by, now, mailbox)
        uow.commit()
    return result


def _reconcile(
    uow: UnitOfWork, member: EmailAddress, by: EmailAddress, now: dt.datetime, mailbox: EmailAddress
) -> None:
    account = uow.accounts.get(member)
    if account is None:
        return
    openable = openable_mailboxes(account, uow.mailboxes.for_account(member), now)
    if account.reconcile(openable=openable, by=by, at=now):
        audit_events(uow, account.pull_events(), context=mailbox)
        uow.accounts.save(account)


def grant_member(
    ports: Ports,
    mailbox: EmailAddress,
    *,
    account: EmailAddress,
    by: EmailAddress,
    capabilities: Iterable[Capability] | None = None,
    expires_at: dt.datetime | None = None,
) -> None:
    """Give an existing nominative account a delegation (pending if the account is)."""
    wanted = (
        frozenset(capabilities) if capabilities is not None else ports.settings.member_capabilities
    )
    with ports.uow() as uow:
        member = load_account(
            ports, uow, account, actor=by, action=Action.GRANT.value, mailbox=mailbox
        )
    require(
        ports,
        grantee(member),
        actor=by,
        action=Action.GRANT.value,
        mailbox=mailbox,
        details={"account": str(account)},
    )
    _change(
        ports,
        Action.GRANT,
        mailbox,
        by=by,
        member=account,
        change=lambda m, now: m.grant(
            account=account,
            capabilities=wanted,
            by=by,
            at=now,
            expires_at=expires_at,
            pending_validation=member.state is AccountState.PENDING_VALIDATION,
        ),
    )


def suspend_member(
    ports: Ports,
    mailbox: EmailAddress,
    *,
    account: EmailAddress,
    by: EmailAddress,
    reason: str | None = None,
) -> None:
    _change(
        ports,
        Action.SUSPEND_MEMBER,
        mailbox,
        by=by,
        member=account,
        change=lambda m, now: m.suspend_delegation(account=account, by=by, at=now, reason=reason),
    )


def resume_member(
    ports: Ports, mailbox: EmailAddress, *, account: EmailAddress, by: EmailAddress
) -> None:
    _change(
        ports,
        Action.RESUME_MEMBER,
        mailbox,
        by=by,
        member=account,
        change=lambda m, now: m.resume_delegation(account=account, by=by, at=now),
    )


def revoke_member(
    ports: Ports, mailbox: EmailAddress, *, account: EmailAddress, by: EmailAddress, reason: str
) -> None:
    """End a member's delegation for good, with the reason; it stays on record."""
    _change(
        ports,
        Action.REVOKE_MEMBER,
        mailbox,
        by=by,
        member=account,
        change=lambda m, now: m.revoke_delegation(account=account, by=by, at=now, reason=reason),
    )


def hand_over_responsibility(
    ports: Ports,
    mailbox: EmailAddress,
    *,
    successor: Professional,
    by: EmailAddress,
    successor_account: EmailAddress | None = None,
    previous_keeps: Iterable[Capability] = (),
) -> None:
    """Make another eligible professional responsible (an explicit change).

    The successor acts through a nominative account that exists and has been
    validated: a mailbox never gets a responsible who cannot act.
    """
    keeps = frozenset(previous_keeps)
    account = successor_account or successor.email
    action = Action.HAND_OVER.value
    now = ports.clock.now()
    with ports.uow() as uow:
        target = load_mailbox(ports, uow, mailbox, actor=by, action=action)
        require(
            ports,
            decide(Action.HAND_OVER, account=uow.accounts.get(by), mailbox=target, now=now),
            actor=by,
            action=action,
            mailbox=mailbox,
        )
        person = load_account(ports, uow, account, actor=by, action=action, mailbox=mailbox)
        require(
            ports,
            account_can_act(person, path="successor_account"),
            actor=by,
            action=action,
            mailbox=mailbox,
        )
        apply(
            ports,
            lambda: target.hand_over(
                successor=successor,
                by=by,
                at=now,
                successor_account=account,
                previous_keeps=keeps,
            ),
            actor=by,
            action=action,
            mailbox=mailbox,
        )
        audit_events(uow, target.pull_events())
        uow.mailboxes.save(target)
        _reconcile(uow, by, by, now, mailbox)
        uow.commit()
    publish_where_visible(ports, target)  # the entries name the responsible
