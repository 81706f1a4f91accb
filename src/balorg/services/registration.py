"""Creating an organisational mailbox (first guide).

1-11. :func:`register_mailbox` from a validated registration form; the mailbox
      starts pending.
12.   :func:`attach_existing_account` (the person gives their address and
      password, checked by the host) and :func:`create_member_account` (a new
      nominative account, attached at once, waiting for the service centre).
      "Terminer": :func:`finish_registration`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from balorg.domain.account import AccountState, ConnectionAccount
from balorg.domain.addresses import EmailAddress
from balorg.domain.delegation import Capability
from balorg.domain.errors import Problem
from balorg.domain.mailbox import OrganisationalMailbox
from balorg.ports.credentials import Password
from balorg.ports.repositories import UnitOfWork
from balorg.registration import Registration
from balorg.rules.access import Action, decide, grantee
from balorg.rules.lifecycle import goes_live
from balorg.rules.registration import new_password, operator_address
from balorg.services._credentials import check_password
from balorg.services._support import (
    apply,
    audit_events,
    load_account,
    load_mailbox,
    refuse,
    require,
)
from balorg.services.context import Ports
from balorg.services.directory import publish_where_visible

__all__ = [
    "attach_existing_account",
    "create_member_account",
    "finish_registration",
    "register_mailbox",
]


def _address_free(
    ports: Ports,
    uow: UnitOfWork,
    address: EmailAddress,
    actor: EmailAddress,
    action: str,
    *,
    mailbox: EmailAddress,
) -> None:
    if uow.mailboxes.get(address) is not None or uow.accounts.get(address) is not None:
        refuse(
            ports,
            actor=actor,
            action=action,
            mailbox=mailbox,
            problems=[Problem("address.taken", "address", {"address": str(address)})],
        )


def register_mailbox(
    ports: Ports,
    registration: Registration,
    *,
    address: EmailAddress,
    responsible_password: Password,
    responsible_name: tuple[str, str] | None = None,
) -> OrganisationalMailbox:
    """Create the mailbox from a validated form; it starts pending.

    The registrant is the responsible, acting from their nominative account
    (the form's ``responsible.email``): an existing account proves it with its
    password; otherwise a new account is created with that password and waits
    for the service centre, like any new account.
    """
    now = ports.clock.now()
    professional = registration.responsible
    actor = professional.email
    action = "register_mailbox"
    require(
        ports,
        operator_address(address, ports.settings.domains),
        actor=actor,
        action=action,
        mailbox=address,
    )
    with ports.uow() as uow:
        _address_free(ports, uow, address, actor, action, mailbox=address)
        if actor == address or uow.mailboxes.get(actor) is not None:
            # The responsible acts from a nominative account, never from a mailbox's address.
            refuse(
                ports,
                actor=actor,
                action=action,
                mailbox=address,
                problems=[Problem("address.taken", "responsible.email", {"address": str(actor)})],
            )
        account = uow.accounts.get(actor)
        new_account = account is None
        if account is None:
            require(
                ports,
                new_password(responsible_password.reveal()),
                actor=actor,
                action=action,
                mailbox=address,
            )
            first, last = responsible_name or (professional.first_name, professional.last_name)
            account = apply(
                ports,
                lambda: ConnectionAccount.create(
                    address=actor, first_name=first, last_name=last, by=actor, at=now
                ),
                actor=actor,
                action=action,
                mailbox=address,
            )
            uow.accounts.add(account)
            audit_events(uow, account.pull_events(), context=address)
        else:
            check_password(
                ports,
                uow,
                account=actor,
                password=responsible_password,
                actor=actor,
                action=action,
                mailbox=address,
            )
        mailbox = apply(
            ports,
            lambda: OrganisationalMailbox.register(
                address=address,
                generic_email=registration.generic_email,
                label=registration.label,
                structure=registration.structure,
                responsible=professional,
                description=registration.description,
                red_list=registration.red_list,
                by=actor,
                at=now,
            ),
            actor=actor,
            action=action,
            mailbox=address,
        )
        audit_events(uow, mailbox.pull_events())
        uow.mailboxes.add(mailbox)
        uow.commit()
    if new_account:
        # Only once the account exists: a refusal or a lost race enrols nothing, and
        # enrolment never replaces a password (the port refuses to).
        ports.credentials.enrol(actor, responsible_password)
    return mailbox


def _capabilities(ports: Ports, capabilities: Iterable[Capability] | None) -> frozenset[Capability]:
    return (
        frozenset(capabilities) if capabilities is not None else ports.settings.member_capabilities
    )


def attach_existing_account(
    ports: Ports,
    mailbox: EmailAddress,
    *,
    account: EmailAddress,
    password: Password,
    by: EmailAddress,
    capabilities: Iterable[Capability] | None = None,
    expires_at: dt.datetime | None = None,
) -> None:
    """ "Je veux associer un compte nominatif existant": the person types their
    address and password; the host checks them."""
    now = ports.clock.now()
    action = Action.ATTACH_MEMBER.value
    details = {"account": str(account)}
    with ports.uow() as uow:
        target = load_mailbox(ports, uow, mailbox, actor=by, action=action)
        require(
            ports,
            decide(Action.ATTACH_MEMBER, account=uow.accounts.get(by), mailbox=target, now=now),
            actor=by,
            action=action,
            mailbox=mailbox,
            details=details,
        )
        check_password(
            ports, uow, account=account, password=password, actor=by, action=action, mailbox=mailbox
        )
        member = load_account(ports, uow, account, actor=by, action=action, mailbox=mailbox)
        require(ports, grantee(member), actor=by, action=action, mailbox=mailbox, details=details)
        apply(
            ports,
            lambda: target.grant(
                account=account,
                capabilities=_capabilities(ports, capabilities),
                by=by,
                at=now,
                expires_at=expires_at,
                pending_validation=member.state is AccountState.PENDING_VALIDATION,
            ),
            actor=by,
            action=action,
            mailbox=mailbox,
            details=details,
        )
        audit_events(uow, target.pull_events())
        uow.mailboxes.save(target)
        uow.commit()


def create_member_account(
    ports: Ports,
    mailbox: EmailAddress,
    *,
    account: EmailAddress,
    first_name: str,
    last_name: str,
    password: Password,
    by: EmailAddress,
    capabilities: Iterable[Capability] | None = None,
    expires_at: dt.datetime | None = None,
) -> ConnectionAccount:
    """ "Je veux créer un nouveau compte nominatif": the account is attached at
    once and waits for the service centre's validation, with no access until then."""
    now = ports.clock.now()
    action = "create_member_account"
    details = {"account": str(account)}
    require(
        ports,
        operator_address(account, ports.settings.domains, path="account"),
        actor=by,
        action=action,
        mailbox=mailbox,
        details=details,
    )
    require(
        ports,
        new_password(password.reveal()),
        actor=by,
        action=action,
        mailbox=mailbox,
        details=details,
    )
    with ports.uow() as uow:
        target = load_mailbox(ports, uow, mailbox, actor=by, action=action)
        require(
            ports,
            decide(Action.ATTACH_MEMBER, account=uow.accounts.get(by), mailbox=target, now=now),
            actor=by,
            action=action,
            mailbox=mailbox,
            details=details,
        )
        _address_free(ports, uow, account, by, action, mailbox=mailbox)
        member = apply(
            ports,
            lambda: ConnectionAccount.create(
                address=account, first_name=first_name, last_name=last_name, by=by, at=now
            ),
            actor=by,
            action=action,
            mailbox=mailbox,
            details=details,
        )
        apply(
            ports,
            lambda: target.grant(
                account=account,
                capabilities=_capabilities(ports, capabilities),
                by=by,
                at=now,
                expires_at=expires_at,
                pending_validation=True,
            ),
            actor=by,
            action=action,
            mailbox=mailbox,
            details=details,
        )
        uow.accounts.add(member)
        audit_events(uow, member.pull_events(), context=mailbox)
        audit_events(uow, target.pull_events())
        uow.mailboxes.save(target)
        uow.commit()
    ports.credentials.enrol(account, password)  # once the account exists (see above)
    return member


def finish_registration(ports: Ports, mailbox: EmailAddress, *, by: EmailAddress) -> bool:
    """ "Terminer". The mailbox goes live, and is published where not red-listed, as
    soon as its responsible's account is validated: now if it already is, else when
    the service centre approves it. Answers whether it went live now."""
    now = ports.clock.now()
    action = Action.FINISH_REGISTRATION.value
    with ports.uow() as uow:
        target = load_mailbox(ports, uow, mailbox, actor=by, action=action)
        require(
            ports,
            decide(
                Action.FINISH_REGISTRATION, account=uow.accounts.get(by), mailbox=target, now=now
            ),
            actor=by,
            action=action,
            mailbox=mailbox,
        )
        apply(ports, lambda: target.finish(by=by, at=now), actor=by, action=action, mailbox=mailbox)
        live = goes_live(target, uow.accounts.get(target.responsible.account))
        if live:
            target.activate(by=by, at=now)
        audit_events(uow, target.pull_events())
        uow.mailboxes.save(target)
        uow.commit()
    if live:
        publish_where_visible(ports, target)
    return live.allowed
