"""``balorg directory``: importing the ANS extractions and looking up the imported directory.

``balorg directory import FILE`` loads an extraction (the ZIP or its ``.txt``) into the
database as a new snapshot of its kind (told by the header, or ``--kind``), with a
progress bar on a terminal, a summary, and the rejected rows in a file on request
(``--rejects rejects.csv``, or ``.jsonl`` for JSON lines).

``balorg directory lookup VALUE`` finds a professional (an RPPS or ADELI number, or an
IdNat PS), a mailbox (an address), or with ``--structure`` a structure's mailboxes.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TextIO

import attrs

from balorg.cli.common import arg, command
from balorg.cli.output import Output
from balorg.cli.runtime import Runtime
from balorg.cli.texts import T
from balorg.domain.addresses import EmailAddress
from balorg.domain.directory import DirectoryMailbox, DirectoryPerson
from balorg.domain.errors import BalorgError, Problem, Severity
from balorg.domain.professions import UnknownProfession, by_code
from balorg.interop.extractions import (
    ExtractionKind,
    RejectsFormat,
    RejectsWriter,
    mailbox_record,
    person_record,
)

if TYPE_CHECKING:
    from balorg.adapters.national_directory import ImportReport, Snapshot
    from balorg.adapters.national_directory.sql import SqlNationalDirectory

__all__ = ["add_commands", "run_import", "run_lookup"]

_JSON_SUFFIXES: Final = frozenset({".jsonl", ".json", ".ndjson"})

_WORDS: Final[dict[str, dict[str, str]]] = {
    "fr": {
        "mssante": "Extraction MSSanté",
        "rpps": "Extraction RPPS Personne-activité",
        "of": "du",
        "read": "lignes lues",
        "accepted": "acceptées",
        "merged_mssante": "fusionnées (même adresse sur plusieurs lignes)",
        "merged_rpps": "regroupées (autres lignes d'un même professionnel)",
        "rejected": "rejetées",
        "blank": "lignes vides ignorées",
        "stored_mssante": "boîtes aux lettres",
        "stored_rpps": "professionnels",
        "activities": "activités",
        "snapshot": "instantané n°",
        "replaces": "remplace le n°",
        "unchanged": "inchangé : ce fichier est déjà l'instantané en place",
        "rejects": "rejets écrits dans",
        "activity": "activités",
        "structure": "structure",
        "service": "service",
        "holder": "titulaire",
        "name": "nom affiché",
        "profession": "profession",
        "mailboxes": "boîtes aux lettres de la structure",
        "source": "source",
        "none": "aucune",
    },
    "en": {
        "mssante": "MSSanté extraction",
        "rpps": "RPPS Personne-activité extraction",
        "of": "of",
        "read": "lines read",
        "accepted": "accepted",
        "merged_mssante": "merged (the same address on several lines)",
        "merged_rpps": "grouped (further lines of the same professional)",
        "rejected": "rejected",
        "blank": "blank lines skipped",
        "stored_mssante": "mailboxes",
        "stored_rpps": "professionals",
        "activities": "activities",
        "snapshot": "snapshot",
        "replaces": "replaces",
        "unchanged": "unchanged: this file is already the snapshot in place",
        "rejects": "rejected rows written to",
        "activity": "activities",
        "structure": "structure",
        "service": "service",
        "holder": "holder",
        "name": "display name",
        "profession": "profession",
        "mailboxes": "the structure's mailboxes",
        "source": "source",
        "none": "none",
    },
}


class RejectsUnwritable(BalorgError):
    default_code = "national_directory.rejects_unwritable"


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add this module's sub-commands to the ``directory`` family."""
    imp = command(
        commands,
        common,
        "import",
        run_import,
        T(
            "importer une extraction de l'ANS (adresses MSSanté ou activités RPPS) comme "
            "nouvel instantané",
            "import an ANS extraction (MSSanté addresses or RPPS activities) as a new snapshot",
        ),
        store=None,
        session=False,
        example="balorg directory import Extraction_Correspondance_MSSante_202606010300.zip "
        "--rejects rejets.csv",
    )
    arg(
        imp,
        "file",
        metavar="FILE",
        help=T("le ZIP publié par l'ANS, ou son .txt", "the ZIP published by the ANS, or its .txt"),
    )
    arg(
        imp,
        "--kind",
        choices=[k.value for k in ExtractionKind],
        help=T(
            "refuser un fichier de l'autre sorte (par défaut : reconnue à l'en-tête)",
            "refuse a file of the other kind (default: told by the header)",
        ),
    )
    arg(
        imp,
        "--rejects",
        metavar="PATH",
        help=T(
            "écrire là les lignes rejetées : CSV, ou lignes JSON pour un nom en .jsonl",
            "write the rejected rows there: CSV, or JSON lines for a .jsonl name",
        ),
    )

    look = command(
        commands,
        common,
        "lookup",
        run_lookup,
        T(
            "chercher un professionnel (RPPS, ADELI, IdNat PS) ou une boîte aux lettres dans "
            "l'annuaire importé",
            "look up a professional (RPPS, ADELI, IdNat PS) or a mailbox in the imported directory",
        ),
        store=None,
        session=False,
        example="balorg directory lookup 10009652727",
    )
    arg(
        look,
        "value",
        metavar="VALUE",
        help=T(
            "un RPPS, un ADELI, un IdNat PS ou une adresse e-mail",
            "an RPPS, ADELI or IdNat PS number, or an e-mail address",
        ),
    )
    arg(
        look,
        "--structure",
        action="store_true",
        help=T(
            "VALUE est une structure (IdNat Struct ou identifiant technique) : lister ses "
            "boîtes aux lettres",
            "VALUE is a structure (IdNat Struct or technical id): list its mailboxes",
        ),
    )


