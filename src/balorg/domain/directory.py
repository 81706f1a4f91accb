"""What the national directory says: professionals, their activities, and MSSanté mailboxes.

These are the facts balorg *reads* from the Annuaire Santé (its extractions or its FHIR
API), as opposed to what balorg decides. Directory data carries identifiers that do not
always read strictly (technical structure ids such as ``R10100000328372``, RPPS-rang
without a key rule, ANS's fictitious example numbers): a reader keeps the text it was
given in :attr:`Ref.text` and the strict reading in :attr:`Ref.parsed` only when there
is one, so that nothing is refused for being what the directory really contains.

>>> ref = StructureRef.read("1010000024")
>>> ref.text, str(ref.parsed)
('1010000024', '1010000024')
>>> StructureRef.read("R10100000328372").parsed is None
True
"""

from __future__ import annotations

from collections.abc import Iterable

from attrs import field, frozen

from balorg.domain.addresses import EmailAddress
from balorg.domain.errors import ValidationError
from balorg.domain.identifiers import IdNatPS, IdNatStruct, parse_ps, parse_struct
from balorg.domain.publication import BalType

__all__ = [
    "Activity",
    "DirectoryMailbox",
    "DirectoryPerson",
    "PersonRef",
    "StructureRef",
]


@frozen
class StructureRef:
    """A structure as the directory names it: the text, and its IdNat Struct reading
    when the text reads strictly (``None`` for technical ids)."""

    text: str
    parsed: IdNatStruct | None = None

    @classmethod
    def read(cls, text: str) -> StructureRef:
        try:
            return cls(text, parse_struct(text))
        except ValidationError:
            return cls(text, None)

    def __str__(self) -> str:
        return self.text


@frozen
class PersonRef:
    """A person's national identifier as the directory gives it (IdNat PS text), and
    its strict reading when there is one."""

    text: str
    parsed: IdNatPS | None = None

    @classmethod
    def read(cls, text: str) -> PersonRef:
        try:
            return cls(text, parse_ps(text))
        except ValidationError:
            return cls(text, None)

    def __str__(self) -> str:
        return self.text


@frozen(kw_only=True)
class Activity:
    """One activity of a professional in a structure (one line of the RPPS extraction)."""

    structure: StructureRef | None
    structure_name: str | None = None
    #: FINESS site / FINESS EJ / SIRET / SIREN of the site, when given.
    finess: str | None = None
    finess_legal_entity: str | None = None
    siret: str | None = None
    siren: str | None = None
    #: Code of the TRE_R22/R23 exercise mode ("S" salaried, "L" liberal...), when given.
    mode: str | None = None
    role: str | None = None
    postcode: str | None = None
    city: str | None = None
    department: str | None = None
    #: The directory's technical id of the structure (``R10100000328372``...), when given;
    #: :attr:`structure` is the IdNat Struct when the directory gives one, else this id.
    technical_id: str | None = None
    #: The profession exercised in this activity (a person may hold several), when given.
    profession_code: str | None = None
    #: Code of the activity sector (TRE_R02-SecteurActivite), when given.
    sector: str | None = None


def _activities(values: Iterable[Activity]) -> tuple[Activity, ...]:
    return tuple(values)


@frozen(kw_only=True)
class DirectoryPerson:
    """A professional as the directory knows them: identity, profession, activities."""

    #: The IdNat PS (``8`` + RPPS, ``0`` + ADELI...), as the directory writes it.
    idnat: PersonRef
    last_name: str
    first_name: str
    #: The profession's code (TRE_G15, or TRE_R95/R94), as the directory gives it.
    profession_code: str | None
    profession_label: str | None = None
    civility: str | None = None
    activities: tuple[Activity, ...] = field(default=(), converter=_activities)


@frozen(kw_only=True)
class DirectoryMailbox:
    """An MSSanté mailbox as the directory publishes it."""

    address: EmailAddress
    bal_type: BalType
    #: The holder: the person (PER, CAB) and/or the structure (ORG, APP).
    person: PersonRef | None = None
    structure: StructureRef | None = None
    service: str | None = None
    description: str | None = None
    #: Only the FHIR API gives it (red-listed mailboxes are absent from the open extraction).
    red_listed: bool | None = None
    rank: int | None = None
    #: Display names: the person's, else (ORG rows) the structure's raison sociale.
    last_name: str | None = None
    first_name: str | None = None
    structure_name: str | None = None
    profession_code: str | None = None
    #: The extraction's "Dématérialisation" (O/N), when given.
    digitization: bool | None = None
    postcode: str | None = None
    department: str | None = None
