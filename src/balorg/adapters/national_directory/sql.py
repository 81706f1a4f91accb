"""The imported national directory in SQL (SQLAlchemy Core): SQLite embedded, PostgreSQL at scale.

Tables (their own :data:`metadata`, apart from the main store's; :func:`create_schema`
creates them, idempotently):

``national_snapshots``
    one row per import: kind, state, file name and date, SHA-256 of the text, counts;
``national_current``
    the one-row-per-kind pointer to the current snapshot;
``national_mailboxes``, ``national_persons``, ``national_activities``
    the rows of every snapshot, keyed by ``snapshot_id`` first.

An import loads a new snapshot's rows beside the current one's, then switches the pointer in
one transaction, then deletes the replaced snapshot's rows. Every look-up is one statement
that reads the pointer in a subquery, so it sees one snapshot whole; and it goes through
the primary key or an index, so it does not grow with the table. One import of a kind at a
time: a second one started meanwhile makes the first fail cleanly
(``national_directory.import_superseded``); rows a killed import committed are deleted by
the next import of that kind before it starts.

Snapshot states: ``loading`` -> ``current`` -> ``retiring`` (rows being deleted) ->
``replaced``; ``loading`` -> ``abandoned`` (failed, killed or superseded; rows deleted).

Bulk loading: on SQLite, ``executemany`` of the records into temporary tables of the
loading connection (no lock held, no index kept up, on disk), then one ``INSERT ... SELECT
... ORDER BY`` per table in key order (``ON CONFLICT DO NOTHING``: the first line of an
address or a professional wins); on PostgreSQL, ``COPY`` of each batch into a temporary
table, then ``INSERT ... SELECT DISTINCT ON ... ON CONFLICT DO NOTHING``, committed every
:data:`COMMIT_ROWS` rows.

>>> from balorg.adapters.sql.engine import create_engine
>>> engine = create_engine("sqlite://")
>>> create_schema(engine)
>>> create_schema(engine)  # idempotent
>>> directory = SqlNationalDirectory(engine)
>>> directory.current_snapshot(ExtractionKind.MSSANTE) is None
True
>>> engine.dispose()
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import sqlalchemy as sa

from balorg.adapters.national_directory.importer import load_values
from balorg.adapters.national_directory.snapshots import Snapshot, SnapshotInfo
from balorg.adapters.sql.engine import is_sqlite, read_connection, write_transaction
from balorg.domain.addresses import EmailAddress
from balorg.domain.directory import (
    DirectoryMailbox,
    DirectoryPerson,
    PersonRef,
    StructureRef,
)
from balorg.domain.errors import BalorgError
from balorg.domain.identifiers import IdNatPS
from balorg.domain.publication import STRUCTURE_CARRIED, BalType
from balorg.interop.extractions import (
    ActivityRecord,
    ExtractionKind,
    MailboxRecord,
    PersonRecord,
    RppsLine,
    mailbox_of,
    person_of,
)

__all__ = [
    "COMMIT_ROWS",
    "SCHEMA_VERSION",
    "ImportSuperseded",
    "SchemaTooNew",
    "SqlNationalDirectory",
    "activities",
    "create_schema",
    "current",
    "mailboxes",
    "metadata",
    "persons",
    "schema_version",
    "snapshots",
]

#: The version of these tables; recorded in ``national_schema``.
SCHEMA_VERSION: Final = 1
#: Rows loaded between two commits of an import (PostgreSQL).
COMMIT_ROWS: Final = 100_000

metadata = sa.MetaData()

schema_version = sa.Table(
    "national_schema",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
)

snapshots = sa.Table(
    "national_snapshots",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("file_date", sa.DateTime(timezone=False), nullable=True),
    sa.Column("digest", sa.Text, nullable=False),
    sa.Column("header", sa.Text, nullable=False),
    sa.Column("rows_read", sa.BigInteger, nullable=False, default=0),
    sa.Column("accepted", sa.BigInteger, nullable=False, default=0),
    sa.Column("merged", sa.BigInteger, nullable=False, default=0),
    sa.Column("rejected", sa.JSON, nullable=False),
    sa.Column("blank", sa.BigInteger, nullable=False, default=0),
    sa.Column("stored", sa.BigInteger, nullable=False, default=0),
    sa.Column("activities", sa.BigInteger, nullable=False, default=0),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("imported_at", sa.DateTime(timezone=True), nullable=True),
)
sa.Index("national_snapshots_by_kind", snapshots.c.kind, snapshots.c.state)

current = sa.Table(
    "national_current",
    metadata,
    sa.Column("kind", sa.Text, primary_key=True),
    sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("national_snapshots.id"), nullable=False),
)

mailboxes = sa.Table(
    "national_mailboxes",
    metadata,
    sa.Column("snapshot_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("address", sa.Text, primary_key=True),
    sa.Column("bal_type", sa.Text, nullable=False),
    sa.Column("person", sa.Text),
    sa.Column("structure", sa.Text),
    sa.Column("service", sa.Text),
    sa.Column("description", sa.Text),
    sa.Column("red_listed", sa.Boolean),
    sa.Column("rank", sa.Integer),
    sa.Column("last_name", sa.Text),
    sa.Column("first_name", sa.Text),
    sa.Column("structure_name", sa.Text),
    sa.Column("profession_code", sa.Text),
    sa.Column("digitization", sa.Boolean),
    sa.Column("postcode", sa.Text),
    sa.Column("department", sa.Text),
    sqlite_with_rowid=False,
)
#: The mailboxes a structure carries (ORG, APP): a partial index, by structure then address
#: (the look-up's order too). A person's mailbox names the structure where they work, but
#: the person carries it: it is not one of the structure's mailboxes.
CARRIED: Final = tuple(t.value for t in BalType if t in STRUCTURE_CARRIED)
sa.Index(
    "national_mailboxes_by_structure",
    mailboxes.c.snapshot_id,
    mailboxes.c.structure,
    mailboxes.c.address,
    mailboxes.c.bal_type,  # covering the look-up's terms, so that SQLite picks this index
    sqlite_where=mailboxes.c.bal_type.in_(CARRIED),
    postgresql_where=mailboxes.c.bal_type.in_(CARRIED),
)

persons = sa.Table(
    "national_persons",
    metadata,
    sa.Column("snapshot_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("idnat", sa.Text, primary_key=True),
    sa.Column("last_name", sa.Text, nullable=False),
    sa.Column("first_name", sa.Text, nullable=False),
    sa.Column("profession_code", sa.Text),
    sa.Column("profession_label", sa.Text),
    sa.Column("civility", sa.Text),
    sqlite_with_rowid=False,
)

activities = sa.Table(
    "national_activities",
    metadata,
    sa.Column("snapshot_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("idnat", sa.Text, primary_key=True),
    sa.Column("line", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("structure", sa.Text),
    sa.Column("structure_name", sa.Text),
    sa.Column("finess", sa.Text),
    sa.Column("finess_legal_entity", sa.Text),
    sa.Column("siret", sa.Text),
    sa.Column("siren", sa.Text),
    sa.Column("mode", sa.Text),
    sa.Column("role", sa.Text),
    sa.Column("postcode", sa.Text),
    sa.Column("city", sa.Text),
    sa.Column("department", sa.Text),
    sa.Column("technical_id", sa.Text),
    sa.Column("profession_code", sa.Text),
    sa.Column("sector", sa.Text),
    sqlite_with_rowid=False,
)

_DATA_TABLES: Final = (mailboxes, persons, activities)
_MAILBOX_COLUMNS: Final = tuple(mailboxes.c)[1:]  # MailboxRecord's fields, in order
_PERSON_COLUMNS: Final = tuple(persons.c)[1:]  # PersonRecord's fields, in order
_ACTIVITY_COLUMNS: Final = tuple(activities.c)[3:]  # ActivityRecord's fields, in order
assert tuple(c.name for c in _MAILBOX_COLUMNS) == MailboxRecord._fields
assert tuple(c.name for c in _PERSON_COLUMNS) == PersonRecord._fields
assert tuple(c.name for c in _ACTIVITY_COLUMNS) == ActivityRecord._fields


class SchemaTooNew(BalorgError):
    """The tables were made by a later version of balorg."""

    default_code = "national_directory.schema_too_new"


class ImportSuperseded(BalorgError):
    """Another import of the same kind removed the snapshot this one was loading."""

    default_code = "national_directory.import_superseded"


def create_schema(engine: sa.Engine) -> None:
    """Create the national directory's tables if absent; record :data:`SCHEMA_VERSION`.

    Idempotent. Only version 1 exists: a later version will upgrade here, from the
    recorded version, until these tables move into the main store's Alembic migrations.
    """
    with write_transaction(engine) as conn:
        metadata.create_all(conn, checkfirst=True)
        found = conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar()
        if found is None:
            conn.execute(sa.insert(schema_version).values(version=SCHEMA_VERSION))
        elif found > SCHEMA_VERSION:
            raise SchemaTooNew(found=found, supported=SCHEMA_VERSION)


def _pointer(kind: ExtractionKind) -> sa.ScalarSelect[Any]:
    return sa.select(current.c.snapshot_id).where(current.c.kind == kind.value).scalar_subquery()


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=dt.UTC)  # SQLite keeps no offset: stored in UTC


def _snapshot(row: sa.Row[Any]) -> Snapshot:
    imported = _aware(row.imported_at) or _aware(row.started_at)
    assert imported is not None
    return Snapshot(
        id=row.id,
        kind=ExtractionKind(row.kind),
        file_name=row.file_name,
        file_date=row.file_date,
        digest=row.digest,
        header=row.header,
        rows_read=row.rows_read,
        accepted=row.accepted,
        merged=row.merged,
        rejected={str(k): int(v) for k, v in (row.rejected or {}).items()},
        blank=row.blank,
        stored=row.stored,
        activities=row.activities,
        imported_at=imported,
    )


class SqlNationalDirectory:
    """The national directory's imported snapshots in SQL; a ``DirectoryLookup``.

    The engine comes from :func:`balorg.adapters.sql.engine.create_engine`; the tables
    must exist (:func:`create_schema`).
    """

    def __init__(self, engine: sa.Engine, *, commit_rows: int = COMMIT_ROWS) -> None:
        self.engine = engine
        self.commit_rows = commit_rows

    # -- DirectoryLookup ---------------------------------------------------------------------

    def professional(self, identifier: IdNatPS | PersonRef | str) -> DirectoryPerson | None:
        """The professional with this IdNat PS (``8`` + RPPS, ``0`` + ADELI...), with their
        activities in file order. Beyond the port, also by the text the directory wrote."""
        key = str(identifier)
        joined = persons.outerjoin(
            activities,
            sa.and_(
                activities.c.snapshot_id == persons.c.snapshot_id,
                activities.c.idnat == persons.c.idnat,
            ),
        )
        query = (
            sa.select(*_PERSON_COLUMNS, activities.c.line, *_ACTIVITY_COLUMNS)
            .select_from(joined)
            .where(persons.c.snapshot_id == _pointer(ExtractionKind.RPPS), persons.c.idnat == key)
            .order_by(activities.c.line)
        )
        with read_connection(self.engine) as conn:
            rows = conn.execute(query).all()
        if not rows:
            return None
        width = len(_PERSON_COLUMNS)
        person = PersonRecord(*rows[0][:width])
        found = tuple(ActivityRecord(*row[width + 1 :]) for row in rows if row[width] is not None)
        return person_of(person, found)

    def mailbox(self, address: EmailAddress | str) -> DirectoryMailbox | None:
        key = address.value if isinstance(address, EmailAddress) else EmailAddress(address).value
        query = sa.select(*_MAILBOX_COLUMNS).where(
            mailboxes.c.snapshot_id == _pointer(ExtractionKind.MSSANTE),
            mailboxes.c.address == key,
        )
        with read_connection(self.engine) as conn:
            row = conn.execute(query).first()
        return None if row is None else mailbox_of(MailboxRecord(*row))

    def structure_mailboxes(self, structure: StructureRef | str) -> list[DirectoryMailbox]:
        """The mailboxes the structure carries (ORG, APP), by address."""
        # The structure index finds the addresses (it covers them, in order), the primary
        # key the rows: asked for whole rows at once, SQLite would rather scan the snapshot.
        found = mailboxes.alias("found")
        query = (
            sa.select(*_MAILBOX_COLUMNS)
            .select_from(
                found.join(
                    mailboxes,
                    sa.and_(
                        mailboxes.c.snapshot_id == found.c.snapshot_id,
                        mailboxes.c.address == found.c.address,
                    ),
                )
            )
            .where(
                found.c.snapshot_id == _pointer(ExtractionKind.MSSANTE),
                found.c.structure == str(structure),
                # written out, not bound: SQLite matches a partial index's condition as text
                found.c.bal_type.in_([sa.literal_column(f"'{t}'") for t in CARRIED]),
            )
            .order_by(found.c.address)
        )
        with read_connection(self.engine) as conn:
            rows = conn.execute(query).all()
        return [mailbox_of(MailboxRecord(*row)) for row in rows]

    # -- snapshots ---------------------------------------------------------------------------

    def current_snapshot(self, kind: ExtractionKind) -> Snapshot | None:
        query = sa.select(snapshots).where(snapshots.c.id == _pointer(kind))
        with read_connection(self.engine) as conn:
            row = conn.execute(query).first()
        return None if row is None else _snapshot(row)

    def snapshots(self, kind: ExtractionKind | None = None) -> list[Snapshot]:
        """Every snapshot imported (the abandoned ones excluded), oldest first."""
        query = (
            sa.select(snapshots)
            .where(snapshots.c.state.in_(("current", "retiring", "replaced")))
            .order_by(snapshots.c.id)
        )
        if kind is not None:
            query = query.where(snapshots.c.kind == kind.value)
        with read_connection(self.engine) as conn:
            return [_snapshot(row) for row in conn.execute(query)]

    def begin_snapshot(self, info: SnapshotInfo) -> _SqlLoad:
        """A new snapshot of ``info.kind`` to load, after sweeping what earlier imports
        left behind."""
        self._sweep(info.kind)
        with write_transaction(self.engine) as conn:
            snapshot_id = conn.execute(
                sa.insert(snapshots)
                .values(
                    kind=info.kind.value,
                    state="loading",
                    file_name=info.file_name,
                    file_date=info.file_date,
                    digest=info.digest,
                    header=info.header,
                    rejected={},
                    started_at=dt.datetime.now(dt.UTC),
                )
                .returning(snapshots.c.id)
            ).scalar_one()
        load = _SqliteLoad if is_sqlite(self.engine) else _PostgresLoad
        return load(self, info, snapshot_id)

    def load_values(
        self,
        *,
        persons: Iterable[DirectoryPerson] | None = None,
        mailboxes: Iterable[DirectoryMailbox] | None = None,
        at: dt.datetime | None = None,
    ) -> list[Snapshot]:
        """Replace the snapshot of each kind given by these values (tests, quick starts)."""
        return load_values(self, persons=persons, mailboxes=mailboxes, at=at)

    def _sweep(self, kind: ExtractionKind) -> None:
        """Delete the rows of snapshots left behind (killed, failed, not yet dropped)."""
        query = sa.select(snapshots.c.id, snapshots.c.state).where(
            snapshots.c.kind == kind.value,
            snapshots.c.state.in_(("loading", "retiring", "abandoned")),
        )
        with read_connection(self.engine) as conn:
            stale = conn.execute(query).all()
        for snapshot_id, state in stale:
            final = "replaced" if state == "retiring" else "abandoned"
            self._drop(snapshot_id, expected=state, final=final)

    def _drop(self, snapshot_id: int, *, expected: str | tuple[str, ...], final: str) -> None:
        """Delete a snapshot's rows if it is still in state ``expected`` (never the current
        one's); it is then in state ``final``."""
        states = (expected,) if isinstance(expected, str) else expected
        assert "current" not in states
        with write_transaction(self.engine) as conn:
            moved = conn.execute(
                sa.update(snapshots)
                .where(snapshots.c.id == snapshot_id, snapshots.c.state.in_(states))
                .values(state=final)
            ).rowcount
            if moved:
                for table in _DATA_TABLES:
                    conn.execute(sa.delete(table).where(table.c.snapshot_id == snapshot_id))


