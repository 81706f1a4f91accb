"""Using the mailboxes (second guide): log in, the label, switch, default, notices."""

from __future__ import annotations

from attrs import frozen

from balorg.domain.account import ConnectionAccount
from balorg.domain.addresses import EmailAddress
from balorg.domain.audit import AuditRecord
from balorg.domain.errors import Problem
from balorg.ports.credentials import Password
from balorg.ports.repositories import UnitOfWork
from balorg.rules.access import (
    Action,
    account_can_act,
    decide,
    login_target,
    openable_mailboxes,
)
from balorg.rules.display import Banner, banner
from balorg.services._credentials import check_password
from balorg.services._support import apply, audit_events, load_account, refuse, require
from balorg.services.context import Ports

__all__ = [
    "ConnectionSettings",
    "Session",
    "authenticate",
    "connection_settings",
    "log_in",
    "set_default_mailbox",
    "set_notices",
    "switch_mailbox",
]


@frozen(kw_only=True)
class Session:
    """Who is logged in, which mailbox is open, and the label shown for it."""

    account: EmailAddress
    mailbox: EmailAddress
    banner: Banner
    openable: frozenset[EmailAddress]


@frozen(kw_only=True)
class ConnectionSettings:
    """The "Gestion des comptes de connexion" block: one row per mailbox."""

    account: EmailAddress
    mailboxes: tuple[EmailAddress, ...]
    default: EmailAddress
    notices: frozenset[EmailAddress]


def _openable(uow: UnitOfWork, account: ConnectionAccount, ports: Ports) -> frozenset[EmailAddress]:
    return openable_mailboxes(
        account, uow.mailboxes.for_account(account.address), ports.clock.now()
    )


def _open(
    ports: Ports, uow: UnitOfWork, account: ConnectionAccount, target: EmailAddress, action: str
) -> Session:
    now = ports.clock.now()
    openable = _openable(uow, account, ports)
    if target == account.address:
        return Session(
            account=account.address, mailbox=target, banner=banner(account, None), openable=openable
        )
    mailbox = uow.mailboxes.get(target)
    if mailbox is None:
        refuse(
            ports,
            actor=account.address,
            action=action,
            mailbox=target,
            problems=[Problem("mailbox.unknown", "mailbox", {"mailbox": str(target)})],
        )
    require(
        ports,
        decide(Action.OPEN, account=account, mailbox=mailbox, now=now),
        actor=account.address,
        action=action,
        mailbox=target,
    )
    # Opening a shared mailbox is what makes every later read attributable.
    uow.audit.append(
        AuditRecord(
            at=now, actor=str(account.address), action=action, allowed=True, mailbox=str(target)
        )
    )
    uow.commit()
    return Session(
        account=account.address, mailbox=target, banner=banner(account, mailbox), openable=openable
    )


def log_in(ports: Ports, account: EmailAddress) -> Session:
    """The host authenticated ``account``: open its default mailbox.

    The default is the nominative mailbox unless another one is set and can
    still be opened. Nobody logs into an organisational mailbox.
    """
    action = "log_in"
    with ports.uow() as uow:
        require(
            ports,
            login_target(account, uow.mailboxes.get(account)),
            actor=account,
            action=action,
            mailbox=account,
        )
        person = load_account(ports, uow, account, actor=account, action=action)
        require(ports, account_can_act(person), actor=account, action=action)
        openable = _openable(uow, person, ports)
        return _open(ports, uow, person, person.effective_default(openable), "open_mailbox")


def authenticate(ports: Ports, account: EmailAddress, password: Password) -> Session:
    """Log in with a nominative address and password (first step of the second guide).

    For hosts that let the library ask their credential port: the password is
    checked there, with the same throttling and audit as when attaching an
    account, then :func:`log_in` opens the default mailbox. Nobody logs into an
    organisational mailbox, whatever the password.
    """
    action = "log_in"
    with ports.uow() as uow:
        require(
            ports,
            login_target(account, uow.mailboxes.get(account)),
            actor=account,
            action=action,
            mailbox=account,
        )
        check_password(
            ports,
            uow,
            account=account,
            password=password,
            actor=account,
            action=action,
            mailbox=None,
        )
    return log_in(ports, account)


def switch_mailbox(ports: Ports, account: EmailAddress, target: EmailAddress) -> Session:
    """ "Changer de compte": open another mailbox the account may open."""
    with ports.uow() as uow:
        person = load_account(ports, uow, account, actor=account, action="switch_mailbox")
        require(
            ports, account_can_act(person), actor=account, action="switch_mailbox", mailbox=target
        )
        return _open(ports, uow, person, target, "switch_mailbox")


def connection_settings(ports: Ports, account: EmailAddress) -> ConnectionSettings:
    """The account's mailboxes with the default and the notices in force now."""
    with ports.uow() as uow:
        person = load_account(ports, uow, account, actor=account, action="connection_settings")
        openable = _openable(uow, person, ports)
    return ConnectionSettings(
        account=account,
        mailboxes=(account, *sorted(openable, key=str)),
        default=person.effective_default(openable),
        notices=person.effective_notices(openable),
    )


def set_default_mailbox(ports: Ports, account: EmailAddress, mailbox: EmailAddress) -> None:
    """ "Définir comme compte par défaut"."""
    now = ports.clock.now()
    action = "set_default_mailbox"
    with ports.uow() as uow:
        person = load_account(ports, uow, account, actor=account, action=action)
        openable = _openable(uow, person, ports)
        apply(
            ports,
            lambda: person.set_default(mailbox, openable=openable, by=account, at=now),
            actor=account,
            action=action,
            mailbox=mailbox,
        )
        audit_events(uow, person.pull_events())
        uow.accounts.save(person)
        uow.commit()


def set_notices(
    ports: Ports, account: EmailAddress, mailbox: EmailAddress, *, enabled: bool
) -> None:
    """ "Notif de réception vers compte de connexion", per organisational mailbox."""
    now = ports.clock.now()
    action = "set_notices"
    with ports.uow() as uow:
        person = load_account(ports, uow, account, actor=account, action=action)
        openable = _openable(uow, person, ports)
        apply(
            ports,
            lambda: person.set_notices(mailbox, enabled, openable=openable, by=account, at=now),
            actor=account,
            action=action,
            mailbox=mailbox,
        )
        audit_events(uow, person.pull_events())
        uow.accounts.save(person)
        uow.commit()
