"""The repositories of a SQL unit of work: reads and writes inside its one transaction.

Writes go to the database at once, inside the transaction (nothing is staged in
memory), so reads see the unit of work's own changes and a conflict with a concurrent
transaction shows where it happens. Saves are optimistic (``UPDATE ... WHERE version =
:expected``); one live delegation per (mailbox, account), one account per address, one
message per reference are unique indexes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final, Protocol

import sqlalchemy as sa

from balorg.adapters.sql import schema
from balorg.adapters.sql.columns import UtcDateTime
from balorg.adapters.sql.rows import (
    account_of,
    account_values,
    delegation_of,
    delegation_values,
    mailbox_of,
    mailbox_values,
    message_of,
    message_values,
    session_of,
    session_values,
)
from balorg.domain.account import AccountState, ConnectionAccount
from balorg.domain.addresses import EmailAddress
from balorg.domain.credentials import StoredCredential
from balorg.domain.delegation import Delegation
from balorg.domain.mail import Direction, MessageRecord
from balorg.domain.mailbox import OrganisationalMailbox
from balorg.domain.session import Session
from balorg.ports.repositories import ConcurrencyConflict

if TYPE_CHECKING:
    from balorg.adapters.sql.store import SqlUnitOfWork

__all__ = [
    "SqlAccountRepository",
    "SqlCredentialRepository",
    "SqlDelegationRepository",
    "SqlMailboxRepository",
    "SqlMessageLog",
    "SqlSessionRepository",
    "SqlThrottleRepository",
]

_trusted = EmailAddress.trusted


class _Versioned(Protocol):
    version: int


def _add(uow: SqlUnitOfWork, table: sa.Table, item: _Versioned, values: dict[str, Any]) -> None:
    """Insert ``item``'s row (``values``, at its next version) and move it to that version."""
    uow.insert(table, values)
    item.version += 1


def _save(
    uow: SqlUnitOfWork,
    table: sa.Table,
    item: _Versioned,
    values: dict[str, Any],
    *,
    keys: Sequence[str],
    shown: object,
) -> None:
    """Write ``values`` (at ``item``'s next version) over the row whose ``keys`` match
    them, if its version is still ``item``'s, and move ``item`` to the next version; a
    :class:`ConcurrencyConflict` (about ``shown``) if another transaction got there first."""
    result = uow.execute(
        table.update()
        .where(*(table.c[key] == values[key] for key in keys), table.c.version == item.version)
        .values(values)
    )
    if result.rowcount != 1:
        raise ConcurrencyConflict("storage.conflict", address=str(shown))
    item.version += 1


#: The live delegations, written as the partial indexes' own condition (``WHERE live``):
#: SQLAlchemy would write ``live = 1`` on SQLite, which SQLite cannot match to them.
_LIVE: Final = sa.text("delegations.live")
#: Written out, not bound, for the same reason: SQLite matches a partial index as text.
_TO_REVIEW: Final = sa.text("delegations.review = 'to_review'")


