"""One mechanism for every use case: commands, handlers and the runner.

Each use case is a :class:`Command` (a frozen attrs value) handled by one function. The
runner, :func:`run`, does for every command, in one transaction:

1. check the command's values (every problem at once, each at its field path);
2. authenticate the actor (a session, the host's assertion, a password) inside the
   transaction, so that a session's expiry or the login throttle cannot be raced;
3. call the handler, which loads through the unit of work, decides with
   :mod:`balorg.rules` and the aggregates, and applies;
4. save every aggregate that changed, collect their events, turn what concerns the
   outside world into outbox messages (notices, directory changes);
5. append exactly one audit entry under the command's action name, and commit.

A refusal (a rule or an aggregate said no) rolls the change back and commits, instead,
the audit entry of the refusal, under the same action name, with every reason's code;
what must survive a refusal (a failed password counted by the throttle) is written with
it. A write conflict with a concurrent use case retries the whole command.

::

    host ──run(ports, actor, Command)──▶ runner ──▶ handler(command, ctx)
                                           │           │ ctx.mailbox(), ctx.require(rule)
                                           │           ▼
                                           │        aggregates (events)
                                           ▼
                  one transaction: changes + audit entry + outbox messages ──▶ commit
                                                                                 │
                  dispatcher (later, with retries) ◀── outbox ◀──────────────────┘
"""

from __future__ import annotations

import datetime as dt
import importlib
import secrets
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Generic, NoReturn, TypeVar, cast

from attrs import field, frozen
from attrs.validators import instance_of

from balorg import serialization
from balorg.domain.account import ConnectionAccount
from balorg.domain.actors import (
    Actor,
    AuthMethod,
    HostAssertion,
    Principal,
    SessionToken,
    SystemActor,
)
from balorg.domain.addresses import EmailAddress
from balorg.domain.audit import AuditRecord
from balorg.domain.delegation import Delegation
from balorg.domain.errors import DomainRefusal, Problem
from balorg.domain.events import DomainEvent, MailboxEvent
from balorg.domain.mail import Notice
from balorg.domain.mailbox import OrganisationalMailbox
from balorg.domain.publication import DirectoryKind, MailboxEntry
from balorg.domain.session import Session
from balorg.ports.credentials import Password
from balorg.ports.outbox import OutboxMessage
from balorg.ports.repositories import ConcurrencyConflict, DuplicateError, UnitOfWork
from balorg.rules import publication
from balorg.rules.access import Action, account_exists, decide
from balorg.rules.decision import Decision
from balorg.rules.registration import credential_attempts
from balorg.services.context import Ports

__all__ = [
    "PEOPLE",
    "Command",
    "Context",
    "PasswordLogin",
    "SignUp",
    "commands",
    "handler",
    "run",
]

R = TypeVar("R")
C = TypeVar("C", bound="Command[Any]")

#: How many times a command is retried after a write conflict before giving up.
MAX_ATTEMPTS = 5
#: The actor recorded when no one could be authenticated (a refusal only).
UNAUTHENTICATED = "unauthenticated"
#: The actor kinds of a person's use cases: their session, or the host's sign-on.
PEOPLE = frozenset({AuthMethod.SESSION, AuthMethod.HOST})


@frozen
class PasswordLogin:
    """A person proving who they are with their address and password (log-in, and the
    person attached at registration step 12). Not for hosts' other calls: a host
    authenticates people itself (:class:`HostAssertion`) or keeps their session.
    An account that is not an :class:`EmailAddress`, or a password that is not a
    :class:`Password`, is a :class:`TypeError` at once."""

    account: EmailAddress = field(validator=instance_of(EmailAddress))
    password: Password = field(repr=False, validator=instance_of(Password))


@frozen
class SignUp:
    """The registrant of a new mailbox (first guide): an existing account proves itself
    with its password; a new one is created with it and waits for the service centre."""

    account: EmailAddress = field(validator=instance_of(EmailAddress))
    password: Password = field(repr=False, validator=instance_of(Password))


