"""Reading the two national extractions: values, rejections, header versions, ZIP, quirks."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from balorg.domain.addresses import EmailAddress
from balorg.domain.directory import DirectoryMailbox, DirectoryPerson, PersonRef, StructureRef
from balorg.domain.messages import CATALOGUE
from balorg.domain.publication import BalType
from balorg.interop.extractions import (
    MSSANTE_COLUMNS,
    RPPS_COLUMNS,
    RPPS_COLUMNS_52,
    ExtractionError,
    ExtractionKind,
    HeaderVersion,
    Rejected,
    open_extraction,
    read_mssante,
    read_rpps,
    write_rejects,
)

MSSANTE_JUNE = "Extraction_Correspondance_MSSante_202606010300.txt"
MSSANTE_NEXT_ZIP = "Extraction_Correspondance_MSSante_202606020300.zip"
MSSANTE_OLD = "Extraction_Correspondance_MSSante_202506010300.txt"
RPPS_JUNE = "PS_LibreAcces_Personne_activite_202606010300.txt"
RPPS_OLD = "PS_LibreAcces_Personne_activite_201901010300.txt"
MSS_HEADER = "|".join(MSSANTE_COLUMNS)
RPPS_HEADER = "|".join(RPPS_COLUMNS) + "|"


def mailboxes(source: Path | io.BytesIO) -> dict[str, DirectoryMailbox]:
    return {str(m.address): m for m in read_mssante(source) if isinstance(m, DirectoryMailbox)}


def rejected(items: list[object]) -> dict[int, Rejected]:
    return {r.line: r for r in items if isinstance(r, Rejected)}


def data(*lines: str) -> io.BytesIO:
    return io.BytesIO(("\n".join(lines) + "\n").encode())


# -- the MSSanté extraction ------------------------------------------------------------------


def test_the_mssante_file_gives_each_mailbox_once_and_reports_every_broken_row(
    data_dir: Path,
) -> None:
    with open_extraction(data_dir / MSSANTE_JUNE) as extraction:
        items = list(extraction.mailboxes())
        stats = extraction.stats
    assert extraction.version is HeaderVersion.MSSANTE_31
    accepted = [i for i in items if isinstance(i, DirectoryMailbox)]
    assert len(accepted) == len({m.address for m in accepted}) == 8
    assert sorted(rejected(items)) == [8, 9, 10, 11, 12, 13, 14, 15, 19]
    assert stats.read == 18
    assert stats.blank == 1
    assert stats.accepted == 9
    assert stats.merged == 1
    assert stats.read == stats.accepted + stats.rejected_total


def test_each_rejection_names_its_line_column_code_and_reason_in_both_languages(
    data_dir: Path,
) -> None:
    found = rejected(list(read_mssante(data_dir / MSSANTE_JUNE)))
    expected = {
        8: ("Adresse BAL", "extraction.invalid_address", "email."),
        9: (None, "extraction.field_count", None),
        10: ("Identification Structure", "extraction.invalid_identifier", "finess.invalid_dep"),
        11: ("Identification nationale PP", "extraction.idnat_mismatch", None),
        12: ("Code Profession", "extraction.unknown_profession", None),
        13: ("Dématérialisation", "extraction.invalid_flag", None),
        14: ("Type identifiant structure", "extraction.unknown_structure_type", None),
        15: ("Identification Structure", "extraction.missing_value", None),
        19: ("Type de BAL", "extraction.unknown_bal_type", None),
    }  # fmt: skip
    for line, (column, code, cause) in expected.items():
        reject = found[line]
        assert (reject.column, reject.code) == (column, code)
        if cause is None:
            assert reject.cause is None
        else:
            assert reject.cause is not None
            assert reject.cause.code.startswith(cause)
        for lang in ("fr", "en"):
            message = reject.message(lang)
            assert "{" not in message
            assert code in CATALOGUE
    assert (
        found[10].message("en").endswith("The FINESS number starts with an unknown department: 96.")
    )
    assert found[8].value == "jean essai@medecin.mssante.fr"


def test_an_address_on_several_lines_is_kept_once_the_first_line_winning(data_dir: Path) -> None:
    found = mailboxes(data_dir / MSSANTE_JUNE)
    assert found["accueil@ch-exemple.mssante.fr"].structure_name == "CENTRE HOSPITALIER EXEMPLE"


def test_without_deduplication_every_line_comes_out(data_dir: Path) -> None:
    items = list(read_mssante(data_dir / MSSANTE_JUNE, deduplicate=False))
    addresses = [str(i.address) for i in items if isinstance(i, DirectoryMailbox)]
    assert addresses.count("accueil@ch-exemple.mssante.fr") == 2


def test_an_org_row_without_a_person_name_takes_the_structure_name(data_dir: Path) -> None:
    mailbox = mailboxes(data_dir / MSSANTE_JUNE)["accueil@ch-exemple.mssante.fr"]
    assert mailbox.bal_type is BalType.ORG
    assert mailbox.last_name == mailbox.structure_name == "CENTRE HOSPITALIER EXEMPLE"
    assert mailbox.first_name is None
    assert mailbox.person is None


def test_a_person_s_mailbox_carries_the_person_and_the_profession(data_dir: Path) -> None:
    mailbox = mailboxes(data_dir / MSSANTE_JUNE)["claire.exemple@medecin.mssante.fr"]
    assert mailbox.bal_type is BalType.PER
    assert mailbox.person is not None
    assert mailbox.person.text == "810009652727"
    assert str(mailbox.person.parsed) == "810009652727"
    assert (mailbox.last_name, mailbox.first_name) == ("EXEMPLE", "Claire")
    assert mailbox.profession_code == "10"
    assert (mailbox.postcode, mailbox.department, mailbox.digitization) == ("75013", "75", True)
    assert mailbox.red_listed is None  # the open file has no red list


def test_technical_structure_ids_are_kept_as_opaque_ids(data_dir: Path) -> None:
    mailbox = mailboxes(data_dir / MSSANTE_JUNE)["cardiologie@ch-exemple.mssante.fr"]
    assert mailbox.structure is not None
    assert mailbox.structure.text == "R10100000328372"
    assert mailbox.structure.parsed is None
    assert mailbox.service == "Cardiologie"


def test_typed_structure_ids_read_strictly(data_dir: Path) -> None:
    found = mailboxes(data_dir / MSSANTE_JUNE)
    kinds = {
        address: type(found[address].structure.parsed.identifier).__name__  # type: ignore[union-attr]
        for address in (
            "accueil@ch-exemple.mssante.fr",
            "secretariat@cabinet-essai.mssante.fr",
            "cabinet@cabinet-essai.mssante.fr",
        )
    }
    assert kinds == {
        "accueil@ch-exemple.mssante.fr": "Finess",
        "secretariat@cabinet-essai.mssante.fr": "Siret",
        "cabinet@cabinet-essai.mssante.fr": "RppsRang",
    }


def test_an_ans_fictitious_rpps_is_read_not_refused(data_dir: Path) -> None:
    mailbox = mailboxes(data_dir / MSSANTE_JUNE)["fictif@medecin.mssante.fr"]
    assert mailbox.person is not None
    assert mailbox.person.text == "810101201234"
    assert mailbox.person.parsed is None  # fails Luhn: no strict reading, still read


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("O", True), ("N", False), ("o", True), ("oui", True), ("Non", False),
        ("true", True), ("FALSE", False), ("1", True), ("0", False), ("", None),
    ],
)  # fmt: skip
def test_every_spelling_of_dematerialisation_is_read(
    rows: ModuleType, value: str, expected: bool | None
) -> None:
    row = rows.mss(bal="ORG", address="a@x.mssante.fr", st="R1", digit=value)
    [mailbox] = read_mssante(data(MSS_HEADER, row))
    assert isinstance(mailbox, DirectoryMailbox)
    assert mailbox.digitization is expected


@pytest.mark.parametrize(
    ("type_", "structure"),
    [
        ("1", "1010000024"), ("FINESS", "1010000024"), ("finess", "1010000024"),
        ("N° FINESS", "1010000024"), ("", "1010000024"), ("2", "2732829320"),
        ("SIREN", "2732829320"), ("3", "326010004500012"), ("SIRET", "326010004500012"),
        ("4", "410009652727016"), ("RPPS-rang", "410009652727016"),
        ("Id Cabinet RPPS", "410009652727016"), ("4", "410005531586003"),
        ("0", "031600001701"), ("41", "41R12345"), ("40", "40S-0042"), ("", "41R12345"),
        ("1", "R10100000328372"), ("", "C75912415900"), ("", "REJ10000000800887"),
        ("5", "5010000024"), ("FINESS EJ", "5010000024"),
    ],
)  # fmt: skip
def test_structure_types_as_codes_or_labels_are_accepted(
    rows: ModuleType, type_: str, structure: str
) -> None:
    row = rows.mss(bal="ORG", address="a@x.mssante.fr", st_type=type_, st=structure)
    [mailbox] = read_mssante(data(MSS_HEADER, row))
    assert isinstance(mailbox, DirectoryMailbox), mailbox
    assert mailbox.structure is not None
    assert mailbox.structure.text == structure


@pytest.mark.parametrize(
    ("type_", "structure", "code"),
    [
        ("2", "1010000024", "extraction.structure_type_mismatch"),
        ("1", "1010000025", "extraction.invalid_identifier"),  # FINESS key
        ("3", "326010004500013", "extraction.invalid_identifier"),  # SIRET key
        ("4", "4100096527", "extraction.invalid_identifier"),  # RPPS-rang too short
        ("", "9123", "extraction.unknown_structure_prefix"),
        ("", "R 1010", "extraction.invalid_structure_id"),
        ("", "1" + "0" * 70, "extraction.invalid_structure_id"),
        ("1", "1 010 000 024", "extraction.invalid_structure_id"),
    ],
)
def test_structure_ids_that_do_not_read_are_rejected(
    rows: ModuleType, type_: str, structure: str, code: str
) -> None:
    row = rows.mss(bal="ORG", address="a@x.mssante.fr", st_type=type_, st=structure)
    [reject] = read_mssante(data(MSS_HEADER, row))
    assert isinstance(reject, Rejected)
    assert (reject.line, reject.code) == (2, code)


def test_an_older_file_ending_lines_with_a_bar_reads(data_dir: Path) -> None:
    found = mailboxes(data_dir / MSSANTE_OLD)
    assert len(found) == 3
    assert found["cardiologie@ch-exemple.mssante.fr"].bal_type is BalType.ORG


def test_a_zip_reads_like_the_text_file_inside_it(data_dir: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(data_dir / MSSANTE_NEXT_ZIP) as archive:
        [member] = archive.namelist()
        text = tmp_path / member
        text.write_bytes(archive.read(member))
    with open_extraction(data_dir / MSSANTE_NEXT_ZIP) as extraction:
        assert extraction.name == member
        assert extraction.source.date is not None
        assert extraction.source.date.isoformat() == "2026-06-02T03:00:00"
        zipped = list(extraction.mailboxes())
    assert zipped == list(read_mssante(text))
    assert len(zipped) == 5


def test_a_zip_without_exactly_one_text_file_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "x.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("a.txt", MSS_HEADER)
        zf.writestr("b.txt", MSS_HEADER)
    with pytest.raises(ExtractionError) as caught:
        open_extraction(archive)
    assert caught.value.code == "extraction.zip_members"
    assert caught.value.params["count"] == 2


# -- the RPPS extraction --------------------------------------------------------------------


def test_consecutive_lines_of_a_person_make_one_professional(data_dir: Path) -> None:
    items = list(read_rpps(data_dir / RPPS_JUNE))
    people = [i for i in items if isinstance(i, DirectoryPerson)]
    claire = people[0]
    assert claire.idnat.text == "810009652727"
    assert (claire.last_name, claire.first_name, claire.civility) == (
        "EXEMPLE",
        "Claire",
        "Docteur",
    )
    assert (claire.profession_code, claire.profession_label) == ("10", "Médecin")
    hospital, cabinet = claire.activities
    assert hospital.structure is not None
    assert str(hospital.structure.parsed) == "1750712184"
    assert (hospital.technical_id, hospital.finess, hospital.mode) == (
        "F750712184",
        "750712184",
        "S",
    )
    assert (hospital.city, hospital.postcode, hospital.department) == ("PARIS", "75013", "75")
    assert (hospital.sector, hospital.role) == ("SA01", "FON-01")
    assert cabinet.structure is not None
    assert cabinet.structure.text == "410009652727016"
    assert (cabinet.siret, cabinet.siren) == ("26010004500012", "260100045")
    # Claire's third line is not next to the others: a second value, its own activity
    assert [p.idnat.text for p in people] == [
        "810009652727",
        "0316000017",
        "810101201234",
        "810009652727",
    ]
    assert people[-1].activities[0].siret == "35600000000048"


def test_a_professional_known_by_adeli_and_a_technical_structure_id(data_dir: Path) -> None:
    paul = [p for p in read_rpps(data_dir / RPPS_JUNE) if isinstance(p, DirectoryPerson)][1]
    assert str(paul.idnat.parsed) == "0316000017"
    [activity] = paul.activities
    assert activity.structure is not None
    assert (activity.structure.text, activity.structure.parsed) == ("R10100000328372", None)
    assert activity.technical_id == "R10100000328372"


def test_a_professional_without_activity_and_with_a_fictitious_rpps(data_dir: Path) -> None:
    people = [p for p in read_rpps(data_dir / RPPS_JUNE) if isinstance(p, DirectoryPerson)]
    fictitious = people[2]
    assert fictitious.idnat.text == "810101201234"
    assert fictitious.idnat.parsed is None
    assert fictitious.activities == ()


def test_rpps_rejections_name_their_line_and_column(data_dir: Path) -> None:
    with open_extraction(data_dir / RPPS_JUNE) as extraction:
        found = rejected(list(extraction.professionals()))
        stats = extraction.stats
    summary = {line: (r.column, r.code) for line, r in found.items()}
    assert summary == {
        6: ("Numéro FINESS site", "extraction.invalid_identifier"),
        7: (None, "extraction.field_count"),
        8: ("Nom d'exercice", "extraction.missing_value"),
        9: ("Code profession", "extraction.unknown_profession"),
        10: ("Type d'identifiant PP", "extraction.unknown_person_type"),
    }
    assert found[7].params == {"expected": 56, "actual": 55}
    assert (stats.read, stats.accepted, stats.rejected_total, stats.merged) == (10, 5, 5, 1)


def test_both_rpps_header_versions_are_read(data_dir: Path) -> None:
    with open_extraction(data_dir / RPPS_OLD) as old:
        assert old.version is HeaderVersion.RPPS_52
        people = list(old.professionals())
    with open_extraction(data_dir / RPPS_JUNE) as current:
        assert current.version is HeaderVersion.RPPS_56
        assert current.trailing
    assert all(isinstance(p, DirectoryPerson) for p in people)
    claire = people[0]
    assert isinstance(claire, DirectoryPerson)
    assert claire.activities[0].role is None  # no role column before the 56-column header
    assert claire.activities[0].finess == "750712184"


def test_an_old_header_ending_with_a_bar_reads_too(rows: ModuleType) -> None:
    header = "|".join(RPPS_COLUMNS_52) + "|"
    line = rows.ps(52, **rows.PAUL) + "|"
    [paul] = read_rpps(data(header, line))
    assert isinstance(paul, DirectoryPerson)


# -- files that are not extractions, and lines that are not rows -----------------------------


def test_the_kind_is_told_by_the_header() -> None:
    with open_extraction(data(MSS_HEADER)) as extraction:
        assert extraction.kind is ExtractionKind.MSSANTE
    with open_extraction(data(RPPS_HEADER)) as extraction:
        assert extraction.kind is ExtractionKind.RPPS


def test_the_other_kind_is_refused_when_a_kind_is_asked_for() -> None:
    with pytest.raises(ExtractionError) as caught:
        open_extraction(data(MSS_HEADER), kind=ExtractionKind.RPPS)
    assert caught.value.code == "extraction.kind_mismatch"
    with pytest.raises(ExtractionError):
        list(read_rpps(data(MSS_HEADER)))


def test_a_header_with_a_wrong_column_says_which() -> None:
    cells = list(MSSANTE_COLUMNS)
    cells[5] = "Type structure"
    with pytest.raises(ExtractionError) as caught:
        open_extraction(data("|".join(cells)))
    error = caught.value
    assert error.code == "extraction.header_mismatch"
    assert error.params["position"] == 6
    assert error.params["expected"] == "Type identifiant structure"
    assert error.params["found"] == "Type structure"
    assert "colonne 6" in error.message("fr")


def test_a_header_missing_its_last_columns_says_where_it_stops() -> None:
    with pytest.raises(ExtractionError) as caught:
        open_extraction(data("|".join(MSSANTE_COLUMNS[:30])))
    assert caught.value.params["position"] == 31
    assert caught.value.params["found"] == ""


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "extraction.empty"),
        (b"nom;prenom\n", "extraction.header_unknown"),
        ("Type de BAL|Adresse BAL\n".encode("utf-16"), "extraction.header_not_utf8"),
        (b"PK\x03\x04 not really a zip", "extraction.unreadable"),
    ],
)
def test_files_that_are_not_extractions_are_refused_with_a_code(
    tmp_path: Path, content: bytes, code: str
) -> None:
    path = tmp_path / "file.txt"
    path.write_bytes(content)
    with pytest.raises(ExtractionError) as caught:
        open_extraction(path)
    assert caught.value.code == code
    assert "{" not in caught.value.message("fr")


def test_a_missing_file_is_refused_with_a_code(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError) as caught:
        open_extraction(tmp_path / "absent.txt")
    assert caught.value.code == "extraction.unreadable"


def test_header_cells_are_compared_loosely_but_in_order() -> None:
    cells = [c.upper().replace("'", "\u2019") for c in MSSANTE_COLUMNS]
    bom = "\ufeff" + "|".join(cells)
    with open_extraction(data(bom)) as extraction:
        assert extraction.version is HeaderVersion.MSSANTE_31


def test_windows_line_endings_read(rows: ModuleType) -> None:
    row = rows.mss(bal="ORG", address="a@x.mssante.fr", st="R1", postcode="31000")
    content = io.BytesIO(f"{MSS_HEADER}\r\n{row}\r\n".encode())
    [mailbox] = read_mssante(content)
    assert isinstance(mailbox, DirectoryMailbox)
    assert mailbox.postcode == "31000"


def test_a_line_that_is_not_utf8_is_rejected_and_the_next_one_read(rows: ModuleType) -> None:
    good = rows.mss(bal="ORG", address="a@x.mssante.fr", st="R1").encode()
    bad = rows.mss(bal="ORG", address="b@x.mssante.fr", st="R1", name="Hôpital").encode("latin-1")
    content = io.BytesIO(MSS_HEADER.encode() + b"\n" + bad + b"\n" + good + b"\n")
    first, second = read_mssante(content)
    assert isinstance(first, Rejected)
    assert (first.line, first.code) == (2, "extraction.not_utf8")
    assert isinstance(second, DirectoryMailbox)


def test_a_line_with_control_characters_is_rejected(rows: ModuleType) -> None:
    row = rows.mss(bal="ORG", address="a@x.mssante.fr", st="R1", name="A\x00B")
    [reject] = read_mssante(data(MSS_HEADER, row))
    assert isinstance(reject, Rejected)
    assert reject.code == "extraction.control_characters"


def test_rows_come_before_the_file_is_read_to_its_end(rows: ModuleType) -> None:
    row = rows.mss(bal="ORG", address="a@x.mssante.fr", st="R1")
    content = data(MSS_HEADER, *[row] * 20_000)
    with open_extraction(content) as extraction:
        next(extraction.mailboxes(deduplicate=False))
        assert extraction.source.consumed < len(content.getvalue()) / 10


# -- invariants ------------------------------------------------------------------------------


_FIELD = st.text(alphabet=st.sampled_from("ab1@.|-_ éR8O"), max_size=12) | st.sampled_from(
    ["", "ORG", "PER", "8", "10009652727", "810009652727", "1010000024", "O"]
)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(_FIELD, min_size=28, max_size=33), max_size=6))
def test_reading_never_raises_and_every_line_is_accepted_or_rejected(
    lines: list[list[str]],
) -> None:
    content = data(MSS_HEADER, *("|".join(fields) for fields in lines))
    with open_extraction(content) as extraction:
        items = list(extraction.mailboxes(deduplicate=False))
        stats = extraction.stats
    assert stats.read + stats.blank == len(lines)
    assert stats.read == stats.accepted + stats.rejected_total == len(items)
    for item in items:
        if isinstance(item, Rejected):
            assert item.code in CATALOGUE
            assert "{" not in item.message("en")


def test_rejections_write_as_csv_or_json_lines(data_dir: Path) -> None:
    found = [r for r in read_mssante(data_dir / MSSANTE_JUNE) if isinstance(r, Rejected)]
    out = io.StringIO()
    assert write_rejects(found, out, "jsonl", lang="en") == 9
    first = json.loads(out.getvalue().splitlines()[0])
    assert (first["line"], first["column"], first["code"]) == (
        8,
        "Adresse BAL",
        "extraction.invalid_address",
    )
    assert first["cause"]["code"].startswith("email.")  # the address check's own code
    out = io.StringIO()
    write_rejects(found, out, "csv")
    csv_lines = out.getvalue().splitlines()
    assert csv_lines[0] == "line,column,code,cause,value,message"
    assert csv_lines[1].startswith("8,Adresse BAL,extraction.invalid_address,email.")
    assert len(csv_lines) == 10


_WORDS = st.text(alphabet=st.sampled_from("abcdefgh ÉéèçÀ-'"), min_size=1, max_size=15).map(
    str.strip
)
_STRUCTURE_IDS = st.sampled_from(
    ["1010000024", "1750712184", "326010004500012", "410009652727016", "R10100000328372"]
)


@st.composite
def _mailbox_rows(draw: st.DrawFn) -> tuple[dict[str, str], DirectoryMailbox]:
    bal = draw(st.sampled_from(["PER", "ORG"]))
    local = draw(st.from_regex(r"[a-z][a-z0-9.]{0,10}[a-z0-9]", fullmatch=True))
    address = f"{local.replace('..', '.')}@ch-essai.mssante.fr"
    rpps = draw(st.sampled_from(["10009652727", "10101201234", "10000000017"]))
    structure = draw(_STRUCTURE_IDS if bal == "ORG" else st.none() | _STRUCTURE_IDS)
    last = draw(st.none() | _WORDS.filter(bool))
    name = draw(_WORDS.filter(bool))
    flag = draw(st.sampled_from([("O", True), ("N", False), ("", None)]))
    cells = {
        "bal": bal,
        "address": address,
        "st": structure or "",
        "last": last or "",
        "name": name,
        "digit": flag[0],
        "postcode": draw(st.sampled_from(["", "31000", "97400"])),
    }
    if bal == "PER":
        cells.update(pp_type="8", pp=rpps, idnat="8" + rpps, profession="10")
    expected = DirectoryMailbox(
        address=EmailAddress.from_string(address),
        bal_type=BalType(bal),
        person=PersonRef.read("8" + rpps) if bal == "PER" else None,
        structure=None if structure is None else StructureRef.read(structure),
        last_name=last or (name if bal == "ORG" else None),
        structure_name=name,
        profession_code="10" if bal == "PER" else None,
        digitization=flag[1],
        postcode=cells["postcode"] or None,
    )
    return cells, expected


@settings(max_examples=60, deadline=None)
@given(st.lists(_mailbox_rows(), min_size=1, max_size=8))
def test_rows_written_from_values_read_back_as_those_values(
    rows: ModuleType, generated: list[tuple[dict[str, str], DirectoryMailbox]]
) -> None:
    content = data(MSS_HEADER, *(rows.mss(**cells) for cells, _ in generated))
    read = list(read_mssante(content, deduplicate=False))
    assert read == [expected for _, expected in generated]
