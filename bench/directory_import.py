"""Importing the national extractions (issue 12): balorg against a floor and a pydantic peer.

    .venv/bin/python bench/run.py directory_import           # the goals, full sizes
    .venv/bin/python bench/run.py --quick directory_import   # a smoke run
    .venv/bin/python bench/directory_import.py verdicts      # the verdict differences

Goals, each measured against its peer in the same run, the two in turns (medians of CPU
seconds of the process: the machine may be shared; wall-clock medians in the notes):

1. MSSanté import, 545,709 rows checked and stored in SQLite, against the floor: ``csv``
   parsing and ``sqlite3`` ``executemany`` of the same rows into a plain table (no check,
   no key, no index): at most 3 times the floor.
2. The same import against a pydantic v2 importer with the same checks (email-validator,
   Luhn keys, type prefixes, the same code tables), storing through the same SQL adapter
   (so that the two differ by their checks only): at most 0.67 times the peer.
3. The verdicts of both on every synthetic row: every row where they differ is explained
   (balorg checks more, or reads what the peer wrongly refuses); no unexplained one.
4. Peak memory (the high-water mark of a child process) importing 545,709 rows against
   importing 54,571: at most 1.5 times (memory does not grow with the file).
5. RPPS import, 2.2 million lines, against the floor: at most 3 times.
6. A look-up by identifier among 2.2 million professionals against among 10,000: at most
   1.2 times (the look-up does not grow with the table).

Files are synthetic (``_extractions.py``), generated once into ``$BALORG_BENCH_DATA`` (a temp
folder by default) and reused, as are the look-up databases.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final, Literal

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from _extractions import CACHE, cached_mssante, cached_rpps  # noqa: E402
from _goals import Row, Scale  # noqa: E402
from pydantic import BaseModel, ConfigDict, EmailStr, ValidationError, model_validator  # noqa: E402
from stdnum import luhn  # noqa: E402

from balorg.adapters.national_directory import import_extraction  # noqa: E402
from balorg.adapters.national_directory.snapshots import SnapshotInfo  # noqa: E402
from balorg.adapters.national_directory.sql import SqlNationalDirectory, create_schema  # noqa: E402
from balorg.adapters.sql.engine import create_engine  # noqa: E402
from balorg.interop.extractions import (  # noqa: E402
    ExtractionKind,
    MailboxRecord,
    Rejected,
    content_digest,
    open_extraction,
)

ISSUE: Final = "12"
MSSANTE_FULL: Final = 545_709
PEOPLE_FULL: Final = 2_200_000
SIZES: Final = {
    Scale.FULL: {"mssante": MSSANTE_FULL, "rpps": PEOPLE_FULL, "people": PEOPLE_FULL,
                 "small_people": 10_000, "repeat": 3},
    Scale.QUICK: {"mssante": 20_000, "rpps": 50_000, "people": 50_000,
                  "small_people": 2_000, "repeat": 2},
}  # fmt: skip


# -- timing ------------------------------------------------------------------------------------


def _fresh(path: Path) -> str:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return f"sqlite:///{path}"


#: What the goals time: the CPU seconds of this process (``time.process_time``), so that a
#: machine shared with other work gives comparable figures; wall-clock seconds are shown in
#: the notes. Both sides run in this process, SQLite included.
clock = time.process_time


def _paired(
    ours: Callable[[str], object], peer: Callable[[str], object], repeat: int
) -> tuple[float, float, str]:
    """Median CPU seconds of ``ours(url)`` and of ``peer(url)``, each on a fresh SQLite file,
    run in turns (ours, peer, ours, peer...) so that both meet the same machine load; and a
    note with the wall-clock medians."""
    cpu: tuple[list[float], list[float]] = ([], [])
    wall: tuple[list[float], list[float]] = ([], [])
    with tempfile.TemporaryDirectory(prefix="balorg-bench-") as folder:
        for _ in range(repeat):
            for i, fn in enumerate((ours, peer)):
                url = _fresh(Path(folder) / "run.db")
                start, started = clock(), time.perf_counter()
                fn(url)
                cpu[i].append(clock() - start)
                wall[i].append(time.perf_counter() - started)
    a, b = statistics.median(wall[0]), statistics.median(wall[1])
    return statistics.median(cpu[0]), statistics.median(cpu[1]), f"wall {a:.1f} s / {b:.1f} s"


# -- balorg ------------------------------------------------------------------------------------


def balorg_import(url: str, path: Path) -> Any:
    engine = create_engine(url)
    try:
        create_schema(engine)
        return import_extraction(SqlNationalDirectory(engine), path)
    finally:
        engine.dispose()


# -- the floor: csv + sqlite3 executemany of the same rows ----------------------------------------

#: The MSSanté columns balorg stores, by position in the file (and three always empty).
_MSS_KEPT: Final = (0, 1, 2, 4, 6, 7, 9, 10, 18, 13, 17, 28, 29)
#: The RPPS columns balorg stores: a person's, an activity's, by position.
_PERSON_KEPT: Final = (2, 7, 8, 9, 10, 4)
_ACTIVITY_KEPT: Final = (46, 24, 21, 22, 19, 20, 17, 52, 35, 37, 44, 23, 9, 48)


def floor_import(url: str, path: Path, kept: tuple[int, ...], nulls: int = 0) -> int:
    """Parse with ``csv`` and insert the same columns with ``executemany`` (and ``nulls``
    empty ones, as balorg stores them): no check, no key, no index."""
    database = url.removeprefix("sqlite:///")
    conn = sqlite3.connect(database, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    padding = (None,) * nulls
    width = len(kept) + nulls
    names = ", ".join(f"c{i}" for i in range(width))
    conn.execute(f"CREATE TABLE rows (snapshot_id, {names})")
    insert = f"INSERT INTO rows VALUES (1, {', '.join('?' for _ in range(width))})"
    count = 0
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="|", quoting=csv.QUOTE_NONE)
        next(reader)
        conn.execute("BEGIN")
        batch: list[tuple[str, ...]] = []
        for fields in reader:
            if len(fields) <= max(kept):
                continue
            batch.append((*(fields[i] for i in kept), *padding))
            if len(batch) >= 10_000:
                conn.executemany(insert, batch)
                count += len(batch)
                batch = []
        conn.executemany(insert, batch)
        count += len(batch)
        conn.execute("COMMIT")
    conn.close()
    return count


def floor_rpps(url: str, path: Path) -> int:
    """The RPPS floor: ``csv`` and ``executemany`` of the rows balorg stores, a person on the
    first line of each run of their lines, an activity for every line, into plain tables."""
    database = url.removeprefix("sqlite:///")
    conn = sqlite3.connect(database, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    width = len(_ACTIVITY_KEPT)
    conn.execute(
        f"CREATE TABLE persons (snapshot_id, line, {', '.join(f'p{i}' for i in range(6))})"
    )
    conn.execute(
        f"CREATE TABLE activities (snapshot_id, idnat, line, "
        f"{', '.join(f'a{i}' for i in range(width))})"
    )
    add_person = "INSERT INTO persons VALUES (1, ?, ?, ?, ?, ?, ?, ?)"
    add_activity = f"INSERT INTO activities VALUES (1, ?, ?, {', '.join('?' * width)})"
    count = 0
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="|", quoting=csv.QUOTE_NONE)
        next(reader)
        conn.execute("BEGIN")
        people: list[tuple[Any, ...]] = []
        jobs: list[tuple[Any, ...]] = []
        last = None
        for line, fields in enumerate(reader, start=2):
            if len(fields) < 56:
                continue
            idnat = fields[2]
            if idnat != last:
                people.append((line, *(fields[i] for i in _PERSON_KEPT)))
                last = idnat
            jobs.append((idnat, line, *(fields[i] for i in _ACTIVITY_KEPT)))
            if len(jobs) >= 10_000:
                conn.executemany(add_person, people)
                conn.executemany(add_activity, jobs)
                count += len(jobs)
                people, jobs = [], []
        conn.executemany(add_person, people)
        conn.executemany(add_activity, jobs)
        count += len(jobs)
        conn.execute("COMMIT")
    conn.close()
    return count


# -- the peer: a pydantic v2 importer with the same checks ---------------------------------------

_G08: Final = frozenset({"0", "1", "2", "3", "4", "5", "6", "8", "9", "10", "30"})
_G07: Final = frozenset({"0", "1", "2", "3", "4", "40", "41", "5", "6"})
_LABELS: Final = {"finess": "1", "siren": "2", "siret": "3", "rpps-rang": "4", "adeli-rang": "0"}
_FLAGS: Final = frozenset({"", "o", "n", "oui", "non", "true", "false", "vrai", "faux", "1", "0"})
_MSS_FIELDS: Final = ("bal_type", "address", "pp_type", "pp", "idnat", "st_type", "structure",
                      "service", "last_name", "first_name", "profession", "digitization",
                      "structure_name", "postcode", "department")  # fmt: skip
_MSS_POSITIONS: Final = (0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 13, 17, 18, 28, 29)


def _luhn_digits(text: str, length: int) -> bool:
    return len(text) == length and text.isascii() and text.isdigit() and luhn.is_valid(text)


class PeerMailbox(BaseModel):
    """A row of the MSSanté extraction, as a pydantic v2 model with balorg's checks."""

    model_config = ConfigDict(str_strip_whitespace=True, frozen=True)

    bal_type: Literal["PER", "ORG", "APP", "CAB"]
    address: EmailStr
    pp_type: str
    pp: str
    idnat: str
    st_type: str
    structure: str
    service: str
    last_name: str
    first_name: str
    profession: str
    digitization: str
    structure_name: str
    postcode: str
    department: str

    @model_validator(mode="after")
    def _checks(self) -> PeerMailbox:
        if self.pp_type or self.pp or self.idnat:
            if self.pp_type not in _G08:
                raise ValueError("unknown person identifier type")
            if self.pp_type == "8" and not (len(self.pp) == 11 and self.pp.isdigit()):
                raise ValueError("RPPS: 11 digits")
            if self.pp_type == "0" and not (len(self.pp) == 9 and self.pp[2:].isdigit()):
                raise ValueError("ADELI: 9 characters")
            if not self.pp or (self.idnat and self.idnat != self.pp_type + self.pp):
                raise ValueError("IdNat PS is not type + identifier")
        elif self.bal_type in ("PER", "CAB"):
            raise ValueError("a person's mailbox names the person")
        kind = self.st_type if self.st_type in _G07 else _LABELS.get(self.st_type.lower())
        if self.st_type and kind is None:
            raise ValueError("unknown structure identifier type")
        if self.structure:
            _peer_structure(self.structure, kind)
        elif self.bal_type in ("ORG", "APP"):
            raise ValueError("a structure's mailbox names the structure")
        if self.profession and not (len(self.profession) == 2 and self.profession.isdigit()):
            raise ValueError("profession code: 2 digits")
        if self.digitization.lower() not in _FLAGS:
            raise ValueError("Dématérialisation: O/N, true/false, 1/0")
        return self


