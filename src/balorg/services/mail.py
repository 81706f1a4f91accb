"""Mail through an organisational mailbox: receive (with notices), send, read.

The library does not carry mail: it decides, records and notifies. Sending and reading
act on the mailbox open in the person's session (second guide, step 2: the blue label
says which). A notice leaves the trust space, so it names only the mailbox (see
:class:`balorg.domain.mail.NewMailNotice`). Receiving is the mail transport's act (a
system actor of the host): the external sender is recorded as the sender, never as an
actor of the trail; receiving a known message again changes nothing.
"""

from __future__ import annotations

from typing import ClassVar

from attrs import field, frozen

from balorg.domain.actors import AuthMethod, HostAssertion, SessionToken, SystemActor
from balorg.domain.addresses import EmailAddress
from balorg.domain.errors import Problem
from balorg.domain.mail import Direction, MessageRecord, NewMailNotice
from balorg.domain.mailbox import OrganisationalMailbox
from balorg.rules.access import Action, can_receive
from balorg.rules.notices import notice_recipients
from balorg.services import checks
from balorg.services.bus import PEOPLE, Command, Context, handler, run
from balorg.services.context import Ports
from balorg.services.paging import as_position, encode_cursor, read_cursor

__all__ = [
    "MAX_REFERENCE",
    "MailboxContents",
    "ReadMailbox",
    "ReceiveMessage",
    "Received",
    "SendMessage",
    "read_mailbox",
    "receive_message",
    "send_message",
]

#: A message id fits an RFC 5322 line.
MAX_REFERENCE = 998


def _reference(value: object) -> list[Problem]:
    return checks.text(value, "reference", max_length=MAX_REFERENCE)


def _acting_on(ctx: Context, given: EmailAddress | None) -> OrganisationalMailbox:
    """The mailbox a person acts on: the one open in their session (a host acting by
    its own sign-on names it)."""
    session = ctx.session
    if session is not None:
        if given is not None and given != session.mailbox:
            ctx.refuse(
                Problem(
                    "session.other_mailbox",
                    "mailbox",
                    {"mailbox": str(given), "open": str(session.mailbox)},
                )
            )
        given = session.mailbox
    if given is None:
        ctx.refuse(Problem("field.required", "mailbox"))
    if given == ctx.actor:
        ctx.refuse(Problem("mail.nominative_mailbox", "mailbox", {"mailbox": str(given)}))
    ctx.mailbox_concerned = given
    return ctx.mailbox(given)


@frozen(kw_only=True)
class SendMessage(Command[MessageRecord]):
    """Send in the name of the open mailbox: kept in its sent messages, naming the author."""

    action: ClassVar[str] = "send_message"
    actors: ClassVar[frozenset[AuthMethod]] = PEOPLE
    audited: ClassVar[tuple[str, ...]] = ("recipient", "reference")
    recipient: EmailAddress = field(validator=checks.address_field)
    reference: str = field(converter=checks.plain)
    mailbox: EmailAddress | None = field(default=None, validator=checks.optional_address_field)

    def problems(self) -> list[Problem]:
        return _reference(self.reference)

    def concerns(self) -> tuple[EmailAddress | None, EmailAddress | None]:
        return self.mailbox, None


@handler(SendMessage)
def _send(command: SendMessage, ctx: Context) -> MessageRecord:
    target = _acting_on(ctx, command.mailbox)
    ctx.allowed(Action.SEND, target)
    record = MessageRecord(
        mailbox=target.address,
        direction=Direction.SENT,
        reference=command.reference.strip(),
        at=ctx.now,
        correspondent=command.recipient,
        author=ctx.actor,
    )
    if ctx.uow.messages.has(target.address, Direction.SENT, record.reference):
        ctx.refuse(Problem("mail.duplicate_reference", "reference"))
    ctx.uow.messages.record(record)
    return record


def send_message(
    ports: Ports,
    actor: SessionToken | HostAssertion,
    *,
    recipient: EmailAddress,
    reference: str,
    mailbox: EmailAddress | None = None,
) -> MessageRecord:
    """Send from the open (or given) mailbox in the actor's name (:class:`SendMessage`); the
    message is recorded as written by the nominative person."""
    return run(ports, actor, SendMessage(recipient=recipient, reference=reference, mailbox=mailbox))


@frozen(kw_only=True)
class Received:
    """What receiving did: whether the message was new, and who was told."""

    record: MessageRecord
    new: bool
    notified: tuple[EmailAddress, ...]


