"""Synthetic national extraction files of the real shape (never real personal data).

* :func:`write_mssante`: ``Extraction_Correspondance_MSSante_AAAAMMJJhhmm.txt``, 31 columns,
  545,709 rows by default (DOMAIN.md section 5: 456,654 PER and 89,055 ORG), the addresses
  of :func:`_synthetic.mssante_addresses` (a few per thousand broken), 169 addresses on
  two lines, and a few per thousand rows broken in other ways (a field missing, a FINESS
  of a department that does not exist, an unknown profession code, an IdNat PS that is not
  its type + identifier, an odd "Dématérialisation"). Some rows carry what a reader must
  accept: technical structure ids, Corsican FINESS (``2A``/``2B``), La Poste SIRET
  (digit sum instead of Luhn), RPPS-rang, ANS-style fictitious RPPS (Luhn fails).
* :func:`write_rpps`: ``PS_LibreAcces_Personne_activite_AAAAMMJJhhmm.txt``, 56 columns and a
  trailing ``|``, 2.2 million lines by default, one line per activity (a professional on
  one to three lines), a few per thousand broken.

Every file is written once per (kind, size, seed) into :data:`CACHE` and reused.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> path = write_mssante(folder / "m.txt", 2_000, seed=3)
>>> lines = path.read_text(encoding="utf-8").splitlines()
>>> len(lines), lines[0].count("|")
(2001, 30)
>>> path = write_rpps(folder / "r.txt", 1_000, seed=3)
>>> lines = path.read_text(encoding="utf-8").splitlines()
>>> len(lines), lines[1].count("|")
(1001, 56)
"""

from __future__ import annotations

import os
import random
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from _synthetic import NATIONAL_SIZE, mssante_addresses
from stdnum import luhn

from balorg.interop.extractions import MSSANTE_COLUMNS, RPPS_COLUMNS

__all__ = [
    "CACHE",
    "ORG_SHARE",
    "RPPS_LINES",
    "cached_mssante",
    "cached_rpps",
    "write_mssante",
    "write_rpps",
]

#: Where generated files are kept between runs ($BALORG_BENCH_DATA, else a temp folder).
CACHE: Final = Path(
    os.environ.get("BALORG_BENCH_DATA", Path(tempfile.gettempdir()) / "balorg-bench")
)
#: 89,055 ORG of 545,709 mailboxes (June 2026).
ORG_SHARE: Final = 89_055 / 545_709
RPPS_LINES: Final = 2_200_000
DUPLICATES: Final = 169  # addresses on two lines in the real file
_VERSION: Final = 1  # bump when the generated shape changes

_LAST = ["MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND",
         "LEROY", "MOREAU", "SIMON", "LAURENT", "LEFEBVRE", "MICHEL", "GARCIA", "DAVID",
         "BERTRAND", "ROUX", "VINCENT", "FOURNIER", "MOREL", "GIRARD", "ANDRÉ", "LEFÈVRE",
         "MERCIER", "DUPONT", "LAMBERT", "BONNET", "FRANÇOIS", "MARTINEZ"]  # fmt: skip
_FIRST = ["Marie", "Jean", "Pierre", "Michel", "Nathalie", "Isabelle", "Sylvie", "Catherine",
          "Philippe", "Alain", "Françoise", "Christine", "Nicolas", "Stéphane", "David", "Éric",
          "Laurent", "Frédéric", "Sandrine", "Céline", "Julie", "Camille", "Léa", "Chloé",
          "Hugo", "Lucas", "Louis", "Thomas", "Noémie", "Zoé"]  # fmt: skip
_PROFESSIONS = [
    ("10", "Médecin", 0.45),
    ("21", "Pharmacien", 0.12),
    ("40", "Chirurgien-Dentiste", 0.08),
    ("50", "Sage-Femme", 0.04),
    ("60", "Infirmier", 0.18),
    ("70", "Masseur-Kinésithérapeute", 0.08),
    ("80", "Pédicure-Podologue", 0.02),
    ("91", "Orthophoniste", 0.02),
    ("26", "Audioprothésiste", 0.01),
]
_KINDS = ["CENTRE HOSPITALIER", "CLINIQUE", "PHARMACIE", "LABORATOIRE", "EHPAD", "CABINET",
          "MAISON DE SANTE", "CENTRE DE SANTE", "GHT"]  # fmt: skip
_TOWNS = [
    ("31000", "TOULOUSE"),
    ("75013", "PARIS"),
    ("69003", "LYON"),
    ("13005", "MARSEILLE"),
    ("34000", "MONTPELLIER"),
    ("33000", "BORDEAUX"),
    ("59000", "LILLE"),
    ("67000", "STRASBOURG"),
    ("20000", "AJACCIO"),
    ("97400", "SAINT-DENIS"),
    ("30000", "NÎMES"),
    ("34200", "SÈTE"),
]
_STREETS = ["DE LA RÉPUBLIQUE", "DU GÉNÉRAL DE GAULLE", "JEAN JAURÈS", "VICTOR HUGO", "PASTEUR",
            "DES LILAS", "DU CAPITOLE"]  # fmt: skip