@frozen(kw_only=True)
class Command(Generic[R]):
    """A use case's request. Subclasses set :attr:`action`, the one name the audit trail
    records for both outcomes, and may override :meth:`problems`."""

    action: ClassVar[str] = ""
    #: Which actor kinds may run it.
    actors: ClassVar[frozenset[AuthMethod]] = frozenset(
        {AuthMethod.SESSION, AuthMethod.HOST, AuthMethod.PASSWORD}
    )
    #: Fields copied into the audit entry when they passed their checks.
    audited: ClassVar[tuple[str, ...]] = ()

    def problems(self) -> list[Problem]:
        """Every problem with the command's values (none: they may be used)."""
        return []

    def proofs(self, actor: EmailAddress) -> list[tuple[EmailAddress, Password]]:
        """Passwords the command carries for someone other than the actor (the person
        attached at registration step 12 consents with theirs): checked, throttled,
        before the handler runs."""
        return []

    def concerns(self) -> tuple[EmailAddress | None, EmailAddress | None]:
        """The mailbox and the account the command concerns, for the audit."""
        mailbox = getattr(self, "mailbox", None)
        account = getattr(self, "account", None)
        return (
            mailbox if isinstance(mailbox, EmailAddress) else None,
            account if isinstance(account, EmailAddress) else None,
        )


Handler = Callable[[Any, "Context"], Any]
_HANDLERS: dict[type[Command[Any]], Handler] = {}


def commands() -> frozenset[type[Command[Any]]]:
    """Every command of the library (and any a host registered), their modules imported
    first: the package imports its use cases on first use only."""
    import pkgutil  # noqa: PLC0415

    import balorg.services  # noqa: PLC0415

    for info in pkgutil.iter_modules(balorg.services.__path__):
        importlib.import_module(f"balorg.services.{info.name}")
    return frozenset(_HANDLERS)


def handler(kind: type[C]) -> Callable[[Callable[[C, Context], R]], Callable[[C, Context], R]]:
    """Register the decorated function as the handler of ``kind``."""

    def register(function: Callable[[C, Context], R]) -> Callable[[C, Context], R]:
        _HANDLERS[kind] = function
        return function

    return register


