"""Creating an organisational mailbox (first guide).

1-11. :func:`register_mailbox` from a validated registration form; the mailbox
      starts pending.
12.   :func:`attach_existing_account` (the person gives their address and
      password) and :func:`create_member_account` (a new nominative account,
      attached at once, waiting for the service centre).
      "Terminer": :func:`finish_registration`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, ClassVar

import attrs
from attrs import field, frozen
from attrs.validators import instance_of, optional

from balorg.domain.account import ConnectionAccount
from balorg.domain.actors import AuthMethod, HostAssertion, SessionToken
from balorg.domain.addresses import EmailAddress
from balorg.domain.capabilities import Capability
from balorg.domain.delegation import Delegation
from balorg.domain.errors import Problem
from balorg.domain.identifiers import IdNatPS
from balorg.domain.mailbox import MAX_RANK, DirectoryLabel, OrganisationalMailbox, RedList
from balorg.domain.professional import Professional
from balorg.domain.structure import Structure
from balorg.ports.credentials import Password
from balorg.registration import Registration
from balorg.rules.access import Action
from balorg.rules.decision import Decision
from balorg.rules.delegations import plan_grant
from balorg.rules.lifecycle import goes_live
from balorg.rules.passwords import password_problems
from balorg.rules.registration import (
    address_free,
    operator_address,
    registered_by_responsible,
    responsible_account,
)
from balorg.services import checks
from balorg.services.bus import PEOPLE, Command, Context, SignUp, handler, run
from balorg.services.context import Ports
from balorg.services.enrolment import enrol
from balorg.services.sessions import OpenedSession, open_session

__all__ = [
    "AttachExistingAccount",
    "CreateMemberAccount",
    "FinishRegistration",
    "RegisterMailbox",
    "Registered",
    "attach_existing_account",
    "create_member_account",
    "finish_registration",
    "grant",
    "grant_problems",
    "register_mailbox",
]


# -- 1 to 11: the form ----------------------------------------------------------------------


@frozen(kw_only=True)
class Registered:
    """The new mailbox and, for a registrant who signed up or gave their password, the
    session they go on in (attach members, "Terminer")."""

    mailbox: OrganisationalMailbox
    session: OpenedSession | None


def _plain_registration(value: Any) -> Any:
    """A registration with its texts and numbers as exact ``str`` and ``int`` (a host
    may build one by hand, with values that lie); anything else as it is."""
    if not isinstance(value, Registration):
        return value
    label = value.label
    if isinstance(label, DirectoryLabel):
        label = DirectoryLabel(
            last_name=checks.plain(label.last_name), first_name=checks.plain(label.first_name)
        )
    return attrs.evolve(
        value,
        label=label,
        responsible=checks.plain_professional(value.responsible),
        description=checks.plain(value.description),
        service=checks.plain(value.service),
        responsible_contact=checks.plain(value.responsible_contact),
        rank=checks.plain(value.rank),
    )


def _registration_problems(value: Registration, path: str = "registration") -> list[Problem]:
    """A registration built by the host rather than by
    :func:`~balorg.registration.validate_registration` is checked like the form's values."""
    problems = []
    label: object = value.label  # a hand-made registration may hold anything
    if isinstance(label, DirectoryLabel):
        problems += checks.text(label.last_name, f"{path}.label.last_name")
        problems += checks.text(label.first_name, f"{path}.label.first_name")
    else:
        problems += checks.typed(label, DirectoryLabel, f"{path}.label")
    responsible: object = value.responsible
    if isinstance(responsible, Professional):
        problems += checks.professional(responsible, f"{path}.responsible")
    else:
        problems += checks.typed(responsible, Professional, f"{path}.responsible")
    red_list: object = value.red_list
    if isinstance(red_list, RedList):
        problems += checks.boolean(red_list.national_directory, f"{path}.red_list.national")
        problems += checks.boolean(red_list.operator_directory, f"{path}.red_list.operator")
    else:
        problems += checks.typed(red_list, RedList, f"{path}.red_list")
    return [
        *problems,
        *checks.typed(value.generic_email, EmailAddress, f"{path}.generic_email"),
        *checks.typed(value.structure, Structure, f"{path}.structure"),
        *checks.typed(value.checked_on, dt.date, f"{path}.checked_on"),
        *checks.text(value.description, f"{path}.description", multiline=True),
        *checks.text(value.service, f"{path}.service", required=False),
        *checks.text(value.responsible_contact, f"{path}.responsible_contact", required=False),
        *checks.whole(value.rank, f"{path}.rank", low=1, high=MAX_RANK),
    ]