# -- the database --------------------------------------------------------------------------------


@contextmanager
def _directory(
    args: argparse.Namespace, out: Output, *, create: bool, kind: ExtractionKind | None = None
) -> Iterator[SqlNationalDirectory]:
    """The imported directory in the database of ``--db`` (``balorg.db`` by default).

    With ``create`` (an import), the database and the tables are made if absent; without
    (a look-up of ``kind``), nothing is made, and a database where nothing was imported is
    ``national_directory.no_snapshot``. Other errors opening the database are the command
    line's own (``cli.*``)."""
    from balorg.cli.runtime import StoreMissing  # noqa: PLC0415
    from balorg.cli.store import existing_engine  # noqa: PLC0415 - SQLAlchemy, when needed

    missing = _NoSnapshot(kind=(kind or ExtractionKind.MSSANTE).value)
    try:
        with existing_engine(Runtime(args, out).url, create=create) as engine:
            from balorg.adapters.national_directory.sql import (  # noqa: PLC0415
                SqlNationalDirectory,
                create_schema,
                current,
            )

            if create:
                create_schema(engine)
            elif not sa_inspect(engine).has_table(current.name):
                raise missing
            yield SqlNationalDirectory(engine)
    except StoreMissing:
        raise missing from None


def sa_inspect(engine: Any) -> Any:
    from sqlalchemy import inspect  # noqa: PLC0415 - the sql extra

    return inspect(engine)


# -- import ----------------------------------------------------------------------------------------


def _colon(out: Output) -> str:
    """A colon as each language writes it (a space before it in French)."""
    return " : " if out.lang == "fr" else ": "


def _number(count: int) -> str:
    """Thousands apart, as both languages read them here (a narrow no-break space)."""
    return f"{count:,}".replace(",", "\u202f")


def _rejects_format(path: Path) -> RejectsFormat:
    return "jsonl" if path.suffix.lower() in _JSON_SUFFIXES else "csv"