@frozen(kw_only=True)
class ReceiveMessage(Command[Received]):
    """Record an incoming message and tell each member who turned notices on."""

    action: ClassVar[str] = "receive_message"
    actors: ClassVar[frozenset[AuthMethod]] = frozenset({AuthMethod.SYSTEM})
    audited: ClassVar[tuple[str, ...]] = ("sender", "reference")
    mailbox: EmailAddress = field(validator=checks.address_field)
    sender: EmailAddress = field(validator=checks.address_field)
    reference: str = field(converter=checks.plain)

    def problems(self) -> list[Problem]:
        return _reference(self.reference)


@handler(ReceiveMessage)
def _receive(command: ReceiveMessage, ctx: Context) -> Received:
    target = ctx.mailbox(command.mailbox)
    ctx.require(can_receive(target))
    record = MessageRecord(
        mailbox=target.address,
        direction=Direction.RECEIVED,
        reference=command.reference.strip(),
        at=ctx.now,
        correspondent=command.sender,
    )
    if ctx.uow.messages.has(target.address, Direction.RECEIVED, record.reference):
        ctx.details["duplicate"] = True
        return Received(record=record, new=False, notified=())
    ctx.uow.messages.record(record)
    subscribers = []
    for address in ctx.uow.accounts.notice_subscribers(target.address):
        account = ctx.find_account(address)
        if account is not None:
            subscribers.append((account, ctx.delegation(target.address, address)))
    notified = notice_recipients(target, subscribers, ctx.now)
    for address in notified:
        ctx.notify(
            NewMailNotice(to=address, mailbox=target.address, at=ctx.now), mailbox=target.address
        )
    ctx.details["notified"] = [str(a) for a in notified]
    return Received(record=record, new=True, notified=tuple(notified))


def receive_message(
    ports: Ports,
    transport: SystemActor,
    mailbox: EmailAddress,
    *,
    sender: EmailAddress,
    reference: str,
) -> Received:
    """The host's mail transport hands over an incoming message of ``mailbox``."""
    return run(
        ports, transport, ReceiveMessage(mailbox=mailbox, sender=sender, reference=reference)
    )


@frozen(kw_only=True)
class MailboxContents:
    """A page of the shared inbox and sent messages, as records (content stays with the host)."""

    mailbox: EmailAddress
    messages: tuple[MessageRecord, ...]
    next: str | None

    @property
    def received(self) -> tuple[MessageRecord, ...]:
        return tuple(m for m in self.messages if m.direction is Direction.RECEIVED)

    @property
    def sent(self) -> tuple[MessageRecord, ...]:
        return tuple(m for m in self.messages if m.direction is Direction.SENT)


@frozen(kw_only=True)
class ReadMailbox(Command[MailboxContents]):
    """The open mailbox's received and sent messages, a page at a time, oldest first."""

    action: ClassVar[str] = "read_mailbox"
    actors: ClassVar[frozenset[AuthMethod]] = PEOPLE
    mailbox: EmailAddress | None = field(default=None, validator=checks.optional_address_field)
    after: str | None = field(default=None, converter=checks.plain)
    limit: int = field(default=100, converter=checks.plain)

    def problems(self) -> list[Problem]:
        return [*read_cursor(self.after, "messages", as_position)[1], *checks.page_size(self.limit)]


@handler(ReadMailbox)
def _read(command: ReadMailbox, ctx: Context) -> MailboxContents:
    target = _acting_on(ctx, command.mailbox)
    ctx.allowed(Action.READ, target)
    after = read_cursor(command.after, "messages", as_position)[0] or 0
    found = ctx.uow.messages.for_mailbox(target.address, after=after, limit=command.limit + 1)
    page = found[: command.limit]
    following = encode_cursor("messages", page[-1][0]) if len(found) > command.limit else None
    return MailboxContents(
        mailbox=target.address, messages=tuple(m for _, m in page), next=following
    )


def read_mailbox(
    ports: Ports,
    actor: SessionToken | HostAssertion,
    *,
    mailbox: EmailAddress | None = None,
    after: str | None = None,
    limit: int = 100,
) -> MailboxContents:
    """A page of the open (or given) mailbox's messages, oldest first, for a member who may read
    it (:class:`ReadMailbox`)."""
    return run(ports, actor, ReadMailbox(mailbox=mailbox, after=after, limit=limit))
