"""Decisions: what a rule answers, with its reasons.

>>> from balorg.domain.errors import Problem
>>> d = Decision.refuse(Problem("access.not_member"))
>>> bool(d), [r.code for r in d.reasons]
(False, ['access.not_member'])
>>> bool(Decision.allow())
True
"""

from __future__ import annotations

from collections.abc import Iterable

from attrs import field, frozen

from balorg.domain.errors import DomainRefusal, Problem

__all__ = ["Decision"]


def _problems(values: Iterable[Problem]) -> tuple[Problem, ...]:
    return tuple(values)


@frozen
class Decision:
    """Allowed or not; ``reasons`` are the errors when refused, ``warnings`` inform."""

    allowed: bool
    reasons: tuple[Problem, ...] = field(default=(), converter=_problems)
    warnings: tuple[Problem, ...] = field(default=(), converter=_problems)

    @classmethod
    def allow(cls, warnings: Iterable[Problem] = ()) -> Decision:
        return cls(True, (), tuple(warnings))

    @classmethod
    def refuse(cls, *reasons: Problem, warnings: Iterable[Problem] = ()) -> Decision:
        return cls(False, reasons, tuple(warnings))

    @classmethod
    def from_problems(cls, problems: Iterable[Problem]) -> Decision:
        """Refused when any problem is an error; warnings are kept either way."""
        problems = tuple(problems)
        errors = tuple(p for p in problems if p.is_error)
        warnings = tuple(p for p in problems if not p.is_error)
        return cls(not errors, errors, warnings)

    def __bool__(self) -> bool:
        return self.allowed

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.reasons + self.warnings

    def raise_if_refused(self) -> None:
        if not self.allowed:
            raise DomainRefusal(self.reasons)
