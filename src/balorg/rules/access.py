"""Access: may this account do this on this mailbox now? Deny by default.

The whole authorisation table lives here, in :data:`ACTION_RULES`: for each
action, the capability it needs (or that only the responsible may do it) and
the mailbox states in which it may happen at all. An action is allowed only
when every one of these holds:

1. the account exists and has been validated by the service centre (except
   for the responsible completing the registration of a pending mailbox);
2. the mailbox's lifecycle state admits the action;
3. the account is the responsible (who holds every capability), or holds an
   *active* delegation (checked against the time given) carrying the
   capability; responsible-only actions need the responsible.

>>> ACTION_RULES[Action.SEND].capability.value
'send'
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from typing import Final

from attrs import frozen

from balorg.domain.account import AccountState, ConnectionAccount
from balorg.domain.addresses import EmailAddress
from balorg.domain.delegation import Capability, DelegationState
from balorg.domain.errors import Problem
from balorg.domain.mailbox import LifecycleState, OrganisationalMailbox, Role
from balorg.rules.decision import Decision

__all__ = [
    "ACTION_RULES",
    "RECEIVING_STATES",
    "Action",
    "ActionRule",
    "account_can_act",
    "can_receive",
    "decide",
    "grantee",
    "login_target",
    "may_manage",
    "openable_mailboxes",
    "service_centre_agent",
]


class Action(enum.Enum):
    """Everything an account may try to do on an organisational mailbox."""

    OPEN = "open"  # switch to it, open it at login
    READ = "read"  # read the shared inbox and sent messages
    SEND = "send"  # send in the name of the mailbox
    RECEIVE_NOTICES = "receive_notices"  # have new-mail notices sent to one's address
    ATTACH_MEMBER = "attach_member"  # attach a nominative account (registration step 12)
    GRANT = "grant"
    SUSPEND_MEMBER = "suspend_member"
    RESUME_MEMBER = "resume_member"
    REVOKE_MEMBER = "revoke_member"
    CHANGE_RED_LIST = "change_red_list"
    CHANGE_DESCRIPTION = "change_description"
    READ_AUDIT = "read_audit"
    LIST_MEMBERS = "list_members"
    HAND_OVER = "hand_over"
    FINISH_REGISTRATION = "finish_registration"


_ALL_STATES: Final = frozenset(LifecycleState)
_LIVE: Final = frozenset({LifecycleState.ACTIVE})
_SETUP: Final = frozenset({LifecycleState.PENDING, LifecycleState.ACTIVE})
_CLEAN_UP: Final = frozenset(
    {LifecycleState.PENDING, LifecycleState.ACTIVE, LifecycleState.SUSPENDED}
)


@frozen
class ActionRule:
    """What an action needs: a capability (``None``: the responsible only) and
    the mailbox states in which it may happen. ``registration`` marks the steps
    that the responsible completes on a pending mailbox while their own new
    account still waits for the service centre (first guide, step 12)."""

    capability: Capability | None
    states: frozenset[LifecycleState]
    registration: bool = False


#: The authorisation table. Anything not allowed here is refused.
ACTION_RULES: Final[Mapping[Action, ActionRule]] = {
    Action.OPEN: ActionRule(Capability.READ, _LIVE),
    Action.READ: ActionRule(Capability.READ, _LIVE),
    Action.SEND: ActionRule(Capability.SEND, _LIVE),
    Action.RECEIVE_NOTICES: ActionRule(Capability.READ, _LIVE),
    Action.ATTACH_MEMBER: ActionRule(Capability.MANAGE_MEMBERS, _SETUP, registration=True),
    Action.GRANT: ActionRule(Capability.MANAGE_MEMBERS, _SETUP),
    Action.SUSPEND_MEMBER: ActionRule(Capability.MANAGE_MEMBERS, _CLEAN_UP),
    Action.RESUME_MEMBER: ActionRule(Capability.MANAGE_MEMBERS, _SETUP),
    Action.REVOKE_MEMBER: ActionRule(Capability.MANAGE_MEMBERS, _CLEAN_UP),
    Action.CHANGE_RED_LIST: ActionRule(Capability.ADMINISTER, _SETUP),
    Action.CHANGE_DESCRIPTION: ActionRule(Capability.ADMINISTER, _SETUP),
    Action.READ_AUDIT: ActionRule(Capability.ADMINISTER, _ALL_STATES),
    Action.LIST_MEMBERS: ActionRule(Capability.MANAGE_MEMBERS, _ALL_STATES, registration=True),
    Action.HAND_OVER: ActionRule(None, _CLEAN_UP),
    Action.FINISH_REGISTRATION: ActionRule(
        None, frozenset({LifecycleState.PENDING}), registration=True
    ),
}


def decide(
    action: Action,
    *,
    account: ConnectionAccount | None,
    mailbox: OrganisationalMailbox,
    now: dt.datetime,
) -> Decision:
    """May ``account`` do ``action`` on ``mailbox`` at ``now``? With the reason."""
    rule = ACTION_RULES.get(action)
    if rule is None:  # pragma: no cover - every Action has a rule; deny if one is added without
        return Decision.refuse(Problem("access.unknown_action", "", {"action": action.value}))
    if account is None:
        return Decision.refuse(Problem("access.unknown_account", "account"))
    params: dict[str, object] = {
        "action": action.value,
        "account": str(account.address),
        "mailbox": str(mailbox.address),
    }
    registering = (
        rule.registration
        and mailbox.state is LifecycleState.PENDING
        and account.state is AccountState.PENDING_VALIDATION
        and mailbox.role_of(account.address) is Role.RESPONSIBLE
    )
    if account.state is not AccountState.ACTIVE and not registering:
        return Decision.refuse(
            Problem(
                "access.account_not_active", "account", {**params, "state": account.state.value}
            )
        )
    if mailbox.state not in rule.states:
        return Decision.refuse(
            Problem("access.mailbox_state", "mailbox", {**params, "state": mailbox.state.value})
        )
    role = mailbox.role_of(account.address)
    if role is Role.RESPONSIBLE:
        return Decision.allow()
    if rule.capability is None:
        return Decision.refuse(Problem("access.responsible_only", "account", params))
    if role is Role.NONE:
        return Decision.refuse(Problem("access.not_member", "account", params))
    delegation = mailbox.delegation_of(account.address, now)
    state = delegation.state_at(now) if delegation is not None else DelegationState.REVOKED
    if state is not DelegationState.ACTIVE:
        return Decision.refuse(
            Problem("access.delegation_not_active", "account", {**params, "state": state.value})
        )
    if rule.capability not in mailbox.capabilities_of(account.address, now):
        return Decision.refuse(
            Problem(
                "access.missing_capability",
                "account",
                {**params, "capability": rule.capability.value},
            )
        )
    return Decision.allow()


def openable_mailboxes(
    account: ConnectionAccount, mailboxes: Iterable[OrganisationalMailbox], now: dt.datetime
) -> frozenset[EmailAddress]:
    """The organisational mailboxes ``account`` may open at ``now``."""
    return frozenset(
        m.address for m in mailboxes if decide(Action.OPEN, account=account, mailbox=m, now=now)
    )


def account_can_act(account: ConnectionAccount, *, path: str = "account") -> Decision:
    """A nominative account acts only once the service centre has validated it."""
    if account.state is AccountState.ACTIVE:
        return Decision.allow()
    return Decision.refuse(
        Problem(
            "access.account_not_active",
            path,
            {"account": str(account.address), "state": account.state.value},
        )
    )


def login_target(address: EmailAddress, organisational: OrganisationalMailbox | None) -> Decision:
    """Nobody logs into an organisational mailbox: ``organisational`` is the mailbox
    at ``address``, if there is one."""
    if organisational is None:
        return Decision.allow()
    return Decision.refuse(
        Problem("login.organisational_mailbox", "account", {"mailbox": str(address)})
    )


def service_centre_agent(
    actor: EmailAddress,
    agents: frozenset[EmailAddress],
    subject: EmailAddress | None = None,
) -> Decision:
    """Only the service centre's agents validate new accounts, and never their own."""
    if actor not in agents:
        return Decision.refuse(Problem("service_centre.not_agent", "by", {"actor": str(actor)}))
    if subject is not None and subject == actor:
        return Decision.refuse(
            Problem("service_centre.own_account", "account", {"account": str(subject)})
        )
    return Decision.allow()


