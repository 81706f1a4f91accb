"""The service centre validates new nominative accounts (48 to 72 hours).

Agents are nominative accounts named in :attr:`Settings.service_centre`; the
list of pending accounts comes oldest first with its deadline and an overdue
flag; each decision is told to the person by notice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from attrs import frozen

from balorg.domain.account import ConnectionAccount
from balorg.domain.addresses import EmailAddress
from balorg.domain.mail import ValidationNotice
from balorg.domain.mailbox import Role
from balorg.rules.access import service_centre_agent
from balorg.rules.lifecycle import closes_with_responsible, delegation_follows_account, goes_live
from balorg.rules.registration import validation_deadline
from balorg.services._support import apply, audit_events, load_account, require
from balorg.services.context import Ports
from balorg.services.directory import publish_where_visible

__all__ = ["PendingAccount", "approve_account", "pending_accounts", "reject_account"]


@frozen(kw_only=True)
class PendingAccount:
    account: ConnectionAccount
    created_at: dt.datetime
    deadline: dt.datetime
    overdue: bool


def pending_accounts(ports: Ports, *, by: EmailAddress) -> Sequence[PendingAccount]:
    """Accounts waiting for validation, oldest first, with deadline and overdue flag."""
    require(
        ports,
        service_centre_agent(by, ports.settings.service_centre),
        actor=by,
        action="list_pending_accounts",
    )
    now = ports.clock.now()
    with ports.uow() as uow:
        waiting = uow.accounts.pending()
    result = []
    for account in waiting:
        deadline = validation_deadline(account.created_at, ports.settings.validation_delay)
        result.append(
            PendingAccount(
                account=account,
                created_at=account.created_at,
                deadline=deadline,
                overdue=now > deadline,
            )
        )
    return result


def _decide(
    ports: Ports, address: EmailAddress, *, by: EmailAddress, approved: bool, reason: str | None
) -> None:
    now = ports.clock.now()
    action = "approve_account" if approved else "reject_account"
    details = {"account": str(address)}
    require(
        ports,
        service_centre_agent(by, ports.settings.service_centre, subject=address),
        actor=by,
        action=action,
        details=details,
    )
    with ports.uow() as uow:
        account = load_account(ports, uow, address, actor=by, action=action)
        if approved:
            apply(
                ports,
                lambda: account.approve(by=by, at=now),
                actor=by,
                action=action,
                details=details,
            )
        else:
            apply(
                ports,
                lambda: account.reject(by=by, at=now, reason=reason or ""),
                actor=by,
                action=action,
                details=details,
            )
        audit_events(uow, account.pull_events())
        uow.accounts.save(account)
        went_live = []
        for mailbox in uow.mailboxes.for_account(address):
            if delegation_follows_account(mailbox, account, now):
                if approved:
                    mailbox.activate_delegation(account=address, by=by, at=now)
                else:
                    mailbox.revoke_delegation(
                        account=address, by=by, at=now, reason=f"account rejected: {reason}"
                    )
            if mailbox.role_of(address) is Role.RESPONSIBLE and goes_live(mailbox, account):
                mailbox.activate(by=by, at=now)
                went_live.append(mailbox)
            if closes_with_responsible(mailbox, account):
                mailbox.close(by=by, at=now, reason=f"responsible's account rejected: {reason}")
            events = mailbox.pull_events()
            if events:
                audit_events(uow, events)
                uow.mailboxes.save(mailbox)
        uow.commit()
    for mailbox in went_live:
        publish_where_visible(ports, mailbox)
    ports.notifier.send(
        ValidationNotice(to=address, account=address, approved=approved, at=now, reason=reason)
    )


def approve_account(ports: Ports, address: EmailAddress, *, by: EmailAddress) -> None:
    """Validate a new account: it and its pending delegations become active."""
    _decide(ports, address, by=by, approved=True, reason=None)


def reject_account(ports: Ports, address: EmailAddress, *, by: EmailAddress, reason: str) -> None:
    """Refuse a new account, with the reason; its pending delegations are revoked."""
    _decide(ports, address, by=by, approved=False, reason=reason)
