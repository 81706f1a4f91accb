"""The two ANS extractions and their header lines (DOMAIN.md sections 4 and 7.4).

* ``Extraction_Correspondance_MSSante_AAAAMMJJhhmm.txt``: every published MSSanté
  address, 31 columns (:data:`MSSANTE_COLUMNS`).
* ``PS_LibreAcces_Personne_activite_AAAAMMJJhhmm.txt``: every professional's
  activities (RPPS), 56 columns in current files (:data:`RPPS_COLUMNS`), 52 in older
  ones (:data:`RPPS_COLUMNS_52`).

Both are UTF-8, ``|``-separated, with one header line; a line may end with a trailing
``|`` (an empty last field), which is not a column. Header cells are compared after
normalisation (Unicode NFC, case, typographic apostrophes, runs of spaces), so that a
file re-saved by a spreadsheet still reads; their order and number are not negotiable.

>>> detect(["Type de BAL", "Adresse BAL", *MSSANTE_COLUMNS[2:]])
<HeaderVersion.MSSANTE_31: 'mssante-31'>
>>> detect(list(RPPS_COLUMNS_52)).kind
<ExtractionKind.RPPS: 'rpps'>
>>> len(MSSANTE_COLUMNS), len(RPPS_COLUMNS), len(RPPS_COLUMNS_52)
(31, 56, 52)
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Sequence
from typing import Final

__all__ = [
    "MSSANTE_COLUMNS",
    "RPPS_COLUMNS",
    "RPPS_COLUMNS_52",
    "ExtractionKind",
    "HeaderVersion",
    "detect",
    "normalise_cell",
]


class ExtractionKind(enum.Enum):
    """Which national extraction a file is; each kind is imported as its own snapshot."""

    MSSANTE = "mssante"
    RPPS = "rpps"


MSSANTE_COLUMNS: Final[tuple[str, ...]] = (
    "Type de BAL",
    "Adresse BAL",
    "Type Identifiant PP",
    "Identifiant PP",
    "Identification nationale PP",
    "Type identifiant structure",
    "Identification Structure",
    "Service de rattachement",
    "Civilité d'exercice",
    "Nom d'exercice",
    "Prénom d'exercice",
    "Catégorie profession",
    "Libellé de catégorie profession",
    "Code Profession",
    "Libellé Profession",
    "Code savoir-faire",
    "Libellé savoir-faire",
    "Dématérialisation",
    "Raison Sociale structure BAL",
    "Enseigne commerciale structure BAL",
    "L2COMPLEMENTLOCALISATION structure BAL",
    "L3COMPLEMENTDISTRIBUTION structure BAL",
    "L4NUMEROVOIE structure BAL",
    "L4COMPLEMENTNUMEROVOIE structure BAL",
    "NL4TYPEVOIE structure BAL",
    "L4LIBELLEVOIE structure BAL",
    "L5LIEUDITMENTION structure BAL",
    "L6LIGNEACHEMINEMENT structure BAL",
    "Code postal structure BAL",
    "Département structure BAL",
    "Pays structure BAL",
)

RPPS_COLUMNS_52: Final[tuple[str, ...]] = (
    "Type d'identifiant PP",
    "Identifiant PP",
    "Identification nationale PP",
    "Code civilité d'exercice",
    "Libellé civilité d'exercice",
    "Code civilité",
    "Libellé civilité",
    "Nom d'exercice",
    "Prénom d'exercice",
    "Code profession",
    "Libellé profession",
    "Code catégorie professionnelle",
    "Libellé catégorie professionnelle",
    "Code type savoir-faire",
    "Libellé type savoir-faire",
    "Code savoir-faire",
    "Libellé savoir-faire",
    "Code mode exercice",
    "Libellé mode exercice",
    "Numéro SIRET site",
    "Numéro SIREN site",
    "Numéro FINESS site",
    "Numéro FINESS établissement juridique",
    "Identifiant technique de la structure",
    "Raison sociale site",
    "Enseigne commerciale site",
    "Complément destinataire (coord. structure)",
    "Complément point géographique (coord. structure)",
    "Numéro Voie (coord. structure)",
    "Indice répétition voie (coord. structure)",
    "Code type de voie (coord. structure)",
    "Libellé type de voie (coord. structure)",
    "Libellé Voie (coord. structure)",
    "Mention distribution (coord. structure)",
    "Bureau cedex (coord. structure)",
    "Code postal (coord. structure)",
    "Code commune (coord. structure)",
    "Libellé commune (coord. structure)",
    "Code pays (coord. structure)",
    "Libellé pays (coord. structure)",
    "Téléphone (coord. structure)",
    "Téléphone 2 (coord. structure)",
    "Télécopie (coord. structure)",
    "Adresse e-mail (coord. structure)",
    "Code Département (structure)",
    "Libellé Département (structure)",
    "Ancien identifiant de la structure",
    "Autorité d'enregistrement",
    "Code secteur d'activité",
    "Libellé secteur d'activité",
    "Code section tableau pharmaciens",
    "Libellé section tableau pharmaciens",
)

RPPS_COLUMNS: Final[tuple[str, ...]] = (
    *RPPS_COLUMNS_52,
    "Code rôle",
    "Libellé rôle",
    "Code genre activité",
    "Libellé genre activité",
)


class HeaderVersion(enum.Enum):
    """A known header: its kind and its columns."""

    MSSANTE_31 = "mssante-31"
    RPPS_56 = "rpps-56"
    RPPS_52 = "rpps-52"

    @property
    def kind(self) -> ExtractionKind:
        return ExtractionKind.MSSANTE if self is HeaderVersion.MSSANTE_31 else ExtractionKind.RPPS

    @property
    def columns(self) -> tuple[str, ...]:
        return _COLUMNS[self]


_COLUMNS: Final[dict[HeaderVersion, tuple[str, ...]]] = {
    HeaderVersion.MSSANTE_31: MSSANTE_COLUMNS,
    HeaderVersion.RPPS_56: RPPS_COLUMNS,
    HeaderVersion.RPPS_52: RPPS_COLUMNS_52,
}
_APOSTROPHES: Final = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u00b4": "'"})


def normalise_cell(cell: str) -> str:
    """A header cell as compared: NFC, case-folded, apostrophes straight, spaces collapsed."""
    text = unicodedata.normalize("NFC", cell).translate(_APOSTROPHES).casefold()
    return " ".join(text.split())


_NORMALISED: Final[dict[HeaderVersion, tuple[str, ...]]] = {
    version: tuple(normalise_cell(c) for c in columns) for version, columns in _COLUMNS.items()
}


def detect(cells: Sequence[str]) -> HeaderVersion | None:
    """The known header ``cells`` are (trailing empty cells already removed), or ``None``."""
    normalised = tuple(normalise_cell(c) for c in cells)
    for version, expected in _NORMALISED.items():
        if normalised == expected:
            return version
    return None


def closest(cells: Sequence[str]) -> tuple[HeaderVersion, int] | None:
    """The known header whose first column matches, and the first position that differs.

    ``None`` when the first cell names no known extraction.
    """
    if not cells:
        return None
    first = normalise_cell(cells[0])
    candidates = [v for v, expected in _NORMALISED.items() if expected[0] == first]
    if not candidates:
        return None
    normalised = [normalise_cell(c) for c in cells]

    def first_difference(version: HeaderVersion) -> int:
        expected = _NORMALISED[version]
        for i, (got, want) in enumerate(zip(normalised, expected, strict=False)):
            if got != want:
                return i
        return min(len(normalised), len(expected))

    best = max(candidates, key=first_difference)
    return best, first_difference(best)
