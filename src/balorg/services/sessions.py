"""Using the mailboxes (second guide): log in, the blue label, switch, default, notices.

1. :func:`authenticate` (address and password) or :func:`start_session` (the host's own
   sign-on) opens a session on the account's default mailbox; the session's token is
   given once and only its digest is kept.
2. :func:`whoami`: the blue label of the mailbox open in the session.
3. :func:`switch_mailbox`: "Changer de compte".
4-5. :func:`set_default_mailbox` and :func:`set_notices` ("Gestion des comptes de
   connexion", read with :func:`connection_settings`).
"""

from __future__ import annotations

import secrets
from typing import ClassVar

from attrs import field, frozen
from attrs.validators import instance_of

from balorg.domain.account import ConnectionAccount
from balorg.domain.actors import AuthMethod, HostAssertion, SessionToken, token_digest
from balorg.domain.addresses import EmailAddress
from balorg.domain.errors import DomainRefusal, Problem
from balorg.domain.session import Session
from balorg.ports.credentials import Password
from balorg.rules.access import Action, account_can_act, decide, login_target, openable
from balorg.rules.decision import Decision
from balorg.rules.display import Banner, banner
from balorg.rules.passwords import password_problems
from balorg.services import checks
from balorg.services.bus import PEOPLE, Command, Context, PasswordLogin, handler, run
from balorg.services.context import Ports

__all__ = [
    "ChangePassword",
    "ConnectionSettings",
    "EndSession",
    "LogIn",
    "OpenedSession",
    "SessionView",
    "SetDefaultMailbox",
    "SetNotices",
    "StartSession",
    "SwitchMailbox",
    "authenticate",
    "change_password",
    "connection_settings",
    "end_session",
    "open_session",
    "openable_mailboxes",
    "reconcile_settings",
    "set_default_mailbox",
    "set_notices",
    "start_session",
    "switch_mailbox",
    "whoami",
]

_SESSION_ONLY = frozenset({AuthMethod.SESSION})


@frozen(kw_only=True)
class SessionView:
    """Who is logged in, which mailbox is open (the blue label), and until when."""

    id: str
    account: EmailAddress
    mailbox: EmailAddress
    banner: Banner
    openable: frozenset[EmailAddress]
    method: str
    expires_at: object
    #: The organisational mailbox the session had open but may no longer be used (its
    #: delegation ended, or it closed): the nominative mailbox is shown instead.
    withdrawn: EmailAddress | None = None


@frozen(kw_only=True)
class OpenedSession:
    """A new session and its token, given this once (only its digest is kept)."""

    view: SessionView
    token: SessionToken = field(repr=False)


def openable_mailboxes(ctx: Context, account: ConnectionAccount) -> frozenset[EmailAddress]:
    """The organisational mailboxes ``account`` may open now (cost: its own mailboxes)."""
    stored = [ctx.track(d) for d in ctx.uow.delegations.live_of(account.address)]
    candidates = [
        (ctx.mailbox(d.mailbox), d) for d in [*stored, *ctx.added_delegations(account.address)]
    ]
    candidates += [(ctx.track(m), None) for m in ctx.uow.mailboxes.responsible_for(account.address)]
    return openable(account, candidates, ctx.now)


def _view(
    ctx: Context,
    session: Session,
    account: ConnectionAccount,
    can_open: frozenset[EmailAddress] | None = None,
) -> SessionView:
    if can_open is None:
        can_open = openable_mailboxes(ctx, account)
    shown, withdrawn = session.mailbox, None
    if shown != account.address and shown not in can_open:
        shown, withdrawn = account.address, session.mailbox
    mailbox = None if shown == account.address else ctx.mailbox(shown)
    return SessionView(
        id=session.id,
        account=account.address,
        mailbox=shown,
        banner=banner(account, mailbox),
        openable=can_open,
        method=session.method,
        expires_at=session.expires_at,
        withdrawn=withdrawn,
    )


def open_session(
    ctx: Context,
    account: ConnectionAccount,
    *,
    mailbox: EmailAddress,
    method: str,
    openable: frozenset[EmailAddress] | None = None,
) -> OpenedSession:
    """Open a session of ``account`` on ``mailbox`` (the caller checked it may);
    ``openable``, the mailboxes it may open, when the caller already knows them."""
    token = SessionToken(secrets.token_urlsafe(32))
    session = Session.open(
        id=secrets.token_hex(8),
        token_hash=token_digest(token.reveal()),
        account=account.address,
        mailbox=mailbox,
        method=method,
        at=ctx.now,
        idle=ctx.settings.session_idle,
        absolute=ctx.settings.session_absolute,
    )
    ctx.add(session)
    ctx.details["session"] = session.id
    if mailbox != account.address:
        ctx.mailbox_concerned = mailbox
    return OpenedSession(view=_view(ctx, session, account, openable), token=token)


