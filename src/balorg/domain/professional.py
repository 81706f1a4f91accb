"""Health professionals, identified by their national identifier (IdNat PS).

Whether a professional may be responsible for an organisational mailbox on a
date depends on their profession and on the register their identifier comes
from (the dated register rule of :mod:`balorg.domain.professions`).
"""

from __future__ import annotations

import datetime as dt

from attrs import frozen

from balorg.domain.addresses import EmailAddress
from balorg.domain.errors import Problem, Severity
from balorg.domain.identifiers import Adeli, IdNatPS, Rpps
from balorg.domain.professions import Profession, Register, register_problems

__all__ = ["Professional", "eligibility_problems", "register_of"]


@frozen(kw_only=True)
class Professional:
    """A person identified in RPPS or ADELI, with a profession and a nominative address."""

    idnat: IdNatPS
    profession: Profession
    last_name: str
    first_name: str
    email: EmailAddress

    @property
    def register(self) -> Register | None:
        """The register the identifier comes from, if it is RPPS or ADELI."""
        return register_of(self.idnat)

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def eligibility_problems(self, on: dt.date) -> tuple[Problem, ...]:
        """Errors and warnings about this person being responsible on ``on``."""
        return eligibility_problems(self.idnat, self.profession, on)


def register_of(idnat: IdNatPS) -> Register | None:
    """The register an IdNat PS comes from, if it is RPPS or ADELI."""
    if isinstance(idnat.identifier, Rpps):
        return Register.RPPS
    if isinstance(idnat.identifier, Adeli):
        return Register.ADELI
    return None


def eligibility_problems(
    idnat: IdNatPS, profession: Profession, on: dt.date
) -> tuple[Problem, ...]:
    """Errors and warnings about a professional so identified being responsible on ``on``.

    The single source of the eligibility decision: the aggregate enforces it and
    :func:`balorg.rules.eligibility.eligibility` explains it.
    """
    register = register_of(idnat)
    if register is None:
        return (
            Problem(
                "responsible.identifier_kind",
                "identifier",
                {"kind": idnat.identifier.kind},
            ),
        )
    problems = [p.at("identifier") for p in register_problems(profession, register, on)]
    identifier = idnat.identifier
    if isinstance(identifier, Adeli) and identifier.profession_code != profession.code:
        problems.append(
            Problem(
                "responsible.adeli_profession_mismatch",
                "identifier",
                {
                    "embedded": identifier.profession_code,
                    "declared": profession.code,
                    "profession": profession.label,
                },
                Severity.WARNING,
            )
        )
    return tuple(problems)
