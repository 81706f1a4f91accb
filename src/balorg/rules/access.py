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

A decision needs the mailbox, the account and *that account's* delegation on the
mailbox, never the other members': its cost does not grow with the mailbox.

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
from balorg.domain.capabilities import ALL_CAPABILITIES, Capability
from balorg.domain.delegation import Delegation, DelegationState
from balorg.domain.errors import Problem
from balorg.domain.mailbox import LifecycleState, OrganisationalMailbox
from balorg.rules.decision import Decision

__all__ = [
    "ACTION_RULES",
    "RECEIVING_STATES",
    "Action",
    "ActionRule",
    "account_can_act",
    "account_exists",
    "can_receive",
    "capabilities_of",
    "decide",
    "grantee",
    "login_target",
    "may_manage",
    "openable",
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
    REVIEW_MEMBER = "review_member"
    CHANGE_RED_LIST = "change_red_list"
    CHANGE_DESCRIPTION = "change_description"
    CHANGE_DIRECTORY_ENTRY = "change_directory_entry"  # service, contact, rank
    READ_AUDIT = "read_audit"
    READ_SETTINGS = "read_settings"  # the mailbox's state, red list, description, entry
    LIST_MEMBERS = "list_members"
    HAND_OVER = "hand_over"
    FINISH_REGISTRATION = "finish_registration"
    SUSPEND_MAILBOX = "suspend_mailbox"
    RESUME_MAILBOX = "resume_mailbox"
    CLOSE_MAILBOX = "close_mailbox"


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
    Action.REVIEW_MEMBER: ActionRule(Capability.MANAGE_MEMBERS, _CLEAN_UP),
    Action.CHANGE_RED_LIST: ActionRule(Capability.ADMINISTER, _SETUP),
    Action.CHANGE_DESCRIPTION: ActionRule(Capability.ADMINISTER, _SETUP),
    Action.CHANGE_DIRECTORY_ENTRY: ActionRule(Capability.ADMINISTER, _SETUP),
    Action.READ_AUDIT: ActionRule(Capability.ADMINISTER, _ALL_STATES),
    Action.READ_SETTINGS: ActionRule(Capability.READ, _ALL_STATES, registration=True),
    Action.LIST_MEMBERS: ActionRule(Capability.MANAGE_MEMBERS, _ALL_STATES, registration=True),
    Action.HAND_OVER: ActionRule(None, _CLEAN_UP),
    Action.FINISH_REGISTRATION: ActionRule(
        None, frozenset({LifecycleState.PENDING}), registration=True
    ),
    Action.SUSPEND_MAILBOX: ActionRule(None, _LIVE),
    Action.RESUME_MAILBOX: ActionRule(None, frozenset({LifecycleState.SUSPENDED})),
    Action.CLOSE_MAILBOX: ActionRule(None, _CLEAN_UP),
}


def capabilities_of(
    mailbox: OrganisationalMailbox,
    account: EmailAddress,
    delegation: Delegation | None,
    now: dt.datetime,
) -> frozenset[Capability]:
    """What ``account`` may do on ``mailbox`` at ``now``: everything for the
    responsible; an active delegation's capabilities for a member; nothing otherwise.
    ``delegation`` is the account's delegation on the mailbox (or ``None``)."""
    if mailbox.is_responsible(account):
        return ALL_CAPABILITIES
    if delegation is None or delegation.account != account or delegation.mailbox != mailbox.address:
        return frozenset()
    return delegation.capabilities_at(now)


def decide(
    action: Action,
    *,
    account: ConnectionAccount | None,
    mailbox: OrganisationalMailbox,
    delegation: Delegation | None,
    now: dt.datetime,
) -> Decision:
    """May ``account`` do ``action`` on ``mailbox`` at ``now``? With the reason.

    ``delegation`` is the account's current delegation on the mailbox (its live one,
    else its latest one), or ``None``.
    """
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
    responsible = mailbox.is_responsible(account.address)
    registering = (
        rule.registration
        and mailbox.state is LifecycleState.PENDING
        and account.state is AccountState.PENDING_VALIDATION
        and responsible
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
    if responsible:
        return Decision.allow()
    if rule.capability is None:
        return Decision.refuse(Problem("access.responsible_only", "account", params))
    if delegation is None:
        return Decision.refuse(Problem("access.not_member", "account", params))
    state = delegation.state_at(now)
    if state is not DelegationState.ACTIVE:
        return Decision.refuse(
            Problem("access.delegation_not_active", "account", {**params, "state": state.value})
        )
    if rule.capability not in capabilities_of(mailbox, account.address, delegation, now):
        return Decision.refuse(
            Problem(
                "access.missing_capability",
                "account",
                {**params, "capability": rule.capability.value},
            )
        )
    return Decision.allow()


def openable(
    account: ConnectionAccount,
    candidates: Iterable[tuple[OrganisationalMailbox, Delegation | None]],
    now: dt.datetime,
) -> frozenset[EmailAddress]:
    """The organisational mailboxes ``account`` may open at ``now``, among
    ``candidates`` (each mailbox with the account's delegation on it)."""
    return frozenset(
        mailbox.address
        for mailbox, delegation in candidates
        if decide(Action.OPEN, account=account, mailbox=mailbox, delegation=delegation, now=now)
    )


def account_can_act(account: ConnectionAccount, *, path: str = "account") -> Decision:
    """A nominative account acts only once the service centre has validated it, and
    (where the host's credential service is external) once its password is set."""
    params = {"account": str(account.address), "state": account.state.value}
    if account.state is not AccountState.ACTIVE:
        return Decision.refuse(Problem("access.account_not_active", path, params))
    if account.credential_pending:
        return Decision.refuse(Problem("access.credential_pending", path, params))
    return Decision.allow()


def account_exists(account: ConnectionAccount, *, path: str = "account") -> Decision:
    """An authenticated person's account still stands (not rejected, nor given up).
    What it may do is then each rule's to say: a new account still waiting for the
    service centre may finish registering its own mailbox, and nothing else."""
    if account.state.is_closed:
        return Decision.refuse(
            Problem(
                "access.account_closed",
                path,
                {"account": str(account.address), "state": account.state.value},
            )
        )
    return Decision.allow()


def login_target(address: EmailAddress, organisational: OrganisationalMailbox | None) -> Decision:
    """Nobody logs into an organisational mailbox: ``organisational`` is the mailbox
    at ``address``, if there is one."""
    if organisational is None:
        return Decision.allow()
    return Decision.refuse(
        Problem("login.organisational_mailbox", "account", {"mailbox": str(address)})
    )


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
    mailbox: OrganisationalMailbox,
    actor: EmailAddress,
    actor_delegation: Delegation | None,
    member: Delegation | None,
    now: dt.datetime,
) -> Decision:
    """Nobody suspends, resumes or revokes a member who holds capabilities they do not
    hold themselves (as nobody grants more than they hold)."""
    if member is None:
        return Decision.allow()  # the handler says there is nothing to change
    excess = member.capabilities - capabilities_of(mailbox, actor, actor_delegation, now)
    if not excess:
        return Decision.allow()
    return Decision.refuse(
        Problem(
            "delegation.exceeds_actor",
            "account",
            {"account": str(member.account), "capabilities": sorted(c.value for c in excess)},
        )
    )


def grantee(account: ConnectionAccount) -> Decision:
    """A delegation goes to a validated account, or to one still waiting for the
    service centre (it then waits too); never to a rejected or given-up one."""
    if account.state.is_closed:
        return Decision.refuse(
            Problem(
                "account.rejected",
                "account",
                {"account": str(account.address), "state": account.state.value},
            )
        )
    return Decision.allow()