def _log_in(ctx: Context, method: str) -> OpenedSession:
    address = ctx.actor
    ctx.require(login_target(address, ctx.find_mailbox(address)))
    account = ctx.account(address)
    ctx.require(account_can_act(account))
    can_open = openable_mailboxes(ctx, account)
    default = account.effective_default(can_open)
    return open_session(ctx, account, mailbox=default, method=method, openable=can_open)


# -- logging in -----------------------------------------------------------------------------


@frozen(kw_only=True)
class LogIn(Command[OpenedSession]):
    """Log in with a nominative address and password: a session opens on the account's
    default mailbox. Nobody logs into an organisational mailbox, whatever the password."""

    action: ClassVar[str] = "log_in"
    actors: ClassVar[frozenset[AuthMethod]] = frozenset({AuthMethod.PASSWORD})


@handler(LogIn)
def _password_log_in(command: LogIn, ctx: Context) -> OpenedSession:
    return _log_in(ctx, "password")


def authenticate(ports: Ports, account: EmailAddress, password: Password) -> OpenedSession:
    """Log in with the account's password (checked through the credential port, throttled)."""
    checks.address(account, "account")
    return run(ports, PasswordLogin(account, password), LogIn())


@frozen(kw_only=True)
class StartSession(Command[OpenedSession]):
    """The host authenticated the person itself (its sign-on): open a session for them."""

    action: ClassVar[str] = "log_in"
    actors: ClassVar[frozenset[AuthMethod]] = frozenset({AuthMethod.HOST})


@handler(StartSession)
def _host_log_in(command: StartSession, ctx: Context) -> OpenedSession:
    return _log_in(ctx, ctx.principal.auth)


def start_session(ports: Ports, assertion: HostAssertion) -> OpenedSession:
    """Open a session for a person the host authenticated itself (:class:`StartSession`), on
    their default mailbox."""
    return run(ports, assertion, StartSession())


# -- the session -------------------------------------------------------------------------------


def _open_session(ctx: Context, token: SessionToken) -> Session:
    """The session of ``token``, for a read of one's own (not audited, changes nothing)."""
    if not isinstance(token, SessionToken):
        raise TypeError(f"a SessionToken is needed, not {type(token).__name__}")
    session = ctx.uow.sessions.by_token(token.digest())
    if session is None:
        raise DomainRefusal([Problem("session.unknown", "session")])
    problem = session.problem_at(ctx.now)
    if problem is not None:
        raise DomainRefusal([problem])
    return session


def whoami(ports: Ports, token: SessionToken) -> SessionView:
    """The session's account and open mailbox (the blue label). Reading it changes
    nothing and is not audited; an unknown or expired session is refused."""
    with ports.uow() as uow:
        ctx = Context(ports, uow, ports.clock.now(), EndSession())
        session = _open_session(ctx, token)
        return _view(ctx, session, ctx.account(session.account))


@frozen(kw_only=True)
class SwitchMailbox(Command[SessionView]):
    """ "Changer de compte": open another mailbox the account may open."""

    action: ClassVar[str] = "switch_mailbox"
    actors: ClassVar[frozenset[AuthMethod]] = _SESSION_ONLY
    mailbox: EmailAddress = field(validator=checks.address_field)


@handler(SwitchMailbox)
def _switch(command: SwitchMailbox, ctx: Context) -> SessionView:
    session = ctx.session
    assert session is not None
    account = ctx.account(session.account)
    ctx.require(account_can_act(account))
    target = command.mailbox
    if target != account.address:
        mailbox = ctx.mailbox(target)
        ctx.require(
            decide(
                Action.OPEN,
                account=account,
                mailbox=mailbox,
                delegation=ctx.delegation(target, account.address),
                now=ctx.now,
            )
        )
    else:
        ctx.mailbox_concerned = None
    session.switch(target, at=ctx.now)
    return _view(ctx, session, account)


def switch_mailbox(ports: Ports, token: SessionToken, mailbox: EmailAddress) -> SessionView:
    """Guide 2, step 3 ("Changer de compte"): open another mailbox in the session
    (:class:`SwitchMailbox`)."""
    return run(ports, token, SwitchMailbox(mailbox=mailbox))


@frozen(kw_only=True)
class EndSession(Command[None]):
    """Log out: the session ends (its token no longer works)."""

    action: ClassVar[str] = "end_session"
    actors: ClassVar[frozenset[AuthMethod]] = _SESSION_ONLY


@handler(EndSession)
def _end(command: EndSession, ctx: Context) -> None:
    session = ctx.session
    assert session is not None
    session.end(at=ctx.now, reason="logged out")


def end_session(ports: Ports, token: SessionToken) -> None:
    """Log out: the session ends and its token is no longer accepted (:class:`EndSession`)."""
    run(ports, token, EndSession())


# -- connection settings ------------------------------------------------------------------------


@frozen(kw_only=True)
class ConnectionSettings:
    """The "Gestion des comptes de connexion" block: one row per mailbox."""

    account: EmailAddress
    mailboxes: tuple[EmailAddress, ...]
    default: EmailAddress
    notices: frozenset[EmailAddress]