@frozen(kw_only=True)
class RegisterMailbox(Command[Registered]):
    """Create the mailbox from a validated form; it starts pending."""

    action: ClassVar[str] = "register_mailbox"
    actors: ClassVar[frozenset[AuthMethod]] = frozenset(
        {AuthMethod.SIGN_UP, AuthMethod.PASSWORD, AuthMethod.SESSION, AuthMethod.HOST}
    )
    registration: Registration = field(
        converter=_plain_registration, validator=instance_of(Registration)
    )
    mailbox: EmailAddress = field(validator=checks.address_field)
    password: Password | None = field(
        default=None, repr=False, validator=optional(instance_of(Password))
    )
    first_name: str | None = field(default=None, converter=checks.plain)
    last_name: str | None = field(default=None, converter=checks.plain)

    def problems(self) -> list[Problem]:
        return [
            *_registration_problems(self.registration),
            *checks.text(self.first_name, "first_name", required=False),
            *checks.text(self.last_name, "last_name", required=False),
        ]


@handler(RegisterMailbox)
def _register(command: RegisterMailbox, ctx: Context) -> Registered:
    registration = command.registration
    address = command.mailbox
    responsible = registration.responsible.email
    ctx.require(registered_by_responsible(ctx.actor, responsible))
    ctx.require(
        operator_address(address, ctx.settings.domains),
        address_free(address, taken=ctx.address_taken(address)),
        responsible_account(
            responsible, mailbox=address, is_mailbox=ctx.find_mailbox(responsible) is not None
        ),
    )
    account = ctx.find_account(responsible)
    if ctx.principal.method is AuthMethod.SIGN_UP:
        first = command.first_name or registration.responsible.first_name
        last = command.last_name or registration.responsible.last_name
        account = new_account(
            ctx,
            responsible,
            first_name=first,
            last_name=last,
            password=command.password,
            professional=registration.responsible.idnat,
        )
    mailbox = OrganisationalMailbox.register(
        address=address,
        generic_email=registration.generic_email,
        label=registration.label,
        structure=registration.structure,
        responsible=registration.responsible,
        description=registration.description,
        red_list=registration.red_list,
        by=responsible,
        at=ctx.now,
        service=registration.service,
        responsible_contact=registration.responsible_contact,
        rank=registration.rank,
    )
    ctx.add(mailbox)
    session = None
    if account is not None and ctx.principal.method in (AuthMethod.SIGN_UP, AuthMethod.PASSWORD):
        session = open_session(ctx, account, mailbox=responsible, method=ctx.principal.auth)
    ctx.mailbox_concerned = address
    return Registered(mailbox=mailbox, session=session)


def new_account(
    ctx: Context,
    address: EmailAddress,
    *,
    first_name: str,
    last_name: str,
    password: Password | None,
    professional: IdNatPS | None = None,
) -> ConnectionAccount:
    """A new nominative account, waiting for the service centre, with its password:
    hashed in this transaction, or handed to the host's credential service once the
    command commits (the account waits, credential pending, until it confirms)."""
    ctx.require(
        Decision.from_problems(
            password_problems(password.reveal() if password is not None else None, account=address)
        )
    )
    assert password is not None
    external = ctx.ports.identity
    account = ConnectionAccount.create(
        address=address,
        first_name=first_name,
        last_name=last_name,
        by=ctx.actor,
        at=ctx.now,
        credential_pending=external is not None,
        professional=professional,
    )
    ctx.add(account)
    if external is None:
        ctx.uow.credentials.set(address, ctx.ports.hasher.hash(password))
    else:
        ports = ctx.ports
        ctx.after_commit(lambda: enrol(ports, address, password))
    return account