class _Bar:
    """A tqdm progress bar on a terminal, made on first use; nothing otherwise."""

    def __init__(self, enabled: bool, label: str) -> None:
        self.enabled = enabled
        self.label = label
        self.bar: Any = None

    def __call__(self, done: int, total: int | None) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            try:
                from tqdm import tqdm  # noqa: PLC0415 - only on a terminal
            except ImportError:
                self.enabled = False
                return
            self.bar = tqdm(
                total=total, unit="B", unit_scale=True, desc=self.label, file=sys.stderr
            )
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run_import(args: argparse.Namespace, out: Output) -> int:
    """``balorg directory import FILE``."""
    from balorg.adapters.national_directory import import_extraction  # noqa: PLC0415

    path = Path(args.file)
    kind = ExtractionKind(args.kind) if args.kind else None
    with ExitStack() as stack:
        on_reject: Callable[..., None] | None = None
        rejects_path = Path(args.rejects) if args.rejects else None
        writer: RejectsWriter | None = None
        if rejects_path is not None:
            try:
                handle: TextIO = stack.enter_context(
                    rejects_path.open("w", encoding="utf-8", newline="")
                )
            except OSError as exc:
                raise RejectsUnwritable(
                    path=str(rejects_path), reason=exc.strerror or type(exc).__name__
                ) from None
            writer = RejectsWriter(handle, _rejects_format(rejects_path), lang=out.lang)
            on_reject = writer.write
        directory = stack.enter_context(_directory(args, out, create=True))
        bar = _Bar(not out.as_json and sys.stderr.isatty(), path.name)
        stack.callback(bar.close)
        report = import_extraction(directory, path, kind=kind, on_reject=on_reject, progress=bar)
    _summary(report, out, rejects_path if writer is not None else None)
    result = {
        **report.to_dict(),
        "rejects_file": None if rejects_path is None else str(rejects_path),
        "rejects_written": None if writer is None else writer.count,
    }
    return out.finish(ok=True, result=result, warnings=report.warnings)


def _summary(report: ImportReport, out: Output, rejects: Path | None) -> None:
    words = _WORDS[out.lang]
    snapshot = report.snapshot
    kind = report.kind.value
    date = snapshot.file_date.isoformat(sep=" ", timespec="minutes") if snapshot.file_date else ""
    out.line(f"{words[kind]} « {snapshot.file_name} » {words['of'] + ' ' + date if date else ''}")
    if report.unchanged:
        out.line(f"  {words['unchanged']} ({words['snapshot']} {snapshot.id})")
        return
    counts = [
        (words["read"], snapshot.rows_read),
        (words["accepted"], snapshot.accepted),
        (words[f"merged_{kind}"], snapshot.merged),
        (words[f"stored_{kind}"], snapshot.stored),
    ]
    if report.kind is ExtractionKind.RPPS:
        counts.append((words["activities"], snapshot.activities))
    if snapshot.blank:
        counts.append((words["blank"], snapshot.blank))
    counts.append((words["rejected"], snapshot.rejected_total))
    for label, count in counts:
        out.line(f"  {label:<52} {_number(count):>10}")
    for code, count in sorted(snapshot.rejected.items(), key=lambda kv: (-kv[1], kv[0])):
        out.line(f"    {code:<50} {_number(count):>10}")
    replaced = f" ({words['replaces']} {report.replaced.id})" if report.replaced else ""
    out.line(f"  {words['snapshot']} {snapshot.id}{replaced}")
    if rejects is not None:
        out.line(f"  {words['rejects']} {rejects}")


# -- lookup ----------------------------------------------------------------------------------------


def _person_key(value: str) -> str | None:
    """The IdNat PS text an RPPS, an ADELI or an IdNat PS stands for; ``None`` otherwise.

    Shapes only: directory data holds numbers whose key fails (ANS's fictitious ones)."""
    text = "".join(c for c in value.strip() if c not in " .-\u00a0\u202f").upper()
    if not text.isascii() or not text.isalnum():
        return None
    digits = text.isdigit()
    if digits and len(text) == 11:
        return "8" + text  # RPPS
    if len(text) == 9 and text[2:].isdigit():
        return "0" + text  # ADELI
    if digits and len(text) == 12 and text.startswith("8"):
        return text
    if len(text) == 10 and text.startswith("0") and text[3:].isdigit():
        return text
    return None