class _SqlLoad:
    """A snapshot being loaded; the switch to it (:meth:`finish`) is the same on both
    databases, the loading is not (:class:`_SqliteLoad`, :class:`_PostgresLoad`)."""

    def __init__(self, directory: SqlNationalDirectory, info: SnapshotInfo, snapshot_id: int):
        self.directory = directory
        self.engine = directory.engine
        self.info = info
        self.id = snapshot_id
        self.stored = 0
        self.activities = 0
        self._last_person: str | None = None

    def _person_rows(
        self, lines: Sequence[RppsLine]
    ) -> tuple[list[tuple[int, PersonRecord]], list[tuple[Any, ...]]]:
        """``(line, person)`` for the first line of each run of a professional's lines, and
        ``(idnat, line, *activity)`` for every activity."""
        people: list[tuple[int, PersonRecord]] = []
        jobs: list[tuple[Any, ...]] = []
        last = self._last_person
        for line in lines:
            idnat = line.person.idnat
            if idnat != last:
                people.append((line.line, line.person))
                last = idnat
            if line.activity is not None:
                jobs.append((idnat, line.line, *line.activity))
        self._last_person = last
        self.activities += len(jobs)
        return people, jobs

    def add_mailboxes(self, rows: Sequence[tuple[int, MailboxRecord]]) -> None:
        raise NotImplementedError

    def add_rpps_lines(self, lines: Sequence[RppsLine]) -> None:
        raise NotImplementedError

    def _load(self) -> None:
        """Move what is loaded into the tables, under the snapshot's id (still invisible)."""

    def _release(self) -> None:
        """Forget what is held for the load (temporary tables, connections)."""

    def _after_chunk(self) -> None:
        """Called after each committed chunk of rows (tests stop a load there)."""

    def finish(
        self,
        *,
        rows_read: int,
        accepted: int,
        rejected: Mapping[str, int],
        blank: int,
        imported_at: dt.datetime,
    ) -> Snapshot:
        try:
            self._load()
        finally:
            self._release()
        kind = self.info.kind.value
        with write_transaction(self.engine) as conn:
            state = conn.execute(
                sa.select(snapshots.c.state).where(snapshots.c.id == self.id).with_for_update()
            ).scalar()
            if state != "loading":
                raise ImportSuperseded(snapshot=self.id)
            conn.execute(
                sa.update(snapshots)
                .where(snapshots.c.id == self.id)
                .values(
                    state="current",
                    rows_read=rows_read,
                    accepted=accepted,
                    merged=accepted - self.stored,
                    rejected=dict(rejected),
                    blank=blank,
                    stored=self.stored,
                    activities=self.activities,
                    imported_at=imported_at.astimezone(dt.UTC),
                )
            )
            previous = conn.execute(
                sa.select(current.c.snapshot_id).where(current.c.kind == kind).with_for_update()
            ).scalar()
            if previous is None:
                conn.execute(sa.insert(current).values(kind=kind, snapshot_id=self.id))
            else:
                conn.execute(
                    sa.update(current).where(current.c.kind == kind).values(snapshot_id=self.id)
                )
                conn.execute(
                    sa.update(snapshots).where(snapshots.c.id == previous).values(state="retiring")
                )
            row = conn.execute(sa.select(snapshots).where(snapshots.c.id == self.id)).one()
        if previous is not None:
            self.directory._drop(previous, expected="retiring", final="replaced")
        return _snapshot(row)

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self._release()
        with contextlib.suppress(Exception):  # else left for the next import's sweep
            # a superseded load may have written rows after it was swept: they go too
            self.directory._drop(self.id, expected=("loading", "abandoned"), final="abandoned")


