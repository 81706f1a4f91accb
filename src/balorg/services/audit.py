"""Reading and verifying the audit trail: per mailbox, per account, per period.

Reading a mailbox's trail reads, and verifies, that mailbox's chain only. Verifying
the whole store streams its rows (:func:`verify_audit`) and can resume from the
checkpoint the last verification saved; :func:`anchor_audit` records every chain's head
in the global chain of anchors, so that a whole chain removed later is found.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import attrs
from attrs import field, frozen

from balorg.domain.actors import AuthMethod, HostAssertion, SessionToken
from balorg.domain.addresses import EmailAddress
from balorg.domain.audit import AuditEntry, ChainReport, Checkpoint, chain_of, verify_store
from balorg.domain.errors import Problem
from balorg.ports.repositories import UnitOfWork
from balorg.rules.access import Action
from balorg.rules.service_centre import service_centre_agent
from balorg.services import checks
from balorg.services.bus import PEOPLE, Command, Context, handler, run
from balorg.services.context import Ports
from balorg.services.paging import as_audit_key, encode_cursor, read_cursor

__all__ = [
    "AuditTrail",
    "ReadAccountTrail",
    "ReadAuditTrail",
    "anchor_audit",
    "read_account_trail",
    "read_audit_trail",
    "verify_audit",
]


@frozen(kw_only=True)
class AuditTrail:
    """A page of entries, and the verification of the chain(s) they come from."""

    entries: tuple[AuditEntry, ...]
    verification: ChainReport
    next: str | None = None


def _filters(since: object, until: object) -> list[Problem]:
    return [*checks.aware(since, "since"), *checks.aware(until, "until")]


def _page(
    ctx: Context,
    *,
    mailbox: str | None,
    account: str | None,
    actor: EmailAddress | None,
    since: dt.datetime | None,
    until: dt.datetime | None,
    after: str | None,
    limit: int,
) -> tuple[tuple[AuditEntry, ...], str | None]:
    cursor, _ = read_cursor(after, "audit", as_audit_key)
    found = ctx.uow.audit.entries(
        mailbox=mailbox,
        account=account,
        actor=str(actor) if actor is not None else None,
        since=since,
        until=until,
        after=cursor,
        limit=limit + 1,
    )
    page = tuple(found[:limit])
    following = None
    if len(found) > limit:
        last = page[-1]
        following = encode_cursor("audit", [last.at.isoformat(), last.chain, last.seq])
    return page, following


def _verify_chain(ctx: Context, chain: str) -> ChainReport:
    audit = ctx.uow.audit
    return verify_store(audit.raw(chain=chain), heads={chain: audit.head(chain)}, anchors=())


@frozen(kw_only=True)
class ReadAuditTrail(Command[AuditTrail]):
    """Who did what on a mailbox (optionally: by whom, over which period), for an account
    that administers it; the mailbox's chain is verified."""

    action: ClassVar[str] = "read_audit_trail"
    actors: ClassVar[frozenset[AuthMethod]] = PEOPLE
    mailbox: EmailAddress = field(validator=checks.address_field)
    actor: EmailAddress | None = field(default=None, validator=checks.optional_address_field)
    since: dt.datetime | None = field(default=None, converter=checks.moment)
    until: dt.datetime | None = field(default=None, converter=checks.moment)
    after: str | None = field(default=None, converter=checks.plain)
    limit: int = field(default=100, converter=checks.plain)

    def problems(self) -> list[Problem]:
        return [
            *_filters(self.since, self.until),
            *read_cursor(self.after, "audit", as_audit_key)[1],
            *checks.page_size(self.limit),
        ]


@handler(ReadAuditTrail)
def _read_trail(command: ReadAuditTrail, ctx: Context) -> AuditTrail:
    target = ctx.mailbox(command.mailbox)
    ctx.allowed(Action.READ_AUDIT, target)
    entries, following = _page(
        ctx,
        mailbox=str(target.address),
        account=None,
        actor=command.actor,
        since=command.since,
        until=command.until,
        after=command.after,
        limit=command.limit,
    )
    report = _verify_chain(ctx, chain_of(str(target.address), None, ""))
    return AuditTrail(entries=entries, verification=report, next=following)


