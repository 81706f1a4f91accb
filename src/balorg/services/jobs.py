"""The operator's scheduled jobs, run by a system actor of the host (its scheduler).

:func:`send_expiry_reminders`: members and managers are told, a configurable time
(:attr:`Settings.reminder_lead`) before a delegation expires, so that it can be renewed
before access stops: the holder, the mailbox's responsible and the grantor.
"""

from __future__ import annotations

from typing import ClassVar

from attrs import field, frozen

from balorg.domain.actors import AuthMethod, SystemActor
from balorg.domain.addresses import EmailAddress
from balorg.domain.errors import Problem
from balorg.domain.mail import ExpiryNotice
from balorg.services import checks
from balorg.services.bus import Command, Context, handler, run
from balorg.services.context import Ports

__all__ = ["SendExpiryReminders", "send_expiry_reminders"]


@frozen(kw_only=True)
class SendExpiryReminders(Command[int]):
    """Remind (through the outbox) of the delegations about to expire; answers how many."""

    action: ClassVar[str] = "send_expiry_reminders"
    actors: ClassVar[frozenset[AuthMethod]] = frozenset({AuthMethod.SYSTEM})
    limit: int = field(default=500, converter=checks.plain)

    def problems(self) -> list[Problem]:
        return checks.page_size(self.limit)


@handler(SendExpiryReminders)
def _remind(command: SendExpiryReminders, ctx: Context) -> int:
    soon = ctx.uow.delegations.expiring(
        after=ctx.now, until=ctx.now + ctx.settings.reminder_lead, limit=command.limit
    )
    for found in soon:
        delegation = ctx.track(found)
        expires_at = delegation.expires_at
        if expires_at is None:  # pragma: no cover - the repository answers expiring ones
            continue
        mailbox = ctx.mailbox(delegation.mailbox)
        told: set[EmailAddress] = set()
        for person in (delegation.account, mailbox.responsible.account, delegation.granted_by):
            if person in told:
                continue
            told.add(person)
            ctx.notify(
                ExpiryNotice(
                    to=person,
                    mailbox=mailbox.address,
                    account=delegation.account,
                    expires_at=expires_at,
                    at=ctx.now,
                ),
                mailbox=mailbox.address,
            )
        delegation.record_reminder(by=ctx.actor, at=ctx.now)
    ctx.details["reminded"] = len(soon)
    return len(soon)


def send_expiry_reminders(ports: Ports, scheduler: SystemActor, *, limit: int = 500) -> int:
    """Tell members and managers of delegations about to expire, a batch at a time
    (:class:`SendExpiryReminders`); answers how many were reminded."""
    return run(ports, scheduler, SendExpiryReminders(limit=limit))