class Context:
    """What a handler works with: the unit of work, the time, the authenticated actor,
    and helpers that load (tracking what changes), decide and record."""

    def __init__(
        self, ports: Ports, uow: UnitOfWork, now: dt.datetime, command: Command[Any]
    ) -> None:
        self.ports = ports
        self.settings = ports.settings
        self.uow = uow
        self.now = now
        self.command = command
        self.principal = Principal(None, AuthMethod.SYSTEM, "")
        self.session: Session | None = None
        self.mailbox_concerned, self.account_concerned = command.concerns()
        self.details: dict[str, Any] = {}
        #: The command's problems, once its values were checked (none yet: ``None``).
        self.problems: list[Problem] | None = None
        self.warnings: list[Problem] = []
        self.outbox: list[OutboxMessage] = []
        self._mailboxes: dict[EmailAddress, OrganisationalMailbox | None] = {}
        self._shown: dict[EmailAddress, dict[DirectoryKind, MailboxEntry | None]] = {}
        self._accounts: dict[EmailAddress, ConnectionAccount | None] = {}
        self._delegations: dict[tuple[EmailAddress, EmailAddress], Delegation | None] = {}
        self._tracked: list[Any] = []
        self._new: list[Any] = []
        self._after_commit: list[Callable[[], object]] = []

    # -- who acts -----------------------------------------------------------------------------

    @property
    def actor(self) -> EmailAddress:
        """The nominative account acting (system jobs act as the operator's system address)."""
        if self.principal.account is not None:
            return self.principal.account
        return self.settings.system_address

    # -- loading (tracked) --------------------------------------------------------------------

    def find_mailbox(self, address: EmailAddress) -> OrganisationalMailbox | None:
        if address not in self._mailboxes:
            found = self.uow.mailboxes.get(address)
            self._mailboxes[address] = found
            if found is not None:
                self._track(found)
                self._shown[address] = _shown(found)
        return self._mailboxes[address]

    def mailbox(self, address: EmailAddress, *, path: str = "mailbox") -> OrganisationalMailbox:
        """The mailbox, or a refusal ``mailbox.unknown``."""
        found = self.find_mailbox(address)
        if found is None:
            self.refuse(Problem("mailbox.unknown", path, {"mailbox": str(address)}))
        return found

    def find_account(self, address: EmailAddress) -> ConnectionAccount | None:
        if address not in self._accounts:
            found = self.uow.accounts.get(address)
            self._accounts[address] = found
            if found is not None:
                self._track(found)
        return self._accounts[address]

    def address_taken(self, address: EmailAddress) -> bool:
        """Whether a mailbox or an account already has ``address``."""
        return self.find_mailbox(address) is not None or self.find_account(address) is not None

    def account(self, address: EmailAddress, *, path: str = "account") -> ConnectionAccount:
        """The account, or a refusal ``account.unknown``."""
        found = self.find_account(address)
        if found is None:
            self.refuse(Problem("account.unknown", path, {"account": str(address)}))
        return found

    def delegation(self, mailbox: EmailAddress, account: EmailAddress) -> Delegation | None:
        """The account's current delegation on the mailbox (live, else latest)."""
        key = (mailbox, account)
        if key not in self._delegations:
            found = self.uow.delegations.current(mailbox, account)
            self._delegations[key] = found
            if found is not None:
                self._track(found)
        return self._delegations[key]

    def track(self, aggregate: Any) -> Any:
        """Follow an aggregate loaded otherwise (a page, a list): saved if it changes."""
        if isinstance(aggregate, Delegation):
            key = (aggregate.mailbox, aggregate.account)
            known = self._delegations.get(key)
            if known is not None:
                return known
            self._delegations[key] = aggregate
        elif isinstance(aggregate, OrganisationalMailbox):
            known_mailbox = self._mailboxes.get(aggregate.address)
            if known_mailbox is not None:
                return known_mailbox
            self._mailboxes[aggregate.address] = aggregate
            self._shown[aggregate.address] = _shown(aggregate)
        elif isinstance(aggregate, ConnectionAccount):
            known_account = self._accounts.get(aggregate.address)
            if known_account is not None:
                return known_account
            self._accounts[aggregate.address] = aggregate
        self._track(aggregate)
        return aggregate

    def _track(self, aggregate: Any) -> None:
        self._tracked.append(aggregate)

    def add(self, aggregate: Any) -> None:
        """A new aggregate, stored at the end of the command."""
        if isinstance(aggregate, OrganisationalMailbox):
            self._mailboxes[aggregate.address] = aggregate
            self._shown[aggregate.address] = dict.fromkeys(DirectoryKind)
        elif isinstance(aggregate, ConnectionAccount):
            self._accounts[aggregate.address] = aggregate
        elif isinstance(aggregate, Delegation):
            self._delegations[(aggregate.mailbox, aggregate.account)] = aggregate
        self._new.append(aggregate)

    def added_delegations(self, account: EmailAddress) -> list[Delegation]:
        """Delegations of ``account`` created by this command (not stored yet)."""
        return [a for a in self._new if isinstance(a, Delegation) and a.account == account]

    # -- deciding -----------------------------------------------------------------------------

    def refuse(self, *problems: Problem) -> NoReturn:
        raise DomainRefusal(problems)

    def require(self, *decisions: Decision) -> None:
        """Go on if every decision allows; else refuse with every reason at once.
        Warnings are kept for the result either way."""
        reasons: list[Problem] = []
        for decision in decisions:
            reasons.extend(decision.reasons)
            self.warnings.extend(w for w in decision.warnings if w not in self.warnings)
        if reasons:
            raise DomainRefusal(reasons)

    def allowed(self, action: Action, mailbox: OrganisationalMailbox) -> None:
        """Go on if the actor may do ``action`` on ``mailbox`` (the access rule); else refuse."""
        self.require(
            decide(
                action,
                account=self.find_account(self.actor),
                mailbox=mailbox,
                delegation=self.delegation(mailbox.address, self.actor),
                now=self.now,
            )
        )

    # -- recording ----------------------------------------------------------------------------

    def notify(self, notice: Notice, *, mailbox: EmailAddress | None = None) -> str:
        """Send ``notice`` once the command commits (through the outbox); answers its key."""
        return self._post("notice", serialization.unstructure(notice), mailbox)

    def _post(
        self,
        kind: str,
        payload: Mapping[str, Any],
        mailbox: EmailAddress | None,
        *,
        lane: str | None = None,
    ) -> str:
        key = secrets.token_hex(16)
        self.outbox.append(
            OutboxMessage(
                key=key,
                kind=kind,
                payload=payload,
                created_at=self.now,
                mailbox=str(mailbox) if mailbox is not None else None,
                due_at=self.now,
                lane=lane,
            )
        )
        return key

    def after_commit(self, effect: Callable[[], object]) -> None:
        """Run ``effect`` once the command committed (the host's own services)."""
        self._after_commit.append(effect)

    # -- the end of the command ---------------------------------------------------------------

    def _finish(self) -> list[DomainEvent]:
        """Store what changed; answer the events in order."""
        events: list[DomainEvent] = []
        repositories = self._repositories()
        new = {id(a) for a in self._new}
        seen: set[int] = set()
        # Changes first: a delegation whose expiry is recorded leaves room for the new one.
        for aggregate in self._tracked:
            if id(aggregate) in seen or id(aggregate) in new:
                continue
            seen.add(id(aggregate))
            pulled = aggregate.pull_events()
            if pulled:
                events.extend(pulled)
                repositories[type(aggregate)].save(aggregate)
        for aggregate in self._new:
            events.extend(aggregate.pull_events())
            repositories[type(aggregate)].add(aggregate)
        if self.session is not None and id(self.session) not in new:
            # Its last use, without a version: parallel commands of one session never
            # conflict over it.
            self.uow.sessions.seen(self.session.token_hash, self.now)
        self._publish()
        return sorted(events, key=lambda e: e.at)

    def _repositories(self) -> dict[type[Any], Any]:
        return {
            OrganisationalMailbox: self.uow.mailboxes,
            ConnectionAccount: self.uow.accounts,
            Delegation: self.uow.delegations,
            Session: self.uow.sessions,
        }

    def _publish(self) -> None:
        for address, mailbox in self._mailboxes.items():
            if mailbox is None:
                continue
            before = self._shown.get(address, {})
            for directory in DirectoryKind:
                change = publication.changes(
                    before.get(directory), publication.entry(mailbox, directory), directory
                )
                if change is not None:
                    self._post(
                        "directory",
                        serialization.unstructure(change),
                        address,
                        # One entry's changes land in order: a retried one never
                        # overwrites a newer one.
                        lane=f"directory:{directory.value}:{address}",
                    )


