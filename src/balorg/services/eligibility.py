"""First step of the first guide: "Je vérifie l'éligibilité du professionnel responsable".

The person looks the responsible up in the national directory by national identifier
("Consulter l'annuaire santé pour retrouver un identifiant national"), then the
eligibility rule says whether they may be responsible on that date and with which
identifier. Looking up changes nothing and discloses only public directory data, so it
is a query, not a command: it is not audited.
"""

from __future__ import annotations

import datetime as dt

from attrs import frozen

from balorg.domain.directory import DirectoryPerson
from balorg.domain.identifiers import IdNatPS
from balorg.rules.decision import Decision
from balorg.rules.eligibility import directory_eligibility
from balorg.services.context import Ports

__all__ = ["EligibilityCheck", "check_eligibility"]


@frozen(kw_only=True)
class EligibilityCheck:
    """Who was found (if anyone) and what the rule says."""

    person: DirectoryPerson | None
    decision: Decision

    def __bool__(self) -> bool:
        return self.decision.allowed


def check_eligibility(
    ports: Ports, idnat: IdNatPS, *, on: dt.date | None = None
) -> EligibilityCheck:
    """Look the professional up in the directory and judge their eligibility on ``on``
    (today by the ports' clock when not given)."""
    if not isinstance(idnat, IdNatPS):
        raise TypeError(f"check_eligibility takes an IdNatPS, not {type(idnat).__name__}")
    when = on or ports.clock.now().date()
    directory = ports.directory
    person = directory.professional(idnat) if directory is not None else None
    return EligibilityCheck(person=person, decision=directory_eligibility(idnat, person, when))
