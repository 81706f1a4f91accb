"""A directory publisher over SQL: what each directory shows, kept in a table.

The reference for the operator's own directory (which the operator serves from its
own database), and a local mirror of what the national directory was sent, for
inspection (``balorg directory show``). It applies changes as a directory would
(:func:`balorg.domain.publication.apply_change`), so applying one twice equals once.

>>> from balorg.adapters.sql import SqlStore
>>> from balorg.domain.publication import DirectoryChange, DirectoryKind, MailboxEntry
>>> from balorg.testing.examples import example_address, example_structure
>>> store = SqlStore("sqlite://")
>>> publisher = SqlDirectoryPublisher(store)
>>> entry = MailboxEntry(address=example_address("bal"), structure=example_structure().identifier,
...     description="Officine", service=None, responsible_contact=None, red_listed=False, rank=None)
>>> publisher.apply(DirectoryChange.create(entry, DirectoryKind.OPERATOR), key="k")
>>> publisher.entry(example_address("bal"), DirectoryKind.OPERATOR).description
'Officine'
>>> store.close()
"""

from __future__ import annotations

import sqlalchemy as sa

from balorg import serialization
from balorg.adapters.sql import schema
from balorg.adapters.sql.engine import read_connection, write_transaction
from balorg.adapters.sql.store import SqlStore, engine_of
from balorg.domain.addresses import EmailAddress
from balorg.domain.publication import DirectoryChange, DirectoryKind, MailboxEntry, apply_change
from balorg.ports.publisher import PublicationFailed

__all__ = ["SqlDirectoryPublisher"]


class SqlDirectoryPublisher:
    """Keeps the entries of ``directories`` (both by default); each change is one
    transaction."""

    def __init__(self, source: SqlStore | sa.Engine, *directories: DirectoryKind) -> None:
        self._engine = engine_of(source)
        self.directories = frozenset(directories or DirectoryKind)

    def handles(self, directory: DirectoryKind) -> bool:
        return directory in self.directories

    def apply(self, change: DirectoryChange, *, key: str) -> None:
        table = schema.directory_entries
        where = sa.and_(
            table.c.directory == change.directory.value, table.c.address == str(change.address)
        )
        with write_transaction(self._engine) as conn:
            document = conn.execute(sa.select(table.c.document).where(where)).scalar_one_or_none()
            shown = None if document is None else _entry(document)
            try:
                updated = apply_change(shown, change)
            except LookupError as exc:
                raise PublicationFailed(
                    "publication.not_found", retryable=False, detail=str(exc)
                ) from None
            conn.execute(table.delete().where(where))
            if updated is not None:
                conn.execute(
                    table.insert().values(
                        directory=change.directory.value,
                        address=str(change.address),
                        document=serialization.unstructure(updated),
                    )
                )

    def entry(self, address: EmailAddress, directory: DirectoryKind) -> MailboxEntry | None:
        table = schema.directory_entries
        query = sa.select(table.c.document).where(
            table.c.directory == directory.value, table.c.address == str(address)
        )
        with read_connection(self._engine) as conn:
            document = conn.execute(query).scalar_one_or_none()
        return None if document is None else _entry(document)

    def entries(self, directory: DirectoryKind) -> list[MailboxEntry]:
        """Every entry ``directory`` shows, by address."""
        table = schema.directory_entries
        query = (
            sa.select(table.c.document)
            .where(table.c.directory == directory.value)
            .order_by(table.c.address)
        )
        with read_connection(self._engine) as conn:
            return [_entry(d) for d in conn.execute(query).scalars()]


def _entry(document: object) -> MailboxEntry:
    entry: MailboxEntry = serialization.structure_stored(document, MailboxEntry)
    return entry
