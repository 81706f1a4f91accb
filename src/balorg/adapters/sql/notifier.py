"""A notifier that keeps, in SQL, every notice handed to it, as rendered.

The reference delivery for the embedded default: a relay of the host may send the rows
by mail, and :meth:`SqlNotifier.sent` reads them back. A notice carries no message
content by construction (see :mod:`balorg.domain.mail`), so nothing here holds any.
The same idempotency key twice is the same notice: it is kept once.

>>> import datetime as dt
>>> from balorg.adapters.sql import SqlStore
>>> from balorg.domain.addresses import EmailAddress
>>> from balorg.domain.mail import NewMailNotice
>>> store = SqlStore("sqlite://")
>>> notifier = SqlNotifier(store, lang="en")
>>> notice = NewMailNotice(to=EmailAddress("alice@example.org"),
...     mailbox=EmailAddress("pharmacie@example.mssante.fr"),
...     at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
>>> notifier.send(notice, key="k1"); notifier.send(notice, key="k1")
>>> [(n.recipient, n.kind, n.subject) for n in notifier.sent()]
[('alice@example.org', 'new_mail', 'New message in pharmacie@example.mssante.fr')]
>>> store.close()
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from attrs import frozen

from balorg import serialization
from balorg.adapters.sql import schema
from balorg.adapters.sql.engine import insert_or_ignore, read_connection, write_transaction
from balorg.adapters.sql.store import SqlStore, engine_of
from balorg.domain.addresses import EmailAddress
from balorg.domain.mail import NewMailNotice, Notice, ValidationNotice
from balorg.domain.messages import Lang

__all__ = ["SentNotice", "SqlNotifier"]


@frozen(kw_only=True)
class SentNotice:
    """A notice as kept: who it went to, what it said, in which language."""

    id: int
    notice: Notice
    recipient: str
    kind: str
    lang: str
    subject: str
    body: str
    at: dt.datetime
    key: str | None


_KINDS = {kind: name for name, kind in serialization.NOTICE_TYPES.items()}


def _values(notice: Notice, lang: Lang, key: str) -> dict[str, Any]:
    rendered = notice.render(lang)
    values: dict[str, Any] = {
        "at": notice.at,
        "recipient": str(notice.to),
        "lang": lang,
        "subject": rendered.subject,
        "body": rendered.body,
        "kind": _KINDS[type(notice)],
        "mailbox": str(getattr(notice, "mailbox", "")) or None,
        "key": key,
        "document": serialization.unstructure(notice),
    }
    if isinstance(notice, ValidationNotice):
        values |= {
            "account": str(notice.account),
            "approved": notice.approved,
            "reason": notice.reason,
        }
    return values


class SqlNotifier:
    """Keeps each notice, rendered in ``lang``; each send is its own transaction."""

    def __init__(self, source: SqlStore | sa.Engine, *, lang: Lang = "fr") -> None:
        self._engine = engine_of(source)
        self._lang: Lang = lang

    def send(self, notice: Notice, *, key: str) -> None:
        # A key already kept is a notice already sent: nothing more (one statement, so two
        # concurrent sends of one key never fail on the key's unique index).
        values = _values(notice, self._lang, key)
        with write_transaction(self._engine) as conn:
            conn.execute(insert_or_ignore(conn.dialect.name, schema.notices, values, ["key"]))

    def sent(self, *, recipient: EmailAddress | None = None) -> list[SentNotice]:
        """The notices kept (those to ``recipient`` only, if given), oldest first."""
        table = schema.notices
        query = sa.select(table).order_by(table.c.id)
        if recipient is not None:
            query = query.where(table.c.recipient == str(recipient))
        with read_connection(self._engine) as conn:
            rows = conn.execute(query).all()
        return [
            SentNotice(
                id=row.id,
                notice=_notice(row),
                recipient=row.recipient,
                kind=row.kind,
                lang=row.lang,
                subject=row.subject,
                body=row.body,
                at=row.at,
                key=row.key,
            )
            for row in rows
        ]


def _notice(row: Any) -> Notice:
    """The notice a row was made from (rows of balorg 0.1 have no document: they were
    new-mail and validation notices, rebuilt from their columns)."""
    if row.document is not None:
        notice: Notice = serialization.structure_stored(row.document, Notice)
        return notice
    to = EmailAddress.trusted(row.recipient)
    if row.kind == "validation":
        return ValidationNotice(
            to=to,
            account=EmailAddress.trusted(row.account),
            approved=bool(row.approved),
            at=row.at,
            reason=row.reason,
        )
    return NewMailNotice(to=to, mailbox=EmailAddress.trusted(row.mailbox), at=row.at)
