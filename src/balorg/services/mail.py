"""Mail through an organisational mailbox: receive (with notices), send, read.

The library does not carry mail: it decides, records and notifies. A notice
leaves the trust space, so it names only the mailbox (see
:class:`balorg.domain.mail.NewMailNotice`).
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen

from balorg.domain.addresses import EmailAddress
from balorg.domain.audit import AuditRecord
from balorg.domain.errors import Problem
from balorg.domain.mail import Direction, MessageRecord, NewMailNotice
from balorg.domain.text import text_problem
from balorg.rules.access import Action, can_receive, decide
from balorg.services._support import load_mailbox, refuse, require
from balorg.services.context import Ports

__all__ = ["MailboxContents", "read_mailbox", "receive_message", "send_message"]


@frozen(kw_only=True)
class MailboxContents:
    """The shared inbox and sent messages, as records (content stays with the host)."""

    mailbox: EmailAddress
    received: tuple[MessageRecord, ...]
    sent: tuple[MessageRecord, ...]


def _check_reference(
    ports: Ports, reference: str, *, actor: EmailAddress, action: str, mailbox: EmailAddress
) -> None:
    """The host's message id is stored and hashed: printable and bounded (an RFC 5322
    line), or refused without being copied into the trail."""
    problem = text_problem(reference, "reference", max_length=998)
    if problem is not None or not reference.strip():
        refuse(
            ports,
            actor=actor,
            action=action,
            mailbox=mailbox,
            problems=[problem or Problem("field.required", "reference")],
        )


def receive_message(
    ports: Ports, mailbox: EmailAddress, *, sender: EmailAddress, reference: str
) -> Sequence[NewMailNotice]:
    """Record an incoming message and notify each member who turned notices on.

    The trail names the sender (a nominative MSSanté correspondent): receipt is
    not a member's act. Answers the notices sent.
    """
    now = ports.clock.now()
    notices: list[NewMailNotice] = []
    _check_reference(ports, reference, actor=sender, action="receive_message", mailbox=mailbox)
    with ports.uow() as uow:
        target = load_mailbox(ports, uow, mailbox, actor=sender, action="receive_message")
        require(ports, can_receive(target), actor=sender, action="receive_message", mailbox=mailbox)
        uow.messages.record(
            MessageRecord(
                mailbox=mailbox,
                direction=Direction.RECEIVED,
                reference=reference,
                at=now,
                correspondent=sender,
            )
        )
        for address in sorted(target.accounts_with_access(now), key=str):
            account = uow.accounts.get(address)
            if account is None or mailbox not in account.notices:
                continue
            if decide(Action.RECEIVE_NOTICES, account=account, mailbox=target, now=now):
                notices.append(NewMailNotice(to=address, mailbox=mailbox, at=now))
        uow.audit.append(
            AuditRecord(
                at=now,
                actor=str(sender),
                action="receive_message",
                allowed=True,
                mailbox=str(mailbox),
                details={"reference": reference, "notified": [str(n.to) for n in notices]},
            )
        )
        uow.commit()
    for notice in notices:
        ports.notifier.send(notice)
    return notices


def send_message(
    ports: Ports,
    mailbox: EmailAddress,
    *,
    by: EmailAddress,
    recipient: EmailAddress,
    reference: str,
) -> MessageRecord:
    """Send in the name of the mailbox: kept in its sent messages, naming the author."""
    now = ports.clock.now()
    action = Action.SEND.value
    _check_reference(ports, reference, actor=by, action=action, mailbox=mailbox)
    with ports.uow() as uow:
        target = load_mailbox(ports, uow, mailbox, actor=by, action=action)
        require(
            ports,
            decide(Action.SEND, account=uow.accounts.get(by), mailbox=target, now=now),
            actor=by,
            action=action,
            mailbox=mailbox,
            details={"reference": reference},
        )
        record = MessageRecord(
            mailbox=mailbox,
            direction=Direction.SENT,
            reference=reference,
            at=now,
            correspondent=recipient,
            author=by,
        )
        uow.messages.record(record)
        uow.audit.append(
            AuditRecord(
                at=now,
                actor=str(by),
                action="send_message",
                allowed=True,
                mailbox=str(mailbox),
                details={"reference": reference, "recipient": str(recipient)},
            )
        )
        uow.commit()
    return record


def read_mailbox(ports: Ports, mailbox: EmailAddress, *, by: EmailAddress) -> MailboxContents:
    """The shared inbox and sent messages, for a member with the read capability."""
    now = ports.clock.now()
    action = Action.READ.value
    with ports.uow() as uow:
        target = load_mailbox(ports, uow, mailbox, actor=by, action=action)
        require(
            ports,
            decide(Action.READ, account=uow.accounts.get(by), mailbox=target, now=now),
            actor=by,
            action=action,
            mailbox=mailbox,
        )
        received = tuple(uow.messages.for_mailbox(mailbox, Direction.RECEIVED))
        sent = tuple(uow.messages.for_mailbox(mailbox, Direction.SENT))
        uow.audit.append(
            AuditRecord(
                at=now, actor=str(by), action="read_mailbox", allowed=True, mailbox=str(mailbox)
            )
        )
        uow.commit()
    return MailboxContents(mailbox=mailbox, received=received, sent=sent)