#: SQLite staging tables: name, columns, key. Rows keep their file order in the rowid.
_STAGES: Final = {
    mailboxes.name: ("national_stage_mailboxes", MailboxRecord._fields, "address"),
    persons.name: ("national_stage_persons", PersonRecord._fields, "idnat"),
    activities.name: (
        "national_stage_activities",
        ("idnat", "line", *ActivityRecord._fields),
        "idnat",
    ),
}


class _SqliteLoad(_SqlLoad):
    """SQLite: rows go first into temporary tables of the loading connection (no lock on
    the database, no index to keep up), then into the tables in key order, one
    transaction (``BEGIN IMMEDIATE``) per table, the first line of a key winning:
    inserting in key order is what keeps the primary key cheap to build. SQLite sorts on
    disk (``temp_store = FILE``): memory does not grow with the file."""

    def __init__(self, directory: SqlNationalDirectory, info: SnapshotInfo, snapshot_id: int):
        super().__init__(directory, info, snapshot_id)
        self._held: sa.Connection | None = None
        self._raw: Any = None
        self._staged: set[str] = set()

    def _connection(self) -> Any:
        """The loading connection's sqlite3 connection, driven directly."""
        if self._raw is None:
            self._held = self.engine.connect()
            self._raw = self._held.connection.driver_connection
            self._raw.execute("PRAGMA temp_store = FILE")
        return self._raw

    def _stage(self, table: sa.Table, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        raw = self._connection()
        stage, columns, _key = _STAGES[table.name]
        if stage not in self._staged:
            raw.execute(f"DROP TABLE IF EXISTS temp.{stage}")
            raw.execute(f"CREATE TEMPORARY TABLE {stage} ({', '.join(columns)})")
            self._staged.add(stage)
        if not raw.in_transaction:
            raw.execute("BEGIN")
        marks = ", ".join("?" for _ in columns)
        raw.executemany(f"INSERT INTO temp.{stage} VALUES ({marks})", rows)

    def add_mailboxes(self, rows: Sequence[tuple[int, MailboxRecord]]) -> None:
        # plain tuples: sqlite3 binds them faster than named tuples
        self._stage(mailboxes, [tuple(record) for _line, record in rows])

    def add_rpps_lines(self, lines: Sequence[RppsLine]) -> None:
        people, jobs = self._person_rows(lines)
        self._stage(persons, [tuple(person) for _line, person in people])
        self._stage(activities, jobs)

    def _load(self) -> None:
        if self._raw is None:
            return
        raw = self._raw
        if raw.in_transaction:
            raw.execute("COMMIT")
        for table in (mailboxes, persons, activities):
            stage, columns, key = _STAGES[table.name]
            if stage not in self._staged:
                continue
            names = ", ".join(f'"{c}"' for c in columns)
            raw.execute("BEGIN IMMEDIATE")
            try:
                inserted = raw.execute(
                    f'INSERT INTO main."{table.name}" ("snapshot_id", {names}) '
                    f"SELECT ?, {names} FROM temp.{stage} WHERE true "
                    f"ORDER BY {key}, rowid ON CONFLICT DO NOTHING",
                    (self.id,),
                ).rowcount
                raw.execute("COMMIT")
            except BaseException:
                raw.execute("ROLLBACK")
                raise
            if table is not activities:
                self.stored += inserted
            self._after_chunk()

    def _release(self) -> None:
        raw, held = self._raw, self._held
        self._raw = self._held = None
        self._staged.clear()
        if raw is not None and raw.in_transaction:
            raw.execute("ROLLBACK")
        if held is not None:
            held.invalidate()  # closed, not pooled: its temporary tables go with it at once
            held.close()


class _PostgresLoad(_SqlLoad):
    """PostgreSQL: each batch is copied (``COPY``) into a temporary table, then merged into
    the tables (``DISTINCT ON`` the key, the first line winning; ``ON CONFLICT DO
    NOTHING`` against earlier batches), committed every ``commit_rows`` rows."""

    def __init__(self, directory: SqlNationalDirectory, info: SnapshotInfo, snapshot_id: int):
        super().__init__(directory, info, snapshot_id)
        self._pending = 0
        self._conn: sa.Connection | None = None
        self._context: Any = None

    def _connection(self) -> sa.Connection:
        if self._conn is None:
            self._context = write_transaction(self.engine)
            self._conn = self._context.__enter__()
        return self._conn

    def _commit(self) -> None:
        if self._conn is not None:
            context, self._conn, self._context = self._context, None, None
            context.__exit__(None, None, None)
            self._after_chunk()
        self._pending = 0

    def _written(self, rows: int) -> None:
        self._pending += rows
        if self._pending >= self.directory.commit_rows:
            self._commit()

    def add_mailboxes(self, rows: Sequence[tuple[int, MailboxRecord]]) -> None:
        if not rows:
            return
        conn = self._connection()
        stage = self._stage(conn, mailboxes)
        _copy(conn, stage, (*_names(mailboxes), "line"), [(self.id, *r, n) for n, r in rows])
        self.stored += _merge_stage(conn, stage, mailboxes, "address")
        self._written(len(rows))

    def add_rpps_lines(self, lines: Sequence[RppsLine]) -> None:
        if not lines:
            return
        people, jobs = self._person_rows(lines)
        conn = self._connection()
        stage = self._stage(conn, persons)
        _copy(conn, stage, (*_names(persons), "line"), [(self.id, *p, n) for n, p in people])
        self.stored += _merge_stage(conn, stage, persons, "idnat")
        if jobs:
            _copy(conn, activities.name, _names(activities), [(self.id, *j) for j in jobs])
        self._written(len(lines))

    def _stage(self, conn: sa.Connection, table: sa.Table) -> str:
        """A temporary table shaped like ``table`` plus ``line``, empty. Made again if need
        be for every batch: after a commit the pool may hand over another connection."""
        stage = f"{table.name}_stage"
        conn.exec_driver_sql(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {stage} (LIKE {table.name} INCLUDING DEFAULTS)"
        )
        conn.exec_driver_sql(f"ALTER TABLE {stage} ADD COLUMN IF NOT EXISTS line bigint")
        conn.exec_driver_sql(f"TRUNCATE {stage}")
        return stage

    def _load(self) -> None:
        self._commit()

    def _release(self) -> None:
        if self._conn is not None:
            context, self._conn, self._context = self._context, None, None
            error = RuntimeError("import aborted")
            with contextlib.suppress(Exception):  # the rollback's own error tells nothing new
                context.__exit__(type(error), error, error.__traceback__)


def _names(table: sa.Table) -> tuple[str, ...]:
    return tuple(c.name for c in table.c)


def _copy(
    conn: sa.Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """PostgreSQL ``COPY ... FROM STDIN`` of ``rows`` through psycopg 3."""
    driver = conn.connection.driver_connection
    assert driver is not None
    names = ", ".join(f'"{c}"' for c in columns)
    with driver.cursor() as cursor, cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)


def _merge_stage(conn: sa.Connection, stage: str, table: sa.Table, key: str) -> int:
    """Move the staged rows into ``table``, the first line of each key winning; the count."""
    names = ", ".join(f'"{c}"' for c in _names(table))
    result = conn.exec_driver_sql(
        f'INSERT INTO "{table.name}" ({names}) '
        f'SELECT DISTINCT ON ("{key}") {names} FROM {stage} ORDER BY "{key}", line '
        "ON CONFLICT DO NOTHING"
    )
    return max(result.rowcount, 0)
