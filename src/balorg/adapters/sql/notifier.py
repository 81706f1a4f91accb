"""The notifier in SQL: an outbox keeping every notice sent, as rendered.

A notice carries no message content by construction (see
:mod:`balorg.domain.mail`), so the outbox holds none either. A relay of the
host may deliver the rows; :meth:`SqlNotifier.sent` reads them back.

>>> import datetime as dt
>>> from balorg.adapters.sql import SqlStore
>>> from balorg.domain.addresses import EmailAddress
>>> from balorg.domain.mail import NewMailNotice
>>> store = SqlStore("sqlite://")
>>> notifier = SqlNotifier(store, lang="en")
>>> notifier.send(NewMailNotice(to=EmailAddress("alice@example.org"),
...     mailbox=EmailAddress("pharmacie@example.mssante.fr"),
...     at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)))
>>> [(n.recipient, n.kind, n.subject) for n in notifier.sent()]
[('alice@example.org', 'new_mail', 'New message in pharmacie@example.mssante.fr')]
>>> store.close()
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from attrs import frozen

from balorg.adapters.sql import schema
from balorg.adapters.sql.engine import read_connection, write_transaction
from balorg.adapters.sql.store import SqlStore, engine_of
from balorg.domain.addresses import EmailAddress
from balorg.domain.mail import NewMailNotice, Notice, ValidationNotice
from balorg.domain.messages import Lang

__all__ = ["SentNotice", "SqlNotifier"]

_NEW_MAIL = "new_mail"
_VALIDATION = "validation"


@frozen(kw_only=True)
class SentNotice:
    """A row of the outbox: the notice, and what was sent."""

    id: int
    notice: Notice
    recipient: str
    kind: str
    lang: str
    subject: str
    body: str
    at: dt.datetime


def _values(notice: Notice, lang: Lang) -> dict[str, Any]:
    rendered = notice.render(lang)
    values: dict[str, Any] = {
        "at": notice.at,
        "recipient": str(notice.to),
        "lang": lang,
        "subject": rendered.subject,
        "body": rendered.body,
    }
    if isinstance(notice, NewMailNotice):
        return {**values, "kind": _NEW_MAIL, "mailbox": str(notice.mailbox)}
    return {
        **values,
        "kind": _VALIDATION,
        "account": str(notice.account),
        "approved": notice.approved,
        "reason": notice.reason,
    }


def _notice(row: Any) -> Notice:
    to = EmailAddress(row.recipient)
    if row.kind == _NEW_MAIL:
        return NewMailNotice(to=to, mailbox=EmailAddress(row.mailbox), at=row.at)
    return ValidationNotice(
        to=to,
        account=EmailAddress(row.account),
        approved=bool(row.approved),
        at=row.at,
        reason=row.reason,
    )


class SqlNotifier:
    """Stores each notice, rendered in ``lang``; each send is its own transaction."""

    def __init__(self, source: SqlStore | sa.Engine, *, lang: Lang = "fr") -> None:
        self._engine = engine_of(source)
        self._lang: Lang = lang

    def send(self, notice: Notice) -> None:
        with write_transaction(self._engine) as conn:
            conn.execute(schema.notices.insert().values(_values(notice, self._lang)))

    def sent(self, *, recipient: EmailAddress | None = None) -> list[SentNotice]:
        """The notices sent (to ``recipient`` only, if given), oldest first."""
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
            )
            for row in rows
        ]
