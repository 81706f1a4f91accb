"""Decisions: allowed or refused, with the reasons and the warnings."""

from __future__ import annotations

import pytest

from balorg.domain.errors import DomainRefusal, Problem, Severity
from balorg.rules.decision import Decision


def test_a_decision_from_problems_is_refused_only_by_errors() -> None:
    warning = Problem("register.obsolete", severity=Severity.WARNING)
    error = Problem("register.refused")

    assert Decision.from_problems([warning])
    assert Decision.from_problems([warning]).warnings == (warning,)
    refused = Decision.from_problems([warning, error])
    assert not refused
    assert (refused.reasons, refused.warnings) == ((error,), (warning,))
    assert refused.problems == (error, warning)


def test_raise_if_refused_raises_the_reasons() -> None:
    Decision.allow().raise_if_refused()
    error = Problem("access.not_member")

    with pytest.raises(DomainRefusal) as excinfo:
        Decision.refuse(error).raise_if_refused()

    assert excinfo.value.problems == (error,)


def test_a_refusal_keeps_every_reason_and_its_warnings() -> None:
    first, second = Problem("access.not_member"), Problem("access.mailbox_state")
    warning = Problem("delegation.expiry_capped", severity=Severity.WARNING)

    refused = Decision.refuse(first, second, warnings=[warning])
    allowed = Decision.allow([warning])

    assert not refused
    assert refused.reasons == (first, second)
    assert refused.warnings == (warning,)
    assert allowed
    assert allowed.problems == (warning,)
    with pytest.raises(DomainRefusal) as excinfo:
        refused.raise_if_refused()
    assert excinfo.value.code == "access.not_member"