def _shown(mailbox: OrganisationalMailbox) -> dict[DirectoryKind, MailboxEntry | None]:
    return {d: publication.entry(mailbox, d) for d in DirectoryKind}


def run(ports: Ports, actor: object, command: Command[R]) -> R:
    """Run ``command`` for ``actor``: one transaction, one audit entry, all or nothing.

    Answers the handler's result; a refusal is raised as
    :class:`~balorg.domain.errors.DomainRefusal` carrying every reason, after its audit
    entry was committed.
    """
    kind = type(command)
    function = _HANDLERS.get(kind)
    if function is None:
        raise TypeError(f"no handler for {kind.__name__}")
    _check_actor_type(actor)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            return _run_once(ports, cast("Any", actor), command, function)
        except (ConcurrencyConflict, DuplicateError):
            if attempt == MAX_ATTEMPTS:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


_ACTOR_TYPES = (SessionToken, HostAssertion, SystemActor, PasswordLogin, SignUp)


def _check_actor_type(actor: object) -> None:
    if not isinstance(actor, _ACTOR_TYPES):
        raise TypeError(
            "a use case acts for an authenticated actor (SessionToken, HostAssertion or "
            f"SystemActor), not {type(actor).__name__}"
        )


def _run_once(ports: Ports, actor: Actor, command: Command[R], function: Handler) -> R:
    with ports.uow() as uow:
        ctx = Context(ports, uow, ports.clock.now(), command)
        try:
            if isinstance(actor, PasswordLogin | SignUp):
                # Values first: a command refused for its values checks no password (it
                # would cost the person one of their attempts for nothing).
                ctx.principal = _claimed(actor)
                _check_values(ctx)
                ctx.principal = _authenticate(ctx, actor)
            else:
                ctx.principal = _authenticate(ctx, actor)
                _check_values(ctx)
            for account, password in command.proofs(ctx.actor):
                check_password(ctx, account, password)
        except DomainRefusal as refusal:
            # Nothing of the command was applied; what authentication wrote (a failed
            # password counted, a session's last use) stays, with the refusal's entry.
            _commit_refusal(ctx, refusal.problems)
            raise DomainRefusal(refusal.problems) from None
        uow.mark()
        try:
            result: R = function(command, ctx)
            events = ctx._finish()
        except DomainRefusal as refusal:
            uow.undo()
            _commit_refusal(ctx, refusal.problems)
            raise DomainRefusal(refusal.problems) from None
        _audit(ctx, allowed=True, events=events, reasons=())
        for message in ctx.outbox:
            uow.outbox.add(message)
        uow.commit()
    for effect in ctx._after_commit:
        effect()
    return result


