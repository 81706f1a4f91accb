"""Reading the audit trail: per mailbox, per account, per period, with verification."""

from __future__ import annotations

import datetime as dt

from attrs import frozen

from balorg.domain.addresses import EmailAddress
from balorg.domain.audit import AuditEntry, ChainReport, verify_chain
from balorg.rules.access import Action, decide
from balorg.services._support import load_mailbox, require
from balorg.services.context import Ports

__all__ = ["AuditTrail", "read_audit_trail", "verify_audit_trail"]


@frozen(kw_only=True)
class AuditTrail:
    entries: tuple[AuditEntry, ...]
    verification: ChainReport


def verify_audit_trail(ports: Ports, *, expected_head: str | None = None) -> ChainReport:
    """Check the whole chain: any edited, removed or reordered entry is reported, and
    entries cut off the end too (against the head the log keeps apart, or
    ``expected_head`` when the host kept its own copy)."""
    with ports.uow() as uow:
        head = expected_head if expected_head is not None else uow.audit.head()
        return verify_chain(uow.audit.entries(), expected_head=head)


def read_audit_trail(
    ports: Ports,
    mailbox: EmailAddress,
    *,
    by: EmailAddress,
    actor: EmailAddress | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> AuditTrail:
    """Who did what on ``mailbox`` (optionally: by whom, over which period),
    for an account that administers it; the whole chain is verified."""
    now = ports.clock.now()
    action = Action.READ_AUDIT.value
    with ports.uow() as uow:
        target = load_mailbox(ports, uow, mailbox, actor=by, action=action)
        require(
            ports,
            decide(Action.READ_AUDIT, account=uow.accounts.get(by), mailbox=target, now=now),
            actor=by,
            action=action,
            mailbox=mailbox,
        )
        entries = tuple(
            uow.audit.entries(
                mailbox=str(mailbox),
                actor=str(actor) if actor is not None else None,
                since=since,
                until=until,
            )
        )
        report = verify_chain(uow.audit.entries(), expected_head=uow.audit.head())
    return AuditTrail(entries=entries, verification=report)
