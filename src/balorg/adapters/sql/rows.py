"""Rows to domain objects and back, for the tables of :mod:`.schema`.

Documents are written and read by :mod:`balorg.serialization`; what comes back from
storage was checked when it came in, so it is read with
:func:`~balorg.serialization.structure_stored` (addresses are not parsed again), and
delegations, the rows read most, are built from typed columns without any JSON.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from balorg import serialization
from balorg.domain.account import ConnectionAccount
from balorg.domain.addresses import EmailAddress
from balorg.domain.capabilities import Capability
from balorg.domain.delegation import Delegation, DelegationState, Review
from balorg.domain.mail import Direction, MessageRecord
from balorg.domain.mailbox import OrganisationalMailbox
from balorg.domain.session import Session

__all__ = [
    "account_of",
    "account_values",
    "delegation_of",
    "delegation_values",
    "mailbox_of",
    "mailbox_values",
    "message_of",
    "message_values",
    "session_of",
    "session_values",
]

_trusted = EmailAddress.trusted
_CAPABILITIES = {c.value: c for c in Capability}
_STATES = {s.value: s for s in DelegationState}
_REVIEWS = {r.value: r for r in Review}


def _document(aggregate: object) -> dict[str, Any]:
    data: dict[str, Any] = serialization.unstructure(aggregate)
    data.pop("version", None)
    return data


def _loaded(document: Any) -> dict[str, Any]:
    return json.loads(document) if isinstance(document, str) else dict(document)


def mailbox_values(mailbox: OrganisationalMailbox, *, version: int) -> dict[str, Any]:
    """The columns of ``mailbox``'s row."""
    return {
        "address": str(mailbox.address),
        "version": version,
        "state": mailbox.state.value,
        "structure": str(mailbox.structure.identifier),
        "responsible_account": str(mailbox.responsible.account),
        "created_at": mailbox.created_at,
        "document": _document(mailbox),
    }


def mailbox_of(row: Any) -> OrganisationalMailbox:
    """The mailbox stored in ``row``."""
    document = {**_loaded(row["document"]), "version": row["version"]}
    mailbox: OrganisationalMailbox = serialization.structure_stored(document, OrganisationalMailbox)
    return mailbox


def account_values(account: ConnectionAccount, *, version: int) -> dict[str, Any]:
    """The columns of ``account``'s row."""
    return {
        "address": str(account.address),
        "version": version,
        "state": account.state.value,
        "created_at": account.created_at,
        "credential_pending": account.credential_pending,
        "document": _document(account),
    }


def account_of(row: Any) -> ConnectionAccount:
    """The account stored in ``row``."""
    document = {**_loaded(row["document"]), "version": row["version"]}
    account: ConnectionAccount = serialization.structure_stored(document, ConnectionAccount)
    return account


def _address(value: str | None) -> EmailAddress | None:
    return None if value is None else _trusted(value)


def delegation_values(delegation: Delegation, *, version: int) -> dict[str, Any]:
    """The columns of ``delegation``'s row."""
    return {
        "mailbox": str(delegation.mailbox),
        "account": str(delegation.account),
        "number": delegation.number,
        "live": delegation.is_live,
        "state": delegation.state.value,
        "capabilities": ",".join(sorted(c.value for c in delegation.capabilities)),
        "granted_by": str(delegation.granted_by),
        "granted_at": delegation.granted_at,
        "expires_at": delegation.expires_at,
        "changed_by": None if delegation.changed_by is None else str(delegation.changed_by),
        "changed_at": delegation.changed_at,
        "reason": delegation.reason,
        "review": delegation.review.value,
        "reminded_at": delegation.reminded_at,
        "version": version,
    }


def delegation_of(row: Any) -> Delegation:
    """The delegation stored in ``row``."""
    names = row["capabilities"]
    return Delegation(
        mailbox=_trusted(row["mailbox"]),
        account=_trusted(row["account"]),
        number=row["number"],
        capabilities=frozenset(_CAPABILITIES[n] for n in names.split(",")) if names else (),
        state=_STATES[row["state"]],
        granted_by=_trusted(row["granted_by"]),
        granted_at=row["granted_at"],
        expires_at=row["expires_at"],
        changed_by=_address(row["changed_by"]),
        changed_at=row["changed_at"],
        reason=row["reason"],
        review=_REVIEWS[row["review"]],
        reminded_at=row["reminded_at"],
        version=row["version"],
    )


def session_values(session: Session, *, version: int) -> dict[str, Any]:
    """The columns of ``session``'s row."""
    return {
        "token_hash": session.token_hash,
        "id": session.id,
        "account": str(session.account),
        "mailbox": str(session.mailbox),
        "method": session.method,
        "created_at": session.created_at,
        "last_seen_at": session.last_seen_at,
        "idle_seconds": session.idle_timeout.total_seconds(),
        "expires_at": session.expires_at,
        "ended_at": session.ended_at,
        "ended_reason": session.ended_reason,
        "version": version,
    }


def session_of(row: Any) -> Session:
    """The session stored in ``row``."""
    return Session(
        id=row["id"],
        token_hash=row["token_hash"],
        account=_trusted(row["account"]),
        mailbox=_trusted(row["mailbox"]),
        method=row["method"],
        created_at=row["created_at"],
        last_seen_at=row["last_seen_at"],
        idle_timeout=dt.timedelta(seconds=row["idle_seconds"]),
        expires_at=row["expires_at"],
        ended_at=row["ended_at"],
        ended_reason=row["ended_reason"],
        version=row["version"],
    )


def message_values(message: MessageRecord) -> dict[str, Any]:
    """The columns of ``message``'s row."""
    return {
        "mailbox": str(message.mailbox),
        "direction": message.direction.value,
        "reference": message.reference,
        "at": message.at,
        "correspondent": str(message.correspondent),
        "author": None if message.author is None else str(message.author),
    }


def message_of(row: Any) -> MessageRecord:
    """The message record stored in ``row``."""
    return MessageRecord(
        mailbox=_trusted(row["mailbox"]),
        direction=Direction(row["direction"]),
        reference=row["reference"],
        at=row["at"],
        correspondent=_trusted(row["correspondent"]),
        author=_address(row["author"]),
    )