def _peer_structure(text: str, kind: str | None) -> None:
    if not (
        len(text) <= 64
        and text.isascii()
        and text.replace("-", "").replace("_", "").replace(".", "").isalnum()
    ):
        raise ValueError("structure id: ASCII letters, digits, - _ .")
    if not text[0].isdigit():
        return  # a technical id
    prefix = kind or ("4" if text[0] == "4" else text[0])
    if not text.startswith(prefix):
        raise ValueError("structure id does not start with its type's prefix")
    number = text[len(prefix) :]
    checks = {"1": 9, "5": 9, "6": 9, "2": 9, "3": 14}
    if prefix in checks and not _luhn_digits(number, checks[prefix]):
        raise ValueError("structure number: digits and Luhn key")
    if prefix == "4" and not (number.isdigit() and len(number) in (13, 14)):
        raise ValueError("RPPS-rang: 13 or 14 digits")
    if prefix not in _G07:
        raise ValueError("unknown structure prefix")


def peer_rows(path: Path) -> Iterator[tuple[int, PeerMailbox | str]]:
    """``(line, model)`` or ``(line, reason)`` for every data line, as the peer reads it."""
    with open(path, encoding="utf-8", newline="") as handle:
        next(handle)
        for number, line in enumerate(handle, start=2):
            fields = line.rstrip("\r\n").split("|")
            if len(fields) == 32 and not fields[-1]:
                fields.pop()
            if not line.strip():
                continue
            if len(fields) != 31:
                yield number, "field count"
                continue
            data = dict(zip(_MSS_FIELDS, (fields[i] for i in _MSS_POSITIONS), strict=True))
            try:
                yield number, PeerMailbox.model_validate(data)
            except ValidationError as error:
                first = error.errors()[0]
                where = ".".join(str(p) for p in first["loc"])
                cause = first.get("ctx", {}).get("error")
                yield number, f"{where}: {first['msg']}" if where else str(cause or first["msg"])