def _key(digits: str) -> str:
    return digits + luhn.calc_check_digit(digits)


class _Numbers:
    """Valid (and deliberately odd) identifiers, drawn from a seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        departments = [f"{d:02d}" for d in range(1, 96) if d != 20]
        self.finess = [
            _key(f"{rng.choice(departments)}{rng.randrange(10**6):06d}") for _ in range(30_000)
        ]
        # Corsica: no key rule is enforced for 2A/2B (DOMAIN.md section 3)
        self.corsican = [f"2{rng.choice('AB')}{rng.randrange(10**7):07d}" for _ in range(200)]
        self.siret = [_key(_key(f"{rng.randrange(10**8):08d}") + f"{rng.randrange(10**4):04d}")
                      for _ in range(20_000)]  # fmt: skip
        self.la_poste = [s for s in (f"356000000{n:05d}" for n in range(1, 2_000))
                         if sum(map(int, s)) % 5 == 0 and not luhn.is_valid(s)][:100]  # fmt: skip
        self.technical = [f"R1{rng.randrange(10**13):013d}" for _ in range(15_000)]

    def rpps(self) -> str:
        return _key(f"1{self.rng.randrange(10**9):09d}")

    def adeli(self, profession: str) -> str:
        department = f"{self.rng.choice([d for d in range(1, 96) if d != 20]):02d}"
        return _key(f"{department}{profession}{self.rng.randrange(10**4):04d}")

    def bad_department_finess(self) -> str:
        """A FINESS of department 96 (none exists) whose Luhn key holds."""
        return _key(f"96{self.rng.randrange(10**6):06d}")

    def profession(self) -> tuple[str, str]:
        roll, total = self.rng.random(), 0.0
        for code, label, share in _PROFESSIONS:
            total += share
            if roll < total:
                return code, label
        return _PROFESSIONS[0][0], _PROFESSIONS[0][1]


def _structure(numbers: _Numbers) -> tuple[str, str]:
    """(Type identifiant structure, Identification Structure) of a mailbox's structure."""
    rng = numbers.rng
    roll = rng.random()
    if roll < 0.45:
        return rng.choice(["1", "FINESS", "1"]), "1" + rng.choice(numbers.finess)
    if roll < 0.46:
        return "1", "1" + rng.choice(numbers.corsican)
    if roll < 0.66:
        return rng.choice(["3", "SIRET"]), "3" + rng.choice(numbers.siret)
    if roll < 0.665:
        return "3", "3" + rng.choice(numbers.la_poste)
    if roll < 0.70:
        rang = numbers.rpps() + f"{rng.randrange(1, 5):02d}"
        return "4", "4" + _key(rang)
    return "", rng.choice(numbers.technical)


def _place(rng: random.Random) -> list[str]:
    postcode, town = rng.choice(_TOWNS)
    return [
        "",  # L2 complément localisation
        "",  # L3 complément distribution
        str(rng.randrange(1, 120)),
        rng.choice(["", "", "BIS"]),
        "R",
        rng.choice(_STREETS),
        "",
        f"{postcode} {town}",
        postcode,
        postcode[:2] if not postcode.startswith("97") else postcode[:3],
        "France",
    ]