def _check_values(ctx: Context) -> None:
    problems = ctx.problems = ctx.command.problems()
    if problems:
        raise DomainRefusal(problems)


def _commit_refusal(ctx: Context, problems: tuple[Problem, ...]) -> None:
    if ctx.session is not None:  # a refused command is a use of the session all the same
        ctx.uow.sessions.seen(ctx.session.token_hash, ctx.now)
    ctx.outbox.clear()
    ctx.details.pop("events", None)
    _audit(ctx, allowed=False, events=[], reasons=tuple(p.code for p in problems))
    ctx.uow.commit()


def _audit(
    ctx: Context, *, allowed: bool, events: list[DomainEvent], reasons: tuple[str, ...]
) -> None:
    command = ctx.command
    # The problems found when the values were checked; computed here only when the
    # command was refused before (its actor could not be authenticated).
    problems = ctx.problems if ctx.problems is not None else _safe_problems(command)
    rejected_paths = {p.path.split(".")[0] for p in problems}
    details: dict[str, Any] = {
        name: _recorded(getattr(command, name))
        for name in command.audited
        if name not in rejected_paths
    }
    details.update(ctx.details)
    if events:
        details["events"] = [_event_summary(e) for e in events]
    if ctx.outbox:
        details["outbox"] = [m.key for m in ctx.outbox]
    mailbox, account = ctx.mailbox_concerned, ctx.account_concerned
    mentions = sorted(
        {str(e.mailbox) for e in events if isinstance(e, MailboxEvent)}
        - {str(mailbox) if mailbox is not None else ""}
    )
    principal = ctx.principal
    known = principal.account is not None or bool(principal.via)
    ctx.uow.audit.append(
        AuditRecord(
            at=ctx.now,
            actor=principal.actor if known else UNAUTHENTICATED,
            auth=principal.auth if known else "none",
            action=command.action,
            allowed=allowed,
            mailbox=str(mailbox) if mailbox is not None else None,
            account=str(account) if account is not None else None,
            reasons=reasons,
            details=details,
            mentions=mentions,
        )
    )


def _recorded(value: object) -> Any:
    """An audited value as the trail keeps it: a text that passed the free-text rule
    without its surrounding whitespace (which may hold a line break or a control
    character Python counts as a space), as the aggregates keep it."""
    if isinstance(value, str):
        return value.strip()
    return serialization.unstructure(value)