def peer_import(url: str, path: Path) -> int:
    """The peer's import: pydantic verdicts, stored through the same SQL adapter."""
    engine = create_engine(url)
    try:
        create_schema(engine)
        store = SqlNationalDirectory(engine)
        info = SnapshotInfo(
            kind=ExtractionKind.MSSANTE,
            file_name=path.name,
            file_date=None,
            digest=content_digest(path),
            header="mssante-31",
        )
        load = store.begin_snapshot(info)
        batch: list[tuple[int, MailboxRecord]] = []
        accepted = read = 0
        for number, item in peer_rows(path):
            read += 1
            if isinstance(item, str):
                continue
            accepted += 1
            last = item.last_name or (
                item.structure_name if item.bal_type in ("ORG", "APP") else ""
            )
            record = MailboxRecord(
                item.address.lower(),
                item.bal_type,
                item.idnat or None,
                item.structure or None,
                item.service or None,
                None,
                None,
                None,
                last or None,
                item.first_name or None,
                item.structure_name or None,
                item.profession or None,
                item.digitization.lower() in ("o", "oui", "true", "vrai", "1")
                if item.digitization
                else None,
                item.postcode or None,
                item.department or None,
            )
            batch.append((number, record))
            if len(batch) >= 10_000:
                load.add_mailboxes(batch)
                batch = []
        load.add_mailboxes(batch)
        load.finish(
            rows_read=read,
            accepted=accepted,
            rejected={},
            blank=0,
            imported_at=dt.datetime.now(dt.UTC),
        )
        return accepted
    finally:
        engine.dispose()


