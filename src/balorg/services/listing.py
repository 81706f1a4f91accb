"""Read-only views of a mailbox for the people who manage it."""

from __future__ import annotations

import datetime as dt

from attrs import frozen

from balorg.domain.addresses import EmailAddress
from balorg.domain.delegation import Capability, DelegationState
from balorg.domain.mailbox import OrganisationalMailbox, Role
from balorg.rules.access import Action, decide
from balorg.services._support import load_mailbox, require
from balorg.services.context import Ports

__all__ = ["Member", "MemberList", "list_members"]


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


@frozen(kw_only=True)
class MemberList:
    mailbox: OrganisationalMailbox
    members: tuple[Member, ...]


def list_members(ports: Ports, mailbox: EmailAddress, *, by: EmailAddress) -> MemberList:
    """The responsible and every account that holds or held a delegation."""
    now = ports.clock.now()
    action = Action.LIST_MEMBERS.value
    with ports.uow() as uow:
        target = load_mailbox(ports, uow, mailbox, actor=by, action=action)
        require(
            ports,
            decide(Action.LIST_MEMBERS, account=uow.accounts.get(by), mailbox=target, now=now),
            actor=by,
            action=action,
            mailbox=mailbox,
        )
    responsible = target.responsible
    members = [
        Member(
            account=responsible.account,
            role=Role.RESPONSIBLE,
            state=None,
            capabilities=target.capabilities_of(responsible.account, now),
            granted_by=responsible.designated_by,
            granted_at=responsible.designated_at,
            expires_at=None,
            reason=None,
        )
    ]
    for account, state in target.members(now):
        delegation = target.delegation_of(account, now)
        if delegation is None or account == responsible.account:
            continue
        members.append(
            Member(
                account=account,
                role=Role.MEMBER,
                state=state,
                capabilities=delegation.capabilities,
                granted_by=delegation.granted_by,
                granted_at=delegation.granted_at,
                expires_at=delegation.expires_at,
                reason=delegation.reason,
            )
        )
    return MemberList(mailbox=target, members=tuple(members))
