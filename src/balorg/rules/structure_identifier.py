"""Which identifier a structure is known by: FINESS first, else SIRET or SIREN.

The seed: "Le FINESS est obligatoire s'il y en a un (par exemple pour les
pharmacies d'officine). S'il n'y a pas de FINESS, je peux indiquer un SIRET ou
un SIREN." Pharmacies d'officine and health establishments always have a FINESS,
so for them it is required. Without FINESS, the SIRET (an establishment) is
preferred to the SIREN (the whole company); given together they must agree.
"""

from __future__ import annotations

from attrs import frozen

from balorg.domain.errors import Problem, Severity
from balorg.domain.identifiers import Finess, IdNatStruct, Siren, Siret
from balorg.domain.structure import StructureCategory
from balorg.rules.decision import Decision

__all__ = ["StructureIdentifier", "structure_identifier"]


@frozen(kw_only=True)
class StructureIdentifier:
    """The decision and, when allowed, the identifier chosen (as an IdNat Struct)."""

    decision: Decision
    identifier: IdNatStruct | None


def structure_identifier(
    category: StructureCategory,
    *,
    finess: Finess | None = None,
    siret: Siret | None = None,
    siren: Siren | None = None,
    path: str = "structure",
) -> StructureIdentifier:
    """Choose the structure's identifier, FINESS first, with the reasons."""
    problems: list[Problem] = []
    if finess is not None:
        for name, other in (("siret", siret), ("siren", siren)):
            if other is not None:
                problems.append(
                    Problem(
                        "structure.finess_first",
                        f"{path}.{name}",
                        {"ignored": str(other), "finess": str(finess)},
                        Severity.WARNING,
                    )
                )
        return StructureIdentifier(
            decision=Decision.from_problems(problems), identifier=IdNatStruct.of(finess)
        )
    if category.always_has_finess:
        problems.append(
            Problem("structure.finess_required", f"{path}.finess", {"category": category.value})
        )
    if siret is not None and siren is not None and siret.siren != siren:
        problems.append(
            Problem(
                "structure.siret_siren_mismatch",
                f"{path}.siret",
                {"siret": str(siret), "siren": str(siren)},
            )
        )
    if siret is None and siren is None and not category.always_has_finess:
        problems.append(Problem("structure.identifier_required", f"{path}.finess"))
    decision = Decision.from_problems(problems)
    chosen = siret if siret is not None else siren
    identifier = IdNatStruct.of(chosen) if decision.allowed and chosen is not None else None
    return StructureIdentifier(decision=decision, identifier=identifier)
