"""The directory in SQL: published entries per directory, and seeded look-ups.

Professionals and structures are found only once seeded
(:meth:`SqlDirectory.add_professional`, :meth:`SqlDirectory.add_structure`):
the real national directory belongs to the host.

>>> from balorg.adapters.sql import SqlStore
>>> from balorg.testing.contracts import example_professional
>>> store = SqlStore("sqlite://")
>>> directory = SqlDirectory(store)
>>> claire = example_professional()
>>> directory.find_professional(claire.idnat) is None
True
>>> directory.add_professional(claire)
>>> directory.find_professional(claire.idnat) == claire
True
>>> store.close()
"""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa

from balorg.adapters.sql import schema
from balorg.adapters.sql.codec import (
    professional_document,
    professional_from_document,
    structure_document,
    structure_from_document,
)
from balorg.adapters.sql.engine import read_connection, write_transaction
from balorg.adapters.sql.store import SqlStore, engine_of
from balorg.domain.addresses import EmailAddress
from balorg.domain.identifiers import IdNatPS, IdNatStruct
from balorg.domain.mailbox import DirectoryKind
from balorg.domain.professional import Professional
from balorg.domain.structure import Structure
from balorg.ports.directory import DirectoryEntry

__all__ = ["SqlDirectory"]


def _upsert(
    conn: sa.Connection, table: sa.Table, key: sa.ColumnElement[bool], values: Mapping[str, object]
) -> None:
    conn.execute(table.delete().where(key))
    conn.execute(table.insert().values(values))


class SqlDirectory:
    """Each call is its own transaction."""

    def __init__(self, source: SqlStore | sa.Engine) -> None:
        self._engine = engine_of(source)

    # -- seeding ------------------------------------------------------------------------------

    def add_professional(self, professional: Professional) -> None:
        """Make ``professional`` known (replacing what was known of that IdNat)."""
        table = schema.directory_professionals
        idnat = str(professional.idnat)
        with write_transaction(self._engine) as conn:
            _upsert(
                conn,
                table,
                table.c.idnat == idnat,
                {"idnat": idnat, "document": professional_document(professional)},
            )

    def add_structure(self, structure: Structure) -> None:
        """Make ``structure`` known (replacing what was known of that IdNat)."""
        table = schema.directory_structures
        idnat = str(structure.identifier)
        with write_transaction(self._engine) as conn:
            _upsert(
                conn,
                table,
                table.c.idnat == idnat,
                {"idnat": idnat, "document": structure_document(structure)},
            )

    # -- the port -----------------------------------------------------------------------------

    def find_professional(self, idnat: IdNatPS) -> Professional | None:
        table = schema.directory_professionals
        query = sa.select(table.c.document).where(table.c.idnat == str(idnat))
        with read_connection(self._engine) as conn:
            document = conn.execute(query).scalar_one_or_none()
        return None if document is None else professional_from_document(document)

    def find_structure(self, idnat: IdNatStruct) -> Structure | None:
        table = schema.directory_structures
        query = sa.select(table.c.document).where(table.c.idnat == str(idnat))
        with read_connection(self._engine) as conn:
            document = conn.execute(query).scalar_one_or_none()
        return None if document is None else structure_from_document(document)

    def publish(self, entry: DirectoryEntry, directory: DirectoryKind) -> None:
        """Create or update the entry."""
        table = schema.directory_entries
        values = {
            "directory": directory.value,
            "address": str(entry.address),
            "bal_type": entry.bal_type,
            "label": entry.label,
            "description": entry.description,
            "structure": entry.structure,
            "responsible": entry.responsible,
        }
        with write_transaction(self._engine) as conn:
            _upsert(conn, table, self._key(entry.address, directory), values)

    def withdraw(self, address: EmailAddress, directory: DirectoryKind) -> None:
        """Remove the entry if present."""
        with write_transaction(self._engine) as conn:
            conn.execute(schema.directory_entries.delete().where(self._key(address, directory)))

    def entry(self, address: EmailAddress, directory: DirectoryKind) -> DirectoryEntry | None:
        table = schema.directory_entries
        with read_connection(self._engine) as conn:
            row = conn.execute(sa.select(table).where(self._key(address, directory))).first()
        if row is None:
            return None
        return DirectoryEntry(
            address=EmailAddress(row.address),
            bal_type=row.bal_type,
            label=row.label,
            description=row.description,
            structure=row.structure,
            responsible=row.responsible,
        )

    def entries(self, directory: DirectoryKind) -> list[DirectoryEntry]:
        """Every entry published in ``directory``, by address."""
        table = schema.directory_entries
        query = sa.select(table.c.address).where(table.c.directory == directory.value)
        with read_connection(self._engine) as conn:
            addresses = sorted(conn.execute(query).scalars())
        found = (self.entry(EmailAddress(a), directory) for a in addresses)
        return [e for e in found if e is not None]

    @staticmethod
    def _key(address: EmailAddress, directory: DirectoryKind) -> sa.ColumnElement[bool]:
        table = schema.directory_entries
        return sa.and_(table.c.directory == directory.value, table.c.address == str(address))