# -- verdicts ------------------------------------------------------------------------------------

#: Why the verdicts differ, by (who refuses, balorg's code / the peer's reason).
EXPLAINED: Final = {
    ("balorg", "finess.invalid_department"): "a FINESS of a department that does not exist "
    "(96): its Luhn key holds, the peer checks nothing more; balorg knows the departments",
    ("balorg", "extraction.unknown_profession"): "a profession code of two digits that no code "
    "system has (99): the peer checks the shape, balorg the catalogue (TRE_G15/R95/R94)",
    ("balorg", "email."): "an address email-validator accepts and balorg refuses (look-alike "
    "or mixed scripts, invisible characters: balorg's address rule goes further)",
    (
        "peer",
        "structure number",
    ): "a Corsican FINESS (2A/2B, no official key rule: balorg reads it) "
    "or a La Poste SIRET (digit sum, not Luhn: python-stdnum's rule); the peer's plain "
    "Luhn refuses them wrongly",
    ("peer", "address"): "an address balorg accepts and email-validator refuses",
}


def _key(who: str, reason: str) -> str | None:
    for (side, prefix), _why in EXPLAINED.items():
        if side == who and reason.startswith(prefix):
            return prefix
    return None


def compare_verdicts(path: Path) -> tuple[int, Counter[tuple[str, str]], int]:
    """Rows compared, differences by (who refuses, reason), and the unexplained count."""
    ours: dict[int, str | None] = {}
    with open_extraction(path) as extraction:
        for item in extraction.mailbox_records():
            if isinstance(item, Rejected):
                cause = item.cause.code if item.cause is not None else None
                detail = cause if cause and item.code != "extraction.unknown_profession" else None
                ours[item.line] = detail or item.code
            else:
                ours[item[0]] = None
    differences: Counter[tuple[str, str]] = Counter()
    unexplained = 0
    rows = 0
    for number, item in peer_rows(path):
        rows += 1
        peer = item if isinstance(item, str) else None
        mine = ours.get(number)
        if (mine is None) == (peer is None):
            continue
        who, reason = ("balorg", mine) if mine is not None else ("peer", peer or "")
        key = _key(who, reason)
        differences[who, key or reason] += 1
        unexplained += key is None
    return rows, differences, unexplained


