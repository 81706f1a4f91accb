"""The structure an organisational mailbox belongs to.

>>> from balorg.domain.identifiers import IdNatStruct, Finess
>>> s = Structure(
...     legal_name="Pharmacie du Centre",
...     identifier=IdNatStruct.of(Finess.from_string("010000024")),
...     category=StructureCategory.PHARMACIE_OFFICINE,
...     location=Location(
...         address_lines=("1 place du Capitole",), postcode="31000", city="Toulouse"
...     ),
... )
>>> str(s.identifier)
'1010000024'
>>> s.category.always_has_finess
True
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from attrs import field, frozen

from balorg.domain.identifiers import IdNatStruct

__all__ = ["Location", "Structure", "StructureCategory"]


class StructureCategory(enum.Enum):
    """The kind of structure; some always have a FINESS number."""

    PHARMACIE_OFFICINE = "pharmacie_officine"
    ETABLISSEMENT_SANTE = "etablissement_sante"
    CABINET_LIBERAL = "cabinet_liberal"
    CENTRE_SANTE = "centre_sante"
    LABORATOIRE = "laboratoire"
    OTHER = "other"

    @property
    def always_has_finess(self) -> bool:
        """Pharmacies and health establishments are always registered in FINESS."""
        return self in _ALWAYS_FINESS

    @property
    def label_fr(self) -> str:
        return _LABELS_FR[self]


_ALWAYS_FINESS = frozenset(
    {StructureCategory.PHARMACIE_OFFICINE, StructureCategory.ETABLISSEMENT_SANTE}
)
_LABELS_FR = {
    StructureCategory.PHARMACIE_OFFICINE: "Pharmacie d'officine",
    StructureCategory.ETABLISSEMENT_SANTE: "Établissement de santé",
    StructureCategory.CABINET_LIBERAL: "Cabinet libéral",
    StructureCategory.CENTRE_SANTE: "Centre de santé",
    StructureCategory.LABORATOIRE: "Laboratoire",
    StructureCategory.OTHER: "Autre",
}


def _lines(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


@frozen(kw_only=True)
class Location:
    """Where the structure is: address lines, postcode and city."""

    address_lines: tuple[str, ...] = field(converter=_lines)
    postcode: str
    city: str


@frozen(kw_only=True)
class Structure:
    """A legal or geographic entity identified by FINESS, else SIRET or SIREN."""

    legal_name: str
    identifier: IdNatStruct
    category: StructureCategory
    location: Location