#: Mail reaches a mailbox while it is live; a suspended one keeps receiving, so that
#: nothing sent to it is lost while it is suspended.
RECEIVING_STATES: Final = frozenset({LifecycleState.ACTIVE, LifecycleState.SUSPENDED})


def can_receive(mailbox: OrganisationalMailbox) -> Decision:
    """May a message be recorded for ``mailbox``? Not before it goes live, nor once closed."""
    if mailbox.state in RECEIVING_STATES:
        return Decision.allow()
    return Decision.refuse(
        Problem(
            "mailbox.not_receiving",
            "mailbox",
            {"mailbox": str(mailbox.address), "state": mailbox.state.value},
        )
    )


def may_manage(
    mailbox: OrganisationalMailbox, actor: EmailAddress, member: EmailAddress, now: dt.datetime
) -> Decision:
    """Nobody suspends, resumes or revokes a member who holds capabilities they do not
    hold themselves (as nobody grants more than they hold)."""
    delegation = mailbox.delegation_of(member, now)
    if delegation is None:
        return Decision.allow()  # the aggregate says there is nothing to change
    excess = delegation.capabilities - mailbox.capabilities_of(actor, now)
    if not excess:
        return Decision.allow()
    return Decision.refuse(
        Problem(
            "delegation.exceeds_actor",
            "account",
            {"account": str(member), "capabilities": sorted(c.value for c in excess)},
        )
    )


def grantee(account: ConnectionAccount) -> Decision:
    """A delegation goes to a validated account, or to one still waiting for the
    service centre (it then waits too); never to a rejected one."""
    if account.state is AccountState.REJECTED:
        return Decision.refuse(
            Problem("account.rejected", "account", {"account": str(account.address)})
        )
    return Decision.allow()