def print_differences(rows: int, differences: Counter[tuple[str, str]], unexplained: int) -> None:
    print(
        f"     verdicts on {rows:,} rows: {sum(differences.values()):,} differ, "
        f"{unexplained:,} unexplained"
    )
    for (who, key), count in differences.most_common():
        why = EXPLAINED.get((who, key), "UNEXPLAINED")
        print(f"       {count:>7,}  refused by {who:<6} [{key}] {why}")


# -- memory --------------------------------------------------------------------------------------


#: The child process: balorg's import and nothing else (no bench module, no pydantic). It
#: prints its peak resident memory in KB: ``VmHWM`` of ``/proc/self/status`` on Linux, the
#: high-water mark of the process's own memory. ``ru_maxrss`` would do elsewhere, but on
#: Linux it carries the parent's resident size over fork and exec (the child starts from
#: the bench's own size), so it would hide the import's.
_CHILD: Final = """
import resource, sys
from balorg.adapters.national_directory import import_extraction
from balorg.adapters.national_directory.sql import SqlNationalDirectory, create_schema
from balorg.adapters.sql.engine import create_engine
engine = create_engine("sqlite:///" + sys.argv[2])
create_schema(engine)
import_extraction(SqlNationalDirectory(engine), sys.argv[1])
engine.dispose()
try:
    with open("/proc/self/status") as status:
        peak = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(peak)
"""


def peak_memory(path: Path) -> int:
    """Kilobytes of peak resident memory of a child process importing ``path``."""
    with tempfile.TemporaryDirectory(prefix="balorg-bench-") as folder:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path), str(Path(folder) / "m.db")],
            capture_output=True,
            text=True,
            check=True,
        )
    return int(done.stdout.split()[-1])


# -- look-ups ------------------------------------------------------------------------------------


def lookup_database(people: int) -> Path:
    """A SQLite database holding ``people`` professionals (one line each), built once."""
    path = cached_rpps(people, one_line_each=True)
    database = CACHE / f"lookup-{people}.db"
    url = f"sqlite:///{database}"
    digest = content_digest(path)
    if database.exists():
        engine = create_engine(url)
        try:
            current = SqlNationalDirectory(engine).current_snapshot(ExtractionKind.RPPS)
        finally:
            engine.dispose()
        if current is not None and current.digest == digest:
            return database
    balorg_import(_fresh(database), path)
    return database


def _sample(database: Path, samples: int) -> list[str]:
    conn = sqlite3.connect(database)
    try:
        query = "SELECT idnat FROM national_persons ORDER BY random() LIMIT ?"
        idnats = [row[0] for row in conn.execute(query, (samples,))]
    finally:
        conn.close()
    random.Random(1).shuffle(idnats)
    return idnats


