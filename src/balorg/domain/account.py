"""Connection accounts: one person's nominative login and its connection settings.

This is the second guide's "Gestion des comptes de connexion": the mailboxes the
account may open (its own nominative mailbox plus every organisational mailbox
it holds an active delegation on), which one opens by default at login, and
for each organisational mailbox whether new-mail notices go to the account's
own address. It never holds a password: authentication belongs to the host.

Which organisational mailboxes are open to the account is decided from the
mailboxes (:func:`balorg.rules.access.openable_mailboxes`) and passed in, so
that settings can never point at a mailbox the account cannot open now:

>>> import datetime as dt
>>> t = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
>>> me = EmailAddress("noemie.gallorini@esante-occitanie.fr")
>>> org = EmailAddress("mss@esante-occitanie.fr")
>>> account = ConnectionAccount.create(
...     address=me, first_name="Noémie", last_name="Gallorini", by=me, at=t,
...     pending_validation=False)
>>> account.set_default(org, openable=frozenset({org}), by=me, at=t)
>>> account.effective_default(frozenset({org})) == org
True
>>> account.effective_default(frozenset()) == me  # the delegation ended
True
"""

from __future__ import annotations

import datetime as dt
import enum

from attrs import define, field, setters

from balorg.domain.addresses import EmailAddress
from balorg.domain.errors import DomainRefusal, Problem
from balorg.domain.events import (
    AccountApproved,
    AccountCreated,
    AccountEvent,
    AccountRejected,
    CredentialEnrolled,
    DefaultMailboxChanged,
    EnrolmentCancelled,
    NoticesChanged,
    SettingsReconciled,
)
from balorg.domain.identifiers import IdNatPS
from balorg.domain.text import text_problem
from balorg.domain.timing import checked_change

__all__ = ["AccountState", "ConnectionAccount"]


class AccountState(enum.Enum):
    """A new account waits for the service centre's validation (48 to 72 hours)."""

    PENDING_VALIDATION = "pending_validation"
    ACTIVE = "active"
    REJECTED = "rejected"
    #: The host's credential service never enrolled it, and the enrolment was given up.
    CANCELLED = "cancelled"

    @property
    def is_closed(self) -> bool:
        """Rejected by the service centre or given up: the account will never be used."""
        return self in (AccountState.REJECTED, AccountState.CANCELLED)


def _refuse(code: str, path: str = "", **params: object) -> DomainRefusal:
    return DomainRefusal([Problem(code, path, params)])


