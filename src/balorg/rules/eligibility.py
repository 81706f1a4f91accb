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

from balorg.domain.professional import Professional
from balorg.domain.professions import Register, RegisterRule, register_rule
from balorg.rules.decision import Decision

__all__ = ["Eligibility", "eligibility"]


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