class SqlMailboxRepository:
    """Mailboxes as rows with their document."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    def get(self, address: EmailAddress) -> OrganisationalMailbox | None:
        table = schema.mailboxes
        query = sa.select(table.c.version, table.c.document).where(table.c.address == str(address))
        row = self._uow.execute(query).mappings().first()
        return None if row is None else mailbox_of(row)

    def add(self, mailbox: OrganisationalMailbox) -> None:
        values = mailbox_values(mailbox, version=mailbox.version + 1)
        _add(self._uow, schema.mailboxes, mailbox, values)

    def save(self, mailbox: OrganisationalMailbox) -> None:
        values = mailbox_values(mailbox, version=mailbox.version + 1)
        _save(self._uow, schema.mailboxes, mailbox, values, keys=["address"], shown=mailbox.address)

    def responsible_for(self, account: EmailAddress) -> Sequence[OrganisationalMailbox]:
        table = schema.mailboxes
        query = (
            sa.select(table.c.version, table.c.document)
            .where(table.c.responsible_account == str(account))
            .order_by(table.c.address)
        )
        return [mailbox_of(row) for row in self._uow.execute(query).mappings()]

    def addresses(self, *, after: str | None = None, limit: int = 100) -> Sequence[EmailAddress]:
        table = schema.mailboxes
        query = sa.select(table.c.address).order_by(table.c.address).limit(limit)
        if after is not None:
            query = query.where(table.c.address > after)
        return [_trusted(a) for a in self._uow.execute(query).scalars()]


class SqlDelegationRepository:
    """Delegations as rows keyed by mailbox, account and number; one live per account."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    def current(self, mailbox: EmailAddress, account: EmailAddress) -> Delegation | None:
        table = schema.delegations
        query = (
            sa.select(table)
            .where(table.c.mailbox == str(mailbox), table.c.account == str(account))
            .order_by(table.c.live.desc(), table.c.number.desc())
            .limit(1)
        )
        row = self._uow.execute(query).mappings().first()
        return None if row is None else delegation_of(row)

    def add(self, delegation: Delegation) -> None:
        values = delegation_values(delegation, version=delegation.version + 1)
        _add(self._uow, schema.delegations, delegation, values)

    def save(self, delegation: Delegation) -> None:
        values = delegation_values(delegation, version=delegation.version + 1)
        keys = ("mailbox", "account", "number")
        shown = delegation.account
        _save(self._uow, schema.delegations, delegation, values, keys=keys, shown=shown)

    def _many(self, query: sa.Select[Any]) -> list[Delegation]:
        return [delegation_of(row) for row in self._uow.execute(query).mappings()]

    def live_of(self, account: EmailAddress) -> Sequence[Delegation]:
        table = schema.delegations
        return self._many(
            sa.select(table).where(table.c.account == str(account), _LIVE).order_by(table.c.mailbox)
        )

    def page(
        self, mailbox: EmailAddress, *, after: str | None = None, limit: int = 100
    ) -> Sequence[Delegation]:
        table = schema.delegations
        latest = sa.alias(table, "latest")
        newest = (
            sa.select(sa.func.max(latest.c.number))
            .where(latest.c.mailbox == table.c.mailbox, latest.c.account == table.c.account)
            .scalar_subquery()
        )
        query = (
            sa.select(table)
            .where(table.c.mailbox == str(mailbox), table.c.number == newest)
            .order_by(table.c.account)
            .limit(limit)
        )
        if after is not None:
            query = query.where(table.c.account > after)
        return self._many(query)

    def granted_by(self, mailbox: EmailAddress, grantor: EmailAddress) -> Sequence[Delegation]:
        table = schema.delegations
        return self._many(
            sa.select(table)
            .where(table.c.mailbox == str(mailbox), table.c.granted_by == str(grantor), _LIVE)
            .order_by(table.c.account)
        )

    def to_review(self, mailbox: EmailAddress) -> Sequence[Delegation]:
        table = schema.delegations
        return self._many(
            sa.select(table)
            .where(table.c.mailbox == str(mailbox), _LIVE, _TO_REVIEW)
            .order_by(table.c.account)
        )

    def expiring(
        self, *, after: dt.datetime, until: dt.datetime, limit: int = 100
    ) -> Sequence[Delegation]:
        table = schema.delegations
        return self._many(
            sa.select(table)
            .where(
                _LIVE,
                table.c.reminded_at.is_(None),
                table.c.expires_at.is_not(None),
                table.c.expires_at > after,
                table.c.expires_at <= until,
            )
            .order_by(table.c.expires_at, table.c.mailbox, table.c.account)
            .limit(limit)
        )

    def history(self, mailbox: EmailAddress, account: EmailAddress) -> Sequence[Delegation]:
        table = schema.delegations
        return self._many(
            sa.select(table)
            .where(table.c.mailbox == str(mailbox), table.c.account == str(account))
            .order_by(table.c.number)
        )


class SqlAccountRepository:
    """Accounts as rows, with their notice subscriptions."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    def get(self, address: EmailAddress) -> ConnectionAccount | None:
        table = schema.accounts
        query = sa.select(table.c.version, table.c.document).where(table.c.address == str(address))
        row = self._uow.execute(query).mappings().first()
        return None if row is None else account_of(row)

    def add(self, account: ConnectionAccount) -> None:
        values = account_values(account, version=account.version + 1)
        _add(self._uow, schema.accounts, account, values)
        self._notices(account)

    def save(self, account: ConnectionAccount) -> None:
        values = account_values(account, version=account.version + 1)
        _save(self._uow, schema.accounts, account, values, keys=["address"], shown=account.address)
        self._notices(account)

    def _notices(self, account: ConnectionAccount) -> None:
        table = schema.account_notices
        self._uow.execute(table.delete().where(table.c.account == str(account.address)))
        if account.notices:
            self._uow.execute(
                table.insert(),
                [{"mailbox": str(m), "account": str(account.address)} for m in account.notices],
            )

    def pending(
        self, *, after: tuple[dt.datetime, str] | None = None, limit: int = 100
    ) -> Sequence[ConnectionAccount]:
        table = schema.accounts
        query = (
            sa.select(table.c.version, table.c.document)
            .where(table.c.state == AccountState.PENDING_VALIDATION.value)
            .order_by(table.c.created_at, table.c.address)
            .limit(limit)
        )
        if after is not None:
            query = query.where(sa.tuple_(table.c.created_at, table.c.address) > sa.tuple_(*after))
        return [account_of(row) for row in self._uow.execute(query).mappings()]

    def credential_pending(self, *, limit: int = 100) -> Sequence[ConnectionAccount]:
        table = schema.accounts
        query = (
            sa.select(table.c.version, table.c.document)
            .where(table.c.credential_pending, table.c.state != AccountState.CANCELLED.value)
            .order_by(table.c.created_at, table.c.address)
            .limit(limit)
        )
        return [account_of(row) for row in self._uow.execute(query).mappings()]

    def notice_subscribers(self, mailbox: EmailAddress) -> Sequence[EmailAddress]:
        table = schema.account_notices
        query = (
            sa.select(table.c.account)
            .where(table.c.mailbox == str(mailbox))
            .order_by(table.c.account)
        )
        return [_trusted(a) for a in self._uow.execute(query).scalars()]


class SqlCredentialRepository:
    """Password hashes, in the account's transaction."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    def get(self, address: EmailAddress) -> StoredCredential | None:
        table = schema.credentials
        row = self._uow.execute(sa.select(table).where(table.c.address == str(address))).first()
        if row is None:
            return None
        return StoredCredential(
            algorithm=row.algorithm,
            n=row.n,
            r=row.r,
            p=row.p,
            salt=bytes(row.salt),
            digest=bytes(row.digest),
        )

    def set(self, address: EmailAddress, credential: StoredCredential) -> None:
        table = schema.credentials
        values = {
            "address": str(address),
            "salt": credential.salt,
            "digest": credential.digest,
            "n": credential.n,
            "r": credential.r,
            "p": credential.p,
            "algorithm": credential.algorithm,
        }
        self._uow.execute(table.delete().where(table.c.address == str(address)))
        self._uow.execute(table.insert().values(values))