def run_lookup(args: argparse.Namespace, out: Output) -> int:
    """``balorg directory lookup VALUE``."""
    value: str = args.value
    if args.structure:
        return _lookup_structure(args, out, value.strip())
    if "@" in value:
        address = EmailAddress.from_string(value)
        with _directory(args, out, create=False, kind=ExtractionKind.MSSANTE) as directory:
            snapshot = _require(directory, ExtractionKind.MSSANTE)
            mailbox = directory.mailbox(address)
        if mailbox is None:
            return _not_found(out, value, snapshot)
        _print_mailbox(out, mailbox)
        _print_source(out, snapshot)
        return out.finish(
            ok=True, result={"mailbox": _mailbox_data(mailbox), "snapshot": snapshot.to_dict()}
        )
    key = _person_key(value)
    if key is None:
        return out.finish(
            ok=False,
            errors=[Problem("national_directory.lookup_unrecognised", "value", {"value": value})],
        )
    with _directory(args, out, create=False, kind=ExtractionKind.RPPS) as directory:
        snapshot = _require(directory, ExtractionKind.RPPS)
        person = directory.professional(key)
    if person is None:
        return _not_found(out, key, snapshot)
    _print_person(out, person)
    eligible, reasons = _eligibility(key, person)
    _print_eligibility(out, eligible, reasons)
    _print_source(out, snapshot)
    return out.finish(
        ok=True,
        result={
            "professional": _person_data(person),
            "eligible": eligible,
            "snapshot": snapshot.to_dict(),
        },
        warnings=reasons,
    )


def _eligibility(key: str, person: DirectoryPerson) -> tuple[bool | None, list[Problem]]:
    """Guide 1, step 1: may this professional be responsible for an organisational
    mailbox today (``None``: the directory's number or profession cannot be judged)?"""
    from balorg.adapters.clock import SystemClock  # noqa: PLC0415
    from balorg.domain.identifiers import parse_ps  # noqa: PLC0415
    from balorg.rules.eligibility import directory_eligibility  # noqa: PLC0415

    try:
        idnat = parse_ps(key)
    except BalorgError:
        return None, []
    decision = directory_eligibility(idnat, person, SystemClock().now().date())
    if any(p.code == "directory.profession_unknown" for p in decision.problems):
        return None, []
    errors = [p for p in decision.problems if p.severity is Severity.ERROR]
    return not errors, [attrs.evolve(p, severity=Severity.WARNING) for p in errors]


def _print_eligibility(out: Output, eligible: bool | None, reasons: list[Problem]) -> None:
    said = {
        True: T(
            "éligible comme responsable d'une BAL organisationnelle",
            "eligible as the responsible of an organisational mailbox",
        ),
        False: T(
            "non éligible comme responsable d'une BAL organisationnelle",
            "not eligible as the responsible of an organisational mailbox",
        ),
        None: T(
            "éligibilité non jugée (numéro ou profession illisible)",
            "eligibility not judged (unreadable number or profession)",
        ),
    }[eligible](out.lang)
    out.line(f"  {said}")
    for reason in reasons:
        out.line(f"    {reason.message(out.lang)}")


def _lookup_structure(args: argparse.Namespace, out: Output, value: str) -> int:
    with _directory(args, out, create=False, kind=ExtractionKind.MSSANTE) as directory:
        snapshot = _require(directory, ExtractionKind.MSSANTE)
        found = directory.structure_mailboxes(value)
    words = _WORDS[out.lang]
    out.line(f"{value}  {words['mailboxes']}{_colon(out)}{len(found)}")
    for mailbox in found:
        service = f" — {mailbox.service}" if mailbox.service else ""
        out.line(f"  {mailbox.address}  {mailbox.bal_type.value}{service}")
    _print_source(out, snapshot)
    return out.finish(
        ok=True,
        result={
            "structure": value,
            "mailboxes": [_mailbox_data(m) for m in found],
            "snapshot": snapshot.to_dict(),
        },
    )