def lookup_seconds(
    databases: tuple[Path, Path], *, samples: int = 2_000, repeat: int = 7
) -> tuple[float, float]:
    """CPU seconds per ``professional(idnat)`` of known identifiers in each database:
    medians of ``repeat`` rounds, the two databases in turns."""
    engines = [create_engine(f"sqlite:///{database}") for database in databases]
    try:
        directories = [SqlNationalDirectory(engine) for engine in engines]
        idnats = [_sample(database, samples) for database in databases]
        for directory, known in zip(directories, idnats, strict=True):
            for idnat in known[:200]:  # warm up: the statement compiled, pages read once
                assert directory.professional(idnat) is not None
        runs: tuple[list[float], list[float]] = ([], [])
        for _ in range(repeat):
            for directory, known, times in zip(directories, idnats, runs, strict=True):
                start = clock()
                for idnat in known:
                    directory.professional(idnat)
                times.append((clock() - start) / len(known))
        return statistics.median(runs[0]), statistics.median(runs[1])
    finally:
        for engine in engines:
            engine.dispose()


# -- goals ---------------------------------------------------------------------------------------


def goals(scale: Scale) -> Iterator[Row]:
    size = SIZES[scale]
    repeat = size["repeat"]
    n = size["mssante"]
    mssante = cached_mssante(n)
    label = f"{n:,}"

    ours, floor, wall = _paired(
        lambda url: balorg_import(url, mssante),
        lambda url: floor_import(url, mssante, _MSS_KEPT, 3),
        repeat,
    )
    yield Row(
        issue=ISSUE,
        goal=f"MSSanté import, {label} rows, checked + stored (SQLite) / floor",
        figure=ours,
        unit="s",
        peer=floor,
        peer_name="csv + sqlite3 executemany",
        limit=3.0,
        note=wall,
    )
    ours, peer, wall_peer = _paired(
        lambda url: balorg_import(url, mssante), lambda url: peer_import(url, mssante), repeat
    )
    yield Row(
        issue=ISSUE,
        goal=f"MSSanté import, {label} rows / pydantic v2 with the same checks",
        figure=ours,
        unit="s",
        peer=peer,
        peer_name="pydantic v2 + email-validator",
        limit=0.67,
        note=wall_peer,
    )

    rows, differences, unexplained = compare_verdicts(mssante)
    print_differences(rows, differences, unexplained)
    yield Row(
        issue=ISSUE,
        goal="verdicts: rows where balorg and the peer differ, unexplained",
        figure=unexplained,
        unit="rows",
        peer=rows,
        peer_name="rows compared",
        limit=0.0,
        ok=unexplained == 0,
        note=f"{sum(differences.values())} differ, all explained" if not unexplained else "",
    )

    tenth = round(n / 10)  # 54,571 at full size
    small = cached_mssante(tenth)
    big_kb = statistics.median(peak_memory(mssante) for _ in range(repeat))
    small_kb = statistics.median(peak_memory(small) for _ in range(repeat))
    yield Row(
        issue=ISSUE,
        goal=f"peak memory, import of {label} rows / of {tenth:,} rows",
        figure=big_kb / 1024,
        unit="MiB",
        peer=small_kb / 1024,
        peer_name=f"{tenth:,} rows",
        limit=1.5,
    )

    lines = size["rpps"]
    rpps = cached_rpps(lines)
    ours, floor, wall_rpps = _paired(
        lambda url: balorg_import(url, rpps), lambda url: floor_rpps(url, rpps), repeat
    )
    yield Row(
        issue=ISSUE,
        goal=f"RPPS import, {lines:,} lines, checked + stored (SQLite) / floor",
        figure=ours,
        unit="s",
        peer=floor,
        peer_name="csv + sqlite3 executemany",
        limit=3.0,
        note=wall_rpps,
    )

    people, few = size["people"], size["small_people"]
    many_db, few_db = lookup_database(people), lookup_database(few)
    many, some = lookup_seconds((many_db, few_db))
    yield Row(
        issue=ISSUE,
        goal=f"look-up by IdNat PS among {people:,} professionals / {few:,}",
        figure=many * 1e6,
        unit="µs",
        peer=some * 1e6,
        peer_name=f"among {few:,}",
        limit=1.2,
    )


# -- command line (the child processes, and the verdict list) -------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    verdicts = sub.add_parser("verdicts", help="list where balorg and the peer differ")
    verdicts.add_argument("--rows", type=int, default=MSSANTE_FULL)
    args = parser.parse_args(argv)
    print_differences(*compare_verdicts(cached_mssante(args.rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