def register_mailbox(
    ports: Ports,
    registration: Registration,
    *,
    address: EmailAddress,
    password: Password | None = None,
    actor: SessionToken | HostAssertion | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
) -> Registered:
    """Register the mailbox at ``address``. The registrant is the responsible
    (``registration.responsible.email``): an existing account proves itself with its
    ``password`` (or acts through ``actor``, a session or the host's sign-on); without
    an account, one is created with that password and waits for the service centre."""
    command = RegisterMailbox(
        registration=registration,
        mailbox=address,
        password=password,
        first_name=first_name,
        last_name=last_name,
    )
    if actor is not None:
        return run(ports, actor, command)
    if password is None:
        raise TypeError("register_mailbox needs the responsible's password, or an actor")
    return run(ports, SignUp(registration.responsible.email, password), command)


# -- 12: members --------------------------------------------------------------------------------


def grant_problems(capabilities: object, expires_at: object) -> list[Problem]:
    """The problems of a grant's values: its capabilities and its expiry."""
    return [*checks.capabilities(capabilities), *checks.aware(expires_at, "expires_at")]


def grant(
    ctx: Context,
    mailbox: OrganisationalMailbox,
    member: ConnectionAccount,
    capabilities: Iterable[Capability | str] | None,
    expires_at: dt.datetime | None,
) -> Delegation:
    """Give ``member`` a delegation on ``mailbox`` from the actor, as the grant rule says."""
    wanted = checks.capability_set(capabilities)
    current = ctx.delegation(mailbox.address, member.address)
    if current is not None:
        current.record_expiry(by=ctx.actor, at=ctx.now)
    plan = plan_grant(
        mailbox=mailbox,
        grantor=ctx.actor,
        grantor_delegation=ctx.delegation(mailbox.address, ctx.actor),
        account=member,
        current=current,
        capabilities=wanted if wanted is not None else ctx.settings.member_capabilities,
        expires_at=expires_at,
        now=ctx.now,
    )
    ctx.require(plan.decision)
    delegation = Delegation.grant(
        mailbox=mailbox.address,
        account=member.address,
        number=plan.number,
        capabilities=plan.capabilities,
        by=ctx.actor,
        at=ctx.now,
        expires_at=plan.expires_at,
        pending_validation=plan.pending_validation,
    )
    ctx.add(delegation)
    return delegation


@frozen(kw_only=True)
class AttachExistingAccount(Command[Delegation]):
    """ "Je veux associer un compte nominatif existant": the person types their address
    and password (their consent, checked and throttled like a login)."""

    action: ClassVar[str] = "attach_member"
    actors: ClassVar[frozenset[AuthMethod]] = PEOPLE
    audited: ClassVar[tuple[str, ...]] = ("capabilities", "expires_at")
    mailbox: EmailAddress = field(validator=checks.address_field)
    account: EmailAddress = field(validator=checks.address_field)
    password: Password = field(repr=False, validator=instance_of(Password))
    capabilities: Iterable[Capability | str] | None = field(default=None, converter=checks.listed)
    expires_at: dt.datetime | None = field(default=None, converter=checks.moment)

    def problems(self) -> list[Problem]:
        return grant_problems(self.capabilities, self.expires_at)

    def proofs(self, actor: EmailAddress) -> list[tuple[EmailAddress, Password]]:
        return [(self.account, self.password)]


@handler(AttachExistingAccount)
def _attach(command: AttachExistingAccount, ctx: Context) -> Delegation:
    target = ctx.mailbox(command.mailbox)
    ctx.allowed(Action.ATTACH_MEMBER, target)
    member = ctx.account(command.account)
    return grant(ctx, target, member, command.capabilities, command.expires_at)


def attach_existing_account(
    ports: Ports,
    actor: SessionToken | HostAssertion,
    mailbox: EmailAddress,
    *,
    account: EmailAddress,
    password: Password,
    capabilities: Iterable[Capability | str] | None = None,
    expires_at: dt.datetime | None = None,
) -> Delegation:
    """Guide 1, step 12: attach an existing personal account to the new mailbox; the person
    proves it with their password (:class:`AttachExistingAccount`)."""
    return run(
        ports,
        actor,
        AttachExistingAccount(
            mailbox=mailbox,
            account=account,
            password=password,
            capabilities=capabilities,
            expires_at=expires_at,
        ),
    )


