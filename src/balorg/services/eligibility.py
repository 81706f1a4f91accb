"""First step of the first guide: "Je vérifie l'éligibilité du professionnel responsable".

The person looks the responsible up in the directory by national identifier
("Consulter l'annuaire santé pour retrouver un identifiant national"), then the
eligibility rule says whether they may be responsible on that date and with
which identifier. Looking up changes nothing, so it is not audited.
"""

from __future__ import annotations

import datetime as dt

from attrs import frozen

from balorg.domain.errors import Problem
from balorg.domain.identifiers import IdNatPS
from balorg.domain.professional import Professional
from balorg.rules.decision import Decision
from balorg.rules.eligibility import Eligibility, eligibility
from balorg.services.context import Ports

__all__ = ["EligibilityCheck", "check_eligibility"]


@frozen(kw_only=True)
class EligibilityCheck:
    """Who was found (if anyone) and what the rule says."""

    professional: Professional | None
    decision: Decision
    eligibility: Eligibility | None

    def __bool__(self) -> bool:
        return self.decision.allowed


def check_eligibility(
    ports: Ports, idnat: IdNatPS, *, on: dt.date | None = None
) -> EligibilityCheck:
    """Look the professional up in the directory and judge their eligibility on ``on``
    (today by the ports' clock when not given)."""
    when = on or ports.clock.now().date()
    professional = ports.directory.find_professional(idnat)
    if professional is None:
        return EligibilityCheck(
            professional=None,
            decision=Decision.refuse(
                Problem("directory.professional_unknown", "identifier", {"idnat": str(idnat)})
            ),
            eligibility=None,
        )
    verdict = eligibility(professional, when)
    return EligibilityCheck(
        professional=professional, decision=verdict.decision, eligibility=verdict
    )
