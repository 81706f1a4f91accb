"""Plumbing shared by the use cases: loading, refusing and auditing."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NoReturn, TypeVar

import attrs

from balorg.domain.account import ConnectionAccount
from balorg.domain.addresses import EmailAddress
from balorg.domain.audit import AuditRecord
from balorg.domain.errors import DomainRefusal, Problem
from balorg.domain.events import DomainEvent, MailboxEvent
from balorg.domain.mailbox import OrganisationalMailbox
from balorg.ports.repositories import UnitOfWork
from balorg.rules.decision import Decision
from balorg.services.context import Ports


def plain(value: object) -> Any:
    """JSON-ready form of event fields."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted(plain(v) for v in value)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def record_of(event: DomainEvent, context: EmailAddress | None = None) -> AuditRecord:
    """The audit record of a domain event: allowed, by its actor, at its time.

    ``context`` files an account's event under the mailbox whose use case caused
    it (a member's account created from the mailbox), so the mailbox's trail
    shows it.
    """
    fields = attrs.asdict(event, recurse=False)
    details = {k: plain(v) for k, v in fields.items() if k not in ("actor", "at", "mailbox")}
    if isinstance(event, MailboxEvent):
        mailbox: str | None = str(event.mailbox)
    else:
        mailbox = str(context) if context is not None else None
    return AuditRecord(
        at=event.at,
        actor=str(event.actor),
        action=_snake(event.name),
        allowed=True,
        mailbox=mailbox,
        details=details,
    )


def audit_events(
    uow: UnitOfWork, events: Iterable[DomainEvent], *, context: EmailAddress | None = None
) -> None:
    for event in events:
        uow.audit.append(record_of(event, context))


def refuse(
    ports: Ports,
    *,
    actor: EmailAddress | str,
    action: str,
    problems: Iterable[Problem],
    mailbox: EmailAddress | None = None,
    details: Mapping[str, Any] | None = None,
) -> NoReturn:
    """Record the refusal in its own transaction (the change itself left no
    trace), then raise it."""
    problems = tuple(problems)
    codes = tuple(p.code for p in problems)
    with ports.uow() as uow:
        uow.audit.append(
            AuditRecord(
                at=ports.clock.now(),
                actor=str(actor),
                action=action,
                allowed=False,
                mailbox=str(mailbox) if mailbox is not None else None,
                reasons=codes,
                details=dict(details or {}),
            )
        )
        uow.commit()
    raise DomainRefusal(problems)


def require(
    ports: Ports,
    decision: Decision,
    *,
    actor: EmailAddress,
    action: str,
    mailbox: EmailAddress | None = None,
    details: Mapping[str, Any] | None = None,
) -> None:
    if not decision:
        refuse(
            ports,
            actor=actor,
            action=action,
            problems=decision.reasons,
            mailbox=mailbox,
            details=details,
        )


def load_mailbox(
    ports: Ports, uow: UnitOfWork, address: EmailAddress, *, actor: EmailAddress, action: str
) -> OrganisationalMailbox:
    mailbox = uow.mailboxes.get(address)
    if mailbox is None:
        refuse(
            ports,
            actor=actor,
            action=action,
            mailbox=address,
            problems=[Problem("mailbox.unknown", "mailbox", {"mailbox": str(address)})],
        )
    return mailbox


def load_account(
    ports: Ports,
    uow: UnitOfWork,
    address: EmailAddress,
    *,
    actor: EmailAddress,
    action: str,
    mailbox: EmailAddress | None = None,
) -> ConnectionAccount:
    account = uow.accounts.get(address)
    if account is None:
        refuse(
            ports,
            actor=actor,
            action=action,
            mailbox=mailbox,
            problems=[Problem("account.unknown", "account", {"account": str(address)})],
        )
    return account


T = TypeVar("T")


def apply(
    ports: Ports,
    change: Callable[[], T],
    *,
    actor: EmailAddress,
    action: str,
    mailbox: EmailAddress | None = None,
    details: Mapping[str, Any] | None = None,
) -> T:
    """Call an aggregate's method; a refusal from the aggregate is audited and raised."""
    try:
        return change()
    except DomainRefusal as exc:
        refuse(
            ports,
            actor=actor,
            action=action,
            problems=exc.problems,
            mailbox=mailbox,
            details=details,
        )
