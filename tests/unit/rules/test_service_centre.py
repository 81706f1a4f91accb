"""The service centre's agents validate new accounts, never one they created or sponsored."""

from __future__ import annotations

from balorg.domain.messages import LANGUAGES
from balorg.rules.decision import Decision
from balorg.rules.service_centre import service_centre_agent
from balorg.testing.examples import example_address

AGENT = example_address("agent.validation")
OTHER_AGENT = example_address("agent.second")
AGENTS = frozenset({AGENT, OTHER_AGENT})
ALICE = example_address("alice.bernard")


def reason(decision: Decision) -> tuple[str, str, dict[str, object]]:
    assert not decision
    [problem] = decision.reasons
    for lang in LANGUAGES:
        assert "{" not in problem.message(lang)
    return problem.code, problem.path, dict(problem.params)


def test_an_agent_acts_as_an_agent_and_decides_on_someone_elses_account() -> None:
    assert service_centre_agent(AGENT, AGENTS)
    assert service_centre_agent(AGENT, AGENTS, ALICE, sponsors=[OTHER_AGENT])


def test_someone_who_is_not_an_agent_decides_nothing() -> None:
    assert reason(service_centre_agent(ALICE, AGENTS)) == (
        "service_centre.not_agent",
        "by",
        {"actor": str(ALICE)},
    )
    assert reason(service_centre_agent(ALICE, frozenset(), ALICE))[0] == "service_centre.not_agent"


def test_no_agent_decides_on_their_own_account() -> None:
    assert reason(service_centre_agent(AGENT, AGENTS, AGENT)) == (
        "service_centre.own_account",
        "account",
        {"account": str(AGENT)},
    )


def test_no_agent_decides_on_an_account_they_created_or_sponsored() -> None:
    sponsors = iter([ALICE, AGENT])  # any iterable, read once

    assert reason(service_centre_agent(AGENT, AGENTS, ALICE, sponsors=sponsors)) == (
        "service_centre.sponsor",
        "account",
        {"account": str(ALICE)},
    )