class _NoSnapshot(BalorgError):
    default_code = "national_directory.no_snapshot"


def _require(directory: SqlNationalDirectory, kind: ExtractionKind) -> Snapshot:
    snapshot = directory.current_snapshot(kind)
    if snapshot is None:
        raise _NoSnapshot(kind=kind.value)
    return snapshot


def _not_found(out: Output, value: str, snapshot: Snapshot) -> int:
    return out.finish(
        ok=False,
        result={"snapshot": snapshot.to_dict()},
        errors=[Problem("national_directory.not_found", "value", {"value": value})],
    )


def _profession(code: str | None) -> str:
    if code is None:
        return ""
    try:
        return f"{by_code(code).label} ({code})"
    except UnknownProfession:
        return code


def _print_person(out: Output, person: DirectoryPerson) -> None:
    words = _WORDS[out.lang]
    civility = f" ({person.civility})" if person.civility else ""
    profession = _profession(person.profession_code)
    out.line(f"{person.idnat}  {person.last_name} {person.first_name}{civility}".rstrip())
    out.line(f"  {words['profession']}{_colon(out)}{profession or words['none']}")
    out.line(f"  {words['activity']}{_colon(out)}{len(person.activities) or words['none']}")
    for activity in person.activities:
        place = " ".join(p for p in (activity.postcode, activity.city) if p)
        parts = [
            str(activity.structure or ""),
            activity.structure_name or "",
            place,
            f"[{activity.mode}]" if activity.mode else "",
        ]
        out.line("    " + "  ".join(p for p in parts if p))


def _print_mailbox(out: Output, mailbox: DirectoryMailbox) -> None:
    words = _WORDS[out.lang]
    out.line(f"{mailbox.address}  {mailbox.bal_type.value}")
    names = " ".join(n for n in (mailbox.last_name, mailbox.first_name) if n)
    if mailbox.person is not None:
        out.line(f"  {words['holder']}{_colon(out)}{mailbox.person}  {names}".rstrip())
    elif names:
        out.line(f"  {words['name']}{_colon(out)}{names}")
    if mailbox.structure is not None:
        label = f" {mailbox.structure_name}" if mailbox.structure_name else ""
        out.line(f"  {words['structure']}{_colon(out)}{mailbox.structure}{label}")
    if mailbox.service:
        out.line(f"  {words['service']}{_colon(out)}{mailbox.service}")
    if mailbox.profession_code:
        out.line(f"  {words['profession']}{_colon(out)}{_profession(mailbox.profession_code)}")


def _print_source(out: Output, snapshot: Snapshot) -> None:
    date = snapshot.file_date.isoformat(sep=" ", timespec="minutes") if snapshot.file_date else ""
    dated = f", {date}" if date else ""
    out.line(f"  ({_WORDS[out.lang]['source']}{_colon(out)}{snapshot.file_name}{dated})")


def _mailbox_data(mailbox: DirectoryMailbox) -> dict[str, Any]:
    data: dict[str, Any] = mailbox_record(mailbox)._asdict()
    data["person_valid"] = None if mailbox.person is None else mailbox.person.parsed is not None
    data["structure_valid"] = (
        None if mailbox.structure is None else mailbox.structure.parsed is not None
    )
    return data


def _person_data(person: DirectoryPerson) -> dict[str, Any]:
    record, activities = person_record(person)
    data: dict[str, Any] = record._asdict()
    data["idnat_valid"] = person.idnat.parsed is not None
    data["activities"] = [a._asdict() for a in activities]
    return data