def connection_settings(ports: Ports, token: SessionToken) -> ConnectionSettings:
    """The session's account's mailboxes with the default and the notices in force now
    (one's own settings: reading them is not audited)."""
    with ports.uow() as uow:
        ctx = Context(ports, uow, ports.clock.now(), EndSession())
        account = ctx.account(_open_session(ctx, token).account)
        mailboxes = openable_mailboxes(ctx, account)
    return ConnectionSettings(
        account=account.address,
        mailboxes=(account.address, *sorted(mailboxes, key=str)),
        default=account.effective_default(mailboxes),
        notices=account.effective_notices(mailboxes),
    )


@frozen(kw_only=True)
class SetDefaultMailbox(Command[None]):
    """ "Définir comme compte par défaut"."""

    action: ClassVar[str] = "set_default_mailbox"
    actors: ClassVar[frozenset[AuthMethod]] = PEOPLE
    mailbox: EmailAddress = field(validator=checks.address_field)

    def concerns(self) -> tuple[EmailAddress | None, EmailAddress | None]:
        return self.mailbox, None


@handler(SetDefaultMailbox)
def _set_default(command: SetDefaultMailbox, ctx: Context) -> None:
    account = ctx.account(ctx.actor)
    ctx.require(account_can_act(account))
    if command.mailbox == account.address:
        ctx.mailbox_concerned = None
    choices = openable_mailboxes(ctx, account)
    account.set_default(command.mailbox, openable=choices, by=ctx.actor, at=ctx.now)


def set_default_mailbox(
    ports: Ports, actor: SessionToken | HostAssertion, mailbox: EmailAddress
) -> None:
    """Choose the mailbox opened at login (:class:`SetDefaultMailbox`)."""
    run(ports, actor, SetDefaultMailbox(mailbox=mailbox))


@frozen(kw_only=True)
class SetNotices(Command[None]):
    """ "Notif de réception vers compte de connexion", per organisational mailbox."""

    action: ClassVar[str] = "set_notices"
    actors: ClassVar[frozenset[AuthMethod]] = PEOPLE
    audited: ClassVar[tuple[str, ...]] = ("enabled",)
    mailbox: EmailAddress = field(validator=checks.address_field)
    enabled: bool

    def problems(self) -> list[Problem]:
        return checks.boolean(self.enabled, "enabled")

    def concerns(self) -> tuple[EmailAddress | None, EmailAddress | None]:
        return self.mailbox, None


@handler(SetNotices)
def _set_notices(command: SetNotices, ctx: Context) -> None:
    account = ctx.account(ctx.actor)
    ctx.require(account_can_act(account))
    choices = openable_mailboxes(ctx, account)
    account.set_notices(
        command.mailbox, command.enabled, openable=choices, by=ctx.actor, at=ctx.now
    )


def set_notices(
    ports: Ports, actor: SessionToken | HostAssertion, mailbox: EmailAddress, *, enabled: bool
) -> None:
    """Choose whether a mailbox's new-mail notices go to the person's own address
    (:class:`SetNotices`)."""
    run(ports, actor, SetNotices(mailbox=mailbox, enabled=enabled))


def reconcile_settings(ctx: Context, address: EmailAddress) -> bool:
    """Drop the account's settings that point at mailboxes it can no longer open;
    answers whether anything was dropped."""
    account = ctx.find_account(address)
    if account is None:
        return False
    return account.reconcile(openable=openable_mailboxes(ctx, account), by=ctx.actor, at=ctx.now)


# -- passwords -----------------------------------------------------------------------------------


@frozen(kw_only=True)
class ChangePassword(Command[None]):
    """Change one's own password: the current one first, then the new one, which the
    password policy checks."""

    action: ClassVar[str] = "change_password"
    actors: ClassVar[frozenset[AuthMethod]] = _SESSION_ONLY
    current: Password = field(repr=False, validator=instance_of(Password))
    new: Password = field(repr=False, validator=instance_of(Password))

    def proofs(self, actor: EmailAddress) -> list[tuple[EmailAddress, Password]]:
        return [(actor, self.current)]


@handler(ChangePassword)
def _change_password(command: ChangePassword, ctx: Context) -> None:
    if ctx.ports.identity is not None:
        ctx.refuse(Problem("password.external", "new"))
    ctx.require(
        Decision.from_problems(
            password_problems(command.new.reveal(), account=ctx.actor, path="new")
        )
    )
    ctx.uow.credentials.set(ctx.actor, ctx.ports.hasher.hash(command.new))
    ctx.details["password_changed"] = True


def change_password(ports: Ports, token: SessionToken, *, current: Password, new: Password) -> None:
    """Change the session's account password after checking the current one
    (:class:`ChangePassword`)."""
    run(ports, token, ChangePassword(current=current, new=new))