@define(kw_only=True, eq=False)
class ConnectionAccount:
    """A nominative account, identified by its own (nominative) mailbox address."""

    address: EmailAddress = field(on_setattr=setters.frozen)
    first_name: str
    last_name: str
    state: AccountState
    created_at: dt.datetime = field(on_setattr=setters.frozen)
    #: Who created it (the person, or the manager who created it for them): nobody
    #: validates an account they created.
    created_by: EmailAddress | None = field(default=None, on_setattr=setters.frozen)
    #: The declared identity (IdNat PS) of the person, when known (a responsible's).
    professional: IdNatPS | None = None
    #: The host's credential service has not confirmed the password yet: no login.
    credential_pending: bool = False
    #: Stored preference; ``None`` means the nominative mailbox.
    default_mailbox: EmailAddress | None = None
    notices: frozenset[EmailAddress] = frozenset()
    decided_by: EmailAddress | None = None
    decided_at: dt.datetime | None = None
    decision_reason: str | None = None
    version: int = 0
    events: list[AccountEvent] = field(factory=list, repr=False)

    @classmethod
    @checked_change
    def create(
        cls,
        *,
        address: EmailAddress,
        first_name: str,
        last_name: str,
        by: EmailAddress,
        at: dt.datetime,
        pending_validation: bool = True,
        credential_pending: bool = False,
        professional: IdNatPS | None = None,
    ) -> ConnectionAccount:
        found = [
            Problem("field.required", name) if not value.strip() else text_problem(value, name)
            for name, value in (("first_name", first_name), ("last_name", last_name))
        ]
        problems = [p for p in found if p is not None]
        if problems:
            raise DomainRefusal(problems)
        account = cls(
            address=address,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            state=AccountState.PENDING_VALIDATION if pending_validation else AccountState.ACTIVE,
            created_at=at,
            created_by=by,
            professional=professional,
            credential_pending=credential_pending,
        )
        account.events.append(
            AccountCreated(
                actor=by,
                at=at,
                account=address,
                pending_validation=pending_validation,
                credential_pending=credential_pending,
            )
        )
        return account

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_active(self) -> bool:
        return self.state is AccountState.ACTIVE

    @property
    def may_log_in(self) -> bool:
        """Validated, and its password confirmed by the credential service."""
        return self.is_active and not self.credential_pending

    def pull_events(self) -> list[AccountEvent]:
        events, self.events = self.events, []
        return events

    # -- validation by the service centre ---------------------------------------------------

    @checked_change
    def approve(self, *, by: EmailAddress, at: dt.datetime) -> None:
        if self.state is not AccountState.PENDING_VALIDATION:
            raise _refuse("account.not_pending", "state", state=self.state.value)
        self.state, self.decided_by, self.decided_at = AccountState.ACTIVE, by, at
        self.events.append(AccountApproved(actor=by, at=at, account=self.address))

    @checked_change
    def reject(self, *, by: EmailAddress, at: dt.datetime, reason: str) -> None:
        if self.state is not AccountState.PENDING_VALIDATION:
            raise _refuse("account.not_pending", "state", state=self.state.value)
        if not reason.strip():
            raise _refuse("field.required", "reason")
        problem = text_problem(reason, "reason")
        if problem is not None:
            raise DomainRefusal([problem])
        self.state, self.decided_by, self.decided_at = AccountState.REJECTED, by, at
        self.decision_reason = reason.strip()
        self.events.append(
            AccountRejected(actor=by, at=at, account=self.address, reason=self.decision_reason)
        )

    # -- credentials ------------------------------------------------------------------------

    @checked_change
    def confirm_credential(self, *, by: EmailAddress, at: dt.datetime) -> None:
        """The host's credential service enrolled the password."""
        if not self.credential_pending:
            raise _refuse(
                "account.credential_not_pending", "credential_pending", account=str(self.address)
            )
        self.credential_pending = False
        self.events.append(CredentialEnrolled(actor=by, at=at, account=self.address))

    @checked_change
    def cancel_enrolment(self, *, by: EmailAddress, at: dt.datetime) -> None:
        """Give up an account whose password the credential service never took."""
        if not self.credential_pending or self.state is AccountState.CANCELLED:
            raise _refuse(
                "account.credential_not_pending", "credential_pending", account=str(self.address)
            )
        self.state = AccountState.CANCELLED
        self.decided_by, self.decided_at = by, at
        self.events.append(EnrolmentCancelled(actor=by, at=at, account=self.address))

    # -- connection settings ----------------------------------------------------------------

    def can_open(self, mailbox: EmailAddress, openable: frozenset[EmailAddress]) -> bool:
        """Its own nominative mailbox, or an organisational one in ``openable``."""
        return self.is_active and (mailbox == self.address or mailbox in openable)

    def effective_default(self, openable: frozenset[EmailAddress]) -> EmailAddress:
        """The mailbox opened at login: the chosen default while it can still be
        opened, the nominative mailbox otherwise."""
        if self.default_mailbox is not None and self.default_mailbox in openable:
            return self.default_mailbox
        return self.address

    def effective_notices(self, openable: frozenset[EmailAddress]) -> frozenset[EmailAddress]:
        """Mailboxes whose new-mail notices go to this account, among those it can open."""
        return self.notices & openable if self.is_active else frozenset()

    @checked_change
    def set_default(
        self,
        mailbox: EmailAddress,
        *,
        openable: frozenset[EmailAddress],
        by: EmailAddress,
        at: dt.datetime,
    ) -> None:
        """Open ``mailbox`` at login ("Définir comme compte par défaut")."""
        if not self.can_open(mailbox, openable):
            raise _refuse("account.cannot_open", "default_mailbox", mailbox=str(mailbox))
        self.default_mailbox = None if mailbox == self.address else mailbox
        self.events.append(
            DefaultMailboxChanged(actor=by, at=at, account=self.address, default=mailbox)
        )

    @checked_change
    def set_notices(
        self,
        mailbox: EmailAddress,
        enabled: bool,
        *,
        openable: frozenset[EmailAddress],
        by: EmailAddress,
        at: dt.datetime,
    ) -> None:
        """Send (or stop sending) new-mail notices of an organisational mailbox to
        the account's own address ("Notif de réception vers compte de connexion")."""
        if mailbox == self.address:
            raise _refuse("account.notices_own_mailbox", "notices", mailbox=str(mailbox))
        if enabled and not self.can_open(mailbox, openable):
            raise _refuse("account.cannot_open", "notices", mailbox=str(mailbox))
        updated = self.notices | {mailbox} if enabled else self.notices - {mailbox}
        if updated == self.notices:
            return
        self.notices = updated
        self.events.append(
            NoticesChanged(actor=by, at=at, account=self.address, mailbox=mailbox, enabled=enabled)
        )

    @checked_change
    def reconcile(
        self, *, openable: frozenset[EmailAddress], by: EmailAddress, at: dt.datetime
    ) -> bool:
        """Drop settings that point at mailboxes the account can no longer open.

        The effective views already ignore them; this makes the stored settings
        agree, and records it. Answers whether anything was dropped.
        """
        dropped_default = (
            self.default_mailbox
            if self.default_mailbox is not None and self.default_mailbox not in openable
            else None
        )
        dropped_notices = self.notices - openable
        if dropped_default is None and not dropped_notices:
            return False
        if dropped_default is not None:
            self.default_mailbox = None
        self.notices = self.notices - dropped_notices
        self.events.append(
            SettingsReconciled(
                actor=by,
                at=at,
                account=self.address,
                dropped_default=dropped_default,
                dropped_notices=dropped_notices,
            )
        )
        return True