def read_audit_trail(
    ports: Ports,
    actor: SessionToken | HostAssertion,
    mailbox: EmailAddress,
    *,
    by: EmailAddress | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    after: str | None = None,
    limit: int = 100,
) -> AuditTrail:
    """``by`` keeps only that account's entries."""
    return run(
        ports,
        actor,
        ReadAuditTrail(
            mailbox=mailbox, actor=by, since=since, until=until, after=after, limit=limit
        ),
    )


@frozen(kw_only=True)
class ReadAccountTrail(Command[AuditTrail]):
    """What an account did or underwent, everywhere: for the account itself and for
    the service centre's agents. Its own chain is verified."""

    action: ClassVar[str] = "read_account_trail"
    actors: ClassVar[frozenset[AuthMethod]] = PEOPLE
    account: EmailAddress = field(validator=checks.address_field)
    since: dt.datetime | None = field(default=None, converter=checks.moment)
    until: dt.datetime | None = field(default=None, converter=checks.moment)
    after: str | None = field(default=None, converter=checks.plain)
    limit: int = field(default=100, converter=checks.plain)

    def problems(self) -> list[Problem]:
        return [
            *_filters(self.since, self.until),
            *read_cursor(self.after, "audit", as_audit_key)[1],
            *checks.page_size(self.limit),
        ]


@handler(ReadAccountTrail)
def _read_account(command: ReadAccountTrail, ctx: Context) -> AuditTrail:
    if command.account != ctx.actor:
        ctx.require(service_centre_agent(ctx.actor, ctx.settings.service_centre))
    entries, following = _page(
        ctx,
        mailbox=None,
        account=str(command.account),
        actor=None,
        since=command.since,
        until=command.until,
        after=command.after,
        limit=command.limit,
    )
    report = _verify_chain(ctx, chain_of(None, str(command.account), ""))
    return AuditTrail(entries=entries, verification=report, next=following)


def read_account_trail(
    ports: Ports,
    actor: SessionToken | HostAssertion,
    account: EmailAddress,
    *,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    after: str | None = None,
    limit: int = 100,
) -> AuditTrail:
    """A page of one account's trail: what it did and what was done to it
    (:class:`ReadAccountTrail`)."""
    return run(
        ports,
        actor,
        ReadAccountTrail(account=account, since=since, until=until, after=after, limit=limit),
    )


def verify_audit(
    ports: Ports,
    *,
    resume: bool = False,
    start: Checkpoint | None = None,
    expected_anchor_head: str | None = None,
) -> ChainReport:
    """Verify the whole store: every chain, every head, every anchor. With ``resume``,
    start from the checkpoint the last good verification saved (or from ``start``);
    a good verification saves its checkpoint. Keep ``report.head`` (the anchors' head)
    outside the database and pass it back as ``expected_anchor_head`` to detect anchors
    cut off the end."""
    began = ports.clock.now()
    with ports.uow() as uow:
        begin = start if start is not None else (uow.audit.checkpoint() if resume else None)
        kept = expected_anchor_head
        if kept is not None and begin is not None and _anchored_before(uow, begin, kept):
            kept = None  # in the part of the anchors' chain verified before the checkpoint
        report = verify_store(
            uow.audit.raw(start=begin),
            heads=uow.audit.heads(),
            anchors=uow.audit.anchors(after=begin.anchor_seq if begin else 0),
            start=begin,
            expected_anchor_head=kept,
        )
        if report.ok and report.checkpoint is not None:
            checkpoint = attrs.evolve(report.checkpoint, at=began)
            report = attrs.evolve(report, checkpoint=checkpoint)
            uow.audit.save_checkpoint(checkpoint)
            uow.commit()
    return report


def _anchored_before(uow: UnitOfWork, begin: Checkpoint, kept: str) -> bool:
    """Whether the anchor hash ``kept`` is among the anchors up to the checkpoint's."""
    for anchor in uow.audit.anchors(after=0):
        if anchor.seq > begin.anchor_seq:
            return False
        if anchor.hash == kept:
            return True
    return False


def anchor_audit(ports: Ports) -> int:
    """Anchor every chain whose head moved since its last anchor; answers how many."""
    with ports.uow() as uow:
        count = uow.audit.anchor(at=ports.clock.now())
        uow.commit()
    return count