@frozen(kw_only=True)
class CreateMemberAccount(Command[ConnectionAccount]):
    """ "Je veux créer un nouveau compte nominatif": the account is attached at once and
    waits for the service centre's validation, with no access until then."""

    action: ClassVar[str] = "create_member_account"
    actors: ClassVar[frozenset[AuthMethod]] = PEOPLE
    audited: ClassVar[tuple[str, ...]] = ("first_name", "last_name", "capabilities", "expires_at")
    mailbox: EmailAddress = field(validator=checks.address_field)
    account: EmailAddress = field(validator=checks.address_field)
    first_name: str = field(converter=checks.plain)
    last_name: str = field(converter=checks.plain)
    password: Password = field(repr=False, validator=instance_of(Password))
    capabilities: Iterable[Capability | str] | None = field(default=None, converter=checks.listed)
    expires_at: dt.datetime | None = field(default=None, converter=checks.moment)
    #: The person's national identifier, when known (needed to become responsible later).
    professional: IdNatPS | None = field(default=None, validator=optional(instance_of(IdNatPS)))

    def problems(self) -> list[Problem]:
        return [
            *checks.text(self.first_name, "first_name"),
            *checks.text(self.last_name, "last_name"),
            *grant_problems(self.capabilities, self.expires_at),
        ]


@handler(CreateMemberAccount)
def _create_member(command: CreateMemberAccount, ctx: Context) -> ConnectionAccount:
    target = ctx.mailbox(command.mailbox)
    ctx.allowed(Action.ATTACH_MEMBER, target)
    address = command.account
    ctx.require(
        operator_address(address, ctx.settings.domains, path="account"),
        address_free(address, taken=ctx.address_taken(address), path="account"),
    )
    member = new_account(
        ctx,
        address,
        first_name=command.first_name.strip(),
        last_name=command.last_name.strip(),
        password=command.password,
        professional=command.professional,
    )
    grant(ctx, target, member, command.capabilities, command.expires_at)
    return member


def create_member_account(
    ports: Ports,
    actor: SessionToken | HostAssertion,
    mailbox: EmailAddress,
    *,
    account: EmailAddress,
    first_name: str,
    last_name: str,
    password: Password,
    capabilities: Iterable[Capability | str] | None = None,
    expires_at: dt.datetime | None = None,
    professional: IdNatPS | None = None,
) -> ConnectionAccount:
    """Guide 1, step 12: create a personal account for a member, attached at once and waiting
    for the service centre (:class:`CreateMemberAccount`)."""
    return run(
        ports,
        actor,
        CreateMemberAccount(
            mailbox=mailbox,
            account=account,
            first_name=first_name,
            last_name=last_name,
            password=password,
            capabilities=capabilities,
            expires_at=expires_at,
            professional=professional,
        ),
    )


# -- "Terminer" -------------------------------------------------------------------------------


@frozen(kw_only=True)
class FinishRegistration(Command[bool]):
    """ "Terminer". The mailbox goes live (and is published where not red-listed) as
    soon as its responsible's account is validated: now if it already is, else when
    the service centre approves it. Answers whether it went live now."""

    action: ClassVar[str] = "finish_registration"
    actors: ClassVar[frozenset[AuthMethod]] = PEOPLE
    mailbox: EmailAddress = field(validator=checks.address_field)


@handler(FinishRegistration)
def _finish(command: FinishRegistration, ctx: Context) -> bool:
    target = ctx.mailbox(command.mailbox)
    ctx.allowed(Action.FINISH_REGISTRATION, target)
    target.finish(by=ctx.actor, at=ctx.now)
    live = goes_live(target, ctx.find_account(target.responsible.account))
    if live:
        target.activate(by=ctx.actor, at=ctx.now, responsible_validated=True)
    return live.allowed


def finish_registration(
    ports: Ports, actor: SessionToken | HostAssertion, mailbox: EmailAddress
) -> bool:
    """Guide 1, "Terminer": the registration is complete; the mailbox goes live once its
    responsible's account is validated (:class:`FinishRegistration`)."""
    return run(ports, actor, FinishRegistration(mailbox=mailbox))
