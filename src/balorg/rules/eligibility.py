"""Eligibility: may this professional be responsible for a mailbox on this date?

The seed's table (RPPS for médecins, chirurgiens-dentistes, pharmaciens,
sages-femmes, masseurs-kinésithérapeutes, pédicures-podologues; ADELI for the
others) is one snapshot of a moving register: the dated rule of
:mod:`balorg.domain.professions` says which register identifies a profession on
a date, and an ADELI number kept after a profession moved to RPPS is accepted
with a warning.
"""

from __future__ import annotations

import datetime as dt

from attrs import frozen

from balorg.domain.directory import DirectoryPerson
from balorg.domain.errors import Problem
from balorg.domain.identifiers import IdNatPS
from balorg.domain.professional import Professional, eligibility_problems
from balorg.domain.professions import Register, RegisterRule, find, register_rule
from balorg.rules.decision import Decision

__all__ = ["Eligibility", "directory_eligibility", "eligibility"]


@frozen(kw_only=True)
class Eligibility:
    """The decision, the register of the identifier given, and what the date accepts."""

    decision: Decision
    register: Register | None
    rule: RegisterRule

    def __bool__(self) -> bool:
        return self.decision.allowed


def eligibility(professional: Professional, on: dt.date) -> Eligibility:
    """May ``professional`` be responsible on ``on``, and with which identifier."""
    return Eligibility(
        decision=Decision.from_problems(professional.eligibility_problems(on)),
        register=professional.register,
        rule=register_rule(professional.profession, on),
    )


def directory_eligibility(idnat: IdNatPS, person: DirectoryPerson | None, on: dt.date) -> Decision:
    """May the professional the national directory holds under ``idnat`` (``person``;
    ``None``: not there) be responsible on ``on``? Refused as well when the directory
    gives a profession no code system knows (``directory.profession_unknown``)."""
    if person is None:
        return Decision.refuse(
            Problem("directory.professional_unknown", "identifier", {"idnat": str(idnat)})
        )
    profession = find(person.profession_code) if person.profession_code else None
    if profession is None:
        return Decision.refuse(
            Problem(
                "directory.profession_unknown",
                "identifier",
                {"idnat": str(idnat), "code": person.profession_code or ""},
            )
        )
    return Decision.from_problems(eligibility_problems(idnat, profession, on))