class SqlSessionRepository:
    """Sessions by token digest; their last use recorded without a version."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    def add(self, session: Session) -> None:
        values = session_values(session, version=session.version + 1)
        _add(self._uow, schema.sessions, session, values)

    def save(self, session: Session) -> None:
        table = schema.sessions
        values = session_values(session, version=session.version + 1)
        values["last_seen_at"] = sa.case(
            (table.c.last_seen_at > session.last_seen_at, table.c.last_seen_at),
            else_=sa.literal(session.last_seen_at, UtcDateTime()),
        )
        _save(self._uow, table, session, values, keys=["token_hash"], shown=session.id)

    def seen(self, token_hash: str, at: dt.datetime) -> None:
        table = schema.sessions
        self._uow.execute(
            table.update()
            .where(table.c.token_hash == token_hash, table.c.last_seen_at < at)
            .values(last_seen_at=at)
        )

    def by_token(self, token_hash: str) -> Session | None:
        table = schema.sessions
        row = (
            self._uow.execute(sa.select(table).where(table.c.token_hash == token_hash))
            .mappings()
            .first()
        )
        return None if row is None else session_of(row)


class SqlThrottleRepository:
    """Failed password checks per account, the row locked for the transaction.

    Recording a failure forgets those older than the ``since`` the account's failures
    were read with (no later check counts them), so the row stays as small as a window.
    """

    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow
        self._since: dict[EmailAddress, dt.datetime] = {}

    def failures(self, account: EmailAddress, *, since: dt.datetime) -> Sequence[dt.datetime]:
        self._since[account] = since
        table = schema.login_throttle
        # The row is the account's lock: created if missing (a write, which on SQLite takes
        # the database's write lock), then locked for the transaction on PostgreSQL.
        self._uow.upsert_ignore(table, {"account": str(account), "failures": "[]"}, ["account"])
        query = sa.select(table.c.failures).where(table.c.account == str(account))
        if self._uow.dialect == "postgresql":
            query = query.with_for_update()
        text = self._uow.execute(query).scalar_one()
        times = [dt.datetime.fromisoformat(t) for t in json.loads(text)]
        return [t for t in times if t >= since]

    def _write(self, account: EmailAddress, times: list[dt.datetime]) -> None:
        table = schema.login_throttle
        text = json.dumps([t.isoformat() for t in times])
        self._uow.execute(
            table.update().where(table.c.account == str(account)).values(failures=text)
        )

    def record_failure(self, account: EmailAddress, at: dt.datetime) -> None:
        table = schema.login_throttle
        text = self._uow.execute(
            sa.select(table.c.failures).where(table.c.account == str(account))
        ).scalar_one_or_none()
        times = [dt.datetime.fromisoformat(t) for t in json.loads(text or "[]")]
        since = self._since.get(account)
        kept = times if since is None else [t for t in times if t >= since]
        self._write(account, [*kept, at])

    def clear(self, account: EmailAddress) -> None:
        self._write(account, [])


class SqlMessageLog:
    """Records of messages sent and received, one per mailbox, direction and reference."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    def record(self, message: MessageRecord) -> None:
        self._uow.insert(schema.messages, message_values(message), key=message.reference)

    def has(self, mailbox: EmailAddress, direction: Direction, reference: str) -> bool:
        table = schema.messages
        query = (
            sa.select(table.c.id)
            .where(
                table.c.mailbox == str(mailbox),
                table.c.direction == direction.value,
                table.c.reference == reference,
            )
            .limit(1)
        )
        return self._uow.execute(query).first() is not None

    def for_mailbox(
        self,
        mailbox: EmailAddress,
        direction: Direction | None = None,
        *,
        after: int = 0,
        limit: int | None = None,
    ) -> Sequence[tuple[int, MessageRecord]]:
        table = schema.messages
        query = (
            sa.select(table)
            .where(table.c.mailbox == str(mailbox), table.c.id > after)
            .order_by(table.c.id)
        )
        if direction is not None:
            query = query.where(table.c.direction == direction.value)
        if limit is not None:
            query = query.limit(limit)
        return [(row["id"], message_of(row)) for row in self._uow.execute(query).mappings()]