def _safe_problems(command: Command[Any]) -> list[Problem]:
    try:
        return command.problems()
    except Exception:
        return [Problem("field.invalid", name) for name in command.audited]


def _event_summary(event: DomainEvent) -> dict[str, Any]:
    data: dict[str, Any] = serialization.unstructure(event)
    for key in ("actor", "at"):
        data.pop(key, None)
    return data


# -- authentication ------------------------------------------------------------------------------


def _claimed(actor: PasswordLogin | SignUp) -> Principal:
    """Who the actor says they are, before their password was checked: the trail records
    the claim as such (``claimed``), never as a proof."""
    return Principal(actor.account, AuthMethod.CLAIMED)


def _authenticate(ctx: Context, actor: Actor | PasswordLogin | SignUp) -> Principal:
    command = ctx.command
    if isinstance(actor, SystemActor):
        principal = actor.principal()
    elif isinstance(actor, HostAssertion):
        principal = actor.principal()
        ctx.principal = principal
        ctx.require(account_exists(ctx.account(actor.account, path="actor"), path="actor"))
    elif isinstance(actor, SessionToken):
        principal = _session_principal(ctx, actor)
    elif isinstance(actor, SignUp):
        principal = _sign_up_principal(ctx, actor)
    else:
        principal = Principal(actor.account, AuthMethod.PASSWORD)
        ctx.principal = principal
        check_password(ctx, actor.account, actor.password)
    if principal.method not in type(command).actors:
        ctx.principal = principal
        ctx.refuse(Problem("auth.method_not_allowed", "actor", {"method": principal.method.value}))
    return principal


def _session_principal(ctx: Context, token: SessionToken) -> Principal:
    session = ctx.uow.sessions.by_token(token.digest())
    if session is None:
        ctx.refuse(Problem("session.unknown", "session"))
    ctx.principal = Principal(session.account, AuthMethod.SESSION, session.id)
    problem = session.problem_at(ctx.now)
    if problem is not None:
        ctx.refuse(problem)
    ctx.require(account_exists(ctx.account(session.account, path="session"), path="session"))
    session.touch(ctx.now)
    ctx.session = session
    ctx._track(session)  # saved only if the command changes it; its use is recorded apart
    return ctx.principal


def _sign_up_principal(ctx: Context, actor: SignUp) -> Principal:
    if ctx.find_account(actor.account) is None:
        return Principal(actor.account, AuthMethod.SIGN_UP)
    ctx.principal = Principal(actor.account, AuthMethod.PASSWORD)
    check_password(ctx, actor.account, actor.password)
    return ctx.principal


def check_password(ctx: Context, address: EmailAddress, password: Password) -> None:
    """The password of ``address``, checked with the throttle held for that account.

    Failures are counted atomically with the check (the throttle's row is locked for
    the transaction), so parallel guesses never get more checks than allowed; an
    unknown account costs the same as a known one (a dummy hash); a good password made
    with weaker parameters than today's is re-hashed.
    """
    settings = ctx.settings
    failures = ctx.uow.throttle.failures(address, since=ctx.now - settings.throttle_window)
    ctx.require(
        credential_attempts(
            failures,
            now=ctx.now,
            limit=settings.max_failed_attempts,
            window=settings.throttle_window,
        )
    )
    account = ctx.find_account(address)
    external = ctx.ports.identity
    if external is not None:
        good = external.verify(address, password) and account is not None
    else:
        stored = ctx.uow.credentials.get(address) if account is not None else None
        good = ctx.ports.hasher.verify(password, stored) and stored is not None
        if good and stored is not None and ctx.ports.hasher.outdated(stored):
            ctx.uow.credentials.set(address, ctx.ports.hasher.hash(password))
            ctx.details["credential_upgraded"] = True
    if not good:
        # Counted in this transaction, which holds the account's throttle: the next
        # attempt sees it. The same answer for an unknown account and a wrong password.
        ctx.uow.throttle.record_failure(address, ctx.now)
        ctx.refuse(Problem("credentials.invalid", "password"))
    ctx.uow.throttle.clear(address)