def _mssante_rows(n: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed + 1)
    numbers = _Numbers(rng)
    addresses = mssante_addresses(n - min(DUPLICATES, n // 100), seed=seed)
    lines: list[str] = []
    for address in addresses:
        org = rng.random() < ORG_SHARE
        type_, structure = _structure(numbers)
        name = f"{rng.choice(_KINDS)} {rng.choice(_LAST)}"
        demat = rng.choice(["O", "N", "O", "O"])
        if org:
            fields = ["ORG", address, "", "", "", type_, structure,
                      rng.choice(["", "Cardiologie", "Accueil", "Secrétariat"]),
                      "", "", "", "", "", "", "", "", "", demat, name, "",
                      *_place(rng)]  # fmt: skip
        else:
            if rng.random() < 0.9:
                pp_type, pp = "8", numbers.rpps()
            else:
                pp_type, pp = "0", numbers.adeli("60")
            if rng.random() < 0.001:
                pp_type, pp = "8", "1010120" + f"{rng.randrange(10**4):04d}"  # fictitious-like
            code, label = numbers.profession()
            if rng.random() < 0.5:
                type_, structure = "", ""
            fields = ["PER", address, pp_type, pp, pp_type + pp, type_, structure, "",
                      rng.choice(["DR", "M", "MME"]), rng.choice(_LAST), rng.choice(_FIRST),
                      "C", "Civil", code, label, "", "", demat, name, "", *_place(rng)]  # fmt: skip
        roll = rng.random()
        if roll < 0.0005:
            fields.pop()  # 30 fields
        elif roll < 0.0010:
            fields[5], fields[6] = "1", "1" + numbers.bad_department_finess()
        elif roll < 0.0015 and not org:
            fields[13] = "99"  # no such profession
        elif roll < 0.0020 and not org:
            fields[4] = fields[2] + numbers.rpps()  # not type + identifier
        elif roll < 0.0025:
            fields[17] = "peut-être"
        lines.append("|".join(fields))
    half = len(lines) // 2
    copies = min(DUPLICATES, n - len(lines))
    again = {i + half: lines[i] for i in rng.sample(range(half), copies)} if copies else {}
    for i, line in enumerate(lines):
        yield line
        if i in again:
            yield again[i]  # the same address on a second line, later in the file


def write_mssante(path: Path, n: int = NATIONAL_SIZE, *, seed: int = 2026) -> Path:
    """Write an MSSanté extraction of ``n`` data rows at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    with partial.open("w", encoding="utf-8", newline="\n") as out:
        out.write("|".join(MSSANTE_COLUMNS) + "\n")
        for count, line in enumerate(_mssante_rows(n, seed), start=1):
            out.write(line + "\n")
            if count == n:
                break
    partial.replace(path)
    return path


def _rpps_lines(n: int, seed: int, lines_per_person: tuple[float, float]) -> Iterator[str]:
    rng = random.Random(seed + 2)
    numbers = _Numbers(rng)
    two, three = lines_per_person
    written = 0
    while written < n:
        code, label = numbers.profession()
        adeli = rng.random() < 0.15
        pp_type, pp = ("0", numbers.adeli(code)) if adeli else ("8", numbers.rpps())
        last, first = rng.choice(_LAST), rng.choice(_FIRST)
        roll = rng.random()
        count = 3 if roll < three else 2 if roll < three + two else 1
        for _ in range(min(count, n - written)):
            postcode, town = rng.choice(_TOWNS)
            fields = [""] * 56
            fields[0:11] = [pp_type, pp, pp_type + pp, "DR" if code == "10" else "",
                            "Docteur" if code == "10" else "", rng.choice(["M", "MME"]),
                            "", last, first, code, label]  # fmt: skip
            fields[11:13] = ["C", "Civil"]
            liberal = rng.random() < 0.45
            fields[17:19] = ["L", "Libéral"] if liberal else ["S", "Salarié"]
            if liberal:
                siret = rng.choice(numbers.siret)
                fields[19], fields[20] = siret, siret[:9]
                fields[23], fields[46] = "C" + siret, "3" + siret
            else:
                finess = rng.choice(numbers.finess)
                fields[21], fields[22] = finess, rng.choice(numbers.finess)
                fields[23], fields[46] = "F" + finess, "1" + finess
            fields[24] = f"{rng.choice(_KINDS)} {rng.choice(_LAST)}"
            fields[28], fields[32] = str(rng.randrange(1, 120)), rng.choice(_STREETS)
            fields[35], fields[36], fields[37] = postcode, postcode, town
            fields[38], fields[39] = "99000", "France"
            fields[40] = f"0{rng.randrange(1, 6)}{rng.randrange(10**8):08d}"
            fields[44], fields[45] = postcode[:2], town
            fields[47], fields[48] = "ARS/ONI", "SA07"
            fields[52], fields[54] = "FON-01", "GENR01"
            roll = rng.random()
            if roll < 0.0005:
                fields.pop()  # 55 fields
            elif roll < 0.0010:
                fields[21] = numbers.bad_department_finess()
            elif roll < 0.0015:
                fields[9] = "99"
            elif roll < 0.0020:
                fields[7] = ""
            yield "|".join(fields) + "|"
            written += 1


def write_rpps(
    path: Path,
    n: int = RPPS_LINES,
    *,
    seed: int = 2026,
    lines_per_person: tuple[float, float] = (0.12, 0.03),
) -> Path:
    """Write an RPPS extraction of ``n`` lines at ``path`` (``lines_per_person``: the
    shares of professionals on two and on three lines)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    with partial.open("w", encoding="utf-8", newline="\n") as out:
        out.write("|".join(RPPS_COLUMNS) + "|\n")
        for line in _rpps_lines(n, seed, lines_per_person):
            out.write(line + "\n")
    partial.replace(path)
    return path


def cached_mssante(n: int = NATIONAL_SIZE, *, seed: int = 2026) -> Path:
    path = CACHE / f"v{_VERSION}-{n}-{seed}" / "Extraction_Correspondance_MSSante_202606010300.txt"
    return path if path.exists() else write_mssante(path, n, seed=seed)


def cached_rpps(n: int = RPPS_LINES, *, seed: int = 2026, one_line_each: bool = False) -> Path:
    shape = "single" if one_line_each else "grouped"
    path = (
        CACHE
        / f"v{_VERSION}-{n}-{seed}-{shape}"
        / "PS_LibreAcces_Personne_activite_202606010300.txt"
    )
    if path.exists():
        return path
    split = (0.0, 0.0) if one_line_each else (0.12, 0.03)
    return write_rpps(path, n, seed=seed, lines_per_person=split)
